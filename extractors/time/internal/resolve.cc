#include "extractors/time/internal/resolve.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <utility>
#include <vector>

#include "extractors/time/internal/timex_value.h"

namespace newsline::time_internal {
namespace {

// The concrete choice a Direction and Tense come down to.
enum class Mode { kLatest, kEarliest, kLast, kNext, kThis, kNearest };

struct Candidate {
  DateValue value;
  int64_t start = 0;  // day numbers, inclusive
  int64_t end = 0;
};

Mode ModeFor(Direction direction, Tense tense, bool day_precise) {
  switch (direction) {
    case Direction::kTense:
      if (tense == Tense::kFuture) return Mode::kEarliest;
      if (tense == Tense::kPast) return Mode::kLatest;
      return day_precise ? Mode::kNearest : Mode::kLatest;
    case Direction::kLatest:
      return Mode::kLatest;
    case Direction::kEarliest:
      return Mode::kEarliest;
    case Direction::kLast:
      return Mode::kLast;
    case Direction::kNext:
      return Mode::kNext;
    case Direction::kThis:
      return Mode::kThis;
    case Direction::kNearest:
      return Mode::kNearest;
  }
  return Mode::kLatest;
}

// How close (in days) a day-precise date must be to the reference to be read
// as the nearby occurrence regardless of the sentence's tense.
constexpr int64_t kNearbyDayWindow = 31;

int64_t Distance(const Candidate& c, int64_t ref) {
  if (ref < c.start) return c.start - ref;
  if (ref > c.end) return ref - c.end;
  return 0;
}

const Candidate* Choose(const std::vector<Candidate>& candidates, Mode mode,
                        const CivilDate& reference, bool weekday) {
  const int64_t ref = ToDayNumber(reference);
  const Candidate* best = nullptr;
  auto better_if = [&](const Candidate& c, bool ok, bool prefer) {
    if (ok && (best == nullptr || prefer)) best = &c;
  };
  for (const Candidate& c : candidates) {
    switch (mode) {
      case Mode::kLatest:
        better_if(c, c.start <= ref, best && c.start > best->start);
        break;
      case Mode::kEarliest:
        better_if(c, c.end >= ref, best && c.start < best->start);
        break;
      case Mode::kLast:
        better_if(c, c.end < ref, best && c.start > best->start);
        break;
      case Mode::kNext:
        better_if(c, c.start > ref, best && c.start < best->start);
        break;
      case Mode::kThis:
      case Mode::kNearest:
        better_if(c, true, best && Distance(c, ref) < Distance(*best, ref));
        break;
    }
  }
  if (mode != Mode::kThis || best == nullptr || Distance(*best, ref) == 0) {
    return best;
  }
  // "This" without a candidate holding the reference: the weekday of the
  // reference's ISO week, else the one in the reference's year.
  int ref_iso_year = 0, ref_week = 0;
  IsoWeek(reference, &ref_iso_year, &ref_week);
  for (const Candidate& c : candidates) {
    if (weekday) {
      int y = 0, w = 0;
      IsoWeek(FromDayNumber(c.start), &y, &w);
      if (y == ref_iso_year && w == ref_week) return &c;
    } else if (c.value.year == reference.year) {
      return &c;
    }
  }
  return best;
}

bool IsComplete(const DateValue& v) {
  if (!v.year) return false;
  switch (v.unit) {
    case Unit::kCentury:
    case Unit::kDecade:
    case Unit::kYear:
      return true;
    case Unit::kDay:
      return v.sub != 0 && v.day != 0;
    default:
      return v.sub != 0;
  }
}

std::string Format(const char* format, int a, int b = 0) {
  char buf[32];
  std::snprintf(buf, sizeof buf, format, a, b);
  return buf;
}

}  // namespace

std::optional<Direction> ParseDirection(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, Direction>, 7> kNames{
      {
          {"tense", Direction::kTense},
          {"latest", Direction::kLatest},
          {"earliest", Direction::kEarliest},
          {"last", Direction::kLast},
          {"next", Direction::kNext},
          {"this", Direction::kThis},
          {"nearest", Direction::kNearest},
      }};
  for (const auto& [n, d] : kNames) {
    if (n == name) return d;
  }
  return std::nullopt;
}

std::optional<AnchorUnit> ParseAnchorUnit(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, AnchorUnit>, 16>
      kNames{{
          {"day", AnchorUnit::kDay},
          {"D", AnchorUnit::kDay},
          {"week", AnchorUnit::kWeek},
          {"W", AnchorUnit::kWeek},
          {"month", AnchorUnit::kMonth},
          {"M", AnchorUnit::kMonth},
          {"quarter", AnchorUnit::kQuarter},
          {"Q", AnchorUnit::kQuarter},
          {"half", AnchorUnit::kHalf},
          {"H", AnchorUnit::kHalf},
          {"year", AnchorUnit::kYear},
          {"Y", AnchorUnit::kYear},
          {"decade", AnchorUnit::kDecade},
          {"DE", AnchorUnit::kDecade},
          {"century", AnchorUnit::kCentury},
          {"CE", AnchorUnit::kCentury},
      }};
  for (const auto& [n, u] : kNames) {
    if (n == name) return u;
  }
  return std::nullopt;
}

bool IsReferenceWord(std::string_view value) {
  return value == "PRESENT_REF" || value == "PAST_REF" || value == "FUTURE_REF";
}

std::optional<std::string> AnchorValue(AnchorUnit unit, std::string_view offset,
                                       std::optional<CivilDate> reference) {
  if (!offset.empty() && offset[0] == '+') offset.remove_prefix(1);
  const bool negative = !offset.empty() && offset[0] == '-';
  std::string_view digits = negative ? offset.substr(1) : offset;
  if (digits == "X") return std::string(negative ? "PAST_REF" : "FUTURE_REF");
  if (digits.empty() || digits.size() > 6 ||
      digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  const int n = std::atoi(std::string(digits).c_str()) * (negative ? -1 : 1);
  if (!reference) {
    if (n < 0) return std::string("PAST_REF");
    if (n > 0) return std::string("FUTURE_REF");
    switch (unit) {
      case AnchorUnit::kDay:
        return std::string("PRESENT_REF");
      case AnchorUnit::kWeek:
        return std::string("XXXX-WXX");
      case AnchorUnit::kMonth:
        return std::string("XXXX-XX");
      case AnchorUnit::kQuarter:
        return std::string("XXXX-QX");
      case AnchorUnit::kHalf:
        return std::string("XXXX-HX");
      case AnchorUnit::kYear:
        return std::string("XXXX");
      case AnchorUnit::kDecade:
        return std::string("XXX");
      case AnchorUnit::kCentury:
        return std::string("XX");
    }
  }
  const CivilDate& ref = *reference;
  auto year_ok = [](int64_t y) { return y >= 0 && y <= 9999; };
  switch (unit) {
    case AnchorUnit::kDay: {
      const CivilDate d = AddDays(ref, n);
      if (!year_ok(d.year)) return std::nullopt;
      return d.ToString();
    }
    case AnchorUnit::kWeek: {
      int y = 0, w = 0;
      IsoWeek(AddDays(ref, 7 * static_cast<int64_t>(n)), &y, &w);
      if (!year_ok(y)) return std::nullopt;
      return Format("%04d-W%02d", y, w);
    }
    case AnchorUnit::kMonth: {
      const CivilDate d = AddMonths(CivilDate{ref.year, ref.month, 1}, n);
      if (!year_ok(d.year)) return std::nullopt;
      return Format("%04d-%02d", d.year, d.month);
    }
    case AnchorUnit::kQuarter:
    case AnchorUnit::kHalf: {
      const int per_year = unit == AnchorUnit::kQuarter ? 4 : 2;
      const int64_t index = static_cast<int64_t>(ref.year) * per_year +
                            (ref.month - 1) / (12 / per_year) + n;
      const int64_t y = index / per_year;
      if (!year_ok(y)) return std::nullopt;
      return Format(per_year == 4 ? "%04d-Q%d" : "%04d-H%d",
                    static_cast<int>(y),
                    static_cast<int>(index % per_year) + 1);
    }
    case AnchorUnit::kYear: {
      const int64_t y = static_cast<int64_t>(ref.year) + n;
      if (!year_ok(y)) return std::nullopt;
      return Format("%04d", static_cast<int>(y));
    }
    case AnchorUnit::kDecade: {
      const int64_t d = ref.year / 10 + static_cast<int64_t>(n);
      if (!year_ok(d * 10)) return std::nullopt;
      return Format("%03d", static_cast<int>(d));
    }
    case AnchorUnit::kCentury: {
      const int64_t c = ref.year / 100 + static_cast<int64_t>(n);
      if (!year_ok(c * 100)) return std::nullopt;
      return Format("%02d", static_cast<int>(c));
    }
  }
  return std::nullopt;
}

bool NeedsTense(std::string_view value, Direction direction) {
  return direction == Direction::kTense && value.starts_with("XXXX");
}

std::optional<std::string> ResolveDate(std::string_view value,
                                       Direction direction, Tense tense,
                                       std::optional<CivilDate> reference) {
  if (IsReferenceWord(value)) return std::string(value);
  const auto [date, time] = SplitTime(value);
  if (!time.empty() && !IsTimePart(time)) return std::nullopt;
  if (date.empty()) {
    if (time.empty()) return std::nullopt;
    return (reference ? reference->ToString() : std::string("XXXX-XX-XX")) +
           std::string(time);
  }
  const auto parsed = ParseDate(date);
  if (!parsed) return std::nullopt;
  const DateValue& v = *parsed;
  const bool day_like = v.unit == Unit::kDay || v.unit == Unit::kWeekDay;
  if (!time.empty() && !day_like) return std::nullopt;
  if (!reference || v.year || IsComplete(v)) {
    return FormatDate(v) + std::string(time);
  }
  const CivilDate& ref = *reference;
  std::vector<Candidate> candidates;
  if (v.unit == Unit::kWeekDay) {
    if (v.sub != 0) return FormatDate(v) + std::string(time);
    for (int k = -14; k <= 14; ++k) {
      const CivilDate d = AddDays(ref, k);
      if (Weekday(d) != v.day) continue;
      const int64_t n = ToDayNumber(d);
      candidates.push_back(
          Candidate{DateValue{Unit::kDay, d.year, d.month, d.day}, n, n});
    }
  } else if (v.unit == Unit::kDay && v.sub == 0) {
    if (v.day == 0) return FormatDate(v) + std::string(time);
    // "le 15": the month is unknown too.
    for (int k = -3; k <= 3; ++k) {
      const CivilDate m = AddMonths(CivilDate{ref.year, ref.month, 1}, k);
      if (!IsValidDate(m.year, m.month, v.day)) continue;
      const int64_t n = ToDayNumber(CivilDate{m.year, m.month, v.day});
      candidates.push_back(
          Candidate{DateValue{Unit::kDay, m.year, m.month, v.day}, n, n});
    }
  } else if (v.sub != 0 && (v.unit != Unit::kDay || v.day != 0)) {
    for (int y = ref.year - 2; y <= ref.year + 2; ++y) {
      DateValue c = v;
      c.year = y;
      if (c.unit == Unit::kDay && !IsValidDate(y, c.sub, c.day)) continue;
      if (c.unit == Unit::kWeek && c.sub > IsoWeeksInYear(y)) continue;
      const auto bounds = Bounds(c);
      if (!bounds) continue;
      candidates.push_back(Candidate{c, ToDayNumber(bounds->first),
                                     ToDayNumber(bounds->second)});
    }
  } else {
    // "XXXX", "XXXX-XX": nothing to choose from.
    return FormatDate(v) + std::string(time);
  }
  // A weekday alone follows the tense like a month; a day of a month in the
  // present is the nearest one (see Direction::kTense).
  const Mode mode = ModeFor(direction, tense, v.unit == Unit::kDay);
  const Candidate* chosen =
      Choose(candidates, mode, ref, v.unit == Unit::kWeekDay);
  // A day of a month within a few weeks of the article is that day, whatever
  // the tense: "announced a split, effective June 7" written on June 5 means
  // this June 7, not last year's. News names a day a year away with its year.
  if (direction == Direction::kTense && v.unit == Unit::kDay) {
    const Candidate* nearest =
        Choose(candidates, Mode::kNearest, ref, /*weekday=*/false);
    if (nearest != nullptr &&
        Distance(*nearest, ToDayNumber(ref)) <= kNearbyDayWindow) {
      chosen = nearest;
    }
  }
  if (chosen == nullptr) return std::nullopt;
  return FormatDate(chosen->value) + std::string(time);
}

}  // namespace newsline::time_internal
