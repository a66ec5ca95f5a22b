#include "core/unicode.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace newsline {
namespace {

TEST(Unicode, DecodesForwardAndBackward) {
  const std::string s = "a\u00e9\u202f\U0001F600";
  size_t len;
  EXPECT_EQ(DecodeAt(s, 1, &len), U'\u00e9');
  EXPECT_EQ(len, 2u);
  size_t start;
  EXPECT_EQ(DecodeBefore(s, s.size(), &start), U'\U0001F600');
  EXPECT_EQ(start, s.size() - 4);
  EXPECT_EQ(CountCodePoints(s), 4u);
}

TEST(Unicode, ClassifiesWordCharacters) {
  EXPECT_TRUE(IsWordChar(U'\u00e9'));
  EXPECT_TRUE(IsWordChar(U'7'));
  EXPECT_FALSE(IsWordChar(U'-'));
  EXPECT_FALSE(IsWordChar(U'\u00a0'));
  EXPECT_TRUE(IsUpperChar(U'\u00c9'));
}

TEST(Unicode, LowerCasesWithIcu) {
  EXPECT_EQ(ToLower("\u00c9T\u00c9"), "\u00e9t\u00e9");
  EXPECT_EQ(ToLower("ABC"), "abc");
}

TEST(Unicode, ComposesToNfc) {
  EXPECT_EQ(ToNfc("Cafe\u0301"), "Caf\u00e9");
  EXPECT_EQ(ToNfc("Caf\u00e9"), "Caf\u00e9");
  EXPECT_EQ(ToNfc("plain"), "plain");
  EXPECT_EQ(ToNfc(""), "");
  // U+09DC is excluded from composition: NFC spells it as two code points.
  EXPECT_EQ(ToNfc("\u09dc"), "\u09a1\u09bc");
}

TEST(Unicode, CountsLeadingAscii) {
  const std::string ascii(21, 'a');
  EXPECT_EQ(CountAscii(""), 0u);
  EXPECT_EQ(CountAscii(ascii), 21u);
  EXPECT_EQ(CountAscii(ascii + "\u00e9" + ascii), 21u);
  EXPECT_EQ(CountAscii("ab\u00e9"), 2u);
  EXPECT_EQ(CountAscii(ascii, 10), 10u);
  EXPECT_EQ(CountAscii(ascii, 0), 0u);
  // A non-ASCII byte at every place of the wide steps (16 and 8 bytes) and
  // of the tail, with and without a bound that cuts the run short.
  for (size_t at = 0; at < 40; ++at) {
    std::string s(48, 'x');
    s[at] = '\xC3';
    EXPECT_EQ(CountAscii(s), at) << at;
    EXPECT_EQ(CountAscii(s, 20), std::min<size_t>(at, 20)) << at;
  }
}

// Byte offsets of every code point boundary, in code points and in UTF-16
// units, against a plain decoding loop; past runs of ASCII long enough for
// CountAscii's wide steps, and from one walker as well as fresh ones.
TEST(Unicode, MapsCodePointAndUtf16OffsetsToBytes) {
  const std::string text = "a\u00e9b\u20ac\U0001F600c" + std::string(40, 'x') +
                           "\U0001F680\u00e0" + std::string(17, 'y');
  std::vector<size_t> byte_at;    // by code point
  std::vector<int64_t> utf16_at;  // by code point
  int64_t units = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t len = 0;
    const char32_t c = DecodeAt(text, pos, &len);
    byte_at.push_back(pos);
    utf16_at.push_back(units);
    units += c > 0xFFFF ? 2 : 1;
    pos += len;
  }
  byte_at.push_back(text.size());
  utf16_at.push_back(units);
  using Unit = ForwardByteOffsets::Unit;
  ForwardByteOffsets by_cp(text, Unit::kCodePoint);
  ForwardByteOffsets by_utf16(text, Unit::kUtf16);
  for (size_t cp = 0; cp < byte_at.size(); ++cp) {
    const auto k = static_cast<int64_t>(cp);
    EXPECT_EQ(by_cp.ByteOf(k), byte_at[cp]) << cp;
    EXPECT_EQ(ForwardByteOffsets(text).ByteOf(k), byte_at[cp]) << cp;
    EXPECT_EQ(by_utf16.ByteOf(utf16_at[cp]), byte_at[cp]) << cp;
    EXPECT_EQ(ForwardByteOffsets(text, Unit::kUtf16).ByteOf(utf16_at[cp]),
              byte_at[cp])
        << cp;
  }
  // Asked again, and past the end.
  EXPECT_EQ(by_cp.ByteOf(static_cast<int64_t>(byte_at.size()) - 1),
            text.size());
  EXPECT_EQ(by_cp.ByteOf(1000), text.size());
  EXPECT_EQ(by_utf16.ByteOf(1000), text.size());
  // Inside a surrogate pair (U+1F600 is units 4 and 5): its end.
  EXPECT_EQ(ForwardByteOffsets(text, Unit::kUtf16).ByteOf(5), 11u);
  EXPECT_EQ(ForwardByteOffsets("").ByteOf(3), 0u);
}

TEST(Unicode, FindsInvalidUtf8) {
  EXPECT_EQ(FindInvalidUtf8("abc\u00e9"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("ab\xff"), 2u);
  EXPECT_EQ(FindInvalidUtf8("a\xc3"), 1u);         // truncated sequence
  EXPECT_EQ(FindInvalidUtf8("\xed\xa0\x80"), 0u);  // surrogate
  // Past runs of ASCII read eight bytes at a time.
  const std::string ascii(37, 'a');
  EXPECT_EQ(FindInvalidUtf8(ascii + "\u00e9" + ascii), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8(ascii + "\x80" + ascii), 37u);
  EXPECT_EQ(FindInvalidUtf8(ascii + "\xe2\x82"), 37u);  // truncated at the end
  EXPECT_EQ(FindInvalidUtf8(ascii + "\xf0\x9f\x98\x80"),
            std::string_view::npos);  // four bytes, at the very end
}

}  // namespace
}  // namespace newsline
