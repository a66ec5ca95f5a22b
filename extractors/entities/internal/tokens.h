// Word tokens of normalized article text, for the entities extractor.
//
// The entities extractor reasons about words: is this word capitalized, does
// it open its sentence, is the next word a name too. Tokenizer splits each
// sentence once into word and punctuation tokens carrying those properties,
// so that gazetteer lookups, name guesses and coreference all agree on what
// a word is. Per-language splitting (elision "l'IA" → "l'" + "IA", prefixes
// "ex-Twitter" → "ex-" + "Twitter", possessive "Musk's" → "Musk" + "'s")
// comes from rule-file tables. Internal to extractors/entities; a Tokenizer
// is immutable and thread-safe.
#ifndef NEWSLINE_EXTRACTORS_ENTITIES_INTERNAL_TOKENS_H_
#define NEWSLINE_EXTRACTORS_ENTITIES_INTERNAL_TOKENS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/entities/internal/words.h"

namespace newsline::entities_internal {

enum TokenFlag : uint16_t {
  kWord = 1 << 0,          // letters or digits; else one punctuation character
  kUpperInitial = 1 << 1,  // starts with an upper-case (or title-case) letter
  kAllUpper = 1 << 2,      // has cased letters, none lower-case: CNBC, H100
  kHasLower = 1 << 3,      // has a lower-case letter
  kHasDigit = 1 << 4,
  kSpaceBefore = 1 << 5,  // white space (or the sentence start) before it
  kInitial = 1 << 6,      // opens its sentence, a quotation or a heading
  kSplitPrefix = 1 << 7,  // "l'", "d'", "ex-" split off the next word
  kPossessive = 1 << 8,   // "'s" split off the previous word
  kHasUpper = 1 << 9,     // has an upper-case letter: names, xAI, eBay
};

struct Token {
  uint32_t begin = 0;  // byte offsets into the document text
  uint32_t end = 0;
  uint16_t flags = 0;
  int32_t sentence = -1;
  uint64_t hash = 0;    // HashWord of the text: gazetteer and coreference keys
  uint64_t folded = 0;  // HashFolded of the text: word sets, common words

  bool Is(uint16_t flag) const { return (flags & flag) != 0; }
  std::string_view Text(std::string_view text) const {
    return text.substr(begin, end - begin);
  }
};

class Tokenizer {
 public:
  Tokenizer() = default;
  // `prefixes` holds "l'", "qu'", "ex-" ...: split off a word when the rest
  // starts with a letter (after an apostrophe) or a capital (after a
  // hyphen). `suffixes` holds "'s" ...: split off the end of a word.
  Tokenizer(WordSet prefixes, std::vector<std::string> suffixes);

  // Appends the tokens of text[begin, end), one sentence, to *out.
  void Tokenize(std::string_view text, size_t begin, size_t end, int sentence,
                std::vector<Token>* out) const;

 private:
  // `joined`: the word holds an apostrophe or a hyphen, so a prefix or a
  // suffix may split off.
  void EmitWord(std::string_view text, size_t begin, size_t end, bool space,
                bool joined, int sentence, std::vector<Token>* out) const;

  WordSet prefixes_;
  std::vector<std::string> suffixes_;  // lower-case
};

}  // namespace newsline::entities_internal

#endif  // NEWSLINE_EXTRACTORS_ENTITIES_INTERNAL_TOKENS_H_
