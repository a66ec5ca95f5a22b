// EventBuilder: turns an article's sentences and mentions into events.
//
// A sentence becomes an event when it has a time anchor (its first resolved
// date or time expression, or, for present-tense reporting, the article's
// date) and at least one entity or figure. The language's trigger rules
// (extractors/events/rules/<lang>.rules) give the event its type; a sentence
// in reported speech (conditional) right after a statement joins that
// statement's event, as in "In April, Musk said ... They would go from
// 35,000 to 85,000 by the end of the year." Called by the analyzer once per
// article; immutable and thread-safe.
#ifndef NEWSLINE_EXTRACTORS_EVENTS_EVENTS_H_
#define NEWSLINE_EXTRACTORS_EVENTS_EVENTS_H_

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/error.h"
#include "core/event.h"
#include "core/mention.h"
#include "extractors/engine/rule_examples.h"
#include "extractors/engine/rule_pack.h"

namespace newsline {

class EventBuilder {
 public:
  // Fails when a rule has neither `type` nor `role continuation`, or an
  // unknown `anchor` or `role`.
  static Result<std::unique_ptr<EventBuilder>> Create(RulePack pack);

  // `mentions` are the article's mentions with byte offsets and sentences
  // set (any order). Events come out in text order with byte offsets set;
  // ids, original offsets and the article fields are left to the caller.
  std::vector<Event> Build(const Document& doc,
                           const std::vector<Mention>& mentions) const;
  // Build with the trigger rules' matches found ahead, sentence by sentence
  // (FindTriggersBatch), for batches of documents.
  std::vector<Event> Build(
      const Document& doc, const std::vector<Mention>& mentions,
      const std::vector<std::vector<RuleMatch>>& triggers) const;
  // The trigger rules' matches in each document's sentences, each rule run
  // over all the documents in a row (RulePack::FindAllInBatch).
  std::vector<std::vector<std::vector<RuleMatch>>> FindTriggersBatch(
      std::span<const Document* const> docs) const;

  // Every trigger that fires in `doc`, for rule self-tests.
  std::vector<RuleHit> Triggers(const Document& doc) const;

  const RulePack& pack() const { return pack_; }

 private:
  explicit EventBuilder(RulePack pack) : pack_(std::move(pack)) {}

  struct SentenceTriggers {
    const Rule* type_rule = nullptr;  // best typing trigger
    bool continuation = false;
    bool present_reporting = false;
  };
  // What the trigger rules' matches in one sentence say of it.
  SentenceTriggers Classify(const std::vector<RuleMatch>& matches) const;
  // The trigger rules' matches, sentence by sentence.
  std::vector<std::vector<RuleMatch>> FindTriggers(const Document& doc) const;

  RulePack pack_;
};

}  // namespace newsline

#endif  // NEWSLINE_EXTRACTORS_EVENTS_EVENTS_H_
