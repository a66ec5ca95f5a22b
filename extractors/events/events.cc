#include "extractors/events/events.h"

#include <algorithm>

#include "extractors/time/timex.h"

namespace newsline {
namespace {

// A time expression that can anchor an event: a resolved date or time.
bool IsAnchor(const Mention& m) {
  if (m.kind != MentionKind::kDate && m.kind != MentionKind::kTime)
    return false;
  if (m.timex.empty() || m.timex[0] == 'X') return false;
  return m.timex == "PRESENT_REF" || (m.timex[0] >= '0' && m.timex[0] <= '9');
}

EventTime TimeOf(const Mention& m, const std::optional<CivilDate>& reference) {
  EventTime t;
  t.timex = m.timex;
  t.mod = m.mod;
  if (m.timex == "PRESENT_REF" && reference) {
    t.start = t.end = *reference;
    t.granularity = "day";
  } else if (auto span = TimexSpan(m.timex, m.mod)) {
    t.start = span->start;
    t.end = span->end;
    t.granularity = span->granularity;
  }
  return t;
}

void AddUnique(const std::string& value, std::vector<std::string>* list) {
  if (std::find(list->begin(), list->end(), value) == list->end()) {
    list->push_back(value);
  }
}

}  // namespace

Result<std::unique_ptr<EventBuilder>> EventBuilder::Create(RulePack pack) {
  for (const Rule& rule : pack.rules()) {
    auto fail = [&](std::string message) {
      return MakeError(ErrorCode::kBadRule,
                       pack.path() + ":" + std::to_string(rule.line),
                       "rule " + rule.id + ": " + message);
    };
    const std::string_view role = rule.Attribute("role");
    if (!role.empty() && role != "continuation") {
      return fail("unknown role \"" + std::string(role) + "\"");
    }
    if (role.empty() && rule.Attribute("type").empty()) {
      return fail("needs a \"type\" or \"role continuation\"");
    }
    const std::string_view anchor = rule.Attribute("anchor");
    if (!anchor.empty() && anchor != "document") {
      return fail("unknown anchor \"" + std::string(anchor) + "\"");
    }
  }
  return std::unique_ptr<EventBuilder>(new EventBuilder(std::move(pack)));
}

std::vector<std::vector<RuleMatch>> EventBuilder::FindTriggers(
    const Document& doc) const {
  return pack_.FindAllIn(doc.text, SentenceRanges(doc.sentences));
}

EventBuilder::SentenceTriggers EventBuilder::Classify(
    const std::vector<RuleMatch>& matches) const {
  SentenceTriggers out;
  const Table* not_continuation = pack_.FindTable("NOT_CONTINUATION");
  for (const RuleMatch& m : matches) {
    const Rule& rule = *m.rule;
    if (rule.Attribute("role") == "continuation") {
      const std::string_view word = m.groups[0];
      if (not_continuation == nullptr || !not_continuation->Lookup(word)) {
        out.continuation = true;
      }
      continue;
    }
    if (rule.Attribute("anchor") == "document") out.present_reporting = true;
    if (out.type_rule == nullptr || rule.priority > out.type_rule->priority) {
      out.type_rule = &rule;
    }
  }
  return out;
}

std::vector<std::vector<std::vector<RuleMatch>>>
EventBuilder::FindTriggersBatch(std::span<const Document* const> docs) const {
  std::vector<std::vector<TextRange>> ranges;
  const std::vector<MatchJob> jobs = MatchJobs(
      docs, [](const Document& doc) { return SentenceRanges(doc.sentences); },
      &ranges);
  return pack_.FindAllInBatch(jobs);
}

std::vector<Event> EventBuilder::Build(
    const Document& doc, const std::vector<Mention>& mentions) const {
  return Build(doc, mentions, FindTriggers(doc));
}

std::vector<Event> EventBuilder::Build(
    const Document& doc, const std::vector<Mention>& mentions,
    const std::vector<std::vector<RuleMatch>>& triggers_of) const {
  // Mentions by sentence, in text order.
  std::vector<std::vector<const Mention*>> by_sentence(doc.sentences.size());
  for (const Mention& m : mentions) {
    if (m.sentence >= 0 &&
        static_cast<size_t>(m.sentence) < by_sentence.size()) {
      by_sentence[m.sentence].push_back(&m);
    }
  }
  for (auto& list : by_sentence) {
    std::sort(list.begin(), list.end(), [](const Mention* a, const Mention* b) {
      return a->begin < b->begin;
    });
  }

  std::vector<Event> events;
  int previous_statement = -1;  // index into events of the last statement
  for (size_t i = 0; i < doc.sentences.size(); ++i) {
    const Sentence& s = doc.sentences[i];
    const auto& here = by_sentence[i];
    const Mention* anchor = nullptr;
    bool has_participant = false;
    for (const Mention* m : here) {
      if (anchor == nullptr && IsAnchor(*m)) anchor = m;
      if (IsFigure(m->kind) || IsEntity(m->kind)) has_participant = true;
    }
    const SentenceTriggers triggers = Classify(triggers_of[i]);

    auto attach = [&](Event* e) {
      for (const Mention* m : here) {
        if (IsFigure(m->kind)) {
          e->figures.push_back(*m);
        } else if (IsEntity(m->kind)) {
          if (std::find(e->entity_ids.begin(), e->entity_ids.end(),
                        m->entity) == e->entity_ids.end()) {
            e->entity_ids.push_back(m->entity);
            e->entities.push_back(m->canonical);
          }
        } else if (IsTime(m->kind) && m != anchor && !m->timex.empty()) {
          AddUnique(m->timex, &e->other_times);
        }
      }
    };

    // Reported speech continuing the previous sentence's statement.
    if (triggers.continuation && previous_statement >= 0 &&
        events[previous_statement].last_sentence + 1 == static_cast<int>(i)) {
      Event& e = events[previous_statement];
      e.last_sentence = static_cast<int>(i);
      e.end_byte = s.end;
      if (anchor != nullptr) AddUnique(anchor->timex, &e.other_times);
      attach(&e);
      continue;
    }

    if (!has_participant) continue;
    Event e;
    if (anchor != nullptr) {
      e.time = TimeOf(*anchor, doc.reference);
    } else if (triggers.present_reporting && doc.reference) {
      e.time.timex = doc.reference->ToString();
      e.time.start = e.time.end = doc.reference;
      e.time.granularity = "day";
      e.time.from_document_date = true;
    } else {
      continue;
    }
    e.type = triggers.type_rule != nullptr
                 ? std::string(triggers.type_rule->Attribute("type"))
                 : "other";
    e.rule = triggers.type_rule != nullptr ? triggers.type_rule->id : "";
    e.sentence = e.last_sentence = static_cast<int>(i);
    e.begin_byte = s.begin;
    e.end_byte = s.end;
    attach(&e);
    if (e.figures.empty() && e.entities.empty()) continue;
    events.push_back(std::move(e));
    previous_statement = events.back().type == "statement"
                             ? static_cast<int>(events.size()) - 1
                             : -1;
  }
  return events;
}

std::vector<RuleHit> EventBuilder::Triggers(const Document& doc) const {
  std::vector<RuleHit> hits;
  const Table* not_continuation = pack_.FindTable("NOT_CONTINUATION");
  for (const auto& matches : FindTriggers(doc)) {
    for (const RuleMatch& m : matches) {
      if (m.rule->Attribute("role") == "continuation" && not_continuation &&
          not_continuation->Lookup(m.groups[0])) {
        continue;
      }
      RuleHit hit{m.rule->id, std::string(m.groups[0]), {}};
      if (m.rule->HasAttribute("type")) {
        hit.attributes["type"] = std::string(m.rule->Attribute("type"));
      }
      hits.push_back(std::move(hit));
    }
  }
  return hits;
}

}  // namespace newsline
