// Small UTF-8 and Unicode helpers over ICU, for every newsline module.
//
// newsline keeps text as UTF-8 std::string and calls ICU for character
// properties and case mapping. Functions taking a string_view and an offset
// expect valid UTF-8 (the pipeline validates input once, at decoding);
// on invalid bytes they return U+FFFD rather than read out of bounds.
#ifndef NEWSLINE_CORE_UNICODE_H_
#define NEWSLINE_CORE_UNICODE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace newsline {

// Decodes the code point starting at byte `pos`; stores its length in *len.
char32_t DecodeAt(std::string_view s, size_t pos, size_t* len);
// Decodes the code point ending just before byte `pos` (pos > 0); stores the
// byte offset where it starts in *start.
char32_t DecodeBefore(std::string_view s, size_t pos, size_t* start);
// Appends the UTF-8 encoding of `c`.
void AppendUtf8(char32_t c, std::string* out);

size_t CountCodePoints(std::string_view s);

// Letters, digits and combining marks: what makes up a word.
bool IsWordChar(char32_t c);
bool IsDigitChar(char32_t c);
bool IsUpperChar(char32_t c);

// Full Unicode lower-casing, as ICU does it for `lang` (e.g. "tr").
std::string ToLower(std::string_view utf8, std::string_view lang = "");

// Canonical composition (NFC) of valid UTF-8, for short strings shown to
// users (titles, names) that pages and feeds may spell decomposed: so that
// equal strings compare equal downstream. Returns the input unchanged when
// it is already NFC, or when ICU fails.
std::string ToNfc(std::string_view utf8);

// The number of ASCII bytes `s` starts with, counting at most `max`: the
// fast path of loops over UTF-8 text, sixteen or eight bytes at a time.
size_t CountAscii(std::string_view s, size_t max = std::string_view::npos);

// Returns the offset of the first invalid UTF-8 sequence, or npos if valid.
size_t FindInvalidUtf8(std::string_view s);

// Maps offsets counted in code points, or in UTF-16 code units (ICU's), to
// byte offsets in UTF-8 text, for offsets asked in increasing order: each
// call goes on from where the last one stopped, so that mapping all the
// offsets of a text costs one pass over it. An offset past the end maps to
// the text's size; a UTF-16 offset inside a surrogate pair, to the end of
// its code point.
class ForwardByteOffsets {
 public:
  enum class Unit { kCodePoint, kUtf16 };

  explicit ForwardByteOffsets(std::string_view text,
                              Unit unit = Unit::kCodePoint)
      : text_(text), unit_(unit) {}

  // The byte offset of `offset`, which must not be less than the last one.
  size_t ByteOf(int64_t offset);

 private:
  std::string_view text_;
  Unit unit_;
  size_t byte_ = 0;
  int64_t count_ = 0;  // offset, in units, of byte_
};

}  // namespace newsline

#endif  // NEWSLINE_CORE_UNICODE_H_
