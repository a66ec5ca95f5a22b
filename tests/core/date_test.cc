#include "core/date.h"

#include <gtest/gtest.h>

namespace newsline {
namespace {

TEST(CivilDate, RoundTripsThroughDayNumbers) {
  for (int64_t d = -800000; d < 800000; d += 97) {
    EXPECT_EQ(ToDayNumber(FromDayNumber(d)), d);
  }
  EXPECT_EQ(ToDayNumber({1970, 1, 1}), 0);
  EXPECT_EQ(FromDayNumber(19879), (CivilDate{2024, 6, 5}));
}

TEST(CivilDate, KnowsWeekdaysAndIsoWeeks) {
  EXPECT_EQ(Weekday({2024, 6, 5}), 3);  // a Wednesday
  int y, w;
  IsoWeek({2024, 6, 5}, &y, &w);
  EXPECT_EQ(y, 2024);
  EXPECT_EQ(w, 23);
  IsoWeek({2021, 1, 3}, &y, &w);  // Sunday of 2020's week 53
  EXPECT_EQ(y, 2020);
  EXPECT_EQ(w, 53);
}

TEST(CivilDate, AddsMonthsClampingTheDay) {
  EXPECT_EQ(AddMonths({2024, 1, 31}, 1), (CivilDate{2024, 2, 29}));
  EXPECT_EQ(AddMonths({2024, 1, 15}, -1), (CivilDate{2023, 12, 15}));
  EXPECT_EQ(AddMonths({2024, 12, 1}, 13), (CivilDate{2026, 1, 1}));
}

TEST(CivilDate, ParsesIsoDatesAndIgnoresTheTime) {
  EXPECT_EQ(ParseIsoDate("2024-06-05"), (CivilDate{2024, 6, 5}));
  EXPECT_EQ(ParseIsoDate("2024-06-05T10:00:00+02:00"), (CivilDate{2024, 6, 5}));
  EXPECT_FALSE(ParseIsoDate("2024-02-30"));
  EXPECT_FALSE(ParseIsoDate("2024-6-5"));
  EXPECT_FALSE(ParseIsoDate("yesterday"));
  EXPECT_FALSE(ParseIsoDate("2024-06-05x"));
}

}  // namespace
}  // namespace newsline
