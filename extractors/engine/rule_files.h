// Where rule files come from: the copies built into the binary, or a folder.
//
// Rule files live in the source tree as
// extractors/<extractor>/rules/<lang>.rules and are compiled into the library,
// so an installed newsline needs no data folder. A user or test may point
// newsline at another tree with the same layout (--rules DIR) to try changed
// rules without rebuilding. Any module may call these functions; they are
// thread-safe.
#ifndef NEWSLINE_EXTRACTORS_ENGINE_RULE_FILES_H_
#define NEWSLINE_EXTRACTORS_ENGINE_RULE_FILES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "extractors/engine/rule_pack.h"

namespace newsline {

struct RuleFile {
  std::string path;  // "extractors/figures/rules/fr.rules"
  std::string contents;
};

// The extractor names that have rule files: "figures", "time", ...
std::vector<std::string> RuleExtractors();
// The languages with a rule file for `extractor`, sorted.
std::vector<std::string> RuleLanguages(std::string_view extractor,
                                       const std::string& rules_dir = "");

// Reads extractors/<extractor>/rules/<name> from `rules_dir` (a folder laid
// out like the source tree's extractors/) or, when rules_dir is empty, from
// the built-in copy. `name` is "<lang>.rules" or another data file of that
// extractor. Returns nullopt when there is no such file.
std::optional<RuleFile> ReadRuleFile(std::string_view extractor,
                                     std::string_view name,
                                     const std::string& rules_dir = "");

// Reads and parses the rule file of `extractor` for `lang`. Fails with
// kUnsupported when the language has none, kBadRule when it does not load.
Result<RulePack> LoadRulePack(std::string_view extractor, std::string_view lang,
                              const std::string& rules_dir = "");

}  // namespace newsline

#endif  // NEWSLINE_EXTRACTORS_ENGINE_RULE_FILES_H_
