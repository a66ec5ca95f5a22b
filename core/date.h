// CivilDate: a proleptic Gregorian calendar date without time zone.
//
// Used for reference dates and for resolving time expressions. Arithmetic is
// done on day numbers (days since 1970-01-01, Howard Hinnant's algorithms),
// so it is exact for any year newsline meets. Any module may use it.
#ifndef NEWSLINE_CORE_DATE_H_
#define NEWSLINE_CORE_DATE_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newsline {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..DaysInMonth

  auto operator<=>(const CivilDate&) const = default;

  // "2024-06-05".
  std::string ToString() const;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);
bool IsValidDate(int year, int month, int day);

// Days since 1970-01-01 and back.
int64_t ToDayNumber(const CivilDate& date);
CivilDate FromDayNumber(int64_t days);

// ISO weekday: 1 = Monday ... 7 = Sunday.
int Weekday(const CivilDate& date);
// ISO 8601 week: the week-numbering year and week 1..53.
void IsoWeek(const CivilDate& date, int* iso_year, int* week);

CivilDate AddDays(const CivilDate& date, int64_t days);
// Adds months, clamping the day to the end of the target month.
CivilDate AddMonths(const CivilDate& date, int months);

// Parses "YYYY-MM-DD", optionally followed by a time part ("T10:00:00Z",
// " 10:00", "+02:00" ...), which is ignored: newsline works with dates.
// Returns nullopt for anything else or an impossible date.
std::optional<CivilDate> ParseIsoDate(std::string_view text);

}  // namespace newsline

#endif  // NEWSLINE_CORE_DATE_H_
