#include "pipeline/rule_tests.h"

#include "extractors/engine/rule_files.h"

namespace newsline {

Result<RuleTestReport> TestRules(const Analyzer& analyzer,
                                 const std::string& lang,
                                 const std::string& rules_dir) {
  RuleTestReport report;
  for (const std::string& extractor : RuleExtractors()) {
    for (const std::string& l : RuleLanguages(extractor, rules_dir)) {
      if (!lang.empty() && l != lang) continue;
      auto pack = LoadRulePack(extractor, l, rules_dir);
      if (!pack) return std::unexpected(pack.error());
      std::optional<CivilDate> reference = CivilDate{2024, 6, 5};
      if (std::string_view r = pack->Setting("reference"); !r.empty()) {
        reference = ParseIsoDate(r);
        if (!reference) {
          return MakeError(ErrorCode::kBadRule, pack->path(),
                           "setting \"reference\" is not a YYYY-MM-DD date");
        }
      }
      ++report.files;
      report.rules += pack->rules().size();
      for (const Rule& r : pack->rules()) {
        report.examples += r.examples.size() + r.counters.size();
      }
      auto failures = CheckRuleExamples(*pack, [&](std::string_view text) {
        return analyzer.HitsFor(text, l, reference);
      });
      for (Error& f : failures) report.failures.push_back(std::move(f));
    }
  }
  return report;
}

}  // namespace newsline
