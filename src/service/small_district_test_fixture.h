// For service tests: a real SQLite store seeded with the small district
// (storage/sqlite/test_database.h), its Directory and an OrderService, on a
// manual clock. Fixtures derive from it and add what they test.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string_view>
#include <vector>

#include "common/time_format.h"
#include "service/directory.h"
#include "service/order_service.h"
#include "storage/sqlite/test_database.h"

namespace hotline {

class SmallDistrictTest : public ::testing::Test {
 protected:
  explicit SmallDistrictTest(std::string_view start = "2026-11-26T09:00:00+08:00")
      : clock_(*ParseRfc3339(start)) {}

  void SetUp() override {
    auto store = test_db_.Open();
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    auto district = SeedSmallDistrict(*store_);
    ASSERT_TRUE(district) << district.error().message;
    platform_ = district->platform;
    street_ = district->street;
    other_street_ = district->other_street;
    leaf_ = district->leaf;
    directory_ = std::make_unique<Directory>(*store_);
    ASSERT_TRUE(directory_->Reload());
    orders_ = std::make_unique<OrderService>(*store_, *directory_, clock_, WorkflowRules{});
  }

  void TearDown() override {
    orders_.reset();
    directory_.reset();
    store_.reset();
  }

  // An order taken, dispatched to the street (with `assisting` units) and
  // signed at the clock's now.
  OrderId SignedOrder(std::vector<UnitId> assisting = {}) {
    const Actor agent{1, "a", Role::kAgent, platform_};
    const Actor dispatcher{2, "d", Role::kDispatcher, platform_};
    const Actor handler{3, "h", Role::kHandler, street_};
    IntakeCommand c;
    c.caller_phone = "13800000000";
    c.category_id = leaf_;
    c.title = "路面坑洼";
    c.content = "路口有坑";
    auto created = orders_->Intake(agent, c, "h");
    EXPECT_TRUE(created);
    if (!created) return 0;
    const OrderId id = created->order.id;
    EXPECT_TRUE(orders_->Act(dispatcher, id, Action::kDispatch,
                             RouteCommand{street_, std::move(assisting), ""}, std::nullopt));
    EXPECT_TRUE(orders_->Act(handler, id, Action::kSign, SignCommand{}, std::nullopt));
    return id;
  }

  TestDatabase test_db_;  // before store_: outlives it
  ManualClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Directory> directory_;
  std::unique_ptr<OrderService> orders_;
  UnitId platform_ = 0, street_ = 0, other_street_ = 0;
  CategoryId leaf_ = 0;
};

}  // namespace hotline
