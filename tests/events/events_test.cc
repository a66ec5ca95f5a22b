#include "extractors/events/events.h"

#include <gtest/gtest.h>

#include "extractors/engine/rule_files.h"
#include "tests/testing/test_document.h"

namespace newsline {
namespace {

// Builds mentions by hand: `text` must occur in the document.
Mention At(const Document& doc, std::string_view text, MentionKind kind) {
  Mention m;
  m.kind = kind;
  m.begin = doc.text.find(text);
  EXPECT_NE(m.begin, std::string_view::npos) << text;
  m.end_byte = m.begin + text.size();
  m.sentence = doc.SentenceAt(m.begin);
  m.text = std::string(text);
  return m;
}

Mention Date(const Document& doc, std::string_view text, std::string timex,
             std::string mod = "") {
  Mention m = At(doc, text, MentionKind::kDate);
  m.timex = std::move(timex);
  m.type = "DATE";
  m.mod = std::move(mod);
  return m;
}

Mention Org(const Document& doc, std::string_view text) {
  Mention m = At(doc, text, MentionKind::kOrg);
  m.canonical = std::string(text);
  m.entity = "org:" + std::string(text);
  return m;
}

Mention Figure(const Document& doc, std::string_view text, double value) {
  Mention m = At(doc, text, MentionKind::kQuantity);
  m.value = value;
  return m;
}

std::unique_ptr<EventBuilder> Builder(std::string_view lang) {
  auto pack = LoadRulePack("events", lang);
  EXPECT_TRUE(pack.has_value());
  auto builder = EventBuilder::Create(std::move(*pack));
  EXPECT_TRUE(builder.has_value());
  return std::move(*builder);
}

TEST(EventBuilder, MakesAnEventOfASentenceWithTimeAndParticipant) {
  auto t = testing::MakeDocument(
      "Airbus a livré 53 avions en mai. Le ciel était bleu en mai.", "fr");
  const Document& doc = t->doc;
  std::vector<Mention> mentions = {Org(doc, "Airbus"),
                                   Figure(doc, "53 avions", 53),
                                   Date(doc, "en mai", "2024-05")};
  auto events = Builder("fr")->Build(doc, mentions);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "delivery");
  EXPECT_EQ(events[0].rule, "fr.event.delivery");
  EXPECT_EQ(events[0].time.timex, "2024-05");
  EXPECT_EQ(events[0].time.start, (CivilDate{2024, 5, 1}));
  EXPECT_EQ(events[0].time.end, (CivilDate{2024, 5, 31}));
  EXPECT_EQ(events[0].entities, std::vector<std::string>{"Airbus"});
  ASSERT_EQ(events[0].figures.size(), 1u);
  EXPECT_EQ(events[0].figures[0].value, 53);
}

TEST(EventBuilder, JoinsReportedSpeechToTheStatementItContinues) {
  auto t = testing::MakeDocument(
      "En avril, Tesla a indiqué un plan. Ils passeraient de 35 000 à 85 000 "
      "d'ici la fin de l'année.",
      "fr");
  const Document& doc = t->doc;
  std::vector<Mention> mentions = {
      Date(doc, "En avril", "2024-04"), Org(doc, "Tesla"),
      Figure(doc, "35 000", 35000), Figure(doc, "85 000", 85000),
      Date(doc, "d'ici la fin de l'année", "2024", "END")};
  auto events = Builder("fr")->Build(doc, mentions);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "statement");
  EXPECT_EQ(events[0].sentence, 0);
  EXPECT_EQ(events[0].last_sentence, 1);
  EXPECT_EQ(events[0].figures.size(), 2u);
  EXPECT_EQ(events[0].other_times, std::vector<std::string>{"2024"});
}

TEST(EventBuilder, AnchorsPresentTenseReportingOnTheArticleDate) {
  auto t = testing::MakeDocument("Nvidia says the chips went to X.", "en");
  const Document& doc = t->doc;
  std::vector<Mention> mentions = {Org(doc, "Nvidia")};
  auto events = Builder("en")->Build(doc, mentions);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0].time.from_document_date);
  EXPECT_EQ(events[0].time.timex, "2024-06-05");
}

TEST(EventBuilder, NeedsAnAnchorAndAParticipant) {
  auto t = testing::MakeDocument(
      "Nvidia shipped chips. It happened in May. Unresolved December news.",
      "en");
  const Document& doc = t->doc;
  std::vector<Mention> mentions = {Org(doc, "Nvidia"),
                                   Date(doc, "in May", "2024-05"),
                                   Date(doc, "December", "XXXX-12")};
  EXPECT_TRUE(Builder("en")->Build(doc, mentions).empty());
}

TEST(EventBuilder, RejectsRulesWithoutTypeOrRole) {
  auto pack = RulePack::Parse("rule en.event.bad\n  pattern x\n", "bad.rules");
  ASSERT_TRUE(pack.has_value());
  auto builder = EventBuilder::Create(std::move(*pack));
  ASSERT_FALSE(builder.has_value());
  EXPECT_EQ(builder.error().where, "bad.rules:1");
}

}  // namespace
}  // namespace newsline
