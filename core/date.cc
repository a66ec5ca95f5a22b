#include "core/date.h"

#include <cstdio>

namespace newsline {

std::string CivilDate::ToString() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

bool IsLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

bool IsValidDate(int year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

int64_t ToDayNumber(const CivilDate& date) {
  int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t m = date.month;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate FromDayNumber(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{static_cast<int>(y + (m <= 2 ? 1 : 0)), m, d};
}

int Weekday(const CivilDate& date) {
  const int64_t days = ToDayNumber(date);
  // 1970-01-01 was a Thursday (4).
  int64_t w = (days + 3) % 7;
  if (w < 0) w += 7;
  return static_cast<int>(w) + 1;
}

void IsoWeek(const CivilDate& date, int* iso_year, int* week) {
  // The ISO week belongs to the year of its Thursday.
  const CivilDate thursday = AddDays(date, 4 - Weekday(date));
  *iso_year = thursday.year;
  const int64_t jan1 = ToDayNumber(CivilDate{thursday.year, 1, 1});
  *week = static_cast<int>((ToDayNumber(thursday) - jan1) / 7 + 1);
}

CivilDate AddDays(const CivilDate& date, int64_t days) {
  return FromDayNumber(ToDayNumber(date) + days);
}

CivilDate AddMonths(const CivilDate& date, int months) {
  int64_t total =
      static_cast<int64_t>(date.year) * 12 + (date.month - 1) + months;
  int year = static_cast<int>(total >= 0 ? total / 12 : (total - 11) / 12);
  int month = static_cast<int>(total - static_cast<int64_t>(year) * 12) + 1;
  int day = date.day;
  if (day > DaysInMonth(year, month)) day = DaysInMonth(year, month);
  return CivilDate{year, month, day};
}

std::optional<CivilDate> ParseIsoDate(std::string_view text) {
  if (text.size() < 10) return std::nullopt;
  auto digits = [&](size_t pos, size_t n, int* out) {
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      v = v * 10 + (text[i] - '0');
    }
    *out = v;
    return true;
  };
  int y, m, d;
  if (!digits(0, 4, &y) || text[4] != '-' || !digits(5, 2, &m) ||
      text[7] != '-' || !digits(8, 2, &d)) {
    return std::nullopt;
  }
  if (text.size() > 10) {
    const char c = text[10];
    if (c != 'T' && c != 't' && c != ' ' && c != 'Z' && c != '+' && c != '-') {
      return std::nullopt;
    }
  }
  if (!IsValidDate(y, m, d)) return std::nullopt;
  return CivilDate{y, m, d};
}

}  // namespace newsline
