// Analyzer: runs every stage of newsline on one article.
//
// decode/HTML → normalize (offset map) → sentences → language → figures,
// time, entities → events, with all offsets mapped back to code points of
// the article text. An Analyzer loads every language's rule packs once
// (Create fails on a bad rule file: a configuration error) and is then
// immutable: Analyze may be called from many threads at once.
//
// Example:
//   auto analyzer = Analyzer::Create(options);
//   if (!analyzer) { report(analyzer.error()); return 2; }
//   AnalyzedArticle a = (*analyzer)->Analyze(std::move(raw), index);
#ifndef NEWSLINE_PIPELINE_ANALYZER_H_
#define NEWSLINE_PIPELINE_ANALYZER_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/event.h"
#include "core/mention.h"
#include "extractors/engine/extractor.h"
#include "extractors/engine/rule_examples.h"
#include "extractors/engine/rule_filter.h"
#include "extractors/events/events.h"
#include "pipeline/article.h"
#include "pipeline/normalize.h"
#include "pipeline/sentences.h"

namespace newsline {

struct AnalyzeOptions {
  // "auto" (input field, then HTML lang, then detection) or a language code
  // that has rules.
  std::string lang = "auto";
  // For articles without a publication date of their own.
  std::optional<CivilDate> reference_date;
  // A folder laid out like the source tree's extractors/ to load rules from;
  // "" uses the built-in rules.
  std::string rules_dir;
};

struct AnalyzedArticle {
  size_t index = 0;  // position in the input
  std::string id;
  std::string source;
  std::string url;
  std::string title;
  std::string lang;
  std::string published;  // as given or found in the HTML
  // From the HTML page, when it says: authors joined with ", ", and the
  // date it was last modified (ISO 8601).
  std::string author;
  std::string modified;
  // The reference date used to resolve relative expressions, if any.
  std::optional<CivilDate> reference;
  std::string text;               // the article text that offsets point into
  std::vector<Mention> mentions;  // sorted by start, then end
  std::vector<Event> events;      // in text order
  std::vector<Error> errors;      // the article failed (nothing extracted)
  std::vector<Error> warnings;    // it was analyzed, with these caveats
};

class Analyzer {
 public:
  static Result<std::unique_ptr<Analyzer>> Create(
      const AnalyzeOptions& options);

  AnalyzedArticle Analyze(RawArticle raw, size_t index) const;
  // Analyzes several articles: element i is what Analyze(raws[i],
  // first_index + i) returns. Faster per article than Analyze one by one
  // (each extractor runs over the whole batch in turn, with its rules'
  // automata warm in the CPU caches), at the cost of holding the batch.
  std::vector<AnalyzedArticle> AnalyzeBatch(std::vector<RawArticle> raws,
                                            size_t first_index) const;

  // Languages with at least one rule pack, sorted.
  std::vector<std::string> Languages() const;

  // Runs `text` as an article in `lang` against `reference` and returns
  // every mention and event trigger as RuleHits, for rule self-tests.
  std::vector<RuleHit> HitsFor(std::string_view text, std::string_view lang,
                               std::optional<CivilDate> reference) const;

 private:
  struct LanguagePack {
    std::vector<std::unique_ptr<Extractor>> extractors;  // in run order
    std::unique_ptr<EventBuilder> events;
    // Over the rule filters of the extractors and events.
    std::unique_ptr<SharedScan> scan;
  };

  // One article between the stages of AnalyzeBatch. `doc` points into
  // `normalized` and `sentences`, so a Work is never moved.
  struct Work {
    AnalyzedArticle article;
    NormalizedText normalized;
    std::vector<Sentence> sentences;
    Document doc;
    const LanguagePack* pack = nullptr;
  };
  // Reads, decodes, normalizes and splits the article, and finds its
  // language and reference date; false when it failed (w->article says why).
  bool Prepare(RawArticle raw, size_t index, Work* w) const;
  // The article's mentions in text order (w->article.mentions, then
  // *last, the last extractor's, which it takes), events (from the event
  // triggers' matches in each sentence, when the language has event rules),
  // offsets back to the original text, texts, ids.
  void Finish(Work* w, std::vector<Mention>* last,
              const std::vector<std::vector<RuleMatch>>* triggers) const;

  const AnalyzeOptions options_;
  std::map<std::string, LanguagePack, std::less<>> packs_;
  std::optional<SentenceSplitter> splitter_;

  explicit Analyzer(AnalyzeOptions options) : options_(std::move(options)) {}
};

}  // namespace newsline

#endif  // NEWSLINE_PIPELINE_ANALYZER_H_
