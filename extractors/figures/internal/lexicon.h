// Lexicon: the word tables and settings of a figures rule file, compiled
// into lookup maps once, when the extractor is built.
//
// Internal to extractors/figures. The table formats are documented in
// extractors/figures/figures.h; Build reports a malformed entry as
// "path: table NAME, key \"...\": ...". Immutable after Build; const methods
// are thread-safe.
#ifndef NEWSLINE_EXTRACTORS_FIGURES_INTERNAL_LEXICON_H_
#define NEWSLINE_EXTRACTORS_FIGURES_INTERNAL_LEXICON_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "extractors/engine/rule_pack.h"

namespace newsline::figures {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const {
    return std::hash<std::string_view>{}(s);
  }
};
template <typename V>
using WordMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

// How a number word takes part in composing a value.
enum class Role {
  kAdd,         // vingt, twenty, 0.5: adds to the current group
  kHundred,     // cent, hundred: multiplies the current group
  kScale,       // mille, million, billion: closes a group times the scale
  kCollective,  // douzaine, dizaine, dozen: multiplies the count before it
  kOrdinal,     // cinquième, fifth: an ordinal, or a fraction's denominator
  kFraction,    // demi, tiers, half, quarter: only a denominator
  kArticle,     // un, une, a, an: 1 before a multiplier or denominator
  kAnd,         // et, and: joins parts of one number
  kPoint,       // virgule, point: spelled decimal point
  kMinus,       // minus, negative
  kOver,        // sur, over, out of: a fraction "un sur trois"
};

struct NumberWord {
  double value = 0;
  Role role = Role::kAdd;
  bool standalone = false;  // is a number on its own ("cent", "mille", "half")
  bool approx = false;      // "une dizaine" is about ten
  bool words_only = false;  // multiplies only spelled counts: "cinq cents"
  bool ambiguous = false;   // alone, a figure only if it counts something
  bool plural = false;      // "cinquièmes": a denominator, not an ordinal
  bool proper = false;      // "out of": only fractions up to one
  bool inner = false;       // an article that is one inside a number:
                            // "vingt et un", "cent un"; not "a" in English
};

struct Currency {
  std::string code;   // ISO 4217
  double factor = 1;  // 0.01 for minor units: cents, centimes, pence
};

enum class Modifier { kApprox, kMin, kMax };
enum class PairType { kRange, kChange };

struct PairShape {
  std::string opener;     // folded; empty when the shape has none
  std::string connector;  // folded: "à", "-", "to"
  PairType type = PairType::kRange;
};

// A set of folded keys (single or several words) with their values.
class Phrases {
 public:
  void Add(std::string key, std::string value);
  const std::string* Find(std::string_view folded) const;
  bool Contains(std::string_view folded) const {
    return Find(folded) != nullptr;
  }
  bool empty() const { return map_.empty(); }
  size_t max_bytes() const { return max_bytes_; }

  // False when no key can occur in `text`: a quick test before looking for
  // keys word by word.
  bool MayOccurIn(std::string_view text) const;

  // The longest key that `text` has right after `pos` (after spaces) and
  // that ends at a word boundary; returns its end or npos. *value gets its
  // value.
  size_t MatchAfter(std::string_view text, size_t pos, size_t end,
                    const std::string** value = nullptr) const;
  // The longest key that ends right before `pos` (before spaces) and starts
  // at a word boundary; returns its start or npos.
  size_t MatchBefore(std::string_view text, size_t pos, size_t begin,
                     const std::string** value = nullptr) const;

 private:
  WordMap<std::string> map_;
  size_t max_bytes_ = 0;
  // The bytes keys start and end with, both cases: a quick "cannot match".
  bool first_byte_[256] = {};
  bool last_byte_[256] = {};
  // The longest run of ASCII letters of each key, once; anywhere_ when a
  // key has none of three letters or more.
  std::vector<std::string> probes_;
  bool anywhere_ = false;
};

class Lexicon {
 public:
  static Result<Lexicon> Build(const RulePack& pack);

  // Number words are looked up folded. Returns the longest number word of
  // folded text `folded` starting at `pos` and ending at a word boundary;
  // its length in *len.
  const NumberWord* MatchNumberWord(std::string_view folded, size_t pos,
                                    size_t* len) const;
  const NumberWord* FindNumberWord(std::string_view folded) const;

  // Abbreviations are case-sensitive: "M" is a million, "m" a metre.
  std::optional<double> ScaleAbbreviation(std::string_view exact) const;
  std::optional<double> MoneyScale(std::string_view exact) const;

  const Currency* FindCurrency(std::string_view text) const;
  // The normalized unit: symbols case-sensitively, then names folded.
  const std::string* FindUnit(std::string_view text) const;

  char decimal_mark() const { return decimal_mark_; }
  int year_min() const { return year_min_; }
  int year_max() const { return year_max_; }

  const Phrases& stop_words() const { return stop_words_; }
  const Phrases& months() const { return months_; }
  const Phrases& time_units() const { return time_units_; }
  const Phrases& year_cues() const { return year_cues_; }
  const Phrases& clock_marks() const { return clock_marks_; }
  const Phrases& object_links() const { return object_links_; }
  const Phrases& object_modifiers() const { return object_modifiers_; }
  const Phrases& fraction_of() const { return fraction_of_; }
  const Phrases& pronoun_before() const { return pronoun_before_; }
  const Phrases& number_of() const { return number_of_; }
  const Phrases& modifiers() const { return modifiers_; }
  const Phrases& percent_words() const { return percent_words_; }
  const std::vector<PairShape>& pairs() const { return pairs_; }

  std::optional<Modifier> ModifierOf(const std::string& value) const;
  // A word of change ("passeraient", "rose"): CHANGE_VERB keys, a final '*'
  // matching any word starting with the rest.
  bool IsChangeWord(std::string_view folded_word) const;
  // Where the language's noun phrases have their head: setting noun_head
  // "last" (English: "interest rates", a compound up to the plural head) or
  // "first" (French: "taux directeurs"). Only with PLURAL_ENDING entries.
  bool HeadLast() const { return head_last_ && !plural_endings_.empty(); }
  bool HeadFirst() const { return !head_last_ && !plural_endings_.empty(); }
  // Whether a lower-case word looks like a plural noun: its longest
  // PLURAL_ENDING ending says "plural" ("rates"), not "singular" ("basis").
  bool LooksPlural(std::string_view folded_word) const;

 private:
  WordMap<NumberWord> number_words_;
  size_t max_number_word_bytes_ = 0;
  WordMap<double> scale_abbr_;
  WordMap<double> money_scale_;
  WordMap<Currency> currencies_;
  WordMap<std::string> unit_symbols_;
  WordMap<std::string> unit_names_;
  char decimal_mark_ = '.';
  int year_min_ = 1800;
  int year_max_ = 2100;
  Phrases stop_words_, months_, time_units_, year_cues_, clock_marks_,
      object_links_, object_modifiers_, fraction_of_, pronoun_before_,
      number_of_, modifiers_, percent_words_;
  std::vector<PairShape> pairs_;
  WordMap<bool> change_words_;
  std::vector<std::string> change_prefixes_;
  std::vector<std::pair<std::string, bool>> plural_endings_;  // longest first
  bool head_last_ = false;
};

}  // namespace newsline::figures

#endif  // NEWSLINE_EXTRACTORS_FIGURES_INTERNAL_LEXICON_H_
