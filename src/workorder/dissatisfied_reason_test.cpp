// The 不满意原因 code table: every reason round-trips through its code, has
// a Chinese name, and nothing else parses.
#include "workorder/dissatisfied_reason.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace hotline {
namespace {

TEST(DissatisfiedReasonTest, CodesRoundTripAndNamesAreChinese) {
  std::set<std::string_view> codes, names;
  for (DissatisfiedReason r : kDissatisfiedReasons) {
    const std::string_view code = DissatisfiedReasonCode(r);
    EXPECT_EQ(ParseDissatisfiedReason(code), r) << code;
    codes.insert(code);
    names.insert(DissatisfiedReasonDisplayName(r));
  }
  EXPECT_EQ(codes.size(), 7u);
  EXPECT_EQ(names.size(), 7u);
  EXPECT_EQ(DissatisfiedReasonCode(DissatisfiedReason::kReplyQuality), "reply_quality");
  EXPECT_EQ(DissatisfiedReasonDisplayName(DissatisfiedReason::kNoContact), "未与诉求人联系");
  EXPECT_EQ(DissatisfiedReasonDisplayName(DissatisfiedReason::kUnreasonable),
            "诉求超出政策或不合理");
}

TEST(DissatisfiedReasonTest, RefusesUnknownCodes) {
  EXPECT_FALSE(ParseDissatisfiedReason(""));
  EXPECT_FALSE(ParseDissatisfiedReason("Slow"));
  EXPECT_FALSE(ParseDissatisfiedReason("unspecified"));  // a figure's label, never recorded
  EXPECT_FALSE(ParseDissatisfiedReason("问题未解决"));
}

}  // namespace
}  // namespace hotline
