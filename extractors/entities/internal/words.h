// Word-level helpers of the entities extractor: case-insensitive word sets
// built from rule-file tables, case mapping, roman numerals, currency codes.
//
// Internal to extractors/entities (Abseil's internal/ convention): other
// folders must not include it. Everything here is thread-safe: sets are
// immutable once built.
#ifndef NEWSLINE_EXTRACTORS_ENTITIES_INTERNAL_WORDS_H_
#define NEWSLINE_EXTRACTORS_ENTITIES_INTERNAL_WORDS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "extractors/engine/rule_pack.h"

namespace newsline::entities_internal {

// Lower-cases `s` into *out, with a fast path for ASCII (most words of most
// articles); other text goes through ICU's full case mapping.
void LowerInto(std::string_view s, std::string* out);

// 64-bit hashes of a word, and of its lower-case form. Tokens carry both,
// computed once, so that every later lookup of a word (word sets, the
// gazetteer, coreference) is an integer probe. Never 0 (0 marks empty slots).
uint64_t HashWord(std::string_view s);
uint64_t HashFolded(std::string_view s);

// An open-addressing set of word hashes: no allocation per entry, one or two
// cache lines per probe.
class HashSet {
 public:
  void Insert(uint64_t h);
  bool Contains(uint64_t h) const;
  bool empty() const { return size_ == 0; }
  void Clear();
  // Makes room for `n` entries without rehashing.
  void Reserve(size_t n);

 private:
  std::vector<uint64_t> slots_;
  size_t size_ = 0;
};

// Folds the typographic forms the pipeline's normalizer folds (’ → ', « » →
// ", no-break spaces → space), so that data written with them (ICU's
// "Côte d’Ivoire") matches normalized article text.
std::string FoldTypography(std::string_view s);

// Upper-cases with the rules of `lang` ("fr", "de" ...).
std::string ToUpper(std::string_view s, std::string_view lang);

// An open-addressing map from word hashes to small integers.
class HashIndex {
 public:
  // Sets the value of `key` (a HashWord or HashFolded value).
  void Put(uint64_t key, uint32_t value);
  // The value of `key`, or null.
  const uint32_t* Find(uint64_t key) const;
  bool empty() const { return size_ == 0; }

 private:
  std::vector<std::pair<uint64_t, uint32_t>> slots_;
  size_t size_ = 0;
};

// A set of words or phrases, compared case-insensitively. Built once from a
// rule-file table; Contains() allocates only for non-ASCII words.
class WordSet {
 public:
  WordSet() = default;
  // The keys of `table`; an absent table gives an empty set.
  explicit WordSet(const Table* table);

  void Add(std::string_view word);
  bool Contains(std::string_view word) const {
    return hashes_.Contains(HashFolded(word));
  }
  // `folded` is HashFolded of the word, as tokens carry it.
  bool ContainsFolded(uint64_t folded) const {
    return hashes_.Contains(folded);
  }
  bool empty() const { return hashes_.empty(); }

 private:
  HashSet hashes_;
};

// True for a valid upper-case roman numeral (II, XIV, MCM): such tokens are
// numbers ("Louis XIV", "Vatican II"), not acronyms.
bool IsRomanNumeral(std::string_view token);

// True if `code` is an ISO 4217 currency code ICU knows (USD, EUR): such
// tokens are units, not organizations.
bool IsCurrencyCode(std::string_view code);

}  // namespace newsline::entities_internal

#endif  // NEWSLINE_EXTRACTORS_ENTITIES_INTERNAL_WORDS_H_
