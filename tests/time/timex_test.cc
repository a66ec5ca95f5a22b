// TimexSpan: the days a TIMEX3 value covers, and the thirds of its modifiers.
#include "extractors/time/timex.h"

#include <gtest/gtest.h>

#include <span>
#include <string>

namespace newsline {
namespace {

struct SpanCase {
  std::string_view timex;
  std::string_view mod;
  std::string_view start;  // "" when nullopt is expected
  std::string_view end;
  std::string_view granularity;
};

void ExpectSpans(std::span<const SpanCase> cases) {
  for (const SpanCase& c : cases) {
    SCOPED_TRACE(std::string(c.timex) + " mod=" + std::string(c.mod));
    const auto span = TimexSpan(c.timex, c.mod);
    if (c.start.empty()) {
      EXPECT_FALSE(span.has_value());
      continue;
    }
    ASSERT_TRUE(span.has_value());
    EXPECT_EQ(span->start.ToString(), c.start);
    EXPECT_EQ(span->end.ToString(), c.end);
    EXPECT_EQ(span->granularity, c.granularity);
  }
}

TEST(TimexSpan, CoversTheUnitTheValueNames) {
  const SpanCase cases[] = {
      {"2024", "", "2024-01-01", "2024-12-31", "year"},
      {"2024-04", "", "2024-04-01", "2024-04-30", "month"},
      {"2024-02", "", "2024-02-01", "2024-02-29", "month"},
      {"2023-02", "", "2023-02-01", "2023-02-28", "month"},
      {"2024-06-05", "", "2024-06-05", "2024-06-05", "day"},
      {"2024-W11", "", "2024-03-11", "2024-03-17", "week"},
      {"2021-W01", "", "2021-01-04", "2021-01-10", "week"},
      {"2020-W53", "", "2020-12-28", "2021-01-03", "week"},
      {"2024-W23-3", "", "2024-06-05", "2024-06-05", "day"},
      {"2024-Q1", "", "2024-01-01", "2024-03-31", "quarter"},
      {"2024-Q4", "", "2024-10-01", "2024-12-31", "quarter"},
      {"2024-H1", "", "2024-01-01", "2024-06-30", "half"},
      {"2024-H2", "", "2024-07-01", "2024-12-31", "half"},
      {"2024-SP", "", "2024-03-01", "2024-05-31", "season"},
      {"2024-SU", "", "2024-06-01", "2024-08-31", "season"},
      {"2024-FA", "", "2024-09-01", "2024-11-30", "season"},
      {"2024-WI", "", "2024-12-01", "2025-02-28", "season"},
      {"199", "", "1990-01-01", "1999-12-31", "decade"},
      {"19", "", "1900-01-01", "1999-12-31", "century"},
      {"2024-04-05T10:30", "", "2024-04-05", "2024-04-05", "day"},
      {"2024-04-05TMO", "", "2024-04-05", "2024-04-05", "day"},
      {"2025", "", "2025-01-01", "2025-12-31", "year"},
  };
  ExpectSpans(cases);
}

TEST(TimexSpan, NarrowsToThirdsForStartMidEnd) {
  const SpanCase cases[] = {
      {"2024", "START", "2024-01-01", "2024-04-30", "year"},
      {"2024", "MID", "2024-05-01", "2024-08-31", "year"},
      {"2024", "END", "2024-09-01", "2024-12-31", "year"},
      {"2024-04", "START", "2024-04-01", "2024-04-10", "month"},
      {"2024-04", "MID", "2024-04-11", "2024-04-20", "month"},
      {"2024-04", "END", "2024-04-21", "2024-04-30", "month"},
      {"2024-02", "END", "2024-02-21", "2024-02-29", "month"},
      {"2024-Q2", "END", "2024-06-01", "2024-06-30", "quarter"},
      {"2024-H2", "START", "2024-07-01", "2024-08-31", "half"},
      {"2024-WI", "MID", "2025-01-01", "2025-01-31", "season"},
      {"2024-W23", "END", "2024-06-07", "2024-06-09", "week"},
      {"199", "END", "1997-01-01", "1999-12-31", "decade"},
      {"199", "START", "1990-01-01", "1993-12-31", "decade"},
      {"19", "MID", "1933-01-01", "1965-12-31", "century"},
      {"2024-06-05", "END", "2024-06-05", "2024-06-05", "day"},
  };
  ExpectSpans(cases);
}

TEST(TimexSpan, OtherModifiersKeepTheWholeSpan) {
  const SpanCase cases[] = {
      {"2020", "ON_OR_AFTER", "2020-01-01", "2020-12-31", "year"},
      {"2030", "BEFORE", "2030-01-01", "2030-12-31", "year"},
      {"2024-06", "APPROX", "2024-06-01", "2024-06-30", "month"},
  };
  ExpectSpans(cases);
}

TEST(TimexSpan, ReturnsNothingForValuesOffTheCalendar) {
  const SpanCase cases[] = {
      {"PRESENT_REF", "", "", "", ""},
      {"PAST_REF", "", "", "", ""},
      {"FUTURE_REF", "", "", "", ""},
      {"XXXX-12", "", "", "", ""},
      {"XXXX-WXX-1", "", "", "", ""},
      {"XXXX-XX-XXT10:30", "", "", "", ""},
      {"P3Y", "", "", "", ""},
      {"PXM", "", "", "", ""},
      {"", "", "", "", ""},
      {"2024-13", "", "", "", ""},
      {"2023-02-29", "", "", "", ""},
      {"2024-W54", "", "", "", ""},
      {"2024-Q5", "", "", "", ""},
      {"2024-04T10:30", "", "", "", ""},
      {"2024-04-05T25:00", "", "", "", ""},
      {"June 2024", "", "", "", ""},
  };
  ExpectSpans(cases);
}

}  // namespace
}  // namespace newsline
