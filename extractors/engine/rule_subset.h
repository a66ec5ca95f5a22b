// RuleSubset: matching with some of a RulePack's rules only, through one
// RE2::Set over them.
//
// RuleFilter runs its unfilterable rules through RuleSubsets, and an
// extractor may keep its own over part of its pack (the time extractor runs
// its tense-cue rules only where an expression needs a tense). Matches are
// found as RulePack::FindAll finds them: one Set pass (none for a subset of
// one rule), then each hit rule's own RE2, keeping matches on token
// boundaries. Immutable after Create, so const methods are thread-safe.
#ifndef NEWSLINE_EXTRACTORS_ENGINE_RULE_SUBSET_H_
#define NEWSLINE_EXTRACTORS_ENGINE_RULE_SUBSET_H_

#include <re2/set.h>

#include <memory>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "extractors/engine/rule_pack.h"

namespace newsline {

class RuleSubset {
 public:
  RuleSubset() = default;

  // A subset of `rules`, which must outlive it. Fails only if RE2 cannot
  // compile the set (the pack compiled the same patterns already).
  static Result<RuleSubset> Create(std::vector<const Rule*> rules);

  // As RulePack::FindAll, for this subset's rules: appends to *out. `hits`
  // is scratch space, kept by the caller to save allocations.
  void FindAll(std::string_view text, size_t begin, size_t end,
               std::vector<int>* hits, std::vector<RuleMatch>* out) const;

  // The indexes (into this subset) of the rules that may occur in
  // text[begin, end), sorted, for their own searches to find: the Set
  // pass's hits. A subset of one rule has no Set and answers that rule: its
  // own search costs what the pass would, with one automaton fewer taking
  // turns in the caches. Every rule when RE2's DFA runs out of memory,
  // rather than silently lose matches.
  void Hits(std::string_view text, size_t begin, size_t end,
            std::vector<int>* hits) const;
  const Rule& rule(int index) const {
    return *rules_[static_cast<size_t>(index)];
  }

  bool empty() const { return rules_.empty(); }
  size_t size() const { return rules_.size(); }

 private:
  std::vector<const Rule*> rules_;
  std::unique_ptr<re2::RE2::Set> set_;
};

// Appends the matches of one rule in text[begin, end), as RulePack::FindAll
// finds them.
void FindRuleMatches(const Rule& rule, std::string_view text, size_t begin,
                     size_t end, std::vector<RuleMatch>* out);

}  // namespace newsline

#endif  // NEWSLINE_EXTRACTORS_ENGINE_RULE_SUBSET_H_
