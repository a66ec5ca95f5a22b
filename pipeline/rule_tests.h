// Runs the examples and counter-examples of every rule file through the
// whole pipeline: the library side of `newsline rules test`.
#ifndef NEWSLINE_PIPELINE_RULE_TESTS_H_
#define NEWSLINE_PIPELINE_RULE_TESTS_H_

#include <string>
#include <vector>

#include "core/error.h"
#include "pipeline/analyzer.h"

namespace newsline {

struct RuleTestReport {
  size_t files = 0;
  size_t rules = 0;
  size_t examples = 0;          // examples and counter-examples run
  std::vector<Error> failures;  // "path:line: ..." each
};

// Tests the rule files of `lang` ("" = every language) found in `rules_dir`
// ("" = the built-in rules) with `analyzer`, which must have been created
// from the same rules. Each file's examples use the date of its `reference`
// setting (default 2024-06-05) as the article date. Fails if a file does not
// load.
Result<RuleTestReport> TestRules(const Analyzer& analyzer,
                                 const std::string& lang,
                                 const std::string& rules_dir);

}  // namespace newsline

#endif  // NEWSLINE_PIPELINE_RULE_TESTS_H_
