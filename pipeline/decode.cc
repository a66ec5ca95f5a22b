#include "pipeline/decode.h"

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "core/ascii.h"
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

// Pages declare their charset near the top; browsers look at 1 KiB, but some
// CMSs put long comments or scripts first.
constexpr size_t kCharsetScanBytes = 4096;
// The detector needs a few KiB of text to be sure; more only costs time.
constexpr size_t kDetectBytes = 64 * 1024;
// ICU's confidence is 0..100; below this its guesses on short or mostly
// ASCII pages are noise.
constexpr int32_t kMinConfidence = 50;

struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};
using DetectorPtr = std::unique_ptr<UCharsetDetector, DetectorCloser>;

using Attributes = std::vector<std::pair<std::string, std::string>>;

// Reads tag attributes from s[*pos] up to the closing '>' (a simplified form
// of the HTML prescan algorithm); names are lower-cased.
Attributes ReadAttributes(std::string_view s, size_t* pos) {
  Attributes attrs;
  size_t i = *pos;
  while (i < s.size()) {
    while (i < s.size() && (IsAsciiSpace(s[i]) || s[i] == '/')) ++i;
    if (i >= s.size() || s[i] == '>' || s[i] == '<') break;
    const size_t name_start = i;
    while (i < s.size() && !IsAsciiSpace(s[i]) && s[i] != '=' && s[i] != '>' &&
           s[i] != '/') {
      ++i;
    }
    std::string name = AsciiLower(s.substr(name_start, i - name_start));
    while (i < s.size() && IsAsciiSpace(s[i])) ++i;
    std::string value;
    if (i < s.size() && s[i] == '=') {
      ++i;
      while (i < s.size() && IsAsciiSpace(s[i])) ++i;
      if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
        const char quote = s[i++];
        size_t end = s.find(quote, i);
        if (end == std::string_view::npos) end = s.size();
        value.assign(s.substr(i, end - i));
        i = std::min(end + 1, s.size());
      } else {
        const size_t start = i;
        while (i < s.size() && !IsAsciiSpace(s[i]) && s[i] != '>') ++i;
        value.assign(s.substr(start, i - start));
      }
    }
    attrs.emplace_back(std::move(name), std::move(value));
  }
  *pos = i;
  return attrs;
}

std::string_view FindAttribute(const Attributes& attrs, std::string_view name) {
  for (const auto& [key, value] : attrs) {
    if (key == name) return value;
  }
  return {};
}

bool CanOpen(const std::string& charset) {
  if (charset.empty()) return false;
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr c(ucnv_open(charset.c_str(), &status));
  return U_SUCCESS(status) && c != nullptr;
}

// Whether undecodable bytes read as Western European text in windows-1252:
// every byte above 0x7F is a letter or common punctuation there, and at most
// two stand together (Cyrillic, Greek and the CJK encodings write words as
// longer runs). Such pages skip ICU's detector, which costs more than
// parsing them. Bytes that mean other letters in ISO-8859-15 or ISO-8859-2
// ("¤", "¼" ...) leave the decision to the detector.
bool LooksWestern(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, kDetectBytes);
  size_t run = 0;
  for (char ch : head) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      run = 0;
      continue;
    }
    if (++run > 2) return false;
    const bool letter = c >= 0xC0 && c != 0xD7 && c != 0xF7;
    const bool punctuation = c == 0x80 || c == 0x85 ||
                             (c >= 0x91 && c <= 0x97) || c == 0xA0 ||
                             c == 0xA1 || c == 0xA3 || c == 0xA7 || c == 0xA9 ||
                             c == 0xAB || c == 0xAE || c == 0xB0 || c == 0xB7 ||
                             c == 0xBA || c == 0xAA || c == 0xBB || c == 0xBF;
    if (!letter && !punctuation) return false;
  }
  return true;
}

// ICU's statistical guess over the start of the page, or "" when it is not
// confident. Latin-alphabet guesses among the ISO-8859-1 family become
// windows-1252, which is what such pages are written in in practice.
std::string DetectWithIcu(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, kDetectBytes);
  UErrorCode status = U_ZERO_ERROR;
  // Opening a detector allocates a match for every recognizer; one per
  // thread is reused (a detector is not thread-safe, a thread's own is).
  thread_local DetectorPtr detector;
  if (detector == nullptr) {
    detector.reset(ucsdet_open(&status));
    if (U_FAILURE(status)) {
      detector.reset();
      return "";
    }
    ucsdet_enableInputFilter(detector.get(), true);
  }
  ucsdet_setText(detector.get(), head.data(), static_cast<int32_t>(head.size()),
                 &status);
  const UCharsetMatch* match = ucsdet_detect(detector.get(), &status);
  if (U_FAILURE(status) || match == nullptr) return "";
  const int32_t confidence = ucsdet_getConfidence(match, &status);
  const char* name = ucsdet_getName(match, &status);
  if (U_FAILURE(status) || name == nullptr) return "";
  std::string charset = NormalizeCharsetLabel(name, false);
  // UTF-8 was ruled out before the detector runs, and UTF-16/32 need a BOM
  // in HTML; the IBM EBCDIC and bidi-variant guesses are artefacts of
  // filtered markup.
  if (confidence < kMinConfidence || charset.starts_with("utf") ||
      charset.starts_with("ibm")) {
    return "";
  }
  return charset;
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

std::string ParseContentTypeCharset(std::string_view content_type) {
  const std::string lower = AsciiLower(content_type);
  size_t at = 0;
  while ((at = lower.find("charset", at)) != std::string::npos) {
    size_t i = at + 7;
    at = i;
    while (i < lower.size() && IsAsciiSpace(lower[i])) ++i;
    if (i >= lower.size() || lower[i] != '=') continue;
    ++i;
    while (i < lower.size() && IsAsciiSpace(lower[i])) ++i;
    if (i < lower.size() && (lower[i] == '"' || lower[i] == '\'')) ++i;
    const size_t start = i;
    while (i < lower.size() && lower[i] != ';' && lower[i] != '"' &&
           lower[i] != '\'' && lower[i] != ',' && !IsAsciiSpace(lower[i])) {
      ++i;
    }
    return std::string(content_type.substr(start, i - start));
  }
  return "";
}

std::string NormalizeCharsetLabel(std::string_view label, bool in_page) {
  std::string name = AsciiLower(TrimAscii(label));
  while (!name.empty() && (name.back() == ';' || name.back() == ',')) {
    name.pop_back();
  }
  struct Alias {
    std::string_view label;
    std::string_view charset;
  };
  // The WHATWG Encoding standard's labels that differ from ICU's reading.
  static constexpr std::array<Alias, 34> kAliases = {{
      {"utf8", "utf-8"},
      {"unicode-1-1-utf-8", "utf-8"},
      {"iso-8859-1", "windows-1252"},
      {"iso8859-1", "windows-1252"},
      {"iso_8859-1", "windows-1252"},
      {"iso88591", "windows-1252"},
      {"iso-ir-100", "windows-1252"},
      {"latin1", "windows-1252"},
      {"l1", "windows-1252"},
      {"us-ascii", "windows-1252"},
      {"ascii", "windows-1252"},
      {"ansi_x3.4-1968", "windows-1252"},
      {"cp1252", "windows-1252"},
      {"x-cp1252", "windows-1252"},
      {"cp819", "windows-1252"},
      {"ibm819", "windows-1252"},
      {"x-user-defined", "windows-1252"},
      {"iso-8859-9", "windows-1254"},
      {"latin5", "windows-1254"},
      {"iso-8859-11", "windows-874"},
      {"tis-620", "windows-874"},
      {"gb2312", "gb18030"},
      {"gbk", "gb18030"},
      {"x-gbk", "gb18030"},
      {"cp936", "gb18030"},
      {"chinese", "gb18030"},
      {"gb_2312-80", "gb18030"},
      {"sjis", "shift_jis"},
      {"x-sjis", "shift_jis"},
      {"shift-jis", "shift_jis"},
      {"ms_kanji", "shift_jis"},
      {"windows-31j", "shift_jis"},
      {"csshiftjis", "shift_jis"},
      {"ks_c_5601-1987", "euc-kr"},
  }};
  for (const Alias& alias : kAliases) {
    if (name == alias.label) return std::string(alias.charset);
  }
  if (in_page && (name == "utf-16" || name == "utf-16le" ||
                  name == "utf-16be" || name == "unicode")) {
    return "utf-8";
  }
  return name;
}

std::string SniffMetaCharset(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, kCharsetScanBytes);
  if (head.size() > 5 && EqualsIgnoreAsciiCase(head.substr(0, 5), "<?xml")) {
    size_t pos = 5;
    const Attributes attrs = ReadAttributes(head, &pos);
    const std::string_view encoding = FindAttribute(attrs, "encoding");
    if (!encoding.empty()) return NormalizeCharsetLabel(encoding, true);
  }
  size_t i = 0;
  while ((i = head.find('<', i)) != std::string_view::npos) {
    if (head.substr(i, 4) == "<!--") {
      const size_t end = head.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    if (i + 5 < head.size() &&
        EqualsIgnoreAsciiCase(head.substr(i + 1, 4), "meta") &&
        (IsAsciiSpace(head[i + 5]) || head[i + 5] == '/')) {
      size_t pos = i + 5;
      const Attributes attrs = ReadAttributes(head, &pos);
      std::string charset(FindAttribute(attrs, "charset"));
      if (charset.empty() &&
          EqualsIgnoreAsciiCase(TrimAscii(FindAttribute(attrs, "http-equiv")),
                                "content-type")) {
        charset = ParseContentTypeCharset(FindAttribute(attrs, "content"));
      }
      if (!TrimAscii(charset).empty()) {
        return NormalizeCharsetLabel(charset, true);
      }
      i = pos;
      continue;
    }
    ++i;
  }
  return "";
}

CharsetChoice DetectCharset(std::string_view bytes,
                            std::string_view content_type) {
  const Bom bom = DetectBom(bytes);
  if (bom.length > 0) {
    return {bom.charset.empty() ? "utf-8" : AsciiLower(bom.charset),
            CharsetSource::kBom, bom.length};
  }
  if (std::string http =
          NormalizeCharsetLabel(ParseContentTypeCharset(content_type), false);
      CanOpen(http)) {
    return {std::move(http), CharsetSource::kHttp, 0};
  }
  if (std::string meta = SniffMetaCharset(bytes); CanOpen(meta)) {
    return {std::move(meta), CharsetSource::kMeta, 0};
  }
  if (FindInvalidUtf8(bytes) == std::string_view::npos) {
    return {"utf-8", CharsetSource::kUtf8, 0};
  }
  if (LooksWestern(bytes)) {
    return {"windows-1252", CharsetSource::kDefault, 0};
  }
  if (std::string detected = DetectWithIcu(bytes); CanOpen(detected)) {
    return {std::move(detected), CharsetSource::kDetected, 0};
  }
  return {"windows-1252", CharsetSource::kDefault, 0};
}

Result<std::string> DecodeHtml(std::string_view bytes,
                               std::string_view content_type,
                               std::string_view where, CharsetChoice* choice) {
  CharsetChoice picked = DetectCharset(bytes, content_type);
  const std::string_view body = bytes.substr(picked.bom_length);
  Result<std::string> text;
  if (picked.source == CharsetSource::kUtf8) {
    text = std::string(body);  // DetectCharset validated it
  } else if (picked.charset == "utf-8") {
    text = FindInvalidUtf8(body) == std::string_view::npos
               ? std::string(body)
               : ReplaceInvalidUtf8(body, nullptr, nullptr);
  } else {
    text = ConvertCharset(body, picked.charset, where);
  }
  if (choice != nullptr) *choice = std::move(picked);
  return text;
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
