// JSON output in the newsline.timeline/1 schema (schema/timeline.schema.json).
//
// ArticleJsonLine renders one analyzed article (the `--format jsonl` line);
// TimelineBuilder collects articles for `--format json`: the articles, all
// events sorted by time, and entities merged across articles. Both write
// text directly (json_writer.h), as nlohmann's dump() would for the same
// document. Output is deterministic: the same input gives byte-identical
// JSON. Called by the CLI, the crawler and tests; not thread-safe (one
// builder per run).
#ifndef NEWSLINE_PIPELINE_OUTPUT_H_
#define NEWSLINE_PIPELINE_OUTPUT_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/event.h"
#include "core/mention.h"
#include "pipeline/analyzer.h"

namespace newsline {

inline constexpr char kSchemaId[] = "newsline.timeline/1";

using Json = nlohmann::ordered_json;

// One analyzed article as a JSON Lines line (the `--format jsonl` line,
// without its newline). `include_text` adds the article text that mention
// offsets point into.
std::string ArticleJsonLine(const AnalyzedArticle& article, bool include_text);
// The same as a document, for tests and callers that edit it.
Json ArticleJson(const AnalyzedArticle& article, bool include_text);

// Orders events for a timeline: by start date, then end date (unresolved
// times last), then input order.
bool EventBefore(const Event& a, const Event& b);

class TimelineBuilder {
 public:
  explicit TimelineBuilder(bool include_text) : include_text_(include_text) {}

  // Articles must be added in input order.
  void Add(const AnalyzedArticle& article);
  // {"schema", "articles", "events", "entities"}, indented by two spaces.
  std::string Build();

 private:
  struct EntityInfo {
    std::string name;
    std::string type;
    std::vector<std::string> aliases;
    size_t mentions = 0;
    std::vector<std::string> articles;
  };

  bool include_text_;
  std::vector<std::string> articles_;  // written, indented for Build
  std::vector<Event> events_;
  std::map<std::string, EntityInfo> entities_;  // by id
};

}  // namespace newsline

#endif  // NEWSLINE_PIPELINE_OUTPUT_H_
