#include "workorder/privacy.h"

#include <gtest/gtest.h>

namespace hotline {
namespace {

TEST(PrivacyTest, MasksPhones) {
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("025-84561234"), "025*****1234");
  EXPECT_EQ(MaskPhone("12345"), "***45");
  EXPECT_EQ(MaskPhone(""), "");
}

TEST(PrivacyTest, MasksNamesByCharacter) {
  EXPECT_EQ(MaskName("张三"), "张*");
  EXPECT_EQ(MaskName("欧阳娜娜"), "欧***");
  EXPECT_EQ(MaskName("李"), "李*");
  EXPECT_EQ(MaskName("Tom"), "T**");
  EXPECT_EQ(MaskName(""), "");
}

TEST(PrivacyTest, VisibilityMatrix) {
  for (Role r : kAllRoles) {
    for (DemandType d : {DemandType::kComplaint, DemandType::kReport}) {
      const auto v = CallerVisibilityFor(r, d);
      if (SeesCallerIdentity(r)) {
        EXPECT_EQ(v, CallerVisibility::kFull) << RoleCode(r);
      } else if (IsUnitRole(r) && d == DemandType::kReport) {
        EXPECT_EQ(v, CallerVisibility::kHidden) << RoleCode(r);
      } else {
        EXPECT_EQ(v, CallerVisibility::kMasked) << RoleCode(r);
      }
    }
  }
  EXPECT_EQ(CallerVisibilityFor(Role::kHandler, DemandType::kReport), CallerVisibility::kHidden);
  EXPECT_EQ(CallerVisibilityFor(Role::kHandler, DemandType::kHelp), CallerVisibility::kMasked);
  EXPECT_EQ(CallerVisibilityFor(Role::kLeader, DemandType::kHelp), CallerVisibility::kMasked);
  EXPECT_EQ(CallerVisibilityFor(Role::kAgent, DemandType::kReport), CallerVisibility::kFull);
}

}  // namespace
}  // namespace hotline
