#include "extractors/engine/rule_examples.h"

#include <cmath>
#include <cstdlib>

namespace newsline {
namespace {

constexpr std::string_view kAttributeKeys[] = {
    "kind", "value", "unit",  "object", "approx", "min",      "max",
    "from", "to",    "timex", "type",   "mod",    "canonical"};

bool SameValue(std::string_view expected, std::string_view actual) {
  if (expected == actual) return true;
  std::string e(expected), a(actual);
  char* ee = nullptr;
  char* ae = nullptr;
  const double x = std::strtod(e.c_str(), &ee);
  const double y = std::strtod(a.c_str(), &ae);
  if (e.empty() || a.empty() || *ee != '\0' || *ae != '\0') return false;
  return std::fabs(x - y) <= 1e-9 * std::max(std::fabs(x), std::fabs(y));
}

std::string Describe(const std::vector<RuleHit>& hits) {
  if (hits.empty()) return "nothing fired";
  std::string out = "fired:";
  for (const RuleHit& h : hits) {
    out += " " + h.rule + " \"" + h.text + "\"";
  }
  return out;
}

}  // namespace

RuleHit HitOf(const Mention& mention) {
  RuleHit hit{mention.rule, mention.text, {}};
  for (std::string_view key : kAttributeKeys) {
    if (auto v = mention.Attribute(key)) hit.attributes[std::string(key)] = *v;
  }
  return hit;
}

std::vector<Error> CheckRuleExamples(const RulePack& pack,
                                     const AnalyzeFn& analyze) {
  std::vector<Error> failures;
  auto fail = [&](int line, std::string message) {
    failures.push_back(Error{ErrorCode::kBadRule,
                             pack.path() + ":" + std::to_string(line),
                             std::move(message)});
  };
  for (const Rule& rule : pack.rules()) {
    for (const RuleExample& ex : rule.examples) {
      const std::vector<RuleHit> hits = analyze(ex.text);
      std::string want_text;
      for (const auto& [k, v] : ex.expect) {
        if (k == "text") want_text = v;
      }
      const RuleHit* found = nullptr;
      for (const RuleHit& h : hits) {
        if (h.rule == rule.id && (want_text.empty() || h.text == want_text)) {
          found = &h;
          break;
        }
      }
      if (found == nullptr) {
        fail(ex.line,
             "example \"" + ex.text + "\": rule " + rule.id +
                 (want_text.empty() ? "" : " on \"" + want_text + "\"") +
                 " did not fire; " + Describe(hits));
        continue;
      }
      for (const auto& [k, v] : ex.expect) {
        if (k == "text") continue;
        auto it = found->attributes.find(k);
        if (it == found->attributes.end()) {
          fail(ex.line,
               "example \"" + ex.text + "\": unknown attribute \"" + k + "\"");
        } else if (!SameValue(v, it->second)) {
          fail(ex.line, "example \"" + ex.text + "\": " + k + " is \"" +
                            it->second + "\", expected \"" + v + "\"");
        }
      }
    }
    for (const RuleExample& ex : rule.counters) {
      for (const RuleHit& h : analyze(ex.text)) {
        if (h.rule == rule.id) {
          fail(ex.line, "counter-example \"" + ex.text + "\": rule " + rule.id +
                            " fired on \"" + h.text + "\"");
          break;
        }
      }
    }
  }
  return failures;
}

}  // namespace newsline
