#include "demo/demo.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "common/time_format.h"
#include "demo/order_plan.h"
#include "demo/seed_categories.h"
#include "demo/seed_units.h"
#include "service/directory.h"
#include "storage/sqlite/sqlite_store.h"

namespace hotline {
namespace {

namespace fs = std::filesystem;

// The shared data directory beside the repository, found from the working
// directory (ctest runs in build/) or from this source file.
fs::path SharedData() {
  for (fs::path p : {fs::current_path(), fs::path(__FILE__).parent_path()}) {
    for (; !p.empty() && p != p.root_path(); p = p.parent_path())
      if (fs::exists(p / "../shared/data/hotline-texts")) return p / "../shared/data";
  }
  return {};
}

TEST(DemoCategories, EmbeddedSeedParsesIntoThreeLevels) {
  auto seeds = demo::ParseCategoryTsv(demo::EmbeddedCategoryTsv());
  ASSERT_TRUE(seeds) << seeds.error().message;
  int per_level[4] = {};
  for (const auto& c : *seeds) ++per_level[c.level];
  EXPECT_EQ(per_level[1], 15);
  EXPECT_EQ(per_level[2], 118);
  EXPECT_EQ(per_level[3], 517);
}

TEST(DemoCategories, EmbeddedSeedCoversTheSharedTaxonomy) {
  const fs::path data = SharedData();
  const fs::path file = data / "hotline-texts/category_taxonomy.tsv";
  if (data.empty() || !fs::exists(file)) GTEST_SKIP() << "../shared/data is not available";
  auto seeds = demo::ParseCategoryTsv(demo::EmbeddedCategoryTsv());
  ASSERT_TRUE(seeds);
  std::map<std::string, std::string> name_of;
  std::set<std::string> paths;
  for (const auto& c : *seeds) {
    name_of[c.code] = c.name;
    if (c.level == 3)
      paths.insert(name_of[c.code.substr(0, 2)] + "\t" + name_of[c.code.substr(0, 5)] + "\t" +
                   c.name);
  }
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);  // header
  int rows = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    ++rows;
    EXPECT_TRUE(paths.contains(line)) << "missing from the seed: " << line;
  }
  EXPECT_EQ(rows, 517);
}

TEST(DemoCategories, MalformedSeedIsRefused) {
  EXPECT_FALSE(demo::ParseCategoryTsv("code\tl1\tl2\tl3\tunit\n01.01\ta\tb\tc\t\n"));
  EXPECT_FALSE(demo::ParseCategoryTsv("code\tl1\tl2\tl3\tunit\n01.01.001\ta\tb\n"));
}

// Plan inputs with made-up ids, as SeedDemo would build them after inserting.
demo::PlanInputs Inputs(std::uint64_t seed, int count) {
  demo::PlanInputs in;
  in.now = *ParseRfc3339("2026-03-18T10:00:00+08:00");
  in.seed = seed;
  in.count = count;
  in.calendar = &BusinessCalendar::Builtin();
  UnitId next = 1;
  for (const auto& u : demo::DemoUnits())
    in.units[std::string(u.code)] =
        Unit{next++, std::string(u.code), std::string(u.name), u.kind, {}};
  auto seeds = demo::ParseCategoryTsv(demo::EmbeddedCategoryTsv());
  std::map<std::string, std::string> name_of;
  CategoryId id = 1;
  for (const auto& c : *seeds) {
    name_of[c.code] = c.name;
    if (c.level == 3)
      in.leaf_by_path[name_of[c.code.substr(0, 2)] + "/" + name_of[c.code.substr(0, 5)] + "/" +
                      c.name] = id;
    ++id;
  }
  return in;
}

// What a plan says, flattened for comparison.
std::vector<std::string> Digest(const std::vector<demo::PlannedOrder>& plan) {
  std::vector<std::string> out;
  for (const auto& o : plan) {
    out.push_back(o.intake.title + o.intake.content + o.intake.caller_phone +
                  FormatRfc3339(o.created_at));
    for (const auto& s : o.steps)
      out.push_back(s.username + std::string(ActionCode(s.action)) + FormatRfc3339(s.at));
  }
  return out;
}

TEST(DemoPlan, SameSeedSamePlanOtherSeedOtherPlan) {
  auto a = demo::PlanOrders(Inputs(42, 120));
  auto b = demo::PlanOrders(Inputs(42, 120));
  auto c = demo::PlanOrders(Inputs(43, 120));
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->size(), 120u);
  EXPECT_EQ(Digest(*a), Digest(*b));
  EXPECT_NE(Digest(*a), Digest(*c));
}

// The free texts a collaboration command carries.
std::vector<std::string> CollaborationTexts(const Command& c) {
  if (const auto* w = std::get_if<WhistleCommand>(&c)) return {w->question, w->reason};
  if (const auto* r = std::get_if<ReportInCommand>(&c)) return {r->note};
  if (const auto* w = std::get_if<WhistleWorkCommand>(&c)) return {w->content};
  if (const auto* m = std::get_if<WhistleMeetingCommand>(&c)) {
    std::vector<std::string> out = m->attendees;
    out.push_back(m->place);
    out.push_back(m->decisions);
    return out;
  }
  if (const auto* w = std::get_if<CloseWhistleCommand>(&c)) {
    std::vector<std::string> out{w->outcome};
    for (const auto& r : w->ratings) out.push_back(r.comment);
    return out;
  }
  if (const auto* r = std::get_if<RateWhistleCommand>(&c)) return {r->comment};
  if (const auto* g = std::get_if<RequestGuidanceCommand>(&c)) return {g->question};
  if (const auto* g = std::get_if<GiveGuidanceCommand>(&c)) return {g->answer};
  if (const auto* d = std::get_if<DisputeCommand>(&c)) return {d->basis};
  if (const auto* p = std::get_if<ProvisionalCommand>(&c)) return {p->note};
  if (const auto* k = std::get_if<CoordinateCommand>(&c)) return {k->decision, k->basis};
  return {};
}

TEST(DemoPlan, EveryStepIsInThePastAndInOrder) {
  const auto in = Inputs(5, 300);
  auto plan = demo::PlanOrders(in);
  ASSERT_TRUE(plan);
  std::set<Action> actions;
  for (const auto& o : *plan) {
    EXPECT_GE(o.created_at, in.now - std::chrono::days(75));
    Instant last = o.created_at;
    Instant whistled{};
    for (const auto& s : o.steps) {
      EXPECT_GE(s.at, last) << o.intake.title;
      EXPECT_LT(s.at, in.now);
      last = s.at;
      actions.insert(s.action);
      if (const auto* r = std::get_if<ReplyCommand>(&s.command)) {
        EXPECT_GE(r->contact_at, o.created_at);
        EXPECT_LE(r->contact_at, s.at);
        EXPECT_EQ((r->measures + r->result).find('{'), std::string::npos) << r->measures;
      }
      if (s.action == Action::kWhistle) whistled = s.at;
      if (const auto* m = std::get_if<WhistleMeetingCommand>(&s.command)) {
        EXPECT_GE(m->held_at, whistled);
        EXPECT_LE(m->held_at, s.at);
      }
      for (const std::string& text : CollaborationTexts(s.command)) {
        EXPECT_FALSE(text.empty()) << ActionCode(s.action);
        EXPECT_EQ(text.find('{'), std::string::npos) << text;
      }
    }
    // Every placeholder was filled.
    EXPECT_EQ(o.intake.title.find('{'), std::string::npos) << o.intake.title;
    EXPECT_EQ(o.intake.content.find('{'), std::string::npos) << o.intake.content;
  }
  // Units work together in a district of this size.
  for (Action a :
       {Action::kWhistle, Action::kReportIn, Action::kWhistleWork, Action::kWhistleMeeting,
        Action::kCloseWhistle, Action::kRateWhistle, Action::kRequestGuidance,
        Action::kGiveGuidance, Action::kDispute, Action::kCoordinate})
    EXPECT_TRUE(actions.contains(a)) << "no step " << ActionCode(a);
}

TEST(DemoPlan, WhistlesNeedDepartmentsToSummon) {
  auto in = Inputs(9, 60);
  in.rules.max_summoned_units = 0;
  auto plan = demo::PlanOrders(in);
  ASSERT_TRUE(plan);
  for (const auto& o : *plan)
    for (const auto& s : o.steps) EXPECT_NE(s.action, Action::kWhistle);
}

class DemoSeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           fmt::format("hotline_demo_test_{}_{}", ::getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    SqliteOptions o;
    o.path = (dir_ / "demo.db").string();
    auto store = OpenSqliteStore(o);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    directory_ = std::make_unique<Directory>(*store_);
  }
  void TearDown() override {
    directory_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  DemoOptions Options(int orders) {
    DemoOptions o;
    o.password = "demo-password";
    o.orders = orders;
    o.seed = 7;
    o.now = ParseRfc3339("2026-03-18T10:00:00+08:00");
    return o;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Directory> directory_;
};

TEST_F(DemoSeedTest, SeedsTheDistrictAndDrivesOrdersThroughEveryState) {
  const auto options = Options(40);
  auto report = SeedDemo(*store_, *directory_, options);
  ASSERT_TRUE(report) << report.error().code << ": " << report.error().message;
  EXPECT_EQ(report->orders, 40);

  auto units = store_->ListUnits();
  ASSERT_TRUE(units);
  std::set<std::string> street_codes;
  int departments = 0, platforms = 0;
  for (const Unit& u : *units) {
    if (u.kind == UnitKind::kStreet) street_codes.insert(u.code);
    if (u.kind == UnitKind::kDepartment) ++departments;
    if (u.kind == UnitKind::kPlatform) ++platforms;
  }
  std::set<std::string> expected;
  for (int i = 1; i <= 12; ++i) expected.insert(fmt::format("320104{:03d}", i));
  EXPECT_EQ(street_codes, expected);
  EXPECT_GE(departments, 18);
  EXPECT_EQ(platforms, 1);

  auto users = store_->ListUsers();
  ASSERT_TRUE(users);
  std::set<std::pair<UnitId, Role>> staffed;
  for (const User& u : *users) staffed.insert({u.unit_id, u.role});
  for (const Unit& u : *units) {
    if (u.kind == UnitKind::kPlatform) continue;
    EXPECT_TRUE(staffed.contains({u.id, Role::kHandler})) << u.name << " has no handler";
    if (u.kind != UnitKind::kCommunity) {
      EXPECT_TRUE(staffed.contains({u.id, Role::kUnitAdmin})) << u.name << " has no unit admin";
    }
  }
  auto admin = store_->FindUserByName("admin");
  ASSERT_TRUE(admin && *admin);
  EXPECT_EQ((*admin)->user.role, Role::kAdmin);
  auto handler = store_->FindUserByName("h320104002");
  ASSERT_TRUE(handler && *handler);

  auto categories = store_->ListCategories();
  ASSERT_TRUE(categories);
  EXPECT_EQ(categories->size(), 15u + 118u + 517u);

  OrderFilter all;
  all.limit = 1000;
  auto page = store_->ListOrders(all);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 40);
  std::set<State> states;
  std::set<std::string> close_reasons;
  bool pending_application = false, reopened = false, enterprise = false, report_type = false;
  bool merged_called_back = false;
  bool whistle_rated = false, late_report_in = false, guidance_answered = false;
  bool dispute_settled = false, coordinated = false;
  const Instant now = *options.now;
  for (const WorkOrder& o : page->items) {
    states.insert(o.state);
    if (o.close_reason) close_reasons.insert(*o.close_reason);
    pending_application |= o.pending.has_value();
    reopened |= o.reopen_count > 0;
    enterprise |= o.enterprise;
    report_type |= o.demand_type == DemandType::kReport;
    // A merged duplicate follows its master, then its own citizen is called back.
    merged_called_back |= o.merged_into && o.close_reason == "callback";
    // Working together, as recorded in the order's collaboration.
    for (const Whistle& w : o.collab.whistles) {
      bool every_rated = true, any_rated = false;
      for (const Summons& s : w.summons) {
        late_report_in |= s.reported_at && s.late;
        if (s.reported_at) every_rated = every_rated && s.score.has_value();
        any_rated |= s.score.has_value();
      }
      whistle_rated |= w.state == "closed" && any_rated && every_rated;
    }
    for (const GuidanceRequest& g : o.collab.guidance)
      guidance_answered |= g.answered_at.has_value() && !g.answer.empty();
    for (const DisputeRecord& d : o.collab.disputes)
      dispute_settled |= d.outcome != "open" && d.settled_at.has_value();
    coordinated |= o.collab.routing_fixed;
    EXPECT_LE(o.created_at, now);
    EXPECT_GE(o.created_at, now - std::chrono::days(75));
    EXPECT_LE(o.updated_at, now);
    EXPECT_FALSE(o.title.empty());
    EXPECT_FALSE(o.content.empty());
  }
  for (State s : {State::kPendingDispatch, State::kDispatched, State::kHandling, State::kReplied,
                  State::kPendingCallback, State::kClosed})
    EXPECT_TRUE(states.contains(s)) << "no order in state " << StateCode(s);
  for (const char* reason : {"callback", "direct_answer", "non_acceptance", "manual"})
    EXPECT_TRUE(close_reasons.contains(reason)) << "no order closed by " << reason;
  EXPECT_TRUE(merged_called_back);
  EXPECT_TRUE(whistle_rated) << "no closed whistle with every department that reported in rated";
  EXPECT_TRUE(late_report_in);
  EXPECT_TRUE(guidance_answered);
  EXPECT_TRUE(dispute_settled);
  EXPECT_TRUE(coordinated);
  EXPECT_TRUE(pending_application);
  EXPECT_TRUE(reopened);
  EXPECT_TRUE(enterprise);
  EXPECT_TRUE(report_type);

  const std::string table = FormatDemoReport(*report);
  EXPECT_NE(table.find("admin"), std::string::npos);
  EXPECT_NE(table.find("h320104001"), std::string::npos);
}

TEST_F(DemoSeedTest, RefusesASecondSeed) {
  ASSERT_TRUE(SeedDemo(*store_, *directory_, Options(5)));
  auto again = SeedDemo(*store_, *directory_, Options(5));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kBusinessRule);
  EXPECT_EQ(again.error().code, "database_not_empty");
}

TEST_F(DemoSeedTest, RequiresAPassword) {
  auto options = Options(5);
  options.password.clear();
  auto r = SeedDemo(*store_, *directory_, options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  auto units = store_->ListUnits();
  ASSERT_TRUE(units);
  EXPECT_TRUE(units->empty());
}

}  // namespace
}  // namespace hotline
