#include "service/dispatch_advisor.h"

#include <gtest/gtest.h>

#include "common/time_format.h"
#include "service/small_district_test_fixture.h"
#include "storage/sqlite/dispatch_store.h"

namespace hotline {
namespace {

// A real database with a small district, the advisor on its own dispatch
// store, and a clock the test moves to trigger the advisor's refresh.
class DispatchAdvisorTest : public SmallDistrictTest {
 protected:
  DispatchAdvisorTest() : SmallDistrictTest("2026-11-27T09:00:00+08:00") {}

  void SetUp() override {
    SmallDistrictTest::SetUp();
    if (HasFatalFailure()) return;
    auto dispatch = OpenSqliteDispatchStore(test_db_.path());
    ASSERT_TRUE(dispatch) << dispatch.error().message;
    dispatch_ = std::move(*dispatch);
    DispatchAdvisorOptions options;
    options.refresh_interval = std::chrono::seconds(5);
    advisor_ = std::make_unique<DispatchAdvisor>(*dispatch_, *directory_, clock_, options);
    ASSERT_TRUE(advisor_->Load());
  }

  void TearDown() override {
    advisor_.reset();
    dispatch_.reset();
    SmallDistrictTest::TearDown();
  }

  // A model whose unit classifier always points at `unit`, as if trained
  // elsewhere and stored by another process.
  std::int64_t StoreModel(UnitId unit) {
    std::vector<LabeledText> units, categories;
    for (int i = 0; i < 4; ++i) {
      units.push_back({"道路破损 路面坑洼", UnitLabel(unit)});
      units.push_back({"无关 文本 其他", UnitLabel(unit + 1000)});
      categories.push_back({"道路破损 路面坑洼", CategoryLabel(leaf_)});
      categories.push_back({"无关 文本 其他", CategoryLabel(leaf_ + 1000)});
    }
    TextClassifierOptions fast;
    fast.epoch = 5;
    fast.dim = 8;
    auto u = TextClassifier::Train(units, fast);
    auto c = TextClassifier::Train(categories, fast);
    EXPECT_TRUE(u && c);
    DispatchModelData data;
    data.info.created_at = clock_.Now();
    data.info.trained_orders = 8;
    data.info.details_json = "{}";
    data.unit_model = u->Serialize();
    data.category_model = c->Serialize();
    auto version = dispatch_->SaveModel(data);
    EXPECT_TRUE(version) << version.error().message;
    return version.value_or(0);
  }

  std::int64_t StoreCorruptModel() {
    DispatchModelData data;
    data.info.created_at = clock_.Now();
    data.info.details_json = "{}";
    data.unit_model = "HLTXTCLS broken";
    data.category_model = "HLTXTCLS broken";
    return dispatch_->SaveModel(data).value_or(0);
  }

  std::int64_t VersionSeen() {
    auto s = advisor_->Suggest({"道路破损", "路面坑洼很多", "", std::nullopt});
    EXPECT_TRUE(s) << s.error().message;
    return s ? s->model_version : -1;
  }

  std::unique_ptr<DispatchStore> dispatch_;
  std::unique_ptr<DispatchAdvisor> advisor_;
};

TEST_F(DispatchAdvisorTest, AModelStoredElsewhereComesIntoForceAtTheNextRefresh) {
  EXPECT_EQ(VersionSeen(), 0);
  const std::int64_t v = StoreModel(street_);
  EXPECT_EQ(VersionSeen(), 0);  // not yet due
  clock_.Advance(std::chrono::seconds(6));
  EXPECT_EQ(VersionSeen(), v);
  EXPECT_EQ(advisor_->ModelVersion(), v);
}

TEST_F(DispatchAdvisorTest, ACorruptStoredModelLeavesTheModelInForce) {
  const std::int64_t good = StoreModel(street_);
  clock_.Advance(std::chrono::seconds(6));
  ASSERT_EQ(VersionSeen(), good);
  const std::int64_t bad = StoreCorruptModel();
  ASSERT_GT(bad, good);
  for (int i = 0; i < 3; ++i) {  // refused at every refresh
    clock_.Advance(std::chrono::seconds(6));
    EXPECT_EQ(VersionSeen(), good);
  }
  // A newer good model still comes into force after the refused one.
  const std::int64_t newer = StoreModel(other_street_);
  clock_.Advance(std::chrono::seconds(6));
  EXPECT_EQ(VersionSeen(), newer);
}

TEST_F(DispatchAdvisorTest, ImportRefusesABadFileAndKeepsTheModel) {
  const std::int64_t good = StoreModel(street_);
  clock_.Advance(std::chrono::seconds(6));
  ASSERT_EQ(VersionSeen(), good);
  auto exported = advisor_->ExportModel();
  ASSERT_TRUE(exported) << exported.error().message;
  std::string corrupt = *exported;
  corrupt[corrupt.size() - 3] ^= 0x11;
  auto refused = advisor_->ImportModel(corrupt);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "model_invalid");
  EXPECT_EQ(advisor_->ModelVersion(), good);
  auto latest = dispatch_->LatestModelVersion();
  ASSERT_TRUE(latest);
  EXPECT_EQ(*latest, good);  // nothing stored
  auto imported = advisor_->ImportModel(*exported);
  ASSERT_TRUE(imported) << imported.error().message;
  EXPECT_EQ(advisor_->ModelVersion(), *imported);  // in force at once
}

TEST_F(DispatchAdvisorTest, AutomaticDispatchNeedsTheThreshold) {
  DispatchSuggestion s;
  s.units.push_back({street_, 0.8, {}});
  EXPECT_FALSE(advisor_->AutomaticLeadUnit(s));  // off by default
  DispatchAdvisorOptions on;
  on.auto_dispatch_confidence = 0.75;
  DispatchAdvisor automatic(*dispatch_, *directory_, clock_, on);
  ASSERT_TRUE(automatic.AutomaticLeadUnit(s));
  EXPECT_EQ(automatic.AutomaticLeadUnit(s)->id, street_);
  s.units[0].confidence = 0.7;
  EXPECT_FALSE(automatic.AutomaticLeadUnit(s));
  EXPECT_FALSE(automatic.AutomaticLeadUnit(DispatchSuggestion{}));
}

}  // namespace
}  // namespace hotline
