// Parsing, formatting and bounds of TIMEX3 DATE values, for the time
// extractor's resolver and for TimexSpan. Internal to extractors/time.
//
// A value is a date part optionally followed by a time part ("T10:30",
// "TMO"). The date part is one of (X marks an unknown digit):
//   YY           century ("19": the years 1900-1999)
//   YYY          decade ("199": 1990-1999)
//   YYYY         year; also fiscal years
//   YYYY-SP|SU|FA|WI   season        YYYY-Hn   half year
//   YYYY-Qn      quarter              YYYY-MM   month
//   YYYY-Www     ISO week             YYYY-MM-DD  day
//   YYYY-Www-D   ISO week date (a day)
// where YYYY may be XXXX ("XXXX-12", "XXXX-WXX-1"). Thread-safe; no state.
#ifndef NEWSLINE_EXTRACTORS_TIME_INTERNAL_TIMEX_VALUE_H_
#define NEWSLINE_EXTRACTORS_TIME_INTERNAL_TIMEX_VALUE_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/date.h"

namespace newsline::time_internal {

enum class Unit {
  kCentury,
  kDecade,
  kYear,
  kSeason,
  kHalf,
  kQuarter,
  kMonth,
  kWeek,
  kDay,      // YYYY-MM-DD
  kWeekDay,  // YYYY-Www-D, or XXXX-WXX-D for a bare weekday
};

struct DateValue {
  Unit unit = Unit::kYear;
  // The leading digits: the century (19), decade (199) or year (2024);
  // nullopt when written with X.
  std::optional<int> year;
  // Season 1..4 (SP SU FA WI), half 1..2, quarter 1..4, month 1..12 or
  // week 1..53; 0 when written with X ("XXXX-XX", "XXXX-WXX-1").
  int sub = 0;
  // Day of month for kDay (0 when "XX"); ISO weekday 1..7 for kWeekDay.
  int day = 0;
};

// Parses a date part (no time part). Returns nullopt for anything that is
// not one of the forms above or names an impossible date (2023-02-29).
std::optional<DateValue> ParseDate(std::string_view text);
std::string FormatDate(const DateValue& value);

// True for a time part: "T" followed by HH, HH:MM, HH:MM:SS or a part of the
// day (MO, AF, EV, NI, DT).
bool IsTimePart(std::string_view text);

// Splits "2024-06-05T10:30" into "2024-06-05" and "T10:30". The time part is
// empty when there is none; the date part is empty for a bare time "T10:30".
std::pair<std::string_view, std::string_view> SplitTime(std::string_view value);

// True for a TIMEX3 duration: "P3Y", "PXM", "PT2H30M", "P1.5Y", "P2DE".
bool IsDuration(std::string_view text);

// The first and last day a value covers; nullopt when a needed digit is
// unknown. A decade or century value covers its ten or hundred years.
std::optional<std::pair<CivilDate, CivilDate>> Bounds(const DateValue& value);

// Monday of ISO week `week` of `iso_year`.
CivilDate IsoWeekMonday(int iso_year, int week);
// Number of ISO weeks (52 or 53) in `iso_year`.
int IsoWeeksInYear(int iso_year);

// "century", "decade", "year", "season", "half", "quarter", "month", "week",
// "day".
std::string_view GranularityName(Unit unit);

}  // namespace newsline::time_internal

#endif  // NEWSLINE_EXTRACTORS_TIME_INTERNAL_TIMEX_VALUE_H_
