// Resolution of time values against the reference date, for the time
// extractor. Internal to extractors/time; thread-safe, no state.
//
// Two kinds of value need the reference date:
// - anchored ones, counted from the reference ("la semaine dernière": the
//   reference's week minus one), computed by AnchorValue;
// - underspecified ones from the rule's template ("XXXX-12", "XXXX-06-05",
//   "XXXX-WXX-1", "T10:30"), completed by ResolveDate with the occurrence the
//   direction points to (see Direction).
// Without a reference date, values stay underspecified: "XXXX-12", and
// PAST_REF / FUTURE_REF / PRESENT_REF for anchored ones. No year is invented.
#ifndef NEWSLINE_EXTRACTORS_TIME_INTERNAL_RESOLVE_H_
#define NEWSLINE_EXTRACTORS_TIME_INTERNAL_RESOLVE_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"

namespace newsline::time_internal {

// The tense of the clause around an expression, from the rule file's cues.
enum class Tense { kUnknown, kPast, kPresent, kFuture };

// Which occurrence of an underspecified value to take ("décembre": which
// December). The rule's `direction` attribute names it.
enum class Direction {
  kTense,     // "tense": by the clause's tense. Past, present or unknown:
              // kLatest; future: kEarliest. A day date ("le 5 juin") in the
              // present or with no cue takes kNearest, since news announce
              // dated events in the present tense.
  kLatest,    // "latest": the last one that has begun by the reference date
              // (the current month counts: "depuis juin")
  kEarliest,  // "earliest": the first one not over by the reference date
  kLast,      // "last": the last one over before the reference ("juin dernier")
  kNext,      // "next": the first one starting after it ("lundi prochain")
  kThis,      // "this": the one holding the reference date, else the one in
              // the reference's year, or for a weekday the one in its ISO week
  kNearest,   // "nearest": the one closest to the reference date
};

std::optional<Direction> ParseDirection(std::string_view name);

// Units an anchor counts in. "day" and "D", "week" and "W", "month" and "M",
// "quarter" and "Q", "half" and "H" (half years: anchors never count hours),
// "year" and "Y", "decade" and "DE", "century" and "CE".
enum class AnchorUnit {
  kDay,
  kWeek,
  kMonth,
  kQuarter,
  kHalf,
  kYear,
  kDecade,
  kCentury
};

std::optional<AnchorUnit> ParseAnchorUnit(std::string_view name);

// The unit holding the reference date, moved by `offset` units, at that
// unit's granularity: day -1 -> "2024-06-04", week -1 -> "2024-W22", month 1
// -> "2024-07", quarter 0 -> "2024-Q2", half 0 -> "2024-H1", year -1 ->
// "2023", decade -1 -> "201", century 0 -> "20". `offset` is an integer or
// "X"/"-X" for a vague count ("il y a quelques jours"), which gives PAST_REF or
// FUTURE_REF. Without a reference date: PAST_REF or FUTURE_REF by the sign of
// the offset, and for offset 0 PRESENT_REF (day) or an X value of the unit
// ("XXXX", "XXXX-XX"). Returns nullopt for an offset that is not a number or
// a year outside 0..9999.
std::optional<std::string> AnchorValue(AnchorUnit unit, std::string_view offset,
                                       std::optional<CivilDate> reference);

// True if ResolveDate would read `tense` for this value and direction, so
// that the caller looks for cues only then.
bool NeedsTense(std::string_view value, Direction direction);

// Completes a DATE or TIME value: a missing year, or a weekday's date, by
// `direction`; a bare time "T10:30" is put on the reference day. Complete
// values and PRESENT_REF / PAST_REF / FUTURE_REF come back unchanged.
// Returns nullopt when the value is malformed or impossible ("2023-02-29").
std::optional<std::string> ResolveDate(std::string_view value,
                                       Direction direction, Tense tense,
                                       std::optional<CivilDate> reference);

// True for PRESENT_REF, PAST_REF and FUTURE_REF.
bool IsReferenceWord(std::string_view value);

}  // namespace newsline::time_internal

#endif  // NEWSLINE_EXTRACTORS_TIME_INTERNAL_RESOLVE_H_
