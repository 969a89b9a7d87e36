#include "demo/demo.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "demo/order_plan.h"
#include "demo/seed_categories.h"
#include "demo/seed_knowledge.h"
#include "demo/seed_units.h"
#include "demo/txn_store.h"
#include "service/auth_service.h"
#include "service/order_service.h"

namespace hotline {
namespace {

using demo::CategorySeed;
using demo::PlannedOrder;

struct StaffSeed {
  std::string_view username, display_name;
  Role role;
};

// Platform staff, all in the platform unit.
constexpr StaffSeed kPlatformStaff[] = {
    {"admin", "系统管理员", Role::kAdmin},
    {"agent1", "话务员王静", Role::kAgent},
    {"agent2", "话务员李娜", Role::kAgent},
    {"dispatcher1", "派单员陈刚", Role::kDispatcher},
    {"reviewer1", "审核员刘洋", Role::kReviewer},
    {"callback1", "回访员赵丽", Role::kCallback},
    {"supervisor1", "督办员孙强", Role::kSupervisor},
    {"leader1", "区领导周明", Role::kLeader},
    {"deputy1", "人大代表吴芳", Role::kDeputy},
};

struct Seeded {
  std::map<std::string, Unit> units;  // by code
  std::map<std::string, CategoryId> leaf_by_path;
  std::map<std::string, Actor> actors;  // by username
  DemoReport report;
};

Result<void> InsertUnits(WriteTxn& txn, Seeded& s) {
  for (const demo::UnitSeed& seed : demo::DemoUnits()) {
    Unit u;
    u.code = std::string(seed.code);
    u.name = std::string(seed.name);
    u.kind = seed.kind;
    if (!seed.parent_code.empty()) u.parent_id = s.units.at(std::string(seed.parent_code)).id;
    auto id = txn.InsertUnit(u);
    if (!id) return Fail(id.error());
    u.id = *id;
    s.units.emplace(u.code, u);
    ++s.report.units;
  }
  return {};
}

Result<void> InsertCategories(WriteTxn& txn, const std::vector<CategorySeed>& seeds, Seeded& s) {
  std::map<std::string, CategoryId> ids;
  std::map<std::string, std::string> names;
  for (const CategorySeed& seed : seeds) {
    Category c;
    c.code = seed.code;
    c.name = seed.name;
    c.level = seed.level;
    if (!seed.parent_code.empty()) c.parent_id = ids.at(seed.parent_code);
    if (!seed.default_unit_code.empty()) {
      auto unit = s.units.find(seed.default_unit_code);
      if (unit == s.units.end())
        return Fail(
            ErrorKind::kInternal, "bad_category_seed",
            fmt::format("分类 {} 的默认承办单位 {} 不存在", seed.code, seed.default_unit_code));
      c.default_unit_id = unit->second.id;
    }
    auto id = txn.InsertCategory(c);
    if (!id) return Fail(id.error());
    ids[seed.code] = *id;
    names[seed.code] = seed.name;
    if (seed.level == 3)
      s.leaf_by_path[fmt::format("{}/{}/{}", names.at(seed.code.substr(0, 2)),
                                 names.at(seed.code.substr(0, 5)), seed.name)] = *id;
    ++s.report.categories;
  }
  return {};
}

Result<void> InsertUsers(WriteTxn& txn, std::string_view hash, Seeded& s) {
  auto add = [&](std::string username, std::string display, Role role,
                 const Unit& unit) -> Result<void> {
    User u;
    u.username = std::move(username);
    u.display_name = std::move(display);
    u.role = role;
    u.unit_id = unit.id;
    auto id = txn.InsertUser(u, hash);
    if (!id) return Fail(id.error());
    s.actors[u.username] = Actor{*id, u.username, role, unit.id};
    s.report.accounts.push_back(
        {u.username, u.display_name, std::string(RoleCode(role)), unit.name});
    ++s.report.users;
    return {};
  };
  const Unit& platform = s.units.at(std::string(demo::kPlatformCode));
  for (const StaffSeed& staff : kPlatformStaff)
    if (auto r =
            add(std::string(staff.username), std::string(staff.display_name), staff.role, platform);
        !r)
      return r;
  for (const demo::UnitSeed& seed : demo::DemoUnits()) {
    if (seed.kind == UnitKind::kPlatform) continue;
    const Unit& unit = s.units.at(std::string(seed.code));
    if (seed.kind != UnitKind::kCommunity)
      if (auto r =
              add(fmt::format("ua{}", seed.code), unit.name + "管理员", Role::kUnitAdmin, unit);
          !r)
        return r;
    if (auto r = add(demo::HandlerName(seed.code), unit.name + "承办人", Role::kHandler, unit); !r)
      return r;
  }
  return {};
}

// Runs every planned action in global time order, so the event log reads as
// the district's history.
Result<void> PlayOrders(const std::vector<PlannedOrder>& plan, const Seeded& s, Store& store,
                        Directory& directory, const DemoOptions& options, Instant now) {
  ManualClock clock(now);
  OrderService service(store, directory, clock, options.rules);
  // (when, order, step); step -1 is the intake.
  std::vector<std::tuple<Instant, int, int>> agenda;
  for (int i = 0; i < static_cast<int>(plan.size()); ++i) {
    agenda.emplace_back(plan[i].created_at, i, -1);
    for (int k = 0; k < static_cast<int>(plan[i].steps.size()); ++k)
      agenda.emplace_back(plan[i].steps[k].at, i, k);
  }
  std::sort(agenda.begin(), agenda.end());
  std::vector<OrderId> ids(plan.size(), 0);
  for (const auto& [at, i, k] : agenda) {
    clock.Set(at);
    const PlannedOrder& po = plan[i];
    if (k < 0) {
      auto out = service.Intake(s.actors.at(po.agent), po.intake, po.request_hash);
      if (!out) {
        Error e = out.error();
        e.message = fmt::format("演示工单第 {} 条登记失败：{}", i + 1, e.message);
        return Fail(std::move(e));
      }
      ids[i] = out->order.id;
      continue;
    }
    const demo::PlannedStep& step = po.steps[k];
    demo::PlannedStep resolved = step;
    if (step.action == Action::kMerge)
      std::get<MergeCommand>(resolved.command).into_id = ids.at(step.merge_into);
    auto out = service.Act(s.actors.at(step.username), ids[i], step.action, resolved.command,
                           std::nullopt);
    if (!out) {
      Error e = out.error();
      e.message = fmt::format("演示工单第 {} 条的「{}」失败：{}", i + 1,
                              ActionDisplayName(step.action), e.message);
      return Fail(std::move(e));
    }
  }
  return {};
}

}  // namespace

Result<DemoReport> SeedDemo(Store& store, Directory& directory, const DemoOptions& options) {
  if (options.password.empty())
    return Fail(ErrorKind::kInvalidInput, "missing_field", "请为演示账号指定密码", "password");
  if (options.orders < 0 || options.orders > 1'000'000)
    return Fail(ErrorKind::kInvalidInput, "out_of_range", "演示工单数量应在 0 到 1000000 之间",
                "orders");
  auto existing = store.ListUnits();
  if (!existing) return Fail(existing.error());
  if (!existing->empty())
    return Fail(ErrorKind::kBusinessRule, "database_not_empty",
                "数据库中已有单位数据，演示数据只能写入空数据库");
  auto categories = demo::ParseCategoryTsv(demo::EmbeddedCategoryTsv());
  if (!categories) return Fail(categories.error());
  // argon2id is slow on purpose: hash once, share it among the demo accounts.
  auto hash = HashPassword(options.password);
  if (!hash) return Fail(hash.error());

  // The default limits plus 水电气热 (water, power, gas, heating): 24 hours.
  SlaPolicy sla = DefaultSlaPolicy();
  for (const demo::CategorySeed& c : *categories) {
    if (c.level != 3) continue;
    if (c.name == "自来水供应" || c.name == "电力供应" || c.name == "燃气供应" ||
        c.name == "冬季采暖") {
      SlaRule rule;
      rule.name = "水电气热（" + c.name + "）";
      rule.category_code = c.code;
      rule.handle = Allowance{TimeUnit::kNaturalHours, 24};
      sla.rules.push_back(std::move(rule));
    }
  }
  const std::string sla_text = SlaPolicyToJson(sla).dump();

  Seeded s;
  auto written = store.Write([&](WriteTxn& txn) -> Result<void> {
    s = Seeded{};  // a retried transaction starts over
    if (auto r = InsertUnits(txn, s); !r) return r;
    if (auto r = InsertCategories(txn, *categories, s); !r) return r;
    if (auto r = txn.InsertSlaPolicy(sla_text, SystemClock().Now(), std::nullopt); !r)
      return Fail(r.error());
    if (auto r = InsertUsers(txn, *hash, s); !r) return r;
    auto articles =
        demo::InsertDemoKnowledge(txn, s.units, s.leaf_by_path, s.actors.at("admin").user_id,
                                  options.now.value_or(SystemClock().Now()));
    if (!articles) return Fail(articles.error());
    return {};
  });
  if (!written) return Fail(written.error());
  if (auto r = directory.Reload(); !r) return Fail(r.error());

  const Instant now = options.now.value_or(SystemClock().Now());
  demo::PlanInputs in{now, options.seed, options.orders, s.units, s.leaf_by_path, options.rules};
  // The plan times late and punctual report-ins and answers on the service's calendar.
  in.calendar = &directory.Calendar();
  in.sla = *directory.Sla();
  auto plan = demo::PlanOrders(in);
  if (!plan) return Fail(plan.error());
  // All orders in one transaction: one commit instead of one per action.
  auto played = store.Write([&](WriteTxn& txn) -> Result<void> {
    demo::TxnStore in_txn(txn);
    return PlayOrders(*plan, s, in_txn, directory, options, now);
  });
  if (!played) return Fail(played.error());
  s.report.orders = static_cast<int>(plan->size());
  return s.report;
}

std::string FormatDemoReport(const DemoReport& r) {
  std::string out = fmt::format(
      "演示数据已生成：单位 {} 个，账号 {} 个，诉求分类 {} 个，工单 {} 个。\n"
      "所有账号使用同一个密码（即 --password 的值）。\n\n",
      r.units, r.users, r.categories, r.orders);
  out += fmt::format("{:<16} {:<12} {:<12} {}\n", "用户名", "角色", "角色名称", "单位");
  for (const DemoAccount& a : r.accounts) {
    const auto role = ParseRole(a.role);
    out += fmt::format("{:<16} {:<12} {:<12} {}\n", a.username, a.role,
                       role ? RoleDisplayName(*role) : std::string_view(), a.unit_name);
  }
  return out;
}

}  // namespace hotline
