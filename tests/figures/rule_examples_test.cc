// Runs every example and counter-example of the built-in figures rules
// through the figures extractor.
#include "extractors/engine/rule_examples.h"

#include <gtest/gtest.h>

#include "extractors/engine/rule_files.h"
#include "tests/figures/figures_testing.h"

namespace newsline {
namespace {

class FiguresRuleExamples : public ::testing::TestWithParam<std::string> {};

TEST_P(FiguresRuleExamples, AllExamplesPass) {
  const std::string lang = GetParam();
  const FiguresExtractor& figures = testing::Figures(lang);
  ASSERT_FALSE(figures.pack().rules().empty());
  auto failures = CheckRuleExamples(figures.pack(), [&](std::string_view text) {
    std::vector<RuleHit> hits;
    for (const Mention& m : testing::ExtractFigures(text, lang)) {
      hits.push_back(HitOf(m));
    }
    return hits;
  });
  for (const Error& f : failures) ADD_FAILURE() << f.ToString();
}

TEST(FiguresRuleFiles, EveryLanguageLoads) {
  const std::vector<std::string> langs = RuleLanguages("figures");
  EXPECT_EQ(langs, (std::vector<std::string>{"en", "fr"}));
  for (const std::string& lang : langs) {
    auto pack = LoadRulePack("figures", lang);
    ASSERT_TRUE(pack.has_value()) << pack.error().ToString();
    auto figures = FiguresExtractor::Create(std::move(*pack));
    EXPECT_TRUE(figures.has_value()) << figures.error().ToString();
  }
}

INSTANTIATE_TEST_SUITE_P(BuiltIn, FiguresRuleExamples,
                         ::testing::Values("fr", "en"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace newsline
