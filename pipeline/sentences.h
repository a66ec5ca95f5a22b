// Sentence segmentation of normalized text.
//
// ICU's sentence break iterator (with CLDR's abbreviation suppressions for the
// language), corrected with the abbreviation table of
// extractors/sentences/rules/<lang>.rules and for initials ("J. Smith"), so
// that "M. Musk", "Dr. Su" and "U.S. officials" do not split. A line break
// always ends a sentence: titles and headings have no final period. Called by
// the analyzer; thread-safe (each thread keeps its own ICU iterators).
#ifndef NEWSLINE_PIPELINE_SENTENCES_H_
#define NEWSLINE_PIPELINE_SENTENCES_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/error.h"
#include "extractors/engine/rule_pack.h"

namespace newsline {

class SentenceSplitter {
 public:
  // Loads the abbreviation tables of every language that has one.
  static Result<SentenceSplitter> Create(const std::string& rules_dir = "");

  // Splits `text` (normalized UTF-8) into sentences covering it in order.
  // Sentences hold no leading or trailing white space; blank stretches
  // belong to no sentence.
  std::vector<Sentence> Split(std::string_view text,
                              std::string_view lang) const;

 private:
  // `token` ends with the period; `previous` is the word before it, or "".
  bool IsAbbreviation(std::string_view token, std::string_view previous,
                      std::string_view lang) const;

  std::map<std::string, RulePack, std::less<>> packs_;
};

}  // namespace newsline

#endif  // NEWSLINE_PIPELINE_SENTENCES_H_
