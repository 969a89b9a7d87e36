#include "workorder/report.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace hotline {
namespace {

using std::chrono::sys_days;

sys_days D(std::string_view text) { return *ParseReportDate(text); }

ReportPeriod P(std::string_view from, std::string_view to) { return {D(from), D(to)}; }

TEST(ReportPeriodTest, ParsesOnlyRealDates) {
  EXPECT_TRUE(ParseReportDate("2024-02-29"));
  EXPECT_FALSE(ParseReportDate("2023-02-29"));
  EXPECT_FALSE(ParseReportDate("2026-13-01"));
  EXPECT_FALSE(ParseReportDate("2026-1-01"));
  EXPECT_FALSE(ParseReportDate("2026-01-01x"));
  EXPECT_EQ(ReportDateText(D("2026-03-09")), "2026-03-09");
  EXPECT_EQ(ReportDayNumber(D("2026-03-09")), 20260309);
}

TEST(ReportPeriodTest, WeeksRunMondayToSunday) {
  // 2026-11-26 is a Thursday.
  EXPECT_EQ(PeriodOf(ReportKind::kWeekly, D("2026-11-26")), P("2026-11-23", "2026-11-29"));
  EXPECT_EQ(PeriodOf(ReportKind::kWeekly, D("2026-11-23")), P("2026-11-23", "2026-11-29"));
  EXPECT_EQ(PeriodOf(ReportKind::kWeekly, D("2026-11-29")), P("2026-11-23", "2026-11-29"));
  // A week across a year end.
  EXPECT_EQ(PeriodOf(ReportKind::kWeekly, D("2027-01-01")), P("2026-12-28", "2027-01-03"));
  EXPECT_EQ(PreviousPeriod(ReportKind::kWeekly, P("2026-11-23", "2026-11-29")),
            P("2026-11-16", "2026-11-22"));
}

TEST(ReportPeriodTest, MonthsEndOnTheirLastDay) {
  EXPECT_EQ(PeriodOf(ReportKind::kMonthly, D("2024-02-10")), P("2024-02-01", "2024-02-29"));
  EXPECT_EQ(PeriodOf(ReportKind::kMonthly, D("2026-02-28")), P("2026-02-01", "2026-02-28"));
  EXPECT_EQ(PeriodOf(ReportKind::kMonthly, D("2026-12-31")), P("2026-12-01", "2026-12-31"));
  EXPECT_EQ(PreviousPeriod(ReportKind::kMonthly, P("2026-03-01", "2026-03-31")),
            P("2026-02-01", "2026-02-28"));
  EXPECT_EQ(PreviousPeriod(ReportKind::kMonthly, P("2026-01-01", "2026-01-31")),
            P("2025-12-01", "2025-12-31"));
}

TEST(ReportPeriodTest, YearsAndLeapDays) {
  EXPECT_EQ(PeriodOf(ReportKind::kAnnual, D("2024-07-01")), P("2024-01-01", "2024-12-31"));
  EXPECT_EQ(PeriodOf(ReportKind::kAnnual, D("2024-07-01")).Days(), 366);
  EXPECT_EQ(SamePeriodLastYear(P("2024-02-01", "2024-02-29")), P("2023-02-01", "2023-02-28"));
  EXPECT_EQ(SamePeriodLastYear(P("2025-02-01", "2025-02-28")), P("2024-02-01", "2024-02-28"));
  EXPECT_EQ(PreviousPeriod(ReportKind::kDaily, P("2024-03-01", "2024-03-01")),
            P("2024-02-29", "2024-02-29"));
  // A custom range compares with the same number of days just before it.
  EXPECT_EQ(PreviousPeriod(ReportKind::kCustom, P("2026-03-01", "2026-03-10")),
            P("2026-02-19", "2026-02-28"));
}

TEST(ReportPeriodTest, LastCompletedPeriods) {
  const sys_days today = D("2026-11-26");
  EXPECT_EQ(LastCompletedPeriod(ReportKind::kDaily, today), P("2026-11-25", "2026-11-25"));
  EXPECT_EQ(LastCompletedPeriod(ReportKind::kWeekly, today), P("2026-11-16", "2026-11-22"));
  EXPECT_EQ(LastCompletedPeriod(ReportKind::kMonthly, today), P("2026-10-01", "2026-10-31"));
  EXPECT_EQ(LastCompletedPeriod(ReportKind::kAnnual, today), P("2025-01-01", "2025-12-31"));
}

TEST(ReportPeriodTest, PeriodInstantsAreChinaMidnights) {
  const ReportPeriod p = P("2026-11-26", "2026-11-26");
  EXPECT_EQ(ChinaDateOf(p.Start()), D("2026-11-26"));
  EXPECT_EQ(ChinaDateOf(p.End() - std::chrono::milliseconds(1)), D("2026-11-26"));
  EXPECT_EQ(ChinaDateOf(p.End()), D("2026-11-27"));
  EXPECT_EQ(p.End() - p.Start(), std::chrono::hours(24));
}

MeasureCounts Counts(std::initializer_list<std::pair<Measure, std::int64_t>> values) {
  MeasureCounts c{};
  for (auto [m, v] : values) c[static_cast<int>(m)] = v;
  return c;
}

RollupRow Received(std::string key, std::int64_t n) {
  return {std::move(key), Counts({{Measure::kReceived, n}})};
}

const ReportSection& Section(const Report& r, std::string_view id) {
  for (const auto& s : r.sections)
    if (s.id == id) return s;
  throw std::runtime_error("no section " + std::string(id));
}

class ReportBuilderTest : public ::testing::Test {
 protected:
  ReportBuilderTest()
      : units_({Unit{1, "P", "热线平台", UnitKind::kPlatform, {}},
                Unit{10, "D1", "区住建委", UnitKind::kDepartment, 1},
                Unit{20, "S1", "和平街道", UnitKind::kStreet, 1}}),
        categories_(
            {Category{100, "01", "城市管理", 1, {}, {}}, Category{110, "01.01", "噪音", 2, 100, {}},
             Category{111, "01.01.01", "施工噪音", 3, 110, {}},
             Category{112, "01.01.02", "商业噪音", 3, 110, {}},
             Category{200, "02", "住房保障", 1, {}, {}}, Category{210, "02.01", "物业", 2, 200, {}},
             Category{211, "02.01.01", "供暖", 3, 210, {}}}) {
    in_.kind = ReportKind::kMonthly;
    in_.period = P("2026-11-01", "2026-11-30");
  }

  UnitTree units_;
  CategoryTree categories_;
  ReportInputs in_;
};

TEST_F(ReportBuilderTest, OverviewCarriesCountsAndTheThreeRates) {
  in_.all = {{"", Counts({{Measure::kReceived, 10},
                          {Measure::kSigned, 8},
                          {Measure::kSignedOnTime, 6},
                          {Measure::kReplied, 4},
                          {Measure::kRepliedOnTime, 3},
                          {Measure::kRated, 4},
                          {Measure::kResolved, 2},
                          {Measure::kSatisfied, 2},
                          {Measure::kBasicallySatisfied, 1},
                          {Measure::kDissatisfied, 1}})}};
  const Report r = BuildReport(in_, units_, categories_);
  const auto& row = Section(r, "overview").rows.at(0);
  EXPECT_EQ(row["received"], 10);
  EXPECT_DOUBLE_EQ(row["response_rate"].get<double>(), 0.75);
  EXPECT_DOUBLE_EQ(row["ontime_rate"].get<double>(), 0.75);
  EXPECT_DOUBLE_EQ(row["resolution_rate"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(row["satisfaction_rate"].get<double>(), 0.75);
}

TEST_F(ReportBuilderTest, RatesOfNothingAreNull) {
  const Report r = BuildReport(in_, units_, categories_);
  const auto& row = Section(r, "overview").rows.at(0);
  EXPECT_EQ(row["received"], 0);
  EXPECT_TRUE(row["satisfaction_rate"].is_null());
}

TEST_F(ReportBuilderTest, TopDemandsRankLeavesAndCategoriesSumToLevelOne) {
  in_.by_category = {Received("111", 5), Received("112", 2), Received("211", 3)};
  const Report r = BuildReport(in_, units_, categories_);
  const auto& top = Section(r, "top_demands").rows;
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0]["name"], "施工噪音");
  EXPECT_EQ(top[0]["top_category"], "城市管理");
  EXPECT_EQ(top[0]["rank"], 1);
  EXPECT_DOUBLE_EQ(top[0]["share"].get<double>(), 0.5);
  EXPECT_EQ(top[1]["name"], "供暖");
  const auto& level1 = Section(r, "by_category").rows;
  ASSERT_EQ(level1.size(), 2u);
  EXPECT_EQ(level1[0]["name"], "城市管理");
  EXPECT_EQ(level1[0]["received"], 7);
  EXPECT_EQ(level1[1]["received"], 3);
}

TEST_F(ReportBuilderTest, TopDemandsStopAtTen) {
  std::vector<Category> many = {Category{1, "01", "一级", 1, {}, {}}};
  for (int i = 0; i < 15; ++i) {
    many.push_back(Category{100 + i, fmt::format("01.{:02}", i), fmt::format("叶{}", i), 2, 1, {}});
    in_.by_category.push_back(Received(std::to_string(100 + i), i + 1));
  }
  const Report r = BuildReport(in_, units_, CategoryTree(many));
  const auto& top = Section(r, "top_demands").rows;
  ASSERT_EQ(top.size(), 10u);
  EXPECT_EQ(top.front()["received"], 15);
  EXPECT_EQ(top.back()["received"], 6);
}

TEST_F(ReportBuilderTest, RisingMonthOnMonthAndYearOnYear) {
  in_.by_category = {Received("111", 6), Received("112", 2), Received("211", 4)};
  in_.category_previous = {Received("111", 3), Received("112", 5), Received("211", 4)};
  in_.category_last_year = {Received("111", 6), Received("112", 4), Received("211", 1)};
  const Report r = BuildReport(in_, units_, categories_);
  const auto& rising = Section(r, "rising").rows;
  // 施工噪音 rose month on month (+3), 供暖 year on year (+3); 商业噪音 fell both ways.
  ASSERT_EQ(rising.size(), 2u);
  EXPECT_EQ(rising[0]["name"], "施工噪音");
  EXPECT_DOUBLE_EQ(rising[0]["mom_change"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(rising[0]["yoy_change"].get<double>(), 0.0);
  EXPECT_EQ(rising[1]["name"], "供暖");
  EXPECT_EQ(rising[1]["last_year"], 1);
  EXPECT_DOUBLE_EQ(rising[1]["yoy_change"].get<double>(), 3.0);
}

TEST_F(ReportBuilderTest, NewCategoryRisesWithUnknownChange) {
  in_.by_category = {Received("111", 2)};
  const Report r = BuildReport(in_, units_, categories_);
  const auto& rising = Section(r, "rising").rows;
  ASSERT_EQ(rising.size(), 1u);
  EXPECT_TRUE(rising[0]["mom_change"].is_null());
}

TEST_F(ReportBuilderTest, UnitsDissatisfiedAndOverdue) {
  in_.by_unit = {{"10", Counts({{Measure::kReceived, 3},
                                {Measure::kRated, 4},
                                {Measure::kDissatisfied, 1},
                                {Measure::kOverdue, 2},
                                {Measure::kReplied, 2},
                                {Measure::kRepliedOnTime, 1}})},
                 {"20", Counts({{Measure::kDispatched, 6}, {Measure::kRated, 1}})}};
  const Report r = BuildReport(in_, units_, categories_);
  const auto& by_unit = Section(r, "by_unit").rows;
  ASSERT_EQ(by_unit.size(), 2u);
  EXPECT_EQ(by_unit[0]["name"], "和平街道");  // units rank by orders dispatched to them
  const auto& dissatisfied = Section(r, "dissatisfied_units").rows;
  ASSERT_EQ(dissatisfied.size(), 1u);
  EXPECT_EQ(dissatisfied[0]["name"], "区住建委");
  EXPECT_DOUBLE_EQ(dissatisfied[0]["dissatisfied_rate"].get<double>(), 0.25);
  const auto& overdue = Section(r, "overdue_units").rows;
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(overdue[0]["overdue"], 2);
  EXPECT_DOUBLE_EQ(overdue[0]["ontime_rate"].get<double>(), 0.5);
}

TEST_F(ReportBuilderTest, WhistlesAndSupervisionsHaveTotals) {
  WhistleStreetRow w;
  w.whistles = 2;
  w.summons = 4;
  w.reported = 3;
  w.reported_on_time = 2;
  w.closed = 1;
  w.resolved = 1;
  in_.collaboration.whistle_streets[20] = w;
  in_.supervisions = {{SupervisionTier::kSystem, 3, 1, 1, 1, 0},
                      {SupervisionTier::kManual, 1, 0, 0, 0, 1}};
  const Report r = BuildReport(in_, units_, categories_);
  const auto& whistles = Section(r, "whistles").rows;
  ASSERT_EQ(whistles.size(), 2u);
  EXPECT_EQ(whistles[0]["name"], "和平街道");
  EXPECT_DOUBLE_EQ(whistles[0]["report_rate"].get<double>(), 0.75);
  EXPECT_EQ(whistles[1]["name"], "合计");
  EXPECT_EQ(whistles[1]["summons"], 4);
  const auto& sup = Section(r, "supervisions").rows;
  ASSERT_EQ(sup.size(), 3u);
  EXPECT_EQ(sup[2]["issued"], 4);
}

TEST_F(ReportBuilderTest, DissatisfiedReasonsCountAndShare) {
  // Five 不满意: three against the department (two slow, one without a
  // reason), two against the street (slow, attitude).
  using R = DissatisfiedReason;
  in_.dissatisfied = {
      {10, R::kSlow}, {10, R::kSlow}, {10, std::nullopt}, {20, R::kSlow}, {20, R::kAttitude}};
  const Report r = BuildReport(in_, units_, categories_);
  const ReportSection& reasons = Section(r, "dissatisfied_reasons");
  EXPECT_EQ(reasons.title, "不满意原因分析");
  // The seven reasons, 未说明原因, then the total.
  ASSERT_EQ(reasons.rows.size(), 9u);
  auto row_of = [&](std::string_view key) -> const nlohmann::json& {
    for (const auto& row : reasons.rows)
      if (row["key"] == key) return row;
    throw std::runtime_error("no row " + std::string(key));
  };
  EXPECT_EQ(reasons.rows[0]["key"], "unresolved");
  EXPECT_EQ(reasons.rows[0]["dissatisfied"], 0);
  EXPECT_DOUBLE_EQ(reasons.rows[0]["share"].get<double>(), 0.0);
  EXPECT_EQ(row_of("slow")["name"], "办理不及时");
  EXPECT_EQ(row_of("slow")["dissatisfied"], 3);
  EXPECT_DOUBLE_EQ(row_of("slow")["share"].get<double>(), 0.6);
  EXPECT_DOUBLE_EQ(row_of("attitude")["share"].get<double>(), 0.2);
  EXPECT_EQ(row_of("unspecified")["name"], "未说明原因");
  EXPECT_EQ(row_of("unspecified")["dissatisfied"], 1);
  EXPECT_EQ(reasons.rows.back()["name"], "合计");
  EXPECT_EQ(reasons.rows.back()["dissatisfied"], 5);
  EXPECT_DOUBLE_EQ(reasons.rows.back()["share"].get<double>(), 1.0);

  const ReportSection& by_unit = Section(r, "dissatisfied_reasons_by_unit");
  ASSERT_EQ(by_unit.columns.size(), 2u + 8u);
  EXPECT_EQ(by_unit.columns[2].title, "问题未解决");
  EXPECT_EQ(by_unit.columns.back().key, "unspecified");
  ASSERT_EQ(by_unit.rows.size(), 2u);
  EXPECT_EQ(by_unit.rows[0]["name"], "区住建委");  // most 不满意 first
  EXPECT_EQ(by_unit.rows[0]["dissatisfied"], 3);
  EXPECT_EQ(by_unit.rows[0]["slow"], 2);
  EXPECT_EQ(by_unit.rows[0]["unspecified"], 1);
  EXPECT_EQ(by_unit.rows[0]["attitude"], 0);
  EXPECT_EQ(by_unit.rows[1]["key"], 20);
  EXPECT_EQ(by_unit.rows[1]["attitude"], 1);
}

TEST_F(ReportBuilderTest, NoDissatisfiedLeavesSharesNull) {
  const Report r = BuildReport(in_, units_, categories_);
  const ReportSection& reasons = Section(r, "dissatisfied_reasons");
  EXPECT_EQ(reasons.rows.back()["dissatisfied"], 0);
  EXPECT_TRUE(reasons.rows.back()["share"].is_null());
  EXPECT_TRUE(Section(r, "dissatisfied_reasons_by_unit").rows.empty());
}

TEST_F(ReportBuilderTest, UnitScoresUseTheGivenRulesAndRecordTheirVersion) {
  in_.rules = DefaultScoringRules();
  in_.rules.version = 3;
  in_.rules.groups[static_cast<int>(UnitGroup::kStreet)].min_orders = 2;
  // The street: 2 dispatched, both signed on time, 1 replied on time, 2
  // rated, 1 resolved, 1 satisfied, 1 不满意. 15 + 20 + 25 × 0.5 + 30 × 0.5
  // + 5 + 5 = 72.5, minus 1 for the 不满意 = 71.5. The department has 1
  // order, under the default 5: not ranked.
  in_.by_unit = {{"20", Counts({{Measure::kDispatched, 2},
                                {Measure::kSigned, 2},
                                {Measure::kSignedOnTime, 2},
                                {Measure::kReplied, 1},
                                {Measure::kRepliedOnTime, 1},
                                {Measure::kRated, 2},
                                {Measure::kResolved, 1},
                                {Measure::kSatisfied, 1},
                                {Measure::kDissatisfied, 1}})},
                 {"10", Counts({{Measure::kDispatched, 1}})}};
  const Report r = BuildReport(in_, units_, categories_);
  EXPECT_EQ(r.rules_version, 3);
  const ReportSection& scores = Section(r, "unit_scores");
  EXPECT_NE(scores.note.find("第 3 版考核细则"), std::string::npos) << scores.note;
  EXPECT_NE(scores.note.find("1 个单位不参加排名"), std::string::npos) << scores.note;
  ASSERT_EQ(scores.rows.size(), 1u);
  EXPECT_EQ(scores.rows[0]["name"], "和平街道");
  EXPECT_EQ(scores.rows[0]["group"], "街道");
  EXPECT_EQ(scores.rows[0]["rank"], 1);
  EXPECT_DOUBLE_EQ(scores.rows[0]["base"].get<double>(), 72.5);
  EXPECT_DOUBLE_EQ(scores.rows[0]["score"].get<double>(), 71.5);
  EXPECT_EQ(ReportToJson(r)["rules_version"], 3);
}

TEST_F(ReportBuilderTest, JsonRoundTrip) {
  in_.by_category = {Received("111", 5)};
  in_.repeatedly_failed = {
      ReportOrder{7, "2026110100001", "反复噪音", State::kHandling, 10, 111, 2, Instant{}}};
  in_.repeatedly_failed_total = 1;
  const Report r = BuildReport(in_, units_, categories_);
  const auto body = ReportToJson(r);
  EXPECT_EQ(body["kind"], "monthly");
  EXPECT_EQ(body["from"], "2026-11-01");
  auto back = ReportFromJson(body);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->period, r.period);
  ASSERT_EQ(back->sections.size(), r.sections.size());
  EXPECT_EQ(ReportToJson(*back), body);
  EXPECT_EQ(back->rules_version, 0);  // the defaults
  EXPECT_EQ(Section(*back, "unit_scores").columns.back().type, ColumnType::kDecimal);
  EXPECT_EQ(Section(*back, "repeatedly_failed").rows.at(0)["lead_unit"], "区住建委");
  EXPECT_FALSE(ReportFromJson(nlohmann::json{{"kind", "weird"}}));
}

}  // namespace
}  // namespace hotline
