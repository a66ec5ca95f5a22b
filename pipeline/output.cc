#include "pipeline/output.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>
#include <utility>

#include "pipeline/json_writer.h"

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

void WriteError(JsonWriter& w, const Error& error) {
  w.BeginObject();
  w.Field("code", ErrorCodeName(error.code));
  w.Field("where", error.where);
  w.Field("message", error.message);
  w.EndObject();
}

void WriteIf(JsonWriter& w, std::string_view key, const std::string& value) {
  if (!value.empty()) w.Field(key, value);
}

void WriteIf(JsonWriter& w, std::string_view key,
             const std::optional<double>& value) {
  if (value) {
    w.Key(key);
    w.Number(*value);
  }
}

void WriteStrings(JsonWriter& w, std::string_view key,
                  const std::vector<std::string>& values) {
  w.Key(key);
  w.BeginArray();
  for (const std::string& v : values) w.String(v);
  w.EndArray();
}

void WriteMention(JsonWriter& w, const Mention& m) {
  w.BeginObject();
  w.Field("kind", MentionKindName(m.kind));
  w.Field("text", m.text);
  w.IntField("start", m.start);
  w.IntField("end", m.end);
  w.IntField("sentence", m.sentence);
  w.Field("rule", m.rule);
  if (IsFigure(m.kind)) {
    WriteIf(w, "value", m.value);
    WriteIf(w, "unit", m.unit);
    WriteIf(w, "object", m.object);
    w.Key("approx");
    w.Bool(m.approx);
    WriteIf(w, "min", m.min);
    WriteIf(w, "max", m.max);
    WriteIf(w, "from", m.from);
    WriteIf(w, "to", m.to);
  } else if (IsTime(m.kind)) {
    w.Field("timex", m.timex);
    w.Field("type", m.type);
    WriteIf(w, "mod", m.mod);
  } else {
    w.Field("canonical", m.canonical);
    w.Field("entity", m.entity);
  }
  w.EndObject();
}

void WriteEvent(JsonWriter& w, const Event& e) {
  w.BeginObject();
  w.Field("id", e.id);
  w.Key("time");
  w.BeginObject();
  w.Field("timex", e.time.timex);
  w.FieldOrNull("start", e.time.start ? e.time.start->ToString() : "");
  w.FieldOrNull("end", e.time.end ? e.time.end->ToString() : "");
  w.FieldOrNull("granularity", e.time.granularity);
  w.FieldOrNull("mod", e.time.mod);
  if (e.time.from_document_date) w.Field("source", "document_date");
  w.EndObject();
  w.Field("type", e.type);
  WriteIf(w, "rule", e.rule);
  w.Field("text", e.text);
  w.Field("article", e.article);
  w.IntField("sentence", e.sentence);
  if (e.last_sentence != e.sentence) {
    w.IntField("last_sentence", e.last_sentence);
  }
  w.IntField("start", e.start);
  w.IntField("end", e.end);
  WriteStrings(w, "entities", e.entities);
  w.Key("figures");
  w.BeginArray();
  for (const Mention& f : e.figures) WriteMention(w, f);
  w.EndArray();
  if (!e.other_times.empty()) WriteStrings(w, "other_times", e.other_times);
  w.EndObject();
}

// One article; its events only when `with_events` (the timeline lists them
// once, sorted, after the articles).
void WriteArticle(JsonWriter& w, const AnalyzedArticle& a, bool include_text,
                  bool with_events) {
  w.BeginObject();
  w.Field("id", a.id);
  w.Field("source", a.source);
  w.FieldOrNull("url", a.url);
  w.FieldOrNull("title", a.title);
  w.FieldOrNull("lang", a.lang);
  w.FieldOrNull("published", a.published);
  // Only HTML pages declare these: absent, not null, for other inputs.
  WriteIf(w, "author", a.author);
  WriteIf(w, "modified", a.modified);
  w.FieldOrNull("reference_date", a.reference ? a.reference->ToString() : "");
  if (include_text) w.Field("text", a.text);
  w.Key("mentions");
  w.BeginArray();
  for (const Mention& m : a.mentions) WriteMention(w, m);
  w.EndArray();
  if (with_events) {
    w.Key("events");
    w.BeginArray();
    for (const Event& e : a.events) WriteEvent(w, e);
    w.EndArray();
  }
  for (auto [key, list] :
       {std::pair{"errors", &a.errors}, std::pair{"warnings", &a.warnings}}) {
    w.Key(key);
    w.BeginArray();
    for (const Error& e : *list) WriteError(w, e);
    w.EndArray();
  }
  w.EndObject();
}

// The timeline's indentation, as nlohmann's dump(2).
constexpr int kIndent = 2;

}  // namespace

std::string ArticleJsonLine(const AnalyzedArticle& a, bool include_text) {
  std::string out;
  out.reserve(1024 + a.mentions.size() * 160 +
              (include_text ? a.text.size() : 0));
  JsonWriter w(&out);
  WriteArticle(w, a, include_text, /*with_events=*/true);
  return out;
}

Json ArticleJson(const AnalyzedArticle& a, bool include_text) {
  return Json::parse(ArticleJsonLine(a, include_text));
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
  // Written now, at the depth it takes in the document ({"articles": [...]}),
  // so that only text is kept, not a document tree per article.
  std::string json;
  JsonWriter w(&json, kIndent, /*depth=*/2);
  WriteArticle(w, a, include_text_, /*with_events=*/false);
  articles_.push_back(std::move(json));
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

std::string TimelineBuilder::Build() {
  std::stable_sort(events_.begin(), events_.end(), EventBefore);
  std::string out;
  JsonWriter w(&out, kIndent);
  w.BeginObject();
  w.Field("schema", kSchemaId);
  w.Key("articles");
  w.BeginArray();
  for (const std::string& article : articles_) w.Raw(article);
  w.EndArray();
  w.Key("events");
  w.BeginArray();
  for (const Event& e : events_) WriteEvent(w, e);
  w.EndArray();
  w.Key("entities");
  w.BeginArray();
  for (auto& [id, info] : entities_) {
    std::sort(info.aliases.begin(), info.aliases.end());
    w.BeginObject();
    w.Field("id", id);
    w.Field("name", info.name);
    w.Field("type", info.type);
    WriteStrings(w, "aliases", info.aliases);
    w.Key("mentions");
    w.Uint(info.mentions);
    WriteStrings(w, "articles", info.articles);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return out;
}

}  // namespace newsline
