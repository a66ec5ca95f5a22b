// RulePack: a language's rules for one extractor, loaded from a text file.
//
// Rules are data. Each extractor (figures, time, entities, events) has one
// rule file per language, e.g. extractors/time/rules/fr.rules. A RulePack
// parses and validates such a file (macros, tables, RE2 compilation,
// duplicate ids), then finds every rule's matches in a span of text with one
// RE2::Set pass followed by the matching rules' own RE2s. What a match means
// (a value, a TIMEX3 template, an entity type) is the extractor's business:
// it reads the rule's attributes and the match's named groups.
//
// File format (line based; '#' starts a comment line):
//
//   lang fr                       top-level setting: "key value"
//   define NUM  \d+(?:,\d+)?       macro, used as {NUM} in patterns and macros
//   table MONTH                   word table; {MONTH} matches any of its keys
//     janvier = 1                 indented: "key = value"
//   rule fr.date.day_month        a rule, with a stable id (it is in the
//   output)
//     pattern  (?P<d>\d{1,2}) {MONTH}
//     timex    {YEAR}-{MONTH}-{d}  any other indented "key value": an attribute
//     example  le 3 mai => timex=2024-05-03; mod=   must fire, with those
//     values counter  H100                 must not fire
//
// Patterns are RE2 syntax, case-insensitive unless the rule says
// "case sensitive". Several `pattern` lines are concatenated. A match must
// start and end on token boundaries: a word character at the edge of a match
// may not touch another word character, and a digit at the edge may not be
// joined to a word by - . , / (so no "100" out of "H100" or "19" out of
// "COVID-19"); "boundary none" turns the check off for a rule.
//
// Matching is RE2's leftmost-first: within an alternation write the longer
// alternatives first ("(?:ments|ment|s)"; tables are sorted that way), since a
// match that fails the boundary check is not retried shorter at the same
// place, only from the next character. For the same reason `$` does not match
// at a sentence end that is not the end of the text.
//
// A RulePack is immutable after loading; const methods are safe to call from
// many threads. Not copyable (it owns compiled RE2s); movable.
#ifndef NEWSLINE_EXTRACTORS_ENGINE_RULE_PACK_H_
#define NEWSLINE_EXTRACTORS_ENGINE_RULE_PACK_H_

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/document.h"
#include "core/error.h"

namespace newsline {

class RuleFilter;

// An example or counter-example attached to a rule.
struct RuleExample {
  std::string text;
  // Expected attribute values of the mention the rule produces ("timex",
  // "2024-05-03"); empty for counters and for examples that only must fire.
  std::vector<std::pair<std::string, std::string>> expect;
  int line = 0;
};

struct Rule {
  std::string id;
  std::string pattern;  // after macro expansion
  int line = 0;         // where "rule ID" stands in the file
  int priority = 0;     // breaks ties between equally long overlapping matches
  bool case_sensitive = false;
  bool check_boundaries = true;
  // Every other indented "key value" line; a repeated key keeps the last.
  std::map<std::string, std::string, std::less<>> attributes;
  std::vector<RuleExample> examples;
  std::vector<RuleExample> counters;
  std::shared_ptr<const re2::RE2> regex;
  std::vector<std::string> group_names;  // by group index; "" for unnamed

  // The attribute's value, or `fallback` when the rule has none.
  std::string_view Attribute(std::string_view key,
                             std::string_view fallback = "") const;
  bool HasAttribute(std::string_view key) const;
};

// A word table: keys are matched case-insensitively.
class Table {
 public:
  // The value for `key`, or nullopt. Case and "’" vs "'" are ignored.
  std::optional<std::string_view> Lookup(std::string_view key) const;
  const std::vector<std::pair<std::string, std::string>>& entries() const {
    return entries_;
  }

 private:
  friend class RulePack;
  std::vector<std::pair<std::string, std::string>> entries_;  // file order
  std::map<std::string, std::string, std::less<>> by_key_;    // lower-cased
};

struct RuleMatch {
  const Rule* rule = nullptr;
  size_t begin = 0;  // byte offsets into the searched text
  size_t end = 0;
  // Captured groups by index (0 = whole match); empty view when a group did
  // not take part. Views into the searched text.
  std::vector<std::string_view> groups;

  // The named group's text, or "" when absent or not matched.
  std::string_view Group(std::string_view name) const;
  bool HasGroup(std::string_view name) const;
};

// A span of text to search, as byte offsets: [begin, end).
struct TextRange {
  size_t begin = 0;
  size_t end = 0;
};

// A text and the ranges of it to search, for RulePack::FindAllInBatch.
struct MatchJob {
  std::string_view text;
  std::span<const TextRange> ranges;
};

// The ranges of a document's sentences, for RulePack::FindAllIn.
std::vector<TextRange> SentenceRanges(std::span<const Sentence> sentences);

// The match jobs of a batch of documents, for RulePack::FindAllInBatch:
// each document's text with the ranges ranges_of(*doc) gives, stored in
// *ranges, which the jobs point into.
template <typename RangesOf>
std::vector<MatchJob> MatchJobs(std::span<const Document* const> docs,
                                RangesOf&& ranges_of,
                                std::vector<std::vector<TextRange>>* ranges) {
  ranges->clear();
  ranges->reserve(docs.size());
  std::vector<MatchJob> jobs;
  jobs.reserve(docs.size());
  for (const Document* doc : docs) {
    ranges->push_back(ranges_of(*doc));
    jobs.push_back({doc->text, ranges->back()});
  }
  return jobs;
}

class RulePack {
 public:
  // Parses a rule file's contents. `path` is used in error messages
  // ("path:line: message"). Fails on syntax errors, unknown macros,
  // duplicate ids, and patterns RE2 rejects.
  static Result<RulePack> Parse(std::string_view contents, std::string path);
  // Reads and parses a file.
  static Result<RulePack> Load(const std::string& path);

  RulePack(RulePack&&) noexcept;
  RulePack& operator=(RulePack&&) noexcept;
  ~RulePack();

  const std::string& path() const { return path_; }
  std::span<const Rule> rules() const { return rules_; }
  const Rule* FindRule(std::string_view id) const;
  const Table* FindTable(std::string_view name) const;
  // A top-level setting ("lang", "reference", ...), or `fallback`.
  std::string_view Setting(std::string_view key,
                           std::string_view fallback = "") const;

  // Finds all matches of all rules inside text[begin, end). Boundaries are
  // checked against the whole `text`, so a match at `begin` still sees the
  // character before it. Matches of one rule do not overlap each other;
  // matches of different rules may: see ResolveOverlaps. Only the rules
  // whose literal strings occur in the span are run (see rule_filter.h).
  std::vector<RuleMatch> FindAll(std::string_view text, size_t begin = 0,
                                 size_t end = std::string_view::npos) const;
  // FindAll for each range (a document's sentences): element i holds what
  // FindAll(text, ranges[i].begin, ranges[i].end) returns. Faster than
  // calling FindAll range by range; see RuleFilter::FindAllIn.
  std::vector<std::vector<RuleMatch>> FindAllIn(
      std::string_view text, std::span<const TextRange> ranges) const;
  // FindAllIn for several texts (a batch of documents): element j is what
  // FindAllIn(jobs[j].text, jobs[j].ranges) returns. Faster than FindAllIn
  // text by text: each rule runs over all the texts in a row, while its
  // automaton is in the CPU caches (a search costs several times more when
  // the automata of hundreds of rules take turns).
  std::vector<std::vector<std::vector<RuleMatch>>> FindAllInBatch(
      std::span<const MatchJob> jobs) const;

  // The filter the Find* methods run, for a SharedScan.
  const RuleFilter* filter() const { return filter_.get(); }

 private:
  RulePack() = default;

  std::string path_;
  std::vector<Rule> rules_;
  std::map<std::string, Table, std::less<>> tables_;
  std::map<std::string, std::string, std::less<>> settings_;
  std::unique_ptr<RuleFilter> filter_;  // over rules_
};

// Chooses non-overlapping items among `items` (anything with `begin`, `end`
// and `const Rule* rule`): longer first, then higher rule priority, then
// earlier start, then earlier rule in the file. Sets *kept to pointers to
// the chosen items, sorted by position. Reorders `items`.
template <typename T>
void KeepNonOverlapping(std::vector<T>& items, std::vector<T*>* kept) {
  std::sort(items.begin(), items.end(), [](const T& a, const T& b) {
    const size_t la = a.end - a.begin, lb = b.end - b.begin;
    if (la != lb) return la > lb;
    if (a.rule->priority != b.rule->priority) {
      return a.rule->priority > b.rule->priority;
    }
    if (a.begin != b.begin) return a.begin < b.begin;
    return a.rule->line < b.rule->line;
  });
  kept->clear();
  for (T& item : items) {
    const bool overlaps = std::any_of(
        kept->begin(), kept->end(),
        [&](const T* k) { return item.begin < k->end && k->begin < item.end; });
    if (!overlaps) kept->push_back(&item);
  }
  std::sort(kept->begin(), kept->end(),
            [](const T* a, const T* b) { return a->begin < b->begin; });
}

// KeepNonOverlapping for rule matches, returning the kept matches.
std::vector<RuleMatch> ResolveOverlaps(std::vector<RuleMatch> matches);

// True if [begin, end) in `text` starts and ends on token boundaries as
// described in the file comment.
bool OnTokenBoundaries(std::string_view text, size_t begin, size_t end);

}  // namespace newsline

#endif  // NEWSLINE_EXTRACTORS_ENGINE_RULE_PACK_H_
