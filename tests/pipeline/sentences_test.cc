#include "pipeline/sentences.h"

#include <gtest/gtest.h>

namespace newsline {
namespace {

std::vector<std::string> Split(std::string_view text, std::string_view lang) {
  static const SentenceSplitter splitter = SentenceSplitter::Create().value();
  std::vector<std::string> out;
  for (const Sentence& s : splitter.Split(text, lang)) {
    out.emplace_back(text.substr(s.begin, s.end - s.begin));
  }
  return out;
}

TEST(Sentences, SplitsAtSentenceEnds) {
  EXPECT_EQ(Split("Tesla a livré. Les ventes ont baissé ! Pourquoi ?", "fr"),
            (std::vector<std::string>{
                "Tesla a livré.", "Les ventes ont baissé !", "Pourquoi ?"}));
}

TEST(Sentences, DoesNotSplitAfterAbbreviationsOrInitials) {
  EXPECT_EQ(
      Split("M. Musk a parlé. Mme Dupont aussi.", "fr"),
      (std::vector<std::string>{"M. Musk a parlé.", "Mme Dupont aussi."}));
  EXPECT_EQ(
      Split("Dr. Su met U.S. officials. They agreed.", "en"),
      (std::vector<std::string>{"Dr. Su met U.S. officials.", "They agreed."}));
  EXPECT_EQ(Split("John F. Kennedy spoke.", "en"),
            (std::vector<std::string>{"John F. Kennedy spoke."}));
  EXPECT_EQ(Split("J. K. Rowling wrote.", "en"),
            (std::vector<std::string>{"J. K. Rowling wrote."}));
}

TEST(Sentences, SplitsAfterASingleCapitalThatEndsASentence) {
  EXPECT_EQ(
      Split("Le cluster IA, une première pour X. Un message interne.", "fr"),
      (std::vector<std::string>{"Le cluster IA, une première pour X.",
                                "Un message interne."}));
}

TEST(Sentences, EndsASentenceAtEveryLineBreak) {
  EXPECT_EQ(
      Split("A title without period\nThe body starts here. It goes on.", "en"),
      (std::vector<std::string>{"A title without period",
                                "The body starts here.", "It goes on."}));
  EXPECT_EQ(Split("Redirigés vers\nLe cluster IA", "fr"),
            (std::vector<std::string>{"Redirigés vers", "Le cluster IA"}));
}

TEST(Sentences, TrimsWhiteSpaceAndSkipsBlankLines) {
  EXPECT_EQ(Split("  One.  \n\n\n  Two.  ", "en"),
            (std::vector<std::string>{"One.", "Two."}));
  EXPECT_TRUE(Split("   \n ", "en").empty());
}

TEST(Sentences, KeepsDecimalNumbersTogether) {
  EXPECT_EQ(Split("Rates fell to 3.75 percent. Then 2.5.", "en").size(), 2u);
}

// Offsets are bytes of the UTF-8 text, past characters of two, three and
// four bytes (one or two UTF-16 units inside ICU).
TEST(Sentences, OffsetsCountBytesPastAnyCharacter) {
  EXPECT_EQ(Split("Le prix a baissé de 5 € 🚗. Ça va ? Oui, 𝄞 !", "fr"),
            (std::vector<std::string>{"Le prix a baissé de 5 € 🚗.", "Ça va ?",
                                      "Oui, 𝄞 !"}));
}

// Text that is not valid UTF-8 (the analyzer rejects it, but the splitter
// may be called on anything) is still split.
TEST(Sentences, SplitsInvalidUtf8) {
  EXPECT_EQ(Split("Bad \xFF byte here. Next one.", "en"),
            (std::vector<std::string>{"Bad \xFF byte here.", "Next one."}));
}

// Long texts are segmented in pieces that end at line breaks, and a line too
// long to convert is read as it is: either way, the sentences are those of
// each paragraph on its own.
TEST(Sentences, LongTextsSplitAsTheirParagraphs) {
  const std::string paragraph =
      "Dr. Su met U.S. officials in Zürich 🚗. They agreed. ";
  const std::vector<std::string> one = {
      "Dr. Su met U.S. officials in Zürich 🚗.", "They agreed."};
  for (const std::string separator : {"\n", ""}) {
    // Over 1 MiB in lines, over 8 MiB on one line.
    const size_t bytes = separator.empty() ? (9 << 20) : (3 << 20);
    std::string text;
    size_t count = 0;
    while (text.size() < bytes) {
      text += paragraph + separator;
      ++count;
    }
    const std::vector<std::string> got = Split(text, "en");
    ASSERT_EQ(got.size(), 2 * count) << "separator \"" << separator << "\"";
    for (size_t i = 0; i < got.size(); ++i) {
      ASSERT_EQ(got[i], one[i % 2]) << i;
    }
  }
}

}  // namespace
}  // namespace newsline
