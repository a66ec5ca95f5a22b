// TimexSpan: the calendar days a resolved TIMEX3 DATE or TIME value covers.
//
// The events stage calls it to place events on the timeline and sort them:
// "2024-04" covers 2024-04-01..2024-04-30. Values that are not anchored in the
// calendar return nullopt: PRESENT_REF, PAST_REF and FUTURE_REF (the caller
// uses the reference date), durations and sets ("P3Y"), and unresolved values
// ("XXXX-12", "XXXX-WXX-1").
//
// Granularity is the unit the value names: "century" ("19"), "decade"
// ("199"), "year" ("2024", also a fiscal year "2025"), "season" ("2024-SU"),
// "half" ("2024-H1"), "quarter" ("2024-Q1"), "month" ("2024-04"), "week"
// ("2024-W11") or "day" ("2024-04-05", "2024-W11-2", and any value with a
// time part: "2024-04-05T10:30", "2024-04-05TMO").
//
// Seasons are meteorological: spring is March-May, summer June-August,
// autumn September-November, and winter runs from December of its year to
// February of the next ("2024-WI" = 2024-12-01..2025-02-28).
//
// Modifiers. START, MID and END narrow the span to its first, middle or last
// third, counted in whole units of the next smaller kind so that the thirds
// are the ones people mean by "early", "mid" and "late":
//   year     START Jan-Apr, MID May-Aug, END Sep-Dec
//   half     START months 1-2, MID 3-4, END 5-6
//   quarter, season  one month each
//   month    START days 1-10, MID 11-20, END 21-last
//   week     START Mon-Tue, MID Wed-Thu, END Fri-Sun
//   decade   START years 0-3, MID 4-6, END 7-9
//   century  START years 0-32, MID 33-65, END 66-99
// A day is not divided. Every other modifier (BEFORE, AFTER, ON_OR_AFTER,
// APPROX, ...) leaves the value's own span: it says how an event relates to
// the span, which is the caller's business.
//
// Thread-safe; no state.
//
// Example:
//   auto span = TimexSpan("2024", "END");
//   // span->start == {2024, 9, 1}, span->end == {2024, 12, 31},
//   // span->granularity == "year"
#ifndef NEWSLINE_EXTRACTORS_TIME_TIMEX_H_
#define NEWSLINE_EXTRACTORS_TIME_TIMEX_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"

namespace newsline {

struct TimeSpan {
  CivilDate start;  // first day covered
  CivilDate end;    // last day covered, inclusive
  std::string granularity;
};

// The days `timex` covers, narrowed by `mod` (see the file comment), or
// nullopt when the value is not a calendar date (PRESENT_REF, durations,
// sets, values with unknown digits) or is malformed.
std::optional<TimeSpan> TimexSpan(std::string_view timex,
                                  std::string_view mod = "");

}  // namespace newsline

#endif  // NEWSLINE_EXTRACTORS_TIME_TIMEX_H_
