#include "core/unicode.h"

#include <unicode/bytestream.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace newsline {

char32_t DecodeAt(std::string_view s, size_t pos, size_t* len) {
  int32_t i = static_cast<int32_t>(pos);
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i,
          static_cast<int32_t>(s.size()), c);
  *len = static_cast<size_t>(i) - pos;
  return c < 0 ? 0xFFFD : static_cast<char32_t>(c);
}

char32_t DecodeBefore(std::string_view s, size_t pos, size_t* start) {
  int32_t i = static_cast<int32_t>(pos);
  UChar32 c;
  U8_PREV(reinterpret_cast<const uint8_t*>(s.data()), 0, i, c);
  *start = static_cast<size_t>(i);
  return c < 0 ? 0xFFFD : static_cast<char32_t>(c);
}

void AppendUtf8(char32_t c, std::string* out) {
  uint8_t buf[4];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(buf, n, 4, static_cast<UChar32>(c), error);
  if (error) {
    out->append("\xEF\xBF\xBD");
    return;
  }
  out->append(reinterpret_cast<const char*>(buf), n);
}

size_t CountCodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool IsWordChar(char32_t c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
  }
  return u_isalnum(static_cast<UChar32>(c)) ||
         u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_ALPHABETIC) ||
         (U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_M_MASK) != 0;
}

bool IsDigitChar(char32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  return u_isdigit(static_cast<UChar32>(c));
}

bool IsUpperChar(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return u_isupper(static_cast<UChar32>(c)) ||
         u_istitle(static_cast<UChar32>(c));
}

std::string ToLower(std::string_view utf8, std::string_view lang) {
  bool ascii = true;
  for (unsigned char c : utf8) {
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  }
  std::string out;
  if (ascii && lang != "tr" && lang != "az") {
    out.assign(utf8);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  u.toLower(icu::Locale(std::string(lang).c_str()));
  u.toUTF8String(out);
  return out;
}

std::string ToNfc(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  const icu::StringPiece piece(utf8.data(), static_cast<int32_t>(utf8.size()));
  if (U_FAILURE(status) || nfc->isNormalizedUTF8(piece, status) ||
      U_FAILURE(status)) {
    return std::string(utf8);
  }
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  nfc->normalizeUTF8(0, piece, sink, nullptr, status);
  if (U_FAILURE(status)) return std::string(utf8);
  return out;
}

size_t CountAscii(std::string_view s, size_t max) {
  const size_t n = std::min(s.size(), max);
  size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes a step; the first high bit's place ends the run.
  while (n - i >= 16) {
    const __m128i block =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const auto high = static_cast<unsigned>(_mm_movemask_epi8(block));
    if (high != 0) return i + static_cast<size_t>(std::countr_zero(high));
    i += 16;
  }
#endif
  while (n - i >= 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    const uint64_t high = word & 0x8080808080808080ull;
    if (high != 0) {
      if constexpr (std::endian::native == std::endian::little) {
        return i + static_cast<size_t>(std::countr_zero(high) / 8);
      }
      break;
    }
    i += 8;
  }
  while (i < n && static_cast<unsigned char>(s[i]) < 0x80) ++i;
  return i;
}

size_t FindInvalidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (true) {
    i += CountAscii(s.substr(i));
    if (i >= n) break;
    // One sequence, of at most four bytes (ICU's indexes are 32-bit: a
    // window keeps texts over 2 GB right).
    const int32_t window = static_cast<int32_t>(std::min<size_t>(n - i, 4));
    int32_t k = 0;
    UChar32 c;
    U8_NEXT(p + i, k, window, c);
    if (c < 0) return i;
    i += static_cast<size_t>(k);
  }
  return std::string_view::npos;
}

size_t ForwardByteOffsets::ByteOf(int64_t offset) {
  while (count_ < offset && byte_ < text_.size()) {
    // A run of ASCII is one unit per byte.
    const size_t ascii =
        CountAscii(text_.substr(byte_), static_cast<size_t>(offset - count_));
    if (ascii > 0) {
      byte_ += ascii;
      count_ += static_cast<int64_t>(ascii);
      continue;
    }
    // Beyond the BMP (a four-byte sequence), two UTF-16 units.
    const bool supplementary = static_cast<unsigned char>(text_[byte_]) >= 0xF0;
    ++byte_;
    while (byte_ < text_.size() &&
           (static_cast<unsigned char>(text_[byte_]) & 0xC0) == 0x80) {
      ++byte_;
    }
    count_ += unit_ == Unit::kUtf16 && supplementary ? 2 : 1;
  }
  return byte_;
}

}  // namespace newsline
