// FiguresExtractor: finds the figures of an article (numbers, money,
// percentages, quantities, ordinals) and reads their values.
//
// The pipeline builds one FiguresExtractor per language from
// extractors/figures/rules/<lang>.rules and runs it first, before the time
// and entity extractors. Everything a language says is in its rule file:
// rules find candidate spans, word tables give values, cue words and
// separators; the C++ composes spelled numbers, attaches objects and reads
// ranges and changes the same way for every language. Adding a language is
// adding a rule file.
//
// Rules. Each rule has a `kind`: number, ordinal, money, percent or
// quantity, and named groups that the extractor reads:
//   num         the number run: digits, number words, scales ("1,5 milliard")
//   numer denom a digit fraction "3/4" (with optional `whole` and `sign`)
//   pow, exp    a power: "1,1^23" (pow), "1e10", "1.3x10^6" (exp)
//   suffix      an ordinal suffix: "1er", "21st"
//   one         instead of num, an article as the amount: "un dollar"
//   cur         a currency (tables CURRENCY_NAME, CURRENCY_SIGN)
//   scale       a scale abbreviation next to a currency: "MAUD 60", "£10m"
//   minor       cents after the main unit: "15 dollars 50", with
//   minor_cur   their currency word: "13 euros et 45 cents"
//   unit        a unit of measure (tables UNIT_NAME, UNIT_SYMBOL)
//   pct         the percent sign or word
// The mention's text is the stretch from the first to the last named group,
// so a rule may match a guard it does not report (the {END} macro). A number
// or ordinal rule may have no named group: its whole match is then the
// number run (the guard is no number token); RE2 matches such a rule several
// times faster, as it need not report groups.
// Optional attributes:
//   unit            the unit of every match ("percentage_point")
//   standalone yes  the figure must not follow a number and must not be
//                   followed by a counted noun ("percent of 10")
//   max_denominator the largest denominator of a digit fraction ("3/4",
//                   not the date "11/12")
//
// Tables (keys match case-insensitively unless said; values as shown):
//   NUMBER_WORD      "VALUE [ROLE] [FLAGS]". Roles: add (default), hundred,
//                    scale, collective ("douzaine"). Flags: standalone (a
//                    number alone: "cent", "mille"), approx ("dizaine"),
//                    words_only (multiplies spelled counts only: "cinq
//                    cents" but "50 cents" is money), ambiguous (alone, a
//                    figure only when it counts something: "neuf" is "new")
//   VULGAR_FRACTION  "½ = 0.5"
//   ORDINAL_WORD     "VALUE [plural]": plural ordinals are denominators
//   FRACTION_WORD    "DENOMINATOR [standalone] [plural]": "demi", "half"
//   ARTICLE          "un", "a": one before a multiplier or a denominator;
//                    value "inner": also one inside a number ("vingt et un")
//   NUMBER_AND, NUMBER_POINT, NUMBER_MINUS, NUMBER_OVER: "et", "virgule",
//                    "minus", "sur" (value "proper": fractions up to one)
//   SCALE_ABBR, MONEY_SCALE_ABBR: case-sensitive ("M" a million, "m" a
//                    metre); the money ones only next to a currency
//   CURRENCY_NAME, CURRENCY_SIGN: "ISO_CODE [FACTOR]" (0.01 for cents);
//                    signs may precede the amount
//   UNIT_NAME, UNIT_SYMBOL (case-sensitive): the normalized unit
//   PERCENT_WORD, PERCENT_POINT: for patterns
//   MODIFIER         approx, min or max, for words right before a figure
//   PAIR             "[OPENER] ... CONNECTOR = range|change": two figures
//                    so joined are a pair; "change" is a change when the
//                    sentence has a CHANGE_VERB, else a range
//   CHANGE_VERB      words; a final '*' matches any word starting with it
//   OBJECT_LINK      "de": "20 millions de voitures"
//   OBJECT_MODIFIER  adjectives between a count and its noun, left out of
//                    the object: "deux nouvelles baisses" counts "baisses"
//   PLURAL_ENDING    "ENDING = plural|singular" (longest ending wins): what
//                    a plural noun looks like. With noun_head last, a count's
//                    object runs on to the first plural ("three interest
//                    rates"); with noun_head first, a lower-case word that
//                    does not look plural is no object of a count of two or
//                    more ("quinze apparaissaient" is a verb)
//   FRACTION_OF      "des": "un cinquième des" is a fraction, "une
//                    troisième fois" an ordinal
//   NUMBER_OF        "le nombre de": bare counts in this sentence and the
//                    next two count the noun phrase after it
//   STOP_WORD, MONTH, TIME_UNIT: never the object of a count
//   YEAR_CUE         "depuis 2020 les ventes": after these, a year
//   CLOCK_MARK       "10 h 30"
//   PRONOUN_BEFORE   "the one": a pronoun, not a figure
// Settings: decimal_mark ("," or "."), year_min and year_max (default 1800,
// 2100), noun_head (first, the default, or last: where noun phrases have
// their head; see PLURAL_ENDING).
//
// Conventions (documented for the output's readers):
// - A count's text is the number; its object is a field: "12 000 GPU H100"
//   is quantity 12000, text "12 000", object "GPU H100". Money, percent and
//   measures include their unit: "10 milliards de dollars", "5 km".
// - Modifiers are not part of the text: "près de 10 milliards de dollars"
//   has text "10 milliards de dollars" and approx.
// - Both sides of a range or a change are mentions and carry the pair's
//   min/max or from/to; a bare side takes the other's unit, kind, object and
//   scale ("entre 2 et 3 milliards d'euros" is 2e9 EUR to 3e9 EUR).
// - Years (4 digits between year_min and year_max) are left to the time
//   extractor unless they count something ("en 2030 exemplaires"); so are
//   day numbers next to a month and clock times. Numbers inside URLs, in
//   names ("Boeing 737", "CAC 40"), in compounds ("50-second"), phone
//   numbers, codes and dotted dates are no figures.
//
// Thread-safety: immutable after Create; Extract is const and may be called
// from many threads.
//
// Example:
//   auto pack = LoadRulePack("figures", "fr");
//   auto figures = FiguresExtractor::Create(std::move(*pack));
//   std::vector<Mention> mentions;
//   (*figures)->Extract(doc, /*found=*/{}, &mentions);
#ifndef NEWSLINE_EXTRACTORS_FIGURES_FIGURES_H_
#define NEWSLINE_EXTRACTORS_FIGURES_FIGURES_H_

#include <memory>
#include <vector>

#include "core/document.h"
#include "core/error.h"
#include "core/mention.h"
#include "extractors/engine/extractor.h"
#include "extractors/engine/rule_pack.h"

namespace newsline {

class FiguresExtractor : public Extractor {
 public:
  // Checks every rule's kind, groups and attributes and compiles the word
  // tables. Fails with kBadRule and "path:line" of the bad rule, or "path"
  // and the table for a bad table entry.
  static Result<std::unique_ptr<FiguresExtractor>> Create(RulePack pack);

  ~FiguresExtractor() override;
  FiguresExtractor(const FiguresExtractor&) = delete;
  FiguresExtractor& operator=(const FiguresExtractor&) = delete;

  // For each item: appends the figures of its document in text order,
  // without overlaps. `found` is not used: figures run first.
  void ExtractBatch(std::span<const BatchItem> items) const override;
  std::vector<const RuleFilter*> Filters() const override;

  const RulePack& pack() const;

 private:
  struct Impl;
  explicit FiguresExtractor(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
};

}  // namespace newsline

#endif  // NEWSLINE_EXTRACTORS_FIGURES_FIGURES_H_
