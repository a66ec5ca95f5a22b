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

}  // namespace
}  // namespace newsline
