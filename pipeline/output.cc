#include "pipeline/output.h"

#include <algorithm>
#include <cmath>

namespace newsline {
namespace {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
      return "invalid_input";
    case ErrorCode::kIo:
      return "io";
    case ErrorCode::kBadRule:
      return "bad_rule";
    case ErrorCode::kUnsupported:
      return "unsupported";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

// Integers as JSON integers (10000000000, not 10000000000.0).
Json Number(double v) {
  if (std::fabs(v) < 9007199254740992.0 && v == std::floor(v)) {
    return static_cast<int64_t>(v);
  }
  return v;
}

void SetIf(Json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}

void SetIf(Json& j, const char* key, const std::optional<double>& value) {
  if (value) j[key] = Number(*value);
}

Json NullableString(const std::string& s) {
  return s.empty() ? Json() : Json(s);
}

}  // namespace

Json ErrorJson(const Error& error) {
  Json j;
  j["code"] = ErrorCodeName(error.code);
  j["where"] = error.where;
  j["message"] = error.message;
  return j;
}

Json MentionJson(const Mention& m) {
  Json j;
  j["kind"] = MentionKindName(m.kind);
  j["text"] = m.text;
  j["start"] = m.start;
  j["end"] = m.end;
  j["sentence"] = m.sentence;
  j["rule"] = m.rule;
  if (IsFigure(m.kind)) {
    SetIf(j, "value", m.value);
    SetIf(j, "unit", m.unit);
    SetIf(j, "object", m.object);
    j["approx"] = m.approx;
    SetIf(j, "min", m.min);
    SetIf(j, "max", m.max);
    SetIf(j, "from", m.from);
    SetIf(j, "to", m.to);
  } else if (IsTime(m.kind)) {
    j["timex"] = m.timex;
    j["type"] = m.type;
    SetIf(j, "mod", m.mod);
  } else {
    j["canonical"] = m.canonical;
    j["entity"] = m.entity;
  }
  return j;
}

Json EventJson(const Event& e) {
  Json j;
  j["id"] = e.id;
  Json t;
  t["timex"] = e.time.timex;
  t["start"] = e.time.start ? Json(e.time.start->ToString()) : Json();
  t["end"] = e.time.end ? Json(e.time.end->ToString()) : Json();
  t["granularity"] = NullableString(e.time.granularity);
  t["mod"] = NullableString(e.time.mod);
  if (e.time.from_document_date) t["source"] = "document_date";
  j["time"] = std::move(t);
  j["type"] = e.type;
  SetIf(j, "rule", e.rule);
  j["text"] = e.text;
  j["article"] = e.article;
  j["sentence"] = e.sentence;
  if (e.last_sentence != e.sentence) j["last_sentence"] = e.last_sentence;
  j["start"] = e.start;
  j["end"] = e.end;
  j["entities"] = e.entities;
  Json figures = Json::array();
  for (const Mention& f : e.figures) figures.push_back(MentionJson(f));
  j["figures"] = std::move(figures);
  if (!e.other_times.empty()) j["other_times"] = e.other_times;
  return j;
}

Json ArticleJson(const AnalyzedArticle& a, bool include_text) {
  Json j;
  j["id"] = a.id;
  j["source"] = a.source;
  j["url"] = NullableString(a.url);
  j["title"] = NullableString(a.title);
  j["lang"] = NullableString(a.lang);
  j["published"] = NullableString(a.published);
  // Only HTML pages declare these: absent, not null, for other inputs.
  SetIf(j, "author", a.author);
  SetIf(j, "modified", a.modified);
  j["reference_date"] = a.reference ? Json(a.reference->ToString()) : Json();
  if (include_text) j["text"] = a.text;
  Json mentions = Json::array();
  for (const Mention& m : a.mentions) mentions.push_back(MentionJson(m));
  j["mentions"] = std::move(mentions);
  Json events = Json::array();
  for (const Event& e : a.events) events.push_back(EventJson(e));
  j["events"] = std::move(events);
  Json errors = Json::array();
  for (const Error& e : a.errors) errors.push_back(ErrorJson(e));
  j["errors"] = std::move(errors);
  Json warnings = Json::array();
  for (const Error& e : a.warnings) warnings.push_back(ErrorJson(e));
  j["warnings"] = std::move(warnings);
  return j;
}

bool EventBefore(const Event& a, const Event& b) {
  const bool ra = a.time.start.has_value(), rb = b.time.start.has_value();
  if (ra != rb) return ra;
  if (ra) {
    if (*a.time.start != *b.time.start) return *a.time.start < *b.time.start;
    if (a.time.end != b.time.end) return a.time.end < b.time.end;
  }
  if (a.article_index != b.article_index)
    return a.article_index < b.article_index;
  return a.sentence < b.sentence;
}

void TimelineBuilder::Add(const AnalyzedArticle& a) {
  Json j = ArticleJson(a, include_text_);
  j.erase("events");  // the timeline lists them once, sorted
  articles_.push_back(std::move(j));
  for (const Event& e : a.events) events_.push_back(e);
  for (const Mention& m : a.mentions) {
    if (!IsEntity(m.kind) || m.entity.empty()) continue;
    EntityInfo& info = entities_[m.entity];
    if (info.name.empty()) {
      info.name = m.canonical;
      info.type = std::string(MentionKindName(m.kind));
    }
    ++info.mentions;
    if (m.text != info.name &&
        std::find(info.aliases.begin(), info.aliases.end(), m.text) ==
            info.aliases.end()) {
      info.aliases.push_back(m.text);
    }
    if (info.articles.empty() || info.articles.back() != a.id)
      info.articles.push_back(a.id);
  }
}

Json TimelineBuilder::Build() {
  std::stable_sort(events_.begin(), events_.end(), EventBefore);
  Json j;
  j["schema"] = kSchemaId;
  j["articles"] = std::move(articles_);
  Json events = Json::array();
  for (const Event& e : events_) events.push_back(EventJson(e));
  j["events"] = std::move(events);
  Json entities = Json::array();
  for (auto& [id, info] : entities_) {
    std::sort(info.aliases.begin(), info.aliases.end());
    Json e;
    e["id"] = id;
    e["name"] = info.name;
    e["type"] = info.type;
    e["aliases"] = info.aliases;
    e["mentions"] = info.mentions;
    e["articles"] = info.articles;
    entities.push_back(std::move(e));
  }
  j["entities"] = std::move(entities);
  return j;
}

}  // namespace newsline
