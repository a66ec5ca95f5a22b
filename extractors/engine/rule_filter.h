// RuleFilter: finds the matches of many rules in a sentence without one big
// RE2::Set.
//
// One RE2::Set over all of a language's expression rules is fast on text it
// has seen but slow on new text: its DFA has a huge number of states (every
// combination of partial matches of dozens of patterns), built lazily, so
// that on unseen news text it runs at a few MB/s. RuleFilter instead uses
// RE2's FilteredRE2: each rule is reduced to the literal strings ("atoms")
// one of which any match must contain ("june", "quarter", "ago"). A sentence
// is scanned once for all atoms with an Aho-Corasick automaton over its
// case-folded bytes (one table lookup per byte, no lazy state), and only the
// rules whose atoms occur are run, each with its own RE2. Rules without
// atoms (those made of digits and short words) share a small RE2::Set. And
// rules that cannot match without a digit are skipped in sentences that
// have none.
// Matches are those RulePack::FindAll would give for the same rules.
//
// Used by RulePack::FindAll, and by extractors that match subsets of their
// rules (the time extractor). Immutable after Create; const methods are
// thread-safe.
#ifndef NEWSLINE_EXTRACTORS_ENGINE_RULE_FILTER_H_
#define NEWSLINE_EXTRACTORS_ENGINE_RULE_FILTER_H_

#include <re2/filtered_re2.h>

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/error.h"
#include "extractors/engine/rule_pack.h"
#include "extractors/engine/rule_subset.h"

namespace newsline {

// Finds which of a set of lower-case strings occur in a text, ignoring the
// case of ASCII and Latin-1 letters, with an Aho-Corasick automaton. It may
// report an atom that is not there (it folds bytes, not characters), never
// miss one: a prefilter may let too much through, not too little.
// Immutable after construction.
class AtomScanner {
 public:
  explicit AtomScanner(const std::vector<std::string>& atoms);
  // Appends the index of every atom found in `text` once to *found; returns
  // whether `text` holds an ASCII digit.
  bool Scan(std::string_view text, std::vector<int>* found) const;
  // Scan of two texts at once, faster than one after the other.
  void ScanPair(std::string_view a, std::vector<int>* found_a, bool* digit_a,
                std::string_view b, std::vector<int>* found_b,
                bool* digit_b) const;

 private:
  void Step(unsigned char c, uint32_t* row, std::vector<int>* found) const {
    const uint32_t next = next_[*row + byte_class_[c]];
    *row = next >> 1;
    if (next & 1) {
      const auto& atoms = outputs_[*row / classes_];
      found->insert(found->end(), atoms.begin(), atoms.end());
    }
  }

  // Bytes that occur in no atom share class 0, and a capital shares the
  // class of its small letter, so that the transition table is small enough
  // for the cache and needs no case folding.
  std::array<uint16_t, 256> byte_class_{};
  size_t classes_ = 1;
  // Transitions: next_[row + class] is the next state's row (state *
  // classes_) shifted left by one, with the low bit set when atoms end in
  // that state. Rows rather than states, and the flag in the same word, keep
  // the per-byte loop to one dependent load.
  std::vector<uint32_t> next_;
  std::vector<std::vector<int>> outputs_;  // atoms ending in each state
};

class RuleFilter {
 public:
  RuleFilter();
  RuleFilter(RuleFilter&&) noexcept;
  RuleFilter& operator=(RuleFilter&&) noexcept;
  ~RuleFilter();

  // A filter over `rules`, which must outlive it.
  static Result<RuleFilter> Create(std::vector<const Rule*> rules);

  // Reusable buffers for FindAll, so that sentences without a time
  // expression cost no allocation. One per thread.
  struct Scratch {
    std::vector<int> hits;
    // (rule key, range index) pairs of FindAllIn, and the ranges that hold
    // a digit.
    std::vector<std::pair<uint32_t, uint32_t>> tasks, ordered_tasks;
    // By range: its text, begin and end (clamped to the text).
    struct Span {
      std::string_view text;
      size_t begin;
      size_t end;
    };
    std::vector<Span> spans;
    std::vector<uint32_t> first_task;  // by key: counting sort of tasks
    // Bytes, not std::vector<bool>: its bit arithmetic on every read and
    // write was a quarter of FindAllInBatch's own time.
    std::vector<uint8_t> digit;
    std::vector<std::vector<int>> atoms_of;  // by range
    std::vector<uint32_t> unscanned;         // ranges no SharedScan saw
    // (job, range) of each range of FindAllInBatch, numbered in order.
    std::vector<std::pair<uint32_t, uint32_t>> where;
    std::vector<std::vector<RuleMatch>> one;
    std::vector<std::vector<std::vector<RuleMatch>>> batch;
    // Potentials' answers by filter id and atom set: an open-addressing
    // table over one pool of ints, grown to 32 768 slots, then cleared
    // when half full. (Through a map keyed by strings, Potentials took
    // 2.8% of an analysis, most of it hashing keys and chasing nodes.)
    struct MemoSlot {
      uint64_t hash = 0;  // 0: empty
      uint32_t at = 0;    // into memo_pool: id (2 ints), sizes, atoms, rules
    };
    std::vector<MemoSlot> memo_slots;
    std::vector<int> memo_pool;
    size_t memo_used = 0;
    std::vector<int> potential;
  };

  // As RulePack::FindAll for these rules: appends to *out.
  void FindAll(std::string_view text, size_t begin, size_t end,
               Scratch* scratch, std::vector<RuleMatch>* out) const;

  // As FindAll for each range in turn: (*out)[i] holds, in the same order,
  // the matches FindAll would give for ranges[i]. It finds what each range
  // may hold first, then runs each rule over all its ranges in a row: the
  // DFAs of hundreds of rules do not fit the CPU caches together, and run
  // several times faster when one stays warm than when they take turns.
  void FindAllIn(std::string_view text, std::span<const TextRange> ranges,
                 Scratch* scratch,
                 std::vector<std::vector<RuleMatch>>* out) const;

  // FindAllIn for several texts: (*out)[j] is what FindAllIn gives for
  // jobs[j]. Each rule runs over the ranges of all the texts in a row, which
  // keeps its automaton warm across a batch of documents.
  void FindAllInBatch(
      std::span<const MatchJob> jobs, Scratch* scratch,
      std::vector<std::vector<std::vector<RuleMatch>>>* out) const;

  // Unique to this filter for the life of the process.
  uint64_t id() const { return id_; }
  // The literals its scanner looks for, by index.
  const std::vector<std::string>& atoms() const { return atoms_; }

 private:
  // FilteredRE2::AllPotentials(atoms), remembered in *scratch; valid until
  // the next call.
  std::span<const int> Potentials(const std::vector<int>& atoms,
                                  Scratch* scratch) const;

  // Unique to this filter for the life of the process (unlike its address,
  // which a later filter may reuse): Potentials' memory is keyed by it.
  uint64_t id_ = 0;
  std::vector<const Rule*> rules_;
  std::unique_ptr<re2::FilteredRE2> filter_;
  std::vector<std::string> atoms_;
  std::unique_ptr<AtomScanner> scanner_;
  std::vector<uint8_t> unfiltered_;   // by rule index
  std::vector<uint8_t> needs_digit_;  // by rule index: skipped without a digit
  // The rules FilteredRE2 cannot filter (no literal of 3 bytes or more).
  // Those that cannot match without a digit run only where there is one.
  RuleSubset always_;
  RuleSubset with_digit_;
};

// One literal scan for several RuleFilters: the rule packs of one language
// each scan every sentence for their own literals, four scans of the same
// text; a SharedScan scans it once for all of them, with one automaton over
// the union of their literals, and each filter reads its own literals from
// the result. The analyzer holds one per language (immutable, shared by the
// worker threads); a SharedScan::Batch scans a batch's texts and, while it
// lives, serves the FindAllInBatch calls of the filters on its thread.
// Results are those of each filter's own scan, except that a range scanned
// further than a filter asks (to the next sentence) may report literals of
// the few characters after it: a prefilter may let too much through, and
// the rules find nothing outside their range.
class SharedScan {
 public:
  // Over the literals of `filters`, which must outlive it.
  explicit SharedScan(std::span<const RuleFilter* const> filters);

  class Batch {
   public:
    // Scans every range of every job (their texts must outlive the
    // Batch) and makes this the current Batch of the thread.
    Batch(const SharedScan& scan, std::span<const MatchJob> jobs);
    ~Batch();
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;

    // The thread's current Batch, or null.
    static const Batch* Current();

    // When a range of `text` starting at `begin` and reaching at least to
    // `end` was scanned, and `filter` is one of the scan's filters: stores
    // the filter's literals found there in *atoms (sorted, unique; as its
    // own scanner would number them) and whether a digit occurs in
    // *digit, and returns true.
    bool Lookup(uint64_t filter, std::string_view text, size_t begin,
                size_t end, std::vector<int>* atoms, bool* digit) const;

   private:
    struct Entry {
      const char* text;
      size_t begin, end;
      uint32_t first, count;  // into found_
      bool digit;
    };
    // The entry of the range of `text` that starts at `begin`, or null.
    const Entry* Find(const char* text, size_t begin) const;

    const SharedScan& scan_;
    const Batch* previous_;
    std::vector<Entry> entries_;  // in the order scanned
    std::vector<int> found_;      // literals of the union, by range
    // Each text's entries, [first, last) in entries_, sorted by begin.
    std::unordered_map<const char*, std::pair<uint32_t, uint32_t>> texts_;
    // Filters read the ranges in the order scanned, mostly: the entry
    // after the last one found is tried first. (A Batch serves one thread.)
    mutable size_t next_ = 0;
  };

 private:
  // Index of the filter in filters_, or -1.
  int SlotOf(uint64_t filter) const;

  std::vector<uint64_t> filters_;  // ids
  // For each filter, the index of each literal of the union in its own
  // numbering, or -1.
  std::vector<std::vector<int>> local_;
  std::unique_ptr<AtomScanner> scanner_;
};

// Whether `re` can match nothing but the empty string, if anything: such a
// rule never yields a match, and RuleFilter leaves it out.
bool MatchesOnlyEmpty(const RE2& re);

// Whether every match of `pattern` (RE2 syntax, macros expanded) holds an
// ASCII digit, as far as FilteredRE2's analysis can tell; false when unsure.
bool RequiresDigit(const std::string& pattern, bool case_sensitive);

}  // namespace newsline

#endif  // NEWSLINE_EXTRACTORS_ENGINE_RULE_FILTER_H_
