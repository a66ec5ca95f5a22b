#include "extractors/time/internal/timex_value.h"

#include <array>
#include <cstdio>

namespace newsline::time_internal {
namespace {

constexpr std::array<std::string_view, 4> kSeasons = {"SP", "SU", "FA", "WI"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` characters as digits into *value, or as "X"s into
// nullopt. Returns false for anything else.
bool ReadField(std::string_view s, size_t n, std::optional<int>* value) {
  if (s.size() != n) return false;
  if (s.find_first_not_of('X') == std::string_view::npos) {
    *value = std::nullopt;
    return true;
  }
  int v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  *value = v;
  return true;
}

std::string Pad(int v, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*d", width, v);
  return buf;
}

std::string PadOrX(int v, int width) {
  return v == 0 ? std::string(width, 'X') : Pad(v, width);
}

}  // namespace

std::optional<DateValue> ParseDate(std::string_view s) {
  DateValue out;
  std::optional<int> lead;
  if (s.size() <= 4) {
    if (!ReadField(s, s.size(), &lead) || s.size() < 2) return std::nullopt;
    out.unit = s.size() == 2   ? Unit::kCentury
               : s.size() == 3 ? Unit::kDecade
                               : Unit::kYear;
    out.year = lead;
    return out;
  }
  if (s.size() < 7 || s[4] != '-' || !ReadField(s.substr(0, 4), 4, &lead)) {
    return std::nullopt;
  }
  out.year = lead;
  std::string_view rest = s.substr(5);
  std::optional<int> field;
  for (size_t i = 0; i < kSeasons.size(); ++i) {
    if (rest == kSeasons[i]) {
      out.unit = Unit::kSeason;
      out.sub = static_cast<int>(i) + 1;
      return out;
    }
  }
  if (rest.size() == 2 && (rest[0] == 'H' || rest[0] == 'Q')) {
    if (!ReadField(rest.substr(1), 1, &field)) return std::nullopt;
    out.unit = rest[0] == 'H' ? Unit::kHalf : Unit::kQuarter;
    out.sub = field.value_or(0);
    const int max = rest[0] == 'H' ? 2 : 4;
    if (field && (*field < 1 || *field > max)) return std::nullopt;
    return out;
  }
  if (rest[0] == 'W') {
    if (rest.size() < 3 || !ReadField(rest.substr(1, 2), 2, &field)) {
      return std::nullopt;
    }
    out.sub = field.value_or(0);
    if (field && (*field < 1 || *field > (lead ? IsoWeeksInYear(*lead) : 53))) {
      return std::nullopt;
    }
    if (rest.size() == 3) {
      out.unit = Unit::kWeek;
      return out;
    }
    if (rest.size() != 5 || rest[3] != '-' || rest[4] < '1' || rest[4] > '7') {
      return std::nullopt;
    }
    out.unit = Unit::kWeekDay;
    out.day = rest[4] - '0';
    return out;
  }
  if (!ReadField(rest.substr(0, 2), 2, &field)) return std::nullopt;
  out.sub = field.value_or(0);
  if (field && (*field < 1 || *field > 12)) return std::nullopt;
  if (rest.size() == 2) {
    out.unit = Unit::kMonth;
    return out;
  }
  std::optional<int> day;
  if (rest.size() != 5 || rest[2] != '-' ||
      !ReadField(rest.substr(3), 2, &day)) {
    return std::nullopt;
  }
  out.unit = Unit::kDay;
  out.day = day.value_or(0);
  if (day) {
    // Without a year, 29 February is possible.
    const int max = !field ? 31 : DaysInMonth(lead.value_or(2000), *field);
    if (*day < 1 || *day > max) return std::nullopt;
  }
  return out;
}

std::string FormatDate(const DateValue& v) {
  switch (v.unit) {
    case Unit::kCentury:
      return v.year ? Pad(*v.year, 2) : "XX";
    case Unit::kDecade:
      return v.year ? Pad(*v.year, 3) : "XXX";
    default:
      break;
  }
  std::string out = v.year ? Pad(*v.year, 4) : "XXXX";
  switch (v.unit) {
    case Unit::kYear:
      break;
    case Unit::kSeason:
      out += "-";
      out += kSeasons[v.sub - 1];
      break;
    case Unit::kHalf:
      out += "-H" + PadOrX(v.sub, 1);
      break;
    case Unit::kQuarter:
      out += "-Q" + PadOrX(v.sub, 1);
      break;
    case Unit::kMonth:
      out += "-" + PadOrX(v.sub, 2);
      break;
    case Unit::kWeek:
      out += "-W" + PadOrX(v.sub, 2);
      break;
    case Unit::kDay:
      out += "-" + PadOrX(v.sub, 2) + "-" + PadOrX(v.day, 2);
      break;
    case Unit::kWeekDay:
      out += "-W" + PadOrX(v.sub, 2) + "-" + Pad(v.day, 1);
      break;
    default:
      break;
  }
  return out;
}

bool IsTimePart(std::string_view s) {
  if (s.size() < 2 || s[0] != 'T') return false;
  s.remove_prefix(1);
  if (s == "MO" || s == "AF" || s == "EV" || s == "NI" || s == "DT")
    return true;
  // HH, HH:MM or HH:MM:SS.
  if (s.size() != 2 && s.size() != 5 && s.size() != 8) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i % 3 == 2 ? s[i] != ':' : !IsDigit(s[i])) return false;
  }
  const int hour = (s[0] - '0') * 10 + (s[1] - '0');
  if (hour > 23) return false;
  for (size_t i = 3; i < s.size(); i += 3) {
    if ((s[i] - '0') * 10 + (s[i + 1] - '0') > 59) return false;
  }
  return true;
}

std::pair<std::string_view, std::string_view> SplitTime(
    std::string_view value) {
  const size_t t = value.find('T');
  if (t == std::string_view::npos) return {value, {}};
  return {value.substr(0, t), value.substr(t)};
}

bool IsDuration(std::string_view s) {
  if (s.size() < 3 || s[0] != 'P') return false;
  size_t i = 1;
  bool time = false;
  bool any = false;
  while (i < s.size()) {
    if (s[i] == 'T') {
      if (time) return false;
      time = true;
      ++i;
      continue;
    }
    // A number (digits with an optional fraction) or X.
    if (s[i] == 'X') {
      ++i;
    } else {
      const size_t start = i;
      while (i < s.size() && IsDigit(s[i])) ++i;
      if (i == start) return false;
      if (i < s.size() && s[i] == '.') {
        ++i;
        const size_t frac = i;
        while (i < s.size() && IsDigit(s[i])) ++i;
        if (i == frac) return false;
      }
    }
    std::string_view unit = s.substr(i);
    size_t len = 1;
    if (time) {
      if (unit.empty() ||
          (unit[0] != 'H' && unit[0] != 'M' && unit[0] != 'S')) {
        return false;
      }
    } else if (unit.starts_with("DE") || unit.starts_with("CE")) {
      len = 2;
    } else if (unit.empty() || std::string_view("YMWDQ").find(unit[0]) ==
                                   std::string_view::npos) {
      return false;
    }
    i += len;
    any = true;
  }
  // "PT" alone or a trailing "T" has no component after it.
  return any && s.back() != 'T';
}

CivilDate IsoWeekMonday(int iso_year, int week) {
  const CivilDate jan4{iso_year, 1, 4};
  return AddDays(jan4, 1 - Weekday(jan4) + 7 * static_cast<int64_t>(week - 1));
}

int IsoWeeksInYear(int iso_year) {
  int y = 0, w = 0;
  IsoWeek(CivilDate{iso_year, 12, 28}, &y, &w);
  return w;
}

std::optional<std::pair<CivilDate, CivilDate>> Bounds(const DateValue& v) {
  if (!v.year) return std::nullopt;
  const int y = *v.year;
  auto months = [&](int first, int count) {
    const CivilDate start{y, first, 1};
    const CivilDate last = AddMonths(start, count - 1);
    return std::pair(start, CivilDate{last.year, last.month,
                                      DaysInMonth(last.year, last.month)});
  };
  switch (v.unit) {
    case Unit::kCentury:
      return std::pair(CivilDate{y * 100, 1, 1},
                       CivilDate{y * 100 + 99, 12, 31});
    case Unit::kDecade:
      return std::pair(CivilDate{y * 10, 1, 1}, CivilDate{y * 10 + 9, 12, 31});
    case Unit::kYear:
      return std::pair(CivilDate{y, 1, 1}, CivilDate{y, 12, 31});
    default:
      break;
  }
  if (v.sub == 0) return std::nullopt;
  switch (v.unit) {
    case Unit::kSeason:
      // Meteorological seasons; winter starts in December of its year.
      return months(3 * v.sub, 3);
    case Unit::kHalf:
      return months(6 * v.sub - 5, 6);
    case Unit::kQuarter:
      return months(3 * v.sub - 2, 3);
    case Unit::kMonth:
      return months(v.sub, 1);
    case Unit::kWeek: {
      const CivilDate monday = IsoWeekMonday(y, v.sub);
      return std::pair(monday, AddDays(monday, 6));
    }
    case Unit::kDay:
      if (v.day == 0) return std::nullopt;
      return std::pair(CivilDate{y, v.sub, v.day}, CivilDate{y, v.sub, v.day});
    case Unit::kWeekDay: {
      const CivilDate d = AddDays(IsoWeekMonday(y, v.sub), v.day - 1);
      return std::pair(d, d);
    }
    default:
      return std::nullopt;
  }
}

std::string_view GranularityName(Unit unit) {
  switch (unit) {
    case Unit::kCentury:
      return "century";
    case Unit::kDecade:
      return "decade";
    case Unit::kYear:
      return "year";
    case Unit::kSeason:
      return "season";
    case Unit::kHalf:
      return "half";
    case Unit::kQuarter:
      return "quarter";
    case Unit::kMonth:
      return "month";
    case Unit::kWeek:
      return "week";
    case Unit::kDay:
    case Unit::kWeekDay:
      return "day";
  }
  return "day";
}

}  // namespace newsline::time_internal
