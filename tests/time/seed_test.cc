// Acceptance test on the founding article (tests/time/data/seed-fr.txt, a
// French report published in early June 2024), run through the real
// normalizer and sentence splitter with reference date 2024-06-05.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "tests/time/time_testing.h"

namespace newsline {
namespace {

std::string ReadSeed() {
  std::ifstream in("tests/time/data/seed-fr.txt", std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

TEST(TimeSeedArticle, FindsTheExpectedTimeline) {
  const std::string text = ReadSeed();
  ASSERT_FALSE(text.empty()) << "run from the source root";
  const auto mentions = time_testing::Analyze(text, "fr");

  struct Want {
    std::string_view text;
    std::string_view timex;
    std::string_view type;
    std::string_view mod;
  };
  // In text order; every mention of the article is listed.
  const Want want[] = {
      {"des mois", "PXM", "DURATION", ""},
      {"avril", "2024-04", "DATE", ""},
      {"la fin de l'année", "2024", "DATE", "END"},
      // "Twitter (maintenant X)" is a new name, not a time: no mention.
      // "de décembre indique que": the governing verb is in the present.
      {"décembre", "2023-12", "DATE", ""},
      // "prévus pour janvier et juin qui seront redirigés": the future is in
      // the relative clause after them, not theirs.
      {"janvier", "2024-01", "DATE", ""},
      {"juin", "2024-06", "DATE", ""},
      {"fin avril", "2024-04", "DATE", "END"},
      {"l'exercice 2025", "2025", "DATE", ""},
      {"Pour l'instant", "PRESENT_REF", "DATE", ""},
      {"à l'heure actuelle", "PRESENT_REF", "DATE", ""},
      {"2030", "2030", "DATE", ""},
  };
  ASSERT_EQ(mentions.size(), std::size(want));
  for (size_t i = 0; i < mentions.size(); ++i) {
    SCOPED_TRACE(mentions[i].text);
    EXPECT_EQ(mentions[i].text, want[i].text);
    EXPECT_EQ(mentions[i].timex, want[i].timex);
    EXPECT_EQ(mentions[i].type, want[i].type);
    EXPECT_EQ(mentions[i].mod, want[i].mod);
  }
}

TEST(TimeSeedArticle, TakesNothingFromFiguresAndModelNames) {
  const std::string text = ReadSeed();
  for (const Mention& m : time_testing::Analyze(text, "fr")) {
    for (std::string_view figure : {"H100", "12 000", "35 000", "85 000",
                                    "500 millions", "20 millions", "50 000"}) {
      EXPECT_EQ(m.text.find(figure), std::string::npos) << m.text;
    }
  }
}

TEST(TimeSeedArticle, OffsetsPointAtTheMentionText) {
  const std::string text = ReadSeed();
  auto doc = testing::MakeDocument(text, "fr");
  std::vector<Mention> mentions;
  time_testing::Extractor("fr").Extract(doc->doc, {}, &mentions);
  ASSERT_FALSE(mentions.empty());
  size_t previous = 0;
  for (const Mention& m : mentions) {
    EXPECT_EQ(doc->doc.text.substr(m.begin, m.end_byte - m.begin), m.text);
    EXPECT_EQ(m.sentence, doc->doc.SentenceAt(m.begin)) << m.text;
    EXPECT_GE(m.begin, previous);
    previous = m.end_byte;
    EXPECT_FALSE(m.rule.empty());
  }
}

}  // namespace
}  // namespace newsline
