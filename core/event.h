// Event: something that happened (or was said, planned, forecast) at a time.
//
// The event builder (extractors/events) turns sentences with a time anchor
// and at least one participant or figure into Events; the timeline sorts them
// across articles. Plain value type.
#ifndef NEWSLINE_CORE_EVENT_H_
#define NEWSLINE_CORE_EVENT_H_

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/mention.h"

namespace newsline {

struct EventTime {
  std::string timex;               // TIMEX3 value of the anchor: "2024-04"
  std::string mod;                 // START, MID, END, ... or ""
  std::optional<CivilDate> start;  // ISO dates bounding it, when resolved
  std::optional<CivilDate> end;
  std::string granularity;  // day, week, month, quarter, year, ...
  // True when no time expression was found and the article's date stands in
  // (present-tense reporting).
  bool from_document_date = false;
};

struct Event {
  std::string id;  // stable: same input, same id
  EventTime time;
  std::string type;  // statement, investment, delivery, ... or "other"
  std::string rule;  // id of the trigger rule that set `type`, or ""
  std::string text;  // the sentence(s), as in the original text
  int sentence = 0;  // first sentence index
  int last_sentence = 0;
  size_t begin_byte = 0;  // byte offsets in the normalized text
  size_t end_byte = 0;
  int64_t start = 0;  // code point offsets of `text` in the original
  int64_t end = 0;
  std::vector<std::string> entities;  // canonical names, first seen first
  std::vector<std::string> entity_ids;
  std::vector<Mention> figures;
  std::vector<std::string> other_times;  // further TIMEX3 values in the text

  // Filled in by the pipeline.
  std::string article;       // article id
  size_t article_index = 0;  // position in the input
};

}  // namespace newsline

#endif  // NEWSLINE_CORE_EVENT_H_
