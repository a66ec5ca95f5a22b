// Extractor: the interface every rule-driven extractor implements.
//
// The pipeline holds one Extractor per (extractor, language) pair, built from
// that language's RulePack, and calls Extract once per article. Extractors
// are immutable after construction and Extract is const: one instance serves
// all worker threads.
#ifndef NEWSLINE_EXTRACTORS_ENGINE_EXTRACTOR_H_
#define NEWSLINE_EXTRACTORS_ENGINE_EXTRACTOR_H_

#include <vector>

#include "core/document.h"
#include "core/mention.h"
#include "extractors/engine/rule_examples.h"

namespace newsline {

class Extractor {
 public:
  virtual ~Extractor() = default;

  // Appends what it finds in `doc` to *out, with `begin`/`end_byte` as byte
  // offsets into doc.text, `sentence` set and `text` the matched normalized
  // text (the pipeline replaces it with the original text). `found` holds
  // the mentions of the extractors that ran before this one (figures, then
  // time, then entities), e.g. so that entities can skip money amounts.
  virtual void Extract(const Document& doc, const std::vector<Mention>& found,
                       std::vector<Mention>* out) const = 0;

  // What fired in `doc` beyond the mentions Extract returns (tense cues,
  // blocking rules, ...), so that rule self-tests can check those rules'
  // examples too. Most extractors have nothing more to say.
  virtual std::vector<RuleHit> Hits(const Document& doc) const { return {}; }
};

}  // namespace newsline

#endif  // NEWSLINE_EXTRACTORS_ENGINE_EXTRACTOR_H_
