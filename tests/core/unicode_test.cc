#include "core/unicode.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

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
