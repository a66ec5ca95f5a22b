#include "pipeline/decode.h"

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <memory>
#include <optional>

#include "core/unicode.h"

namespace newsline {
namespace {

// Binary files are recognised from their start; 8 KiB is what tools such as
// git and grep look at too.
constexpr size_t kSniffBytes = 8 * 1024;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool IsBlank(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
        c == '\v') {
      ++i;
      continue;
    }
    if (c < 0x80) return false;
    size_t len = 0;
    const char32_t cp = DecodeAt(s, i, &len);
    // U+FEFF: a stray BOM in the middle of the text carries no content.
    if (!u_isUWhiteSpace(static_cast<UChar32>(cp)) && cp != 0xFEFF) {
      return false;
    }
    i += len;
  }
  return true;
}

// Returns why the start of `s` looks like binary data, or nullopt if it looks
// like text. `offset_base` is added to reported offsets so that they point
// into the caller's original bytes.
std::optional<std::string> BinaryReason(std::string_view s,
                                        size_t offset_base) {
  s = s.substr(0, kSniffBytes);
  size_t controls = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = s[i];
    if (c >= 0x20) continue;
    if (c == 0) {
      return "looks like binary data (NUL byte at offset " +
             std::to_string(i + offset_base) + "), not text";
    }
    if (c != '\t' && c != '\n' && c != '\r' && c != '\f') ++controls;
  }
  // Text may hold a stray control character or two (a form feed, an escape
  // from a terminal capture); binary formats are full of them.
  if (controls * 10 > s.size()) {
    return "looks like binary data (" + std::to_string(controls) +
           " control characters in the first " + std::to_string(s.size()) +
           " bytes), not text";
  }
  return std::nullopt;
}

// Describes a byte-order mark at the start of `bytes`: the ICU charset it
// announces ("" for UTF-8) and its length, or length 0 if there is none.
// UTF-32LE must be tested before UTF-16LE: its BOM starts with FF FE too.
struct Bom {
  std::string_view charset;
  size_t length = 0;
};

Bom DetectBom(std::string_view bytes) {
  using namespace std::string_view_literals;
  if (StartsWith(bytes, "\xEF\xBB\xBF"sv)) return {"", 3};
  if (StartsWith(bytes, "\xFF\xFE\x00\x00"sv)) return {"UTF-32LE", 4};
  if (StartsWith(bytes, "\x00\x00\xFE\xFF"sv)) return {"UTF-32BE", 4};
  if (StartsWith(bytes, "\xFF\xFE"sv)) return {"UTF-16LE", 2};
  if (StartsWith(bytes, "\xFE\xFF"sv)) return {"UTF-16BE", 2};
  return {};
}

std::string Plural(size_t n, std::string_view word) {
  std::string s = std::to_string(n) + " " + std::string(word);
  if (n != 1) s += "s";
  return s;
}

}  // namespace

std::string ReplaceInvalidUtf8(std::string_view bytes, size_t* count,
                               size_t* first_bad) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const int64_t n = static_cast<int64_t>(bytes.size());
  std::string out;
  out.reserve(bytes.size() + 16);
  size_t replaced = 0;
  size_t first = std::string_view::npos;
  int64_t run_start = 0;  // start of the valid bytes not yet copied
  int64_t i = 0;
  while (i < n) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const int64_t at = i;
    UChar32 c;
    // U8_NEXT consumes the maximal ill-formed subpart, so that each
    // replacement stands for one bad sequence as Unicode recommends.
    U8_NEXT(p, i, n, c);
    if (c >= 0) continue;
    out.append(bytes.substr(run_start, at - run_start));
    out.append(kReplacement);
    run_start = i;
    if (replaced++ == 0) first = static_cast<size_t>(at);
  }
  out.append(bytes.substr(run_start));
  if (count != nullptr) *count = replaced;
  if (first_bad != nullptr) *first_bad = first;
  return out;
}

Result<std::string> ConvertCharset(std::string_view bytes,
                                   std::string_view charset,
                                   std::string_view where) {
  // ucnv_open("") would open the platform's default converter.
  if (charset.empty() || charset.size() > 64) {
    return MakeError(ErrorCode::kUnsupported, std::string(where),
                     "unknown charset \"" + std::string(charset) + "\"");
  }
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr source(ucnv_open(std::string(charset).c_str(), &status));
  if (U_FAILURE(status) || source == nullptr) {
    return MakeError(ErrorCode::kUnsupported, std::string(where),
                     "unknown charset \"" + std::string(charset) + "\"");
  }
  ConverterPtr utf8(ucnv_open("UTF-8", &status));
  if (U_FAILURE(status) || utf8 == nullptr) {
    return MakeError(
        ErrorCode::kInternal, std::string(where),
        std::string("cannot open the UTF-8 converter: ") + u_errorName(status));
  }

  // Legacy text is mostly ASCII, so 1.5x is usually enough; on overflow the
  // buffer doubles and ucnv_convertEx resumes where it stopped.
  std::string out(bytes.size() + bytes.size() / 2 + 16, '\0');
  char* target = out.data();
  const char* src = bytes.data();
  const char* src_end = bytes.data() + bytes.size();
  UChar pivot[1024];
  UChar* pivot_source = pivot;
  UChar* pivot_target = pivot;
  bool reset = true;
  while (true) {
    status = U_ZERO_ERROR;
    ucnv_convertEx(utf8.get(), source.get(), &target, out.data() + out.size(),
                   &src, src_end, pivot, &pivot_source, &pivot_target,
                   pivot + std::size(pivot), reset, /*flush=*/true, &status);
    reset = false;
    if (status != U_BUFFER_OVERFLOW_ERROR) break;
    const size_t used = static_cast<size_t>(target - out.data());
    out.resize(out.size() * 2);
    target = out.data() + used;
  }
  if (U_FAILURE(status)) {
    return MakeError(ErrorCode::kInternal, std::string(where),
                     "cannot convert from " + std::string(charset) + ": " +
                         u_errorName(status));
  }
  out.resize(static_cast<size_t>(target - out.data()));
  return out;
}

Result<std::string> DecodeText(std::string_view bytes, std::string_view where,
                               std::vector<Error>* warnings) {
  const Bom bom = DetectBom(bytes);
  if (!bom.charset.empty()) {
    Result<std::string> text =
        ConvertCharset(bytes.substr(bom.length), bom.charset, where);
    if (!text) return text;
    if (IsBlank(*text)) {
      return MakeError(ErrorCode::kInvalidInput, std::string(where),
                       "empty article");
    }
    // Offsets here are in the decoded text: NUL is a whole code unit there.
    if (std::optional<std::string> reason = BinaryReason(*text, 0)) {
      return MakeError(
          ErrorCode::kInvalidInput, std::string(where),
          *reason + " (after decoding " + std::string(bom.charset) + ")");
    }
    return text;
  }

  const std::string_view body = bytes.substr(bom.length);
  if (IsBlank(body)) {
    return MakeError(ErrorCode::kInvalidInput, std::string(where),
                     "empty article");
  }
  if (std::optional<std::string> reason = BinaryReason(body, bom.length)) {
    return MakeError(ErrorCode::kInvalidInput, std::string(where), *reason);
  }
  if (FindInvalidUtf8(body) == std::string_view::npos) {
    return std::string(body);
  }
  size_t count = 0;
  size_t first = 0;
  std::string text = ReplaceInvalidUtf8(body, &count, &first);
  if (warnings != nullptr) {
    warnings->push_back(
        Error{ErrorCode::kInvalidInput, std::string(where),
              "invalid UTF-8 at byte " + std::to_string(first + bom.length) +
                  " (" + Plural(count, "sequence") + " replaced with U+FFFD)"});
  }
  return text;
}

}  // namespace newsline
