// Runs the examples and counter-examples of every built-in time rule file,
// and checks that bad rules fail to load with their file and line.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/date.h"
#include "extractors/engine/rule_examples.h"
#include "extractors/engine/rule_files.h"
#include "extractors/time/time.h"
#include "tests/testing/test_document.h"

namespace newsline {
namespace {

TEST(TimeRules, BuiltInRuleFilesExist) {
  const auto langs = RuleLanguages("time");
  EXPECT_NE(std::find(langs.begin(), langs.end(), "fr"), langs.end());
  EXPECT_NE(std::find(langs.begin(), langs.end(), "en"), langs.end());
}

TEST(TimeRules, ExamplesAndCountersOfEveryLanguagePass) {
  for (const std::string& lang : RuleLanguages("time")) {
    SCOPED_TRACE(lang);
    auto pack = LoadRulePack("time", lang);
    ASSERT_TRUE(pack.has_value()) << pack.error().ToString();
    const auto reference = ParseIsoDate(pack->Setting("reference"));
    ASSERT_TRUE(reference.has_value())
        << pack->path() << ": needs a \"reference YYYY-MM-DD\" setting";
    ASSERT_EQ(pack->Setting("lang"), lang);
    auto extractor = TimeExtractor::Create(std::move(*pack));
    ASSERT_TRUE(extractor.has_value()) << extractor.error().ToString();
    const TimeExtractor& time = **extractor;
    size_t examples = 0;
    for (const Rule& rule : time.pack().rules()) {
      EXPECT_FALSE(rule.examples.empty())
          << time.pack().path() << ":" << rule.line << ": rule " << rule.id
          << " has no example";
      EXPECT_TRUE(rule.id.starts_with(lang + ".")) << rule.id;
      examples += rule.examples.size() + rule.counters.size();
    }
    const auto failures =
        CheckRuleExamples(time.pack(), [&](std::string_view text) {
          auto doc = testing::MakeDocument(text, lang, reference);
          return time.Hits(doc->doc);
        });
    for (const Error& f : failures) ADD_FAILURE() << f.ToString();
    EXPECT_GT(examples, 100u);
  }
}

TEST(TimeRules, BadRulesFailWithFileAndLine) {
  struct Case {
    std::string_view text;
    std::string_view where;
    std::string_view message_part;
  };
  const Case cases[] = {
      {"rule t.a\n  pattern (?P<y>\\d{4})\n  kind date\n  timex {year}\n",
       "x.rules:1", "unknown placeholder {year}"},
      {"table M\n  mai = 05\nrule t.a\n  pattern (?P<m>{M})\n  kind date\n"
       "  timex XXXX-{m:MONTHS}\n",
       "x.rules:3", "unknown filter \"MONTHS\""},
      {"rule t.a\n  pattern a\n  kind moment\n  timex 2024\n", "x.rules:1",
       "unknown kind"},
      {"rule t.a\n  pattern a\n  kind date\n", "x.rules:1",
       "missing \"timex\""},
      {"rule t.a\n  pattern a\n  timex 2024\n", "x.rules:1",
       "missing \"kind\""},
      {"rule t.a\n  pattern a\n  kind date\n  timex 2024\n  mod LATE\n",
       "x.rules:1", "\"LATE\" is not a valid mod"},
      {"rule t.a\n  pattern a\n  kind date\n  timex 2024-13\n", "x.rules:1",
       "not a TIMEX3 value"},
      {"rule t.a\n  pattern a\n  kind duration\n  timex 3Y\n", "x.rules:1",
       "not a TIMEX3 value"},
      {"rule t.a\n  pattern a\n  kind date\n  anchor fortnight -1\n",
       "x.rules:1", "\"fortnight\" is not a valid anchor unit"},
      {"rule t.a\n  pattern a\n  kind date\n  anchor year\n", "x.rules:1",
       "expected \"UNIT OFFSET\""},
      {"rule t.a\n  pattern a\n  kind date\n  timex {anchor}\n", "x.rules:1",
       "without an anchor"},
      {"rule t.a\n  pattern a\n  kind date\n  timex 2024\n  direction "
       "sideways\n",
       "x.rules:1", "not a valid direction"},
      {"rule t.a\n  pattern a\n  kind date\n  timex 2024\n  value 3\n",
       "x.rules:1", "unknown attribute \"value\""},
      {"rule t.a\n  pattern a\n  cue later\n", "x.rules:1", "unknown cue"},
      {"rule t.a\n  pattern a\n  cue past\n  kind date\n", "x.rules:1",
       "either \"kind\" or \"cue\""},
      {"\nrule t.ok\n  pattern b\n  kind date\n  timex 2024\nrule t.b\n"
       "  pattern (?P<y>\\d+)\n  kind date\n  timex {y:pad3}\n",
       "x.rules:6", "unknown filter \"pad3\""},
      {"rule t.a\n  pattern a\n  kind date\n  timex {y\n", "x.rules:1",
       "unclosed placeholder"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto pack = RulePack::Parse(c.text, "x.rules");
    ASSERT_TRUE(pack.has_value()) << pack.error().ToString();
    auto extractor = TimeExtractor::Create(std::move(*pack));
    ASSERT_FALSE(extractor.has_value());
    EXPECT_EQ(extractor.error().code, ErrorCode::kBadRule);
    EXPECT_EQ(extractor.error().where, c.where);
    EXPECT_NE(extractor.error().message.find(c.message_part), std::string::npos)
        << extractor.error().message;
  }
}

}  // namespace
}  // namespace newsline
