#include "extractors/engine/rule_pack.h"

#include <gtest/gtest.h>

#include "extractors/engine/rule_files.h"

namespace newsline {
namespace {

constexpr std::string_view kPack = R"(# test pack
lang fr
define DIGITS \d+
table MONTH
  janvier = 1
  février = 2
  mars = 3

rule t.month
  pattern (?P<m>{MONTH})(?:\s+(?P<y>{DIGITS}))?
  kind date
  example en mars 2024 => text=mars 2024
  counter marsupial

rule t.number
  pattern {DIGITS}
  priority 1
)";

TEST(RulePack, ParsesMacrosTablesAndAttributes) {
  auto pack = RulePack::Parse(kPack, "test.rules");
  ASSERT_TRUE(pack.has_value()) << pack.error().ToString();
  EXPECT_EQ(pack->Setting("lang"), "fr");
  ASSERT_EQ(pack->rules().size(), 2u);
  const Rule& r = pack->rules()[0];
  EXPECT_EQ(r.id, "t.month");
  EXPECT_EQ(r.Attribute("kind"), "date");
  ASSERT_EQ(r.examples.size(), 1u);
  EXPECT_EQ(r.examples[0].text, "en mars 2024");
  EXPECT_EQ(r.examples[0].expect[0].second, "mars 2024");
  EXPECT_EQ(r.examples[0].line, 12);
  EXPECT_EQ(pack->FindTable("MONTH")->Lookup("FÉVRIER"), "2");
}

TEST(RulePack, FindsMatchesOnTokenBoundariesOnly) {
  auto pack = RulePack::Parse(kPack, "test.rules");
  ASSERT_TRUE(pack.has_value());
  std::string text = "En Mars 2024, H100 et COVID-19 marsupial 7";
  auto matches = ResolveOverlaps(pack->FindAll(text));
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(text.substr(matches[0].begin, matches[0].end - matches[0].begin),
            "Mars 2024");
  EXPECT_EQ(matches[0].Group("y"), "2024");
  EXPECT_EQ(matches[0].Group("m"), "Mars");
  EXPECT_EQ(matches[1].rule->id, "t.number");
  EXPECT_EQ(text.substr(matches[1].begin), "7");
}

TEST(RulePack, ReportsErrorsWithFileAndLine) {
  struct Case {
    std::string_view text;
    std::string_view where;
    std::string_view message_part;
  };
  const Case cases[] = {
      {"rule a\n  pattern {NOPE}\n", "x.rules:2", "unknown macro {NOPE}"},
      {"rule a\n  pattern (\n", "x.rules:1", "bad pattern"},
      {"rule a\n  pattern a\nrule a\n  pattern b\n", "x.rules:3",
       "duplicate rule id"},
      {"rule a\n", "x.rules:1", "has no pattern"},
      {"  pattern a\n", "x.rules:1", "outside a rule"},
      {"rule a\n  pattern a\n  example x => novalue\n", "x.rules:3",
       "key=value"},
      {"bogus\n", "x.rules:1", "expected"},
      {"rule a\n  pattern \xff\n", "x.rules:2", "invalid UTF-8"},
  };
  for (const Case& c : cases) {
    auto pack = RulePack::Parse(c.text, "x.rules");
    ASSERT_FALSE(pack.has_value()) << c.text;
    EXPECT_EQ(pack.error().where, c.where) << c.text;
    EXPECT_NE(pack.error().message.find(c.message_part), std::string::npos)
        << pack.error().message;
    EXPECT_EQ(pack.error().code, ErrorCode::kBadRule);
  }
}

TEST(RulePack, KeepsUnicodeEscapesAndEmptyTableValues) {
  auto pack = RulePack::Parse(
      "table T\n  vide =\n  plein = 1\nrule a\n  pattern "
      "\\p{Lu}\\p{Ll}+\\x{2019}\n",
      "x.rules");
  ASSERT_TRUE(pack.has_value()) << pack.error().ToString();
  EXPECT_EQ(pack->FindTable("T")->Lookup("vide"), "");
  EXPECT_EQ(pack->FindTable("T")->Lookup("plein"), "1");
  EXPECT_EQ(pack->FindAll("L\u00e9a\u2019s").size(), 1u);
}

TEST(RulePack, SearchesInsideASpanButChecksBoundariesOnTheWholeText) {
  auto pack = RulePack::Parse(kPack, "test.rules");
  ASSERT_TRUE(pack.has_value());
  std::string text = "A320 12";
  // The span starts at "320", but "A" before it makes it mid-token.
  EXPECT_TRUE(pack->FindAll(text, 1, 4).empty());
  EXPECT_EQ(pack->FindAll(text, 4).size(), 1u);
}

TEST(RuleFiles, EveryBuiltInRuleFileLoads) {
  for (const std::string& extractor : RuleExtractors()) {
    for (const std::string& lang : RuleLanguages(extractor)) {
      auto pack = LoadRulePack(extractor, lang);
      EXPECT_TRUE(pack.has_value()) << pack.error().ToString();
    }
  }
}

}  // namespace
}  // namespace newsline
