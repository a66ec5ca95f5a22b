#include "pipeline/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <numeric>

#include "core/unicode.h"

namespace newsline {
namespace {

// Below U+0300 nothing composes under NFC unless a combining mark (U+0300
// and up) follows, so such characters can be copied as they are.
constexpr char32_t kFirstComposing = 0x300;

// Appends the folded form of `c` and maps its bytes to `origin`.
void AppendFolded(char32_t c, uint32_t origin, std::string* out,
                  std::vector<uint32_t>* offsets) {
  const size_t before = out->size();
  switch (c) {
    case 0x2018:
    case 0x2019:
    case 0x201B:
    case 0x02BC:
    case 0x2032:
    case 0x00B4:
      out->push_back('\'');
      break;
    case 0x00AB:
    case 0x00BB:
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0x2039:
    case 0x203A:
      out->push_back('"');
      break;
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
    case 0xFF0D:
      out->push_back('-');
      break;
    case 0x2026:
      out->append("...");
      break;
    case 0x2028:
    case 0x2029:
      out->push_back('\n');
      break;
    case 0x00AD:
    case 0x200B:
    case 0x2060:
    case 0xFEFF:
      break;  // invisible: dropped
    default:
      if (c >= 0x80 &&
          u_charType(static_cast<UChar32>(c)) == U_SPACE_SEPARATOR) {
        out->push_back(' ');
      } else {
        AppendUtf8(c, out);
      }
  }
  offsets->insert(offsets->end(), out->size() - before, origin);
}

}  // namespace

NormalizedText NormalizedText::Normalize(std::string_view original) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  NormalizedText result;
  result.text_.reserve(original.size());
  result.offsets_.reserve(original.size() + 1);

  uint32_t cp_index = 0;
  size_t pos = 0;
  const size_t n = original.size();
  std::u32string segment;
  while (pos < n) {
    const unsigned char b = static_cast<unsigned char>(original[pos]);
    if (b < 0x80) {
      // Runs of ASCII are copied as they are, except their last character
      // when a non-ASCII one follows: it may take a combining mark, below.
      const size_t run = pos + CountAscii(original.substr(pos));
      const size_t copied = run < n ? run - 1 : run;
      if (copied > pos) {
        result.text_.append(original.substr(pos, copied - pos));
        const size_t at = result.offsets_.size();
        result.offsets_.resize(at + (copied - pos));
        std::iota(result.offsets_.begin() + static_cast<ptrdiff_t>(at),
                  result.offsets_.end(), cp_index);
        cp_index += static_cast<uint32_t>(copied - pos);
        pos = copied;
        continue;
      }
    }
    size_t len;
    const char32_t c = DecodeAt(original, pos, &len);
    size_t next_len = 0;
    const char32_t next =
        pos + len < n ? DecodeAt(original, pos + len, &next_len) : 0;
    const bool stable_before =
        c < kFirstComposing ||
        (nfc != nullptr && nfc->isInert(static_cast<UChar32>(c)));
    const bool stable_after =
        next < kFirstComposing ||
        (nfc != nullptr && nfc->hasBoundaryBefore(static_cast<UChar32>(next)));
    if (stable_before && stable_after) {
      AppendFolded(c, cp_index++, &result.text_, &result.offsets_);
      pos += len;
      continue;
    }
    // Slow path: gather the segment up to the next NFC boundary and
    // normalize it as a whole; its output maps to the segment's start.
    const uint32_t segment_start = cp_index;
    icu::UnicodeString u;
    u.append(static_cast<UChar32>(c));
    pos += len;
    ++cp_index;
    while (pos < n) {
      const char32_t d = DecodeAt(original, pos, &len);
      if (nfc != nullptr && nfc->hasBoundaryBefore(static_cast<UChar32>(d)))
        break;
      u.append(static_cast<UChar32>(d));
      pos += len;
      ++cp_index;
    }
    icu::UnicodeString normalized;
    if (nfc != nullptr) {
      UErrorCode s = U_ZERO_ERROR;
      normalized = nfc->normalize(u, s);
      if (U_FAILURE(s)) normalized = u;
    } else {
      normalized = u;
    }
    for (int32_t i = 0; i < normalized.length();) {
      const UChar32 d = normalized.char32At(i);
      AppendFolded(static_cast<char32_t>(d), segment_start, &result.text_,
                   &result.offsets_);
      i += U16_LENGTH(d);
    }
  }
  result.offsets_.push_back(cp_index);
  return result;
}

}  // namespace newsline
