#include "extractors/time/timex.h"

#include "extractors/time/internal/timex_value.h"

namespace newsline {
namespace {

using time_internal::Unit;

// Splits [start, end] into thirds made of whole months.
TimeSpan MonthThird(const CivilDate& start, int months, int third) {
  const int per = months / 3;
  const CivilDate first = AddMonths(start, (third - 1) * per);
  const CivilDate last = AddMonths(start, third * per - 1);
  return TimeSpan{
      first,
      CivilDate{last.year, last.month, DaysInMonth(last.year, last.month)}, ""};
}

// Splits a range of years [first, first + count) at the given offsets.
TimeSpan YearThird(int first, int mid_start, int end_start, int count,
                   int third) {
  const int from = third == 1 ? 0 : third == 2 ? mid_start : end_start;
  const int to = third == 1   ? mid_start - 1
                 : third == 2 ? end_start - 1
                              : count - 1;
  return TimeSpan{CivilDate{first + from, 1, 1}, CivilDate{first + to, 12, 31},
                  ""};
}

}  // namespace

std::optional<TimeSpan> TimexSpan(std::string_view timex,
                                  std::string_view mod) {
  const auto [date_part, time_part] = time_internal::SplitTime(timex);
  if (!time_part.empty() && !time_internal::IsTimePart(time_part)) {
    return std::nullopt;
  }
  const auto value = time_internal::ParseDate(date_part);
  if (!value) return std::nullopt;
  // A time of day needs a day to belong to.
  if (!time_part.empty() && value->unit != Unit::kDay &&
      value->unit != Unit::kWeekDay) {
    return std::nullopt;
  }
  const auto bounds = time_internal::Bounds(*value);
  if (!bounds) return std::nullopt;
  TimeSpan span{bounds->first, bounds->second,
                std::string(time_internal::GranularityName(value->unit))};
  const int third = mod == "START" ? 1
                    : mod == "MID" ? 2
                    : mod == "END" ? 3
                                   : 0;
  if (third == 0) return span;
  TimeSpan part = span;
  switch (value->unit) {
    case Unit::kYear:
      part = MonthThird(span.start, 12, third);
      break;
    case Unit::kHalf:
      part = MonthThird(span.start, 6, third);
      break;
    case Unit::kQuarter:
    case Unit::kSeason:
      part = MonthThird(span.start, 3, third);
      break;
    case Unit::kMonth: {
      const int last = span.end.day;
      const int from = third == 1 ? 1 : third == 2 ? 11 : 21;
      const int to = third == 1 ? 10 : third == 2 ? 20 : last;
      part.start.day = from;
      part.end = span.start;
      part.end.day = to;
      break;
    }
    case Unit::kWeek: {
      const int from = third == 1 ? 0 : third == 2 ? 2 : 4;
      const int to = third == 1 ? 1 : third == 2 ? 3 : 6;
      part.start = AddDays(span.start, from);
      part.end = AddDays(span.start, to);
      break;
    }
    case Unit::kDecade:
      part = YearThird(span.start.year, 4, 7, 10, third);
      break;
    case Unit::kCentury:
      part = YearThird(span.start.year, 33, 66, 100, third);
      break;
    case Unit::kDay:
    case Unit::kWeekDay:
      break;
  }
  part.granularity = std::move(span.granularity);
  return part;
}

}  // namespace newsline
