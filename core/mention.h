// Mention: one thing an extractor found in an article's text.
//
// Extractors (figures, time, entities) produce Mentions; the pipeline maps
// their offsets back to the original text, builds events from them and
// writes them out. A Mention is a plain value: copy it freely. Which fields
// are set depends on `kind` (see the field comments); unset optionals are not
// written to the output.
#ifndef NEWSLINE_CORE_MENTION_H_
#define NEWSLINE_CORE_MENTION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newsline {

enum class MentionKind {
  kNumber,
  kMoney,
  kPercent,
  kQuantity,
  kOrdinal,
  kDate,
  kTime,
  kDuration,
  kSet,
  kPerson,
  kOrg,
  kPlace,
  kProduct,
};

// "number", "money", ... as written in the output schema.
std::string_view MentionKindName(MentionKind kind);
// The inverse of MentionKindName; nullopt for an unknown name.
std::optional<MentionKind> ParseMentionKind(std::string_view name);

// Shortest decimal form: integers without a fraction ("10000000000"), others
// with up to 15 significant digits ("12.5").
std::string FormatDouble(double v);

bool IsFigure(MentionKind kind);  // number, money, percent, quantity, ordinal
bool IsTime(MentionKind kind);    // date, time, duration, set
bool IsEntity(MentionKind kind);  // person, org, place, product

struct Mention {
  MentionKind kind = MentionKind::kNumber;
  // Extractors set [begin, end) as byte offsets into the text they were given
  // (the normalized text). The pipeline then sets start/end: Unicode code
  // point offsets into the original article text, end exclusive.
  size_t begin = 0;
  size_t end_byte = 0;
  int64_t start = 0;
  int64_t end = 0;
  std::string text;   // the matched text, as in the original article
  int sentence = -1;  // index of the sentence holding `begin`
  std::string rule;   // stable rule id, e.g. "fr.money.scale_currency"

  // Figures.
  std::optional<double> value;  // money in units of `unit`; percent 12.5
  std::string unit;             // ISO 4217 code for money, else the unit
  std::string object;           // what is counted: "GPU NVIDIA H100"
  bool approx = false;          // près de, about, environ
  std::optional<double> min;    // bounds and ranges
  std::optional<double> max;
  std::optional<double> from;  // changes: de 35 000 à 85 000
  std::optional<double> to;

  // Times.
  std::string timex;  // TIMEX3 value: 2024-04, P3Y, PRESENT_REF, XXXX-12
  std::string type;   // DATE, TIME, DURATION, SET
  std::string mod;    // START, MID, END, APPROX, BEFORE, AFTER, ...

  // Entities.
  std::string canonical;  // the name all mentions of the entity resolve to
  std::string entity;     // entity id, stable for the same input

  // Returns the attribute named `key` ("value", "unit", "timex", "kind",
  // "text", ...) formatted as in rule-file examples, or nullopt when the key
  // is unknown. Unset optionals read as "". Used by rule self-tests.
  std::optional<std::string> Attribute(std::string_view key) const;
};

}  // namespace newsline

#endif  // NEWSLINE_CORE_MENTION_H_
