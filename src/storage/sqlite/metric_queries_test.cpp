// The daily rollup tables on a real SQLite file: facts add up under every
// dimension, ranges are inclusive China days, and the definition version is
// kept beside them.
#include "storage/sqlite/metric_queries.h"

#include <gtest/gtest.h>

#include <map>

#include "storage/sqlite/test_database.h"

namespace hotline {
namespace {

MetricFact Fact(std::int32_t day, std::optional<UnitId> unit, Measure m, std::int64_t n = 1) {
  MetricFact f;
  f.day = day;
  f.unit_id = unit;
  f.street_unit_id = 10;
  f.category_id = 102;
  f.channel = Channel::kWeb;
  f.demand_type = DemandType::kComplaint;
  f.enterprise = true;
  f.counts[static_cast<int>(m)] = n;
  return f;
}

class MetricQueriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = test_db_.Open();
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
  }

  void Add(const std::vector<MetricFact>& facts) {
    auto w = store_->Write([&](WriteTxn& t) { return t.AddMetricFacts(facts); });
    ASSERT_TRUE(w) << w.error().message;
  }

  // key → the counter `m` over days from..to.
  std::map<std::string, std::int64_t> Counts(std::string_view dim, Measure m, std::int32_t from,
                                             std::int32_t to) {
    auto rows = store_->QueryRollup(dim, from, to);
    EXPECT_TRUE(rows) << rows.error().message;
    std::map<std::string, std::int64_t> out;
    for (const RollupRow& r : *rows) out[r.key] = r.counts[static_cast<int>(m)];
    return out;
  }

  int Version() {
    int v = -1;
    auto w = store_->Write([&](WriteTxn& t) -> Result<void> {
      auto r = t.MetricFactsVersion();
      if (!r) return Fail(r.error());
      v = *r;
      return {};
    });
    EXPECT_TRUE(w);
    return v;
  }

  TestDatabase test_db_;  // before store_: outlives it
  std::unique_ptr<Store> store_;
};

TEST_F(MetricQueriesTest, FactsAddUpPerDimensionKeyAndDay) {
  Add({Fact(20261123, 30, Measure::kSigned), Fact(20261123, 30, Measure::kSigned, 2)});
  Add({Fact(20261124, 40, Measure::kSigned), Fact(20261124, std::nullopt, Measure::kReceived)});
  EXPECT_EQ(Counts("unit", Measure::kSigned, 20261123, 20261124),
            (std::map<std::string, std::int64_t>{{"30", 3}, {"40", 1}}));
  EXPECT_EQ(Counts("all", Measure::kSigned, 20261123, 20261124),
            (std::map<std::string, std::int64_t>{{"", 4}}));
  EXPECT_EQ(Counts("all", Measure::kReceived, 20261123, 20261124),
            (std::map<std::string, std::int64_t>{{"", 1}}));
  // The intake fact has no unit: no unit row, but every other dimension.
  EXPECT_EQ(Counts("street", Measure::kReceived, 20261123, 20261124),
            (std::map<std::string, std::int64_t>{{"10", 1}}));
  EXPECT_EQ(Counts("channel", Measure::kSigned, 20261123, 20261124),
            (std::map<std::string, std::int64_t>{{"web", 4}}));
  EXPECT_EQ(Counts("demand_type", Measure::kSigned, 20261123, 20261124),
            (std::map<std::string, std::int64_t>{{"complaint", 4}}));
  EXPECT_EQ(Counts("category", Measure::kSigned, 20261123, 20261124),
            (std::map<std::string, std::int64_t>{{"102", 4}}));
  EXPECT_EQ(Counts("enterprise", Measure::kSigned, 20261123, 20261124),
            (std::map<std::string, std::int64_t>{{"true", 4}}));
  EXPECT_EQ(Counts("enterprise_unit", Measure::kSigned, 20261123, 20261124),
            (std::map<std::string, std::int64_t>{{"30", 3}, {"40", 1}}));
}

TEST_F(MetricQueriesTest, RangesAreInclusiveChinaDays) {
  Add({Fact(20261130, 30, Measure::kClosed), Fact(20261201, 30, Measure::kClosed),
       Fact(20261202, 30, Measure::kClosed)});
  EXPECT_EQ(Counts("unit", Measure::kClosed, 20261201, 20261201)["30"], 1);
  EXPECT_EQ(Counts("unit", Measure::kClosed, 20261130, 20261201)["30"], 2);
  EXPECT_EQ(Counts("unit", Measure::kClosed, 20261101, 20261231)["30"], 3);
  // Keys with nothing in the range are absent, not zero.
  EXPECT_TRUE(Counts("unit", Measure::kClosed, 20261203, 20261231).empty());
  EXPECT_TRUE(Counts("no_such_dimension", Measure::kClosed, 20261101, 20261231).empty());
}

TEST_F(MetricQueriesTest, ResetEmptiesAndTheVersionIsKept) {
  EXPECT_EQ(Version(), 0);  // a fresh database follows no definition
  Add({Fact(20261123, 30, Measure::kRated)});
  auto set = store_->Write([](WriteTxn& t) { return t.SetMetricFactsVersion(3); });
  ASSERT_TRUE(set);
  EXPECT_EQ(Version(), 3);
  auto reset = store_->Write([](WriteTxn& t) { return t.ResetMetrics(); });
  ASSERT_TRUE(reset);
  EXPECT_EQ(Version(), 0);
  EXPECT_TRUE(Counts("all", Measure::kRated, 20000101, 20991231).empty());
}

TEST_F(MetricQueriesTest, AFailedTransactionAddsNothing) {
  auto failed = store_->Write([](WriteTxn& t) -> Result<void> {
    if (auto r = t.AddMetricFacts({Fact(20261123, 30, Measure::kReplied)}); !r) return r;
    return Fail(ErrorKind::kConflict, "version_conflict", "模拟冲突");
  });
  ASSERT_FALSE(failed);
  EXPECT_TRUE(Counts("all", Measure::kReplied, 20000101, 20991231).empty());
}

}  // namespace
}  // namespace hotline
