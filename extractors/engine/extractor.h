// Extractor: the interface every rule-driven extractor implements.
//
// The pipeline holds one Extractor per (extractor, language) pair, built from
// that language's RulePack, and calls ExtractBatch on batches of articles.
// Extractors are immutable after construction and Extract is const: one
// instance serves all worker threads.
#ifndef NEWSLINE_EXTRACTORS_ENGINE_EXTRACTOR_H_
#define NEWSLINE_EXTRACTORS_ENGINE_EXTRACTOR_H_

#include <span>
#include <vector>

#include "core/document.h"
#include "core/mention.h"
#include "extractors/engine/rule_examples.h"
#include "extractors/engine/rule_pack.h"

namespace newsline {

class Extractor {
 public:
  virtual ~Extractor() = default;

  // Appends what it finds in `doc` to *out, with `begin`/`end_byte` as byte
  // offsets into doc.text, `sentence` set and `text` the matched normalized
  // text (the pipeline replaces it with the original text). `found` holds
  // the mentions of the extractors that ran before this one (figures, then
  // time, then entities), e.g. so that entities can skip money amounts.
  void Extract(const Document& doc, const std::vector<Mention>& found,
               std::vector<Mention>* out) const {
    const BatchItem item{&doc, &found, out};
    ExtractBatch(std::span(&item, 1));
  }

  // One document of a batch, with what Extract takes.
  struct BatchItem {
    const Document* doc = nullptr;
    const std::vector<Mention>* found = nullptr;
    std::vector<Mention>* out = nullptr;
  };
  // Extract for each item of a batch of documents (Analyzer::AnalyzeBatch),
  // with the same results. Implementations run each rule over the whole
  // batch in a row (RulePack::FindAllInBatch): a rule's automaton then stays
  // in the CPU caches, and a search costs several times less than when the
  // automata of hundreds of rules take turns document by document.
  virtual void ExtractBatch(std::span<const BatchItem> items) const = 0;

  // What fired in `doc` beyond the mentions Extract returns (tense cues,
  // blocking rules, ...), so that rule self-tests can check those rules'
  // examples too. Most extractors have nothing more to say.
  virtual std::vector<RuleHit> Hits(const Document& doc) const { return {}; }

  // The rule filters ExtractBatch runs over sentences, so that the analyzer
  // can scan the sentences once for the literals of all a language's
  // extractors (SharedScan).
  virtual std::vector<const RuleFilter*> Filters() const { return {}; }
};

// Makes room in *out for about one mention per rule match of a document
// (its matches per sentence), so that the mentions are not moved again as
// the vector grows: a Mention is large, and such moves took 1% of the time.
inline void ReserveForMatches(
    const std::vector<std::vector<RuleMatch>>& matches,
    std::vector<Mention>* out) {
  size_t n = 0;
  for (const auto& sentence : matches) n += sentence.size();
  out->reserve(out->size() + n);
}

// MatchJobs for the documents of a batch.
template <typename RangesOf>
std::vector<MatchJob> BatchJobs(std::span<const Extractor::BatchItem> items,
                                RangesOf&& ranges_of,
                                std::vector<std::vector<TextRange>>* ranges) {
  std::vector<const Document*> docs;
  docs.reserve(items.size());
  for (const Extractor::BatchItem& item : items) docs.push_back(item.doc);
  return MatchJobs(docs, ranges_of, ranges);
}

}  // namespace newsline

#endif  // NEWSLINE_EXTRACTORS_ENGINE_EXTRACTOR_H_
