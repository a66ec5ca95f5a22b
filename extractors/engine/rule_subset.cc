#include "extractors/engine/rule_subset.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <string>

#include "core/unicode.h"

namespace newsline {

void FindRuleMatches(const Rule& rule, std::string_view text, size_t begin,
                     size_t end, std::vector<RuleMatch>* out) {
  const RE2& re = *rule.regex;
  // Captures live on the stack for the usual handful of groups.
  const size_t n = rule.group_names.size();
  std::array<re2::StringPiece, 24> local;
  std::vector<re2::StringPiece> heap;
  if (n > local.size()) heap.resize(n);
  re2::StringPiece* pieces = n > local.size() ? heap.data() : local.data();
  const re2::StringPiece whole(text.data(), text.size());
  size_t pos = begin;
  // Find the span first, asking for no groups: RE2 then runs only its DFAs.
  // Asked for groups over a short text, RE2 would skip the DFAs and run its
  // backtracker over the whole sentence, which is many times slower for
  // large patterns (tables of number words) and wasted on the many matches
  // the boundary check rejects. The groups come from a second, anchored
  // match over the span alone; it finds the same parse, since the span's
  // leftmost-first parse is also the first among those that end where it
  // ends.
  re2::StringPiece span;
  while (pos < end && re.Match(whole, pos, end, RE2::UNANCHORED, &span, 1)) {
    const size_t mb = static_cast<size_t>(span.data() - text.data());
    const size_t me = mb + span.size();
    if (me > mb &&
        (!rule.check_boundaries || OnTokenBoundaries(text, mb, me))) {
      pieces[0] = span;
      if (n > 1) {
        [[maybe_unused]] const bool same = re.Match(
            whole, mb, me, RE2::ANCHOR_BOTH, pieces, static_cast<int>(n));
        assert(same);
      }
      RuleMatch m{&rule, mb, me, {}};
      m.groups.reserve(n);
      for (size_t g = 0; g < n; ++g)
        m.groups.emplace_back(pieces[g].data(), pieces[g].size());
      out->push_back(std::move(m));
      pos = me;
    } else {
      // Empty or mid-token: retry one code point further on.
      size_t len = 1;
      DecodeAt(text, mb, &len);
      pos = mb + std::max<size_t>(len, 1);
    }
  }
}

Result<RuleSubset> RuleSubset::Create(std::vector<const Rule*> rules) {
  RuleSubset out;
  out.rules_ = std::move(rules);
  if (out.rules_.size() <= 1) return out;  // see Hits
  // Each rule's own RE2 holds the pattern and options the pack compiled, so
  // the set agrees with it.
  out.set_ = std::make_unique<RE2::Set>(out.rules_.front()->regex->options(),
                                        RE2::UNANCHORED);
  for (const Rule* rule : out.rules_) {
    std::string error;
    if (out.set_->Add(rule->regex->pattern(), &error) < 0) {
      return MakeError(ErrorCode::kBadRule, "",
                       "rule " + rule->id + ": bad pattern: " + error);
    }
  }
  if (!out.set_->Compile()) {
    return MakeError(ErrorCode::kBadRule, "",
                     "rules too large to compile together");
  }
  return out;
}

void RuleSubset::Hits(std::string_view text, size_t begin, size_t end,
                      std::vector<int>* hits) const {
  hits->clear();
  end = std::min(end, text.size());
  if (begin >= end) return;
  if (rules_.size() == 1) {
    hits->push_back(0);
    return;
  }
  if (set_ == nullptr) return;
  RE2::Set::ErrorInfo error;
  if (!set_->Match(text.substr(begin, end - begin), hits, &error)) {
    hits->clear();
    if (error.kind != RE2::Set::kOutOfMemory) return;
    hits->resize(rules_.size());
    for (size_t i = 0; i < rules_.size(); ++i) (*hits)[i] = static_cast<int>(i);
  }
  std::sort(hits->begin(), hits->end());
}

void RuleSubset::FindAll(std::string_view text, size_t begin, size_t end,
                         std::vector<int>* hits,
                         std::vector<RuleMatch>* out) const {
  end = std::min(end, text.size());
  Hits(text, begin, end, hits);
  for (int index : *hits) {
    FindRuleMatches(*rules_[static_cast<size_t>(index)], text, begin, end, out);
  }
}

}  // namespace newsline
