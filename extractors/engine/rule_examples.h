// Runs the examples and counter-examples of a rule file.
//
// Every rule carries examples that must make it fire (optionally with given
// attribute values) and counter-examples that must not. CheckRuleExamples
// runs them through whatever analysis the caller supplies: the real pipeline
// for `newsline rules test`, or a single extractor in its unit tests. Thread-
// compatible; no state.
//
// Example:
//   auto failures = CheckRuleExamples(pack, [&](std::string_view text) {
//     return HitsOf(MyAnalysis(text));
//   });
//   for (const Error& f : failures) std::cerr << f.ToString() << "\n";
#ifndef NEWSLINE_EXTRACTORS_ENGINE_RULE_EXAMPLES_H_
#define NEWSLINE_EXTRACTORS_ENGINE_RULE_EXAMPLES_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/mention.h"
#include "extractors/engine/rule_pack.h"

namespace newsline {

// Something a rule produced: a mention, or an event's trigger.
struct RuleHit {
  std::string rule;
  std::string text;
  // Attribute values as written in examples: "value" → "10000000000".
  std::map<std::string, std::string, std::less<>> attributes;
};

// The hit of a mention: its rule, text and every attribute it has.
RuleHit HitOf(const Mention& mention);

// Analyzes one example text and returns everything that fired.
using AnalyzeFn = std::function<std::vector<RuleHit>(std::string_view text)>;

// Returns one error per failing example ("path:line: ..."), none if all pass.
// Numbers compare with a relative tolerance of 1e-9; "text" compares exactly.
std::vector<Error> CheckRuleExamples(const RulePack& pack,
                                     const AnalyzeFn& analyze);

}  // namespace newsline

#endif  // NEWSLINE_EXTRACTORS_ENGINE_RULE_EXAMPLES_H_
