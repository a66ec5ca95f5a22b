// Small text helpers for the figures extractor: case folding that keeps byte
// offsets, and reading the words around a figure inside its sentence.
//
// Internal to extractors/figures. All functions take normalized UTF-8 (see
// pipeline/normalize.h): apostrophes are "'", spaces are U+0020, dashes '-'.
// Stateless and thread-safe.
#ifndef NEWSLINE_EXTRACTORS_FIGURES_INTERNAL_TEXT_H_
#define NEWSLINE_EXTRACTORS_FIGURES_INTERNAL_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newsline::figures {

// Lower-cases `s` code point by code point (ICU simple case mapping). A code
// point whose lower case has a different UTF-8 length is kept as it is, so
// that byte i of the result always comes from byte i of `s`: callers fold a
// stretch of text and report offsets into the original.
std::string FoldCase(std::string_view s);

// FoldCase into *out (cleared first), reusing its buffer.
void FoldCaseTo(std::string_view s, std::string* out);

// FoldCase, and "’" becomes "'" as the normalizer does: for table keys.
std::string FoldKey(std::string_view s);

// Byte offsets in (begin, min(end, begin + limit)] that are not inside a
// word: where a key starting at `begin` may end ("de| ", "d'|un", the end).
// Appended in increasing order. Also where a key ending at `end` may start.
void KeyEnds(std::string_view text, size_t begin, size_t end, size_t limit,
             std::vector<size_t>* out);

// True if the code point starting at `pos` is a letter, digit or mark (what
// makes up a word, core/unicode.h IsWordChar). False at or past the end.
bool WordCharAt(std::string_view text, size_t pos);
// True if the code point ending just before `pos` is a word character.
bool WordCharBefore(std::string_view text, size_t pos);

// The two halves of the engine's token-boundary check (OnTokenBoundaries in
// extractors/engine/rule_pack.h): a figure may start at `pos` (no word
// character before a word character, no "COVID-" before a digit, no minus
// sign glued to a word) and may end at `pos` ("H100" and "19-A" may not).
bool StartsToken(std::string_view text, size_t pos);
bool EndsToken(std::string_view text, size_t pos);

bool HasLetter(std::string_view s);
bool HasDigit(std::string_view s);
// First code point is an upper-case letter.
bool StartsUpper(std::string_view s);
// Has letters and none of them is lower case ("NVIDIA", "GPU").
bool AllUpper(std::string_view s);
// A word of lower-case letters, with inner hyphens ("interest", "e-bikes").
bool AllLowerLetters(std::string_view s);

// Whether text[begin, end) is a title in title case ("Tesla Sold 500 Cars
// In March"): most of its words start with a capital, so capitals say
// nothing about names there.
bool IsTitleCase(std::string_view text, size_t begin, size_t end);

// IsTitleCase of one sentence, computed on first use: most sentences never
// need it. Not thread-safe; one per sentence being processed.
class LazyTitleCase {
 public:
  LazyTitleCase(std::string_view text, size_t begin, size_t end)
      : text_(text), begin_(begin), end_(end) {}
  bool Get() const {
    if (value_ < 0) value_ = IsTitleCase(text_, begin_, end_) ? 1 : 0;
    return value_ == 1;
  }

 private:
  std::string_view text_;
  size_t begin_, end_;
  mutable int value_ = -1;
};

// Skips spaces (U+0020 and tabs) forwards from `pos`, not beyond `end`.
size_t SkipSpaces(std::string_view text, size_t pos, size_t end);
// Skips spaces backwards from `pos`, not before `begin`.
size_t SkipSpacesBack(std::string_view text, size_t pos, size_t begin);

// The word starting at `pos`: word characters joined by single inner hyphens
// or dots ("e-mails", "H100", "a.m"), plus a final "'" of an elision ("d'").
// Returns its end; `pos` itself when no word starts there.
size_t WordEnd(std::string_view text, size_t pos, size_t end);
// The start of the word ending at `pos` (same definition), or `pos`.
size_t WordStart(std::string_view text, size_t pos, size_t begin);

}  // namespace newsline::figures

#endif  // NEWSLINE_EXTRACTORS_FIGURES_INTERNAL_TEXT_H_
