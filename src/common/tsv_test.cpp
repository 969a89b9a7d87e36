#include "common/tsv.h"

#include <gtest/gtest.h>

namespace hotline {
namespace {

using Fields = std::vector<std::string_view>;

TEST(SplitTabsTest, KeepsEmptyFieldsAndTheLastOne) {
  EXPECT_EQ(SplitTabs("id\ttext\tlabel"), (Fields{"id", "text", "label"}));
  EXPECT_EQ(SplitTabs("1\t\t环境"), (Fields{"1", "", "环境"}));
  EXPECT_EQ(SplitTabs("a\t"), (Fields{"a", ""}));
  EXPECT_EQ(SplitTabs("no tabs"), (Fields{"no tabs"}));
  EXPECT_EQ(SplitTabs(""), (Fields{""}));
}

}  // namespace
}  // namespace hotline
