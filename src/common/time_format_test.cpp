#include "common/time_format.h"

#include <gtest/gtest.h>

namespace hotline {
namespace {

TEST(TimeFormatTest, RoundTripsChinaTime) {
  auto t = ParseRfc3339("2026-11-26T09:30:00+08:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatRfc3339(*t), "2026-11-26T09:30:00+08:00");
  auto z = ParseRfc3339("2026-11-26T01:30:00.250Z");
  ASSERT_TRUE(z);
  EXPECT_EQ(FormatRfc3339(*z), "2026-11-26T09:30:00.250+08:00");
}

TEST(TimeFormatTest, DayStampFollowsChinaMidnight) {
  // 16:30 UTC is already the next day in China.
  EXPECT_EQ(ChinaDayStamp(*ParseRfc3339("2026-11-25T16:30:00Z")), "20261126");
  EXPECT_EQ(ChinaDayStamp(*ParseRfc3339("2026-11-25T15:59:59Z")), "20261125");
}

TEST(TimeFormatTest, RejectsMalformedText) {
  for (const char* bad :
       {"", "2026-11-26", "2026-11-26T09:30:00", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "2026-11-26T25:00:00Z", "2026-11-26T09:30:00+8:00", "2026-11-26T09:30:00.Z"})
    EXPECT_FALSE(ParseRfc3339(bad)) << bad;
}

TEST(TimeFormatTest, ParsesChinaDates) {
  auto d = ParseChinaDate("2026-11-26");
  ASSERT_TRUE(d);
  EXPECT_EQ(FormatRfc3339(*d), "2026-11-26T00:00:00+08:00");
  EXPECT_FALSE(ParseChinaDate("2026/11/26"));
}

}  // namespace
}  // namespace hotline
