// GET /api/v1/metrics end to end (issue 5): the figures per grouping after a
// hand-computed scenario, rates that are null without a denominator, the
// basically-satisfied weight, the data scope of unit staff, and bad input.
//
// The fixture's server runs on a copy of the demo database, which already
// holds a few hundred orders, some with events today. So the scenario tests
// read the figures before and after and assert exact DELTAS of every counter.
// They first restart the server with its deadline scheduler off: a pass that
// raised an `overdue` on a demo order mid-test would move the figures.
//
// Periods: from today's China date (Asia/Shanghai) to tomorrow's, so a test
// that crosses midnight still sees every event it caused.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <set>

#include "common/clock.h"
#include "common/time_format.h"
#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

using Counts = std::map<std::string, std::int64_t>;
using Rows = std::map<std::string, json>;  // by the row's key, as JSON text

// Every counter a row carries, in storage order (MeasureCode).
constexpr const char* kCounters[] = {
    "received",        "dispatched", "signed",          "signed_on_time",  "replied",
    "replied_on_time", "rated",      "resolved",        "satisfied",       "basically_satisfied",
    "dissatisfied",    "returned",   "return_approved", "reopened",        "overdue",
    "closed",          "whistles",   "report_ins",      "report_ins_late", "whistles_resolved"};
constexpr const char* kRates[] = {
    "response_rate", "ontime_rate",          "resolution_rate", "satisfaction_rate",
    "return_rate",   "return_approved_rate", "reopen_rate",     "report_in_ontime_rate"};

std::string ChinaDate(Instant t) {
  const std::string d = ChinaDayStamp(t);  // YYYYMMDD
  return d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2);
}

std::string DateText(std::chrono::sys_days day) {
  const std::chrono::year_month_day ymd{day};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Counts Sum(std::initializer_list<Counts> parts) {
  Counts out;
  for (const Counts& part : parts)
    for (const auto& [name, n] : part) out[name] += n;
  return out;
}

// What a rate must be, computed from the row's own counters the way
// GET /api/v1/metrics defines it (four decimals), or null without a denominator.
json ExpectedRate(double numerator, std::int64_t denominator) {
  if (denominator == 0) return nullptr;
  return std::round(numerator / static_cast<double>(denominator) * 10000.0) / 10000.0;
}

class MetricsTest : public HotlineTest {
 protected:
  void SetUp() override {
    HotlineTest::SetUp();
    if (HasFatalFailure()) return;
    const Instant now = SystemClock().Now();
    from_ = ChinaDate(now);
    to_ = ChinaDate(now + std::chrono::days(1));
  }

  // Restarts the server on the same database with the deadline scheduler off.
  void StopScheduler() {
    const std::string config = server().dir() + "/no-scheduler.toml";
    std::ofstream(config) << "[scheduler]\nenabled = false\n";
    RestartServerWith({"--config", config});
  }

  std::string Path(std::string_view group_by, std::string_view extra = {}) const {
    // Built with append: GCC 12 warns falsely on "&" + string.
    std::string path = "/api/v1/metrics?group_by=";
    path.append(group_by).append("&from=").append(from_).append("&to=").append(to_);
    if (!extra.empty()) path.append("&").append(extra);
    return path;
  }

  // The report's rows by key; checks the answer's shape and that every rate
  // follows from the row's counters with `weight`.
  Rows Figures(std::string_view group_by, std::string_view extra = {},
               const std::string& user = "admin", double weight = 1.0) {
    const ApiResponse r = api().Get(Path(group_by, extra), Token(user));
    if (r.status != 200 || !r.body_json.is_object())
      throw std::runtime_error("GET " + Path(group_by, extra) + " as " + user +
                               " failed: " + Describe(r));
    const json& body = r.body_json;
    EXPECT_EQ(body.value("group_by", ""), group_by);
    EXPECT_EQ(body.value("from", ""), from_);
    EXPECT_EQ(body.value("to", ""), to_);
    EXPECT_DOUBLE_EQ(body.value("basically_satisfied_weight", -1.0), weight);
    Rows rows;
    for (const json& row : body.at("rows")) {
      ExpectWellFormed(row, weight);
      const std::string key = row.at("key").dump();
      EXPECT_FALSE(rows.contains(key)) << "two rows with key " << key;
      rows[key] = row;
    }
    return rows;
  }

  // Checks every counter is a non-negative integer and every rate is null
  // exactly when its denominator is 0, else the quotient of the counters.
  static void ExpectWellFormed(const json& row, double weight) {
    ASSERT_TRUE(row.contains("key") && row.contains("name")) << row.dump();
    EXPECT_TRUE(row["name"].is_string()) << row.dump();
    for (const char* c : kCounters) {
      ASSERT_TRUE(row.contains(c) && row[c].is_number_integer()) << c << " in " << row.dump();
      EXPECT_GE(row[c].get<std::int64_t>(), 0) << c << " in " << row.dump();
    }
    for (const char* rate : kRates) {
      ASSERT_TRUE(row.contains(rate)) << rate << " missing in " << row.dump();
      const json& v = row[rate];
      ASSERT_TRUE(v.is_null() || v.is_number()) << rate << " in " << row.dump();
      if (v.is_number()) {
        EXPECT_GE(v.get<double>(), 0.0) << rate;
        EXPECT_LE(v.get<double>(), 1.0) << rate;
      }
    }
    auto n = [&](const char* c) { return row[c].get<std::int64_t>(); };
    const json expected = {
        {"response_rate", ExpectedRate(n("signed_on_time"), n("signed"))},
        {"ontime_rate", ExpectedRate(n("replied_on_time"), n("replied"))},
        {"resolution_rate", ExpectedRate(n("resolved"), n("rated"))},
        {"satisfaction_rate",
         ExpectedRate(n("satisfied") + weight * n("basically_satisfied"), n("rated"))},
        {"return_rate", ExpectedRate(n("returned"), n("dispatched"))},
        {"return_approved_rate", ExpectedRate(n("return_approved"), n("returned"))},
        {"reopen_rate", ExpectedRate(n("reopened"), n("rated"))},
        {"report_in_ontime_rate",
         ExpectedRate(n("report_ins") - n("report_ins_late"), n("report_ins"))}};
    for (const auto& [rate, want] : expected.items()) {
      if (want.is_null()) {
        EXPECT_TRUE(row[rate].is_null()) << rate << " should be null in " << row.dump();
      } else if (row[rate].is_number()) {
        EXPECT_NEAR(row[rate].get<double>(), want.get<double>(), 1e-9)
            << rate << " in " << row.dump();
      } else {
        ADD_FAILURE() << rate << " should be " << want << " in " << row.dump();
      }
    }
  }

  // Checks that the row `key` moved by exactly `expected` (counters not named
  // did not move); a row absent before counts as zeros.
  static void ExpectDelta(const Rows& before, const Rows& after, const json& key,
                          const Counts& expected, std::string_view label) {
    const std::string k = key.dump();
    const auto a = after.find(k);
    ASSERT_NE(a, after.end()) << label << ": no row " << k << " after the scenario";
    const auto b = before.find(k);
    for (const char* c : kCounters) {
      const std::int64_t was = b == before.end() ? 0 : b->second[c].get<std::int64_t>();
      const std::int64_t now = a->second[c].get<std::int64_t>();
      const auto want = expected.contains(c) ? expected.at(c) : 0;
      EXPECT_EQ(now - was, want) << label << " (key " << k << "): " << c << " went from " << was
                                 << " to " << now;
    }
  }

  // Checks that no row but those in `moved` changed at all.
  static void ExpectOthersUnchanged(const Rows& before, const Rows& after,
                                    const std::set<std::string>& moved, std::string_view label) {
    for (const auto& [k, row] : after) {
      if (moved.contains(k)) continue;
      const auto b = before.find(k);
      ASSERT_NE(b, before.end()) << label << ": a new row " << row.dump();
      for (const char* c : kCounters)
        EXPECT_EQ(row[c], b->second[c]) << label << " (key " << k << "): " << c << " moved";
    }
    for (const auto& [k, row] : before)
      EXPECT_TRUE(after.contains(k)) << label << ": row " << k << " disappeared";
  }

  json NewOrder(std::string_view channel, bool enterprise, std::int64_t category,
                std::string_view title) {
    json body = OrderBody(title);
    body["channel"] = channel;
    body["enterprise"] = enterprise;
    body["category_id"] = category;
    return MustCreate(body);
  }

  // Sign, reply and an approved review: the order waits for its callback.
  void HandleToCallback(std::int64_t id, std::string_view lead_code) {
    Sign(id, lead_code);
    Reply(id, lead_code);
    MustAct("reviewer1", id, "review-reply", {{"approve", true}, {"note", "答复规范"}});
  }

  json Callback(std::int64_t id, bool resolved, std::string_view satisfaction) {
    return MustAct("callback1", id, "callback",
                   {{"reached", true},
                    {"resolved", resolved},
                    {"satisfaction", satisfaction},
                    {"note", "已电话回访诉求人"}});
  }

  // The category tree: parent of every category, and the leaves in order.
  void LoadCategories() {
    const ApiResponse r = api().Get("/api/v1/categories", Token("admin"));
    ASSERT_EQ(r.status, 200) << Describe(r);
    std::function<void(const json&, std::int64_t)> walk = [&](const json& nodes,
                                                              std::int64_t parent) {
      for (const json& n : nodes) {
        const auto id = n.at("id").get<std::int64_t>();
        parent_[id] = parent;
        name_[id] = n.value("name", "");
        level_[id] = n.value("level", 0);
        if (n.value("children", json::array()).empty()) leaves_.push_back(id);
        walk(n.value("children", json::array()), id);
      }
    };
    walk(r.body_json, 0);
  }

  // The category at `level` above (or at) `id`.
  std::int64_t Ancestor(std::int64_t id, int level) const {
    while (level_.at(id) > level) id = parent_.at(id);
    return id;
  }

  std::string from_, to_;
  std::map<std::int64_t, std::int64_t> parent_;
  std::map<std::int64_t, std::string> name_;
  std::map<std::int64_t, int> level_;
  std::vector<std::int64_t> leaves_;
};

// Five orders with known outcomes; every grouping moves by exactly their sum.
TEST_F(MetricsTest, ScenarioMovesEveryGroupingByItsHandComputedFigures) {
  StopScheduler();
  LoadCategories();
  ASSERT_FALSE(leaves_.empty());
  // Leaf A and leaf B under different level-1 categories.
  const std::int64_t cat_a = leaves_.front();
  std::int64_t cat_b = 0;
  for (std::int64_t leaf : leaves_)
    if (Ancestor(leaf, 1) != Ancestor(cat_a, 1)) {
      cat_b = leaf;
      break;
    }
  ASSERT_NE(cat_b, 0) << "the demo category tree has a single level-1 category";

  const std::int64_t d1 = Unit(kDept1), d2 = Unit(kDept2), d3 = Unit(kDept3);
  const std::int64_t s1 = Unit(kStreet1);
  const std::vector<std::pair<std::string, std::string>> reports = {
      {"all", ""},         {"unit", ""},     {"unit_group", ""},
      {"street", ""},      {"channel", ""},  {"enterprise", ""},
      {"demand_type", ""}, {"category", ""}, {"category", "category_level=1"}};
  std::map<std::string, Rows> before;
  for (const auto& [g, extra] : reports) before[g + extra] = Figures(g, extra);

  // O1 (web, 涉企, A → D1): signed and replied on time, resolved and satisfied.
  const std::int64_t o1 = Id(NewOrder("web", true, cat_a, "商户门前占道经营"));
  Dispatch(o1, kDept1);
  HandleToCallback(o1, kDept1);
  EXPECT_EQ(StateOf(Callback(o1, true, "satisfied")), "closed");
  const Counts c1 = {{"received", 1},  {"dispatched", 1},      {"signed", 1}, {"signed_on_time", 1},
                     {"replied", 1},   {"replied_on_time", 1}, {"rated", 1},  {"resolved", 1},
                     {"satisfied", 1}, {"closed", 1}};

  // O2 (phone, A → D2): dissatisfied, then reopened to D3. The reopen is D2's,
  // the hand-over D3's.
  const std::int64_t o2 = Id(NewOrder("phone", false, cat_a, "夜间施工噪音扰民"));
  Dispatch(o2, kDept2);
  HandleToCallback(o2, kDept2);
  EXPECT_EQ(StateOf(Callback(o2, false, "dissatisfied")), "pending_callback");
  const json reopened =
      MustAct("callback1", o2, "reopen", {{"note", "诉求人不满意，重办"}, {"lead_unit_id", d3}});
  EXPECT_EQ(reopened["lead_unit_id"], d3);
  const Counts c2 = {{"received", 1},       {"dispatched", 2},   {"signed", 1},
                     {"signed_on_time", 1}, {"replied", 1},      {"replied_on_time", 1},
                     {"rated", 1},          {"dissatisfied", 1}, {"reopened", 1}};

  // O3 (phone, B → street 1): returned, and the return approved.
  const std::int64_t o3 = Id(NewOrder("phone", false, cat_b, "小区路灯损坏"));
  Dispatch(o3, kStreet1);
  MustAct(HandlerOf(kStreet1), o3, "return",
          {{"reason_code", "outside_jurisdiction"}, {"basis", "该地址属于相邻街道辖区"}});
  EXPECT_EQ(StateOf(MustAct("dispatcher1", o3, "review-return",
                            {{"approve", true}, {"note", "同意退回"}})),
            "pending_dispatch");
  const Counts c3 = {{"received", 1}, {"dispatched", 1}, {"returned", 1}, {"return_approved", 1}};

  // O4 (phone, 涉企, A → D1): the callback does not reach the citizen; nothing is rated.
  const std::int64_t o4 = Id(NewOrder("phone", true, cat_a, "企业用电报装缓慢"));
  Dispatch(o4, kDept1);
  HandleToCallback(o4, kDept1);
  EXPECT_EQ(
      StateOf(MustAct("callback1", o4, "callback", {{"reached", false}, {"note", "电话无人接听"}})),
      "pending_callback");
  const Counts c4 = {{"received", 1},       {"dispatched", 1}, {"signed", 1},
                     {"signed_on_time", 1}, {"replied", 1},    {"replied_on_time", 1}};

  // O5 (app, A → D3): resolved, basically satisfied.
  const std::int64_t o5 = Id(NewOrder("app", false, cat_a, "小区垃圾清运不及时"));
  Dispatch(o5, kDept3);
  HandleToCallback(o5, kDept3);
  EXPECT_EQ(StateOf(Callback(o5, true, "basically_satisfied")), "closed");
  const Counts c5 = {{"received", 1},       {"dispatched", 1}, {"signed", 1},
                     {"signed_on_time", 1}, {"replied", 1},    {"replied_on_time", 1},
                     {"rated", 1},          {"resolved", 1},   {"basically_satisfied", 1},
                     {"closed", 1}};

  std::map<std::string, Rows> after;
  for (const auto& [g, extra] : reports) after[g + extra] = Figures(g, extra);
  const Counts everything = Sum({c1, c2, c3, c4, c5});

  // The whole district, and street 1 where every order is.
  ExpectDelta(before["all"], after["all"], "all", everything, "all");
  EXPECT_EQ(after["all"][json("all").dump()]["name"], "全区");
  ExpectDelta(before["street"], after["street"], s1, everything, "street 1");
  ExpectOthersUnchanged(before["street"], after["street"], {json(s1).dump()}, "street");
  ExpectDelta(before["demand_type"], after["demand_type"], "complaint", everything, "complaint");
  ExpectOthersUnchanged(before["demand_type"], after["demand_type"], {json("complaint").dump()},
                        "demand_type");

  // The lead units: intake belongs to no unit; O2's reopen is D2's, its hand-over D3's.
  const Counts u1 = {{"dispatched", 2}, {"signed", 2},          {"signed_on_time", 2},
                     {"replied", 2},    {"replied_on_time", 2}, {"rated", 1},
                     {"resolved", 1},   {"satisfied", 1},       {"closed", 1}};
  const Counts u2 = {{"dispatched", 1},      {"signed", 1}, {"signed_on_time", 1}, {"replied", 1},
                     {"replied_on_time", 1}, {"rated", 1},  {"dissatisfied", 1},   {"reopened", 1}};
  const Counts u3 = {
      {"dispatched", 2},      {"signed", 1}, {"signed_on_time", 1}, {"replied", 1},
      {"replied_on_time", 1}, {"rated", 1},  {"resolved", 1},       {"basically_satisfied", 1},
      {"closed", 1}};
  const Counts us1 = {{"dispatched", 1}, {"returned", 1}, {"return_approved", 1}};
  ExpectDelta(before["unit"], after["unit"], d1, u1, "unit D1");
  ExpectDelta(before["unit"], after["unit"], d2, u2, "unit D2");
  ExpectDelta(before["unit"], after["unit"], d3, u3, "unit D3");
  ExpectDelta(before["unit"], after["unit"], s1, us1, "unit street 1");
  ExpectOthersUnchanged(before["unit"], after["unit"],
                        {json(d1).dump(), json(d2).dump(), json(d3).dump(), json(s1).dump()},
                        "unit");
  for (std::int64_t u : {d1, d2, d3, s1})
    EXPECT_EQ(after["unit"][json(u).dump()]["name"], org().FindById(u)->name);
  EXPECT_EQ(after["unit"][json(d1).dump()]["key"], d1) << "a unit's key is its integer id";

  // Unit groups: departments D1–D3, streets.
  ExpectDelta(before["unit_group"], after["unit_group"], "department", Sum({u1, u2, u3}),
              "departments");
  ExpectDelta(before["unit_group"], after["unit_group"], "street", us1, "streets");
  ExpectOthersUnchanged(before["unit_group"], after["unit_group"],
                        {json("department").dump(), json("street").dump()}, "unit_group");

  // Channels and the enterprise flag.
  ExpectDelta(before["channel"], after["channel"], "web", c1, "web");
  ExpectDelta(before["channel"], after["channel"], "phone", Sum({c2, c3, c4}), "phone");
  ExpectDelta(before["channel"], after["channel"], "app", c5, "app");
  EXPECT_EQ(after["channel"][json("web").dump()]["name"], "网站");
  EXPECT_EQ(after["channel"][json("phone").dump()]["name"], "电话");
  ExpectOthersUnchanged(before["channel"], after["channel"],
                        {json("web").dump(), json("phone").dump(), json("app").dump()}, "channel");
  ExpectDelta(before["enterprise"], after["enterprise"], true, Sum({c1, c4}), "涉企");
  ExpectDelta(before["enterprise"], after["enterprise"], false, Sum({c2, c3, c5}), "非涉企");
  EXPECT_EQ(after["enterprise"][json(true).dump()]["name"], "涉企");
  EXPECT_EQ(after["enterprise"][json(false).dump()]["name"], "非涉企");

  // Categories: leaves (level 3, the default), then their level-1 ancestors.
  ExpectDelta(before["category"], after["category"], cat_a, Sum({c1, c2, c4, c5}), "leaf A");
  ExpectDelta(before["category"], after["category"], cat_b, c3, "leaf B");
  ExpectOthersUnchanged(before["category"], after["category"],
                        {json(cat_a).dump(), json(cat_b).dump()}, "category");
  EXPECT_EQ(after["category"][json(cat_a).dump()]["name"], name_[cat_a]);
  const std::int64_t top_a = Ancestor(cat_a, 1), top_b = Ancestor(cat_b, 1);
  const Rows& top_before = before["categorycategory_level=1"];
  const Rows& top_after = after["categorycategory_level=1"];
  ExpectDelta(top_before, top_after, top_a, Sum({c1, c2, c4, c5}), "level-1 of A");
  ExpectDelta(top_before, top_after, top_b, c3, "level-1 of B");
  ExpectOthersUnchanged(top_before, top_after, {json(top_a).dump(), json(top_b).dump()},
                        "category level 1");
  EXPECT_EQ(top_after.at(json(top_a).dump())["name"], name_[top_a]);
  for (const auto& [key, row] : top_after)
    EXPECT_EQ(level_[row["key"].get<std::int64_t>()], 1) << row.dump();
}

// A row whose denominators are 0 shows null rates; the weight of 基本满意
// changes the satisfaction rate and nothing else.
TEST_F(MetricsTest, RatesAreNullWithoutDenominatorAndFollowTheBasicWeight) {
  StopScheduler();
  // A community with no figures today.
  const Rows before = Figures("unit");
  const UnitInfo* community = nullptr;
  for (const UnitInfo& u : org().OfKind("community"))
    if (!before.contains(json(u.id).dump())) {
      community = org().FindById(u.id);
      break;
    }
  ASSERT_NE(community, nullptr) << "every community has figures today";
  const std::int64_t c = community->id;
  const std::string code = community->code;

  const std::int64_t first = Id(MustCreate(OrderBody("楼道堆放杂物")));
  Dispatch(first, code);
  Rows rows = Figures("unit");
  ASSERT_TRUE(rows.contains(json(c).dump()));
  json row = rows[json(c).dump()];
  EXPECT_EQ(row["dispatched"], 1) << row.dump();
  EXPECT_EQ(row["signed"], 0);
  EXPECT_EQ(row["rated"], 0);
  EXPECT_EQ(row["name"], community->name);
  for (const char* rate :
       {"response_rate", "ontime_rate", "resolution_rate", "satisfaction_rate", "reopen_rate"})
    EXPECT_TRUE(row[rate].is_null()) << rate << " in " << row.dump();
  EXPECT_EQ(row["return_rate"], 0.0) << "one dispatch, no return: 0, not null";
  EXPECT_TRUE(row["return_approved_rate"].is_null()) << "no return asked for: no rate";

  // Two callbacks: one satisfied, one basically satisfied.
  HandleToCallback(first, code);
  Callback(first, true, "satisfied");
  const std::int64_t second = Id(MustCreate(OrderBody("小区绿化带杂草丛生")));
  Dispatch(second, code);
  HandleToCallback(second, code);
  Callback(second, true, "basically_satisfied");

  const std::vector<std::pair<std::string, double>> weights = {
      {"", 1.0},
      {"basically_satisfied_weight=1", 1.0},
      {"basically_satisfied_weight=0", 0.5},
      {"basically_satisfied_weight=0.5", 0.75},
      {"basically_satisfied_weight=0.3", 0.65}};
  for (const auto& [extra, satisfaction] : weights) {
    const double w = extra.empty() ? 1.0 : std::stod(extra.substr(extra.find('=') + 1));
    rows = Figures("unit", extra, "admin", w);  // also checks every row's rates with w
    row = rows[json(c).dump()];
    EXPECT_EQ(row["dispatched"], 2) << row.dump();
    EXPECT_EQ(row["rated"], 2);
    EXPECT_EQ(row["satisfied"], 1);
    EXPECT_EQ(row["basically_satisfied"], 1);
    EXPECT_NEAR(row["satisfaction_rate"].get<double>(), satisfaction, 1e-9) << extra;
    EXPECT_EQ(row["response_rate"], 1.0);
    EXPECT_EQ(row["ontime_rate"], 1.0);
    EXPECT_EQ(row["resolution_rate"], 1.0);
    EXPECT_EQ(row["reopen_rate"], 0.0);
    EXPECT_EQ(row["return_rate"], 0.0);
    Figures("all", extra, "admin", w);
  }
}

// Unit staff see their own unit and the units below it, and no district-wide
// breakdowns; platform staff see everything.
TEST_F(MetricsTest, UnitStaffSeeOnlyTheirUnitSubtree) {
  StopScheduler();
  const std::int64_t s1 = Unit(kStreet1);
  const UnitInfo& community = org().FirstCommunityOf(kStreet1);
  Dispatch(Id(MustCreate(OrderBody())), kStreet1);
  Dispatch(Id(MustCreate(OrderBody("楼道堆放杂物"))), community.code);
  Dispatch(Id(MustCreate(OrderBody("施工围挡占道"))), kDept1);
  std::set<std::string> subtree = {json(s1).dump()};
  for (const UnitInfo& u : org().ChildrenOf(s1)) subtree.insert(json(u.id).dump());

  const std::string street_handler = HandlerOf(kStreet1);  // h320104001
  const Rows platform = Figures("unit", {}, "leader1");
  const Rows own = Figures("unit", {}, street_handler);
  EXPECT_TRUE(own.contains(json(s1).dump()));
  EXPECT_TRUE(own.contains(json(community.id).dump()));
  for (const auto& [key, row] : own) {
    EXPECT_TRUE(subtree.contains(key)) << "outside the street's subtree: " << row.dump();
    ASSERT_TRUE(platform.contains(key)) << row.dump();
    EXPECT_EQ(row, platform.at(key)) << "the same unit, other figures";
  }
  EXPECT_TRUE(platform.contains(json(Unit(kDept1)).dump()));

  const Rows streets = Figures("street", {}, street_handler);
  for (const auto& [key, row] : streets) EXPECT_EQ(key, json(s1).dump()) << row.dump();
  EXPECT_TRUE(streets.contains(json(s1).dump()));
  for (const auto& [key, row] : Figures("unit_group", {}, street_handler))
    EXPECT_TRUE(key == json("street").dump() || key == json("community").dump()) << row.dump();

  for (const char* district_wide : {"all", "channel", "category", "demand_type", "enterprise"}) {
    EXPECT_TRUE(Figures(district_wide, {}, street_handler).empty())
        << district_wide << " is a district-wide breakdown";
    EXPECT_FALSE(Figures(district_wide, {}, "leader1").empty()) << district_wide;
  }

  // A department's staff: only the department.
  const Rows dept = Figures("unit", {}, HandlerOf(kDept1));
  ASSERT_TRUE(dept.contains(json(Unit(kDept1)).dump()));
  for (const auto& [key, row] : dept) {
    const UnitInfo* u = org().FindById(row["key"].get<std::int64_t>());
    ASSERT_NE(u, nullptr);
    EXPECT_TRUE(u->id == Unit(kDept1) || u->parent_id == Unit(kDept1)) << row.dump();
  }
  EXPECT_TRUE(Figures("street", {}, HandlerOf(kDept1)).empty());
}

TEST_F(MetricsTest, BadQueriesAreRefusedNamingTheField) {
  const std::string& token = Token("admin");
  struct Case {
    std::string query;
    std::string code;
    std::string field;
  };
  const std::string ok_range = "&from=2026-01-01&to=2026-01-31";
  // The longest range: 3 × 366 days, both ends included.
  const auto first = std::chrono::sys_days(std::chrono::year{2023} / 1 / 1);
  const std::string longest =
      "from=" + DateText(first) + "&to=" + DateText(first + std::chrono::days(3 * 366 - 1));
  const std::string too_long =
      "from=" + DateText(first) + "&to=" + DateText(first + std::chrono::days(3 * 366));
  const std::vector<Case> cases = {
      {"group_by=province" + ok_range, "invalid_value", "group_by"},
      {"group_by=unit&to=2026-01-31", "missing_field", "from"},
      {"group_by=unit&from=2026-01-01", "missing_field", "to"},
      // Percent-encoded: the HTTP layer refuses a raw "/" in a query (invalid_query).
      {"group_by=unit&from=" + UrlEncode("2026/01/01") + "&to=2026-01-31", "invalid_value", "from"},
      {"group_by=unit&from=20260101&to=2026-01-31", "invalid_value", "from"},
      {"group_by=unit&from=2026-02-30&to=2026-03-31", "invalid_value", "from"},
      {"group_by=unit&from=2026-01-01&to=2026-13-01", "invalid_value", "to"},
      {"group_by=unit&from=2026-02-01&to=2026-01-31", "invalid_value", "from"},
      {"group_by=unit&" + too_long, "invalid_value", "to"},
      {"group_by=unit&basically_satisfied_weight=1.5" + ok_range, "invalid_value",
       "basically_satisfied_weight"},
      {"group_by=unit&basically_satisfied_weight=-0.1" + ok_range, "invalid_value",
       "basically_satisfied_weight"},
      {"group_by=unit&basically_satisfied_weight=half" + ok_range, "invalid_value",
       "basically_satisfied_weight"},
      {"group_by=category&category_level=4" + ok_range, "invalid_value", "category_level"},
      {"group_by=unit&unit_code=3" + ok_range, "unknown_field", "unit_code"},
  };
  for (const Case& c : cases) {
    const ApiResponse r = api().Get("/api/v1/metrics?" + c.query, token);
    EXPECT_EQ(r.status, 400) << c.query << ": " << Describe(r);
    EXPECT_EQ(r.ErrorCode(), c.code) << c.query << ": " << Describe(r);
    EXPECT_EQ(r.ErrorField(), c.field) << c.query << ": " << Describe(r);
    EXPECT_FALSE(r.body_json.value("error", json::object()).value("message", "").empty())
        << c.query;
  }
  const ApiResponse fits = api().Get("/api/v1/metrics?group_by=all&" + longest, token);
  EXPECT_EQ(fits.status, 200) << "3 × 366 days must be accepted: " << Describe(fits);
  const ApiResponse one_day =
      api().Get("/api/v1/metrics?group_by=all&from=2026-01-01&to=2026-01-01", token);
  EXPECT_EQ(one_day.status, 200) << Describe(one_day);
}

TEST_F(MetricsTest, NeedsALogin) {
  const std::string path =
      "/api/v1/metrics?group_by=unit&" + std::string("from=") + from_ + "&to=" + to_;
  for (const std::string token : {"", "not-a-token"}) {
    const ApiResponse r = api().Get(path, token);
    EXPECT_EQ(r.status, 401) << Describe(r);
    EXPECT_EQ(r.ErrorCode(), "unauthenticated") << Describe(r);
  }
}

// 吹哨报到 through the API: the whistle and its resolved close count for the
// street that whistled, each report-in (one late) for the department.
TEST_F(MetricsTest, AWhistleCountsForTheStreetAndTheSummonedDepartments) {
  StopScheduler();
  // A 30-minute report-in limit, passed by restarting an hour ahead.
  const auto policy = api().Get("/api/v1/sla-policy", Token("admin"));
  ASSERT_EQ(policy.status, 200) << Describe(policy);
  json changed = policy.body_json;
  changed["whistle_report_in"] = {{"unit", "natural_minutes"}, {"amount", 30}};
  const auto saved = api().Request("PUT", "/api/v1/sla-policy", changed.dump(), Token("admin"),
                                   "application/json");
  ASSERT_EQ(saved.status, 200) << Describe(saved);
  const std::int64_t s1 = Unit(kStreet1), d1 = Unit(kDept1), d2 = Unit(kDept2);
  const Rows before = Figures("unit");

  const std::int64_t id = Id(HandlingOrder(kStreet1, "工地夜间施工噪音"));
  MustAct(HandlerOf(kStreet1), id, "whistle",
          {{"question", "工地夜间施工噪音反复投诉"},
           {"reason", "街道无执法权"},
           {"summoned_unit_ids", std::vector<std::int64_t>{d1, d2}}});
  MustAct(HandlerOf(kDept1), id, "report-in", {{"whistle_id", 1}, {"note", "执法队员到场"}});
  const std::string config = server().dir() + "/no-scheduler.toml";
  RestartServerWith({"--config", config, "--clock-offset-minutes", "60"});
  MustAct(HandlerOf(kDept2), id, "report-in", {{"whistle_id", 1}, {"note", "迟到"}});
  MustAct(HandlerOf(kStreet1), id, "close-whistle",
          {{"whistle_id", 1},
           {"resolved", true},
           {"outcome", "施工单位已停止夜间施工"},
           {"ratings", {{{"unit_id", d1}, {"score", 5}}, {{"unit_id", d2}, {"score", 3}}}}});

  const Rows after = Figures("unit");
  ExpectDelta(before, after, s1,
              {{"dispatched", 1},
               {"signed", 1},
               {"signed_on_time", 1},
               {"whistles", 1},
               {"whistles_resolved", 1}},
              "street 1");
  ExpectDelta(before, after, d1, {{"report_ins", 1}}, "department 1");
  ExpectDelta(before, after, d2, {{"report_ins", 1}, {"report_ins_late", 1}}, "department 2");
  ExpectOthersUnchanged(before, after, {json(s1).dump(), json(d1).dump(), json(d2).dump()}, "unit");
  // Department 2's row now has a report-in, so its on-time share is a number.
  EXPECT_TRUE(after.at(json(d2).dump())["report_in_ontime_rate"].is_number());
}

}  // namespace
}  // namespace hotline::testing
