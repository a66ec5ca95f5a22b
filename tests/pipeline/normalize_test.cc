#include "pipeline/normalize.h"

#include <gtest/gtest.h>

#include "core/unicode.h"

namespace newsline {
namespace {

TEST(Normalize, FoldsTypographyAndSpaces) {
  struct Case {
    std::string_view in, out;
  } cases[] = {
      {"l\u2019objectif", "l'objectif"},
      {"\u00ab\u00a0exag\u00e9r\u00e9es\u00a0\u00bb",
       "\" exag\u00e9r\u00e9es \""},
      {"35\u202f000", "35 000"},
      {"10\u201320", "10-20"},
      {"\u201cquoted\u201d", "\"quoted\""},
      {"wait\u2026", "wait..."},
      {"soft\u00adhyphen", "softhyphen"},
      {"thin\u2009space", "thin space"},
      {"plain ascii", "plain ascii"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(NormalizedText::Normalize(c.in).text(), c.out) << c.in;
  }
}

TEST(Normalize, ComposesToNfc) {
  // "e" + combining acute, "A" + combining ring.
  EXPECT_EQ(NormalizedText::Normalize("caf\u0065\u0301 \u0041\u030a").text(),
            "caf\u00e9 \u00c5");
}

TEST(Normalize, MapsEveryByteBackToOriginalCodePoints) {
  const std::string original =
      "\u00ab\u00a0Tesla\u00a0\u00bb co\u0301te 35\u202f000\u2026 fin";
  const NormalizedText n = NormalizedText::Normalize(original);
  // "Tesla" starts at code point 2 in the original.
  const size_t tesla = n.text().find("Tesla");
  EXPECT_EQ(n.ToOriginal(tesla), 2);
  // The composed "ó" covers two original code points: the word after it
  // starts where it should.
  const size_t te = n.text().find("te 35");
  EXPECT_EQ(n.ToOriginal(te), 13);
  const size_t num = n.text().find("35 000");
  EXPECT_EQ(n.ToOriginal(num), 16);
  EXPECT_EQ(n.ToOriginal(num + 6), 22);  // the ellipsis
  EXPECT_EQ(n.original_length(),
            static_cast<int64_t>(CountCodePoints(original)));
  EXPECT_EQ(n.ToOriginal(n.text().size()), n.original_length());
  // Offsets never go backwards.
  for (size_t i = 1; i <= n.text().size(); ++i) {
    EXPECT_LE(n.ToOriginal(i - 1), n.ToOriginal(i));
  }
}

TEST(Normalize, CopiesAsciiRunsWithTheirOffsets) {
  const std::string original =
      "Plain ASCII text, long enough to be copied in runs.\nA\u0301 then e";
  const NormalizedText n = NormalizedText::Normalize(original);
  EXPECT_EQ(n.text(),
            "Plain ASCII text, long enough to be copied in runs.\n\u00c1 "
            "then e");
  const size_t newline = original.find('\n');
  for (size_t i = 0; i <= newline; ++i) {
    EXPECT_EQ(n.ToOriginal(i), static_cast<int64_t>(i));
  }
  // "Á" (two bytes) maps to the "A" it composes; " then e" follows the
  // combining mark's code point.
  EXPECT_EQ(n.ToOriginal(newline + 1), static_cast<int64_t>(newline + 1));
  EXPECT_EQ(n.ToOriginal(newline + 3), static_cast<int64_t>(newline + 3));
  EXPECT_EQ(n.original_length(),
            static_cast<int64_t>(CountCodePoints(original)));
}

TEST(Normalize, HandlesEmptyText) {
  const NormalizedText n = NormalizedText::Normalize("");
  EXPECT_EQ(n.text(), "");
  EXPECT_EQ(n.original_length(), 0);
}

}  // namespace
}  // namespace newsline
