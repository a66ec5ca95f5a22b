// ParseNumbers: reads the values of a run of number tokens.
//
// The rule patterns find runs such as "35 000", "1,5 milliard", "quatre-
// vingt-dix-neuf", "3 hundred and 21", "deux tiers" or "2024 35 000"; this
// parser splits a run into the numbers it holds and computes their values
// with the language's word tables (internal/lexicon.h), so that the
// algorithm below is the same for every language:
//
// - Digits: "." and "," are read by their position: with both, the last is
//   the decimal mark ("1.234,5", "1,234.5"); one mark used several times
//   groups thousands ("1,234,567"), else the numbers are a list
//   ("22,24,26"); a single mark is the language's decimal mark, or groups
//   thousands when exactly three digits follow ("35.000" in French, "35,000"
//   in English), else is decimal ("1,3"). A single space groups thousands
//   when exactly three digits follow ("35 000"; "423 0000" is two numbers).
// - Words: additive words add to the current group when they fit ("vingt" +
//   "et" + "un", "quatre-vingt" + "dix" + "neuf"); hundreds multiply the
//   group; scales close it ("deux millions trois cent mille"); collectives
//   multiply the count before them ("trois douzaines"); abbreviations end
//   the number ("10k", "2,5 Md"). Mixed forms work ("4 thousand 3 hundred").
// - Fractions and ordinals: a denominator word after a count makes a fraction
//   ("trois cinquièmes", "un demi", "two and three quarters", "un million et
//   demi"); an ordinal word that extends the count is an ordinal ("vingt et
//   unième"); "sur", "over" divide.
// - Chains of three or more numbers joined by unspaced hyphens or single
//   spaces, or two with a leading zero ("2024-06-05", "0800 138 1016"), are
//   dates, phone numbers or codes; so are digit strings with several dots
//   that are no number ("30.01.2019", "3.11.2"), and integers written with a
//   leading zero ("0800"): all dropped.
//
// Internal to extractors/figures. Thread-safe.
#ifndef NEWSLINE_EXTRACTORS_FIGURES_INTERNAL_NUMBER_PARSER_H_
#define NEWSLINE_EXTRACTORS_FIGURES_INTERNAL_NUMBER_PARSER_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include "extractors/figures/internal/lexicon.h"

namespace newsline::figures {

enum class NumberType { kInteger, kDecimal, kFraction, kOrdinal };

struct Piece {
  size_t begin = 0;  // byte offsets into the parsed text
  size_t end = 0;
  double value = 0;
  NumberType type = NumberType::kInteger;
  bool approx = false;   // "une dizaine"
  bool spelled = false;  // has number words
  // A lone run of ASCII digits without sign, mark or grouping ("2024"), and
  // its digit count: what years, days and clock times look like.
  bool plain = false;
  int digits = 0;
  bool leading_zero = false;
  bool single_word = false;  // exactly one additive number word ("one")
  bool ambiguous = false;    // that word is also something else ("neuf")
  // "a fourth", "un cinquième": an article and an ordinal, a fraction unless
  // a noun follows ("a fourth round" is an ordinal).
  bool article_ordinal = false;
  // The last scale word or abbreviation applied ("2 milliards": 1e9), 1 if
  // none: a bare number in a range takes its partner's scale.
  double scale = 1;
};

struct ParseOptions {
  bool allow_over = true;  // read "X sur Y" as a fraction
};

// Parses text[begin, end), a run matched by a rule's number group. Returns
// the numbers found, in text order; tokens that are no number ("un" alone,
// "millions" without a count) are left out.
std::vector<Piece> ParseNumbers(std::string_view text, size_t begin, size_t end,
                                const Lexicon& lexicon,
                                const ParseOptions& options = {});

}  // namespace newsline::figures

#endif  // NEWSLINE_EXTRACTORS_FIGURES_INTERNAL_NUMBER_PARSER_H_
