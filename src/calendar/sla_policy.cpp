#include "calendar/sla_policy.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

namespace hotline {
namespace {

using nlohmann::json;

struct UnitName {
  TimeUnit unit;
  std::string_view code;
  std::string_view zh;
};
constexpr UnitName kUnits[] = {
    {TimeUnit::kNaturalMinutes, "natural_minutes", "分钟"},
    {TimeUnit::kNaturalHours, "natural_hours", "小时"},
    {TimeUnit::kWorkingMinutes, "working_minutes", "工作分钟"},
    {TimeUnit::kWorkingHours, "working_hours", "个工作小时"},
    {TimeUnit::kWorkingDays, "working_days", "个工作日"},
};

// Largest amount of any limit: beyond any real need, and small enough that
// minutes of working days fit an int.
constexpr int kMaxAmount = 100000;

// The limits set once for the whole policy rather than per rule.
struct PolicyLimit {
  std::string_view key;    // JSON name and error field
  std::string_view label;  // for messages
  Allowance SlaPolicy::*member;
};
constexpr PolicyLimit kPolicyLimits[] = {
    {"whistle_report_in", "吹哨报到", &SlaPolicy::whistle_report_in},
    {"return_window", "首接退回", &SlaPolicy::return_window},
    {"assist_reply", "协办答复", &SlaPolicy::assist_reply},
    {"guidance_reply", "业务指导答复", &SlaPolicy::guidance_reply},
};

bool IsKnownPolicyKey(std::string_view key) {
  if (key == "version" || key == "rules" || key == "pause_while_reviewing" ||
      key == "due_soon_percent")
    return true;
  return std::any_of(std::begin(kPolicyLimits), std::end(kPolicyLimits),
                     [&](const PolicyLimit& l) { return l.key == key; });
}

std::string_view UnitCode(TimeUnit u) {
  for (const auto& n : kUnits)
    if (n.unit == u) return n.code;
  return "working_days";
}

// Whether `code` is `prefix` or lies below it ("01.02" covers "01.02.003").
bool CategoryCovers(std::string_view prefix, std::string_view code) {
  return code == prefix ||
         (code.size() > prefix.size() && code.starts_with(prefix) && code[prefix.size()] == '.');
}

// Higher wins; see the header for the order of dimensions.
std::tuple<int, int, int, std::size_t> Specificity(const SlaRule& r) {
  return {r.urgency ? 1 : 0, r.category_code ? 1 : 0, r.demand_type ? 1 : 0,
          r.category_code ? r.category_code->size() : 0};
}

bool Matches(const SlaRule& r, std::string_view category_code, Urgency urgency,
             DemandType demand_type) {
  return (!r.urgency || *r.urgency == urgency) &&
         (!r.demand_type || *r.demand_type == demand_type) &&
         (!r.category_code || CategoryCovers(*r.category_code, category_code));
}

Error RuleError(std::size_t index, std::string_view field, std::string message) {
  return Error{ErrorKind::kInvalidInput, "invalid_sla_policy", std::move(message),
               fmt::format("rules[{}]{}{}", index, field.empty() ? "" : ".", field)};
}

// `name` is the JSON key, `field` the full path for the error (rules[2].handle).
Result<Allowance> AllowanceFromJson(const json& j, std::string_view name, std::string field) {
  auto fail = [&](std::string message) {
    return Fail(ErrorKind::kInvalidInput, "invalid_sla_policy", std::move(message),
                std::move(field));
  };
  if (!j.is_object() || j.size() != 2 || !j.contains("unit") || !j.contains("amount") ||
      !j["unit"].is_string() || !j["amount"].is_number_integer())
    return fail(fmt::format("{} 应为 {{\"unit\": ..., \"amount\": 整数}}", name));
  // Out-of-range amounts are clamped so that validation refuses them with its
  // own message instead of wrapping around in the conversion to int.
  const int amount =
      int(std::clamp<std::int64_t>(j["amount"].get<std::int64_t>(), -1, kMaxAmount + 1));
  for (const auto& n : kUnits)
    if (n.code == j["unit"].get<std::string>()) return Allowance{n.unit, amount};
  return fail(
      "unit 应为 natural_minutes、natural_hours、working_minutes、working_hours 或 working_days");
}

json AllowanceToJson(Allowance a) { return json{{"unit", UnitCode(a.unit)}, {"amount", a.amount}}; }

}  // namespace

Instant DeadlineAfter(const BusinessCalendar& calendar, Instant start, Allowance a) {
  switch (a.unit) {
    case TimeUnit::kNaturalMinutes:
      return start + std::chrono::minutes(a.amount);
    case TimeUnit::kNaturalHours:
      return calendar.AddNaturalHours(start, std::chrono::hours(a.amount));
    case TimeUnit::kWorkingMinutes:
      return calendar.AddWorkingMinutes(start, std::chrono::minutes(a.amount));
    case TimeUnit::kWorkingHours:
      return calendar.AddWorkingMinutes(start, std::chrono::minutes(a.amount * 60));
    case TimeUnit::kWorkingDays:
      return calendar.AddWorkingDays(start, a.amount);
  }
  return start;
}

Instant ShareOfAllowance(const BusinessCalendar& calendar, Instant start, Allowance a,
                         int percent) {
  using std::chrono::minutes;
  switch (a.unit) {
    case TimeUnit::kNaturalMinutes:
      return start + std::chrono::milliseconds(minutes(a.amount)) * percent / 100;
    case TimeUnit::kNaturalHours:
      return start + std::chrono::milliseconds(minutes(a.amount * 60)) * percent / 100;
    case TimeUnit::kWorkingMinutes:
      return calendar.AddWorkingMinutes(start, minutes(a.amount) * percent / 100);
    case TimeUnit::kWorkingHours:
      return calendar.AddWorkingMinutes(start, minutes(a.amount * 60) * percent / 100);
    case TimeUnit::kWorkingDays:
      return calendar.AddWorkingMinutes(
          start, minutes(a.amount * calendar.WorkingMinutesPerDay()) * percent / 100);
  }
  return start;
}

std::string DescribeAllowance(Allowance a) {
  for (const auto& n : kUnits)
    if (n.unit == a.unit) return fmt::format("{} {}", a.amount, n.zh);
  return fmt::format("{}", a.amount);
}

Result<void> ValidateSlaPolicy(const SlaPolicy& policy) {
  bool has_base = false;
  std::set<std::tuple<std::string, int, int>> seen;
  for (std::size_t i = 0; i < policy.rules.size(); ++i) {
    const SlaRule& r = policy.rules[i];
    for (const auto& [step, value] : {std::pair{"sign", r.sign},
                                      {"handle", r.handle},
                                      {"review", r.review},
                                      {"callback", r.callback}}) {
      if (value && (value->amount <= 0 || value->amount > kMaxAmount))
        return Fail(RuleError(i, step, fmt::format("{} 的时限应为正整数", step)));
    }
    if (r.category_code && r.category_code->empty())
      return Fail(RuleError(i, "category_code", "category_code 不能为空"));
    const auto key = std::tuple{r.category_code.value_or(""), r.urgency ? int(*r.urgency) : -1,
                                r.demand_type ? int(*r.demand_type) : -1};
    if (!seen.insert(key).second)
      return Fail(
          RuleError(i, "", fmt::format("规则「{}」与前面的规则条件完全相同（重叠）", r.name)));
    if (!r.category_code && !r.urgency && !r.demand_type) {
      has_base = true;
      if (!r.sign || !r.handle || !r.review || !r.callback)
        return Fail(
            RuleError(i, "", "基础规则（无条件）必须设置 sign、handle、review、callback 全部时限"));
    }
  }
  if (!has_base)
    return Fail(ErrorKind::kInvalidInput, "invalid_sla_policy",
                "缺少基础规则（无任何条件的规则），部分工单将没有时限（空缺）", "rules");
  for (const PolicyLimit& limit : kPolicyLimits) {
    const Allowance& a = policy.*limit.member;
    if (a.amount <= 0 || a.amount > kMaxAmount)
      return Fail(ErrorKind::kInvalidInput, "invalid_sla_policy",
                  fmt::format("{}时限应为 1 到 {} 的整数", limit.label, kMaxAmount),
                  std::string(limit.key));
  }
  return {};
}

StepLimits ResolveLimits(const SlaPolicy& policy, std::string_view category_code, Urgency urgency,
                         DemandType demand_type) {
  struct Best {
    const SlaRule* rule = nullptr;
    std::tuple<int, int, int, std::size_t> rank{};
  };
  Best sign, handle, review, callback;
  auto consider = [](Best& best, const SlaRule& r, const std::optional<Allowance>& value) {
    if (!value) return;
    const auto rank = Specificity(r);
    if (best.rule == nullptr || rank > best.rank) best = Best{&r, rank};
  };
  for (const SlaRule& r : policy.rules) {
    if (!Matches(r, category_code, urgency, demand_type)) continue;
    consider(sign, r, r.sign);
    consider(handle, r, r.handle);
    consider(review, r, r.review);
    consider(callback, r, r.callback);
  }
  StepLimits limits;
  // A validated policy always has a base rule; the fallbacks only guard misuse.
  const SlaPolicy defaults =
      sign.rule && handle.rule && review.rule && callback.rule ? SlaPolicy{} : DefaultSlaPolicy();
  auto pick = [&](const Best& best, std::optional<Allowance> SlaRule::*field) {
    if (best.rule != nullptr) {
      if (std::find(limits.rule_names.begin(), limits.rule_names.end(), best.rule->name) ==
          limits.rule_names.end())
        limits.rule_names.push_back(best.rule->name);
      return *(best.rule->*field);
    }
    return *(defaults.rules.front().*field);
  };
  limits.sign = pick(sign, &SlaRule::sign);
  limits.handle = pick(handle, &SlaRule::handle);
  limits.review = pick(review, &SlaRule::review);
  limits.callback = pick(callback, &SlaRule::callback);
  return limits;
}

SlaPolicy DefaultSlaPolicy() {
  SlaPolicy p;
  SlaRule base;
  base.name = "一般";
  base.sign = Allowance{TimeUnit::kWorkingHours, 2};
  base.handle = Allowance{TimeUnit::kWorkingDays, 5};
  base.review = Allowance{TimeUnit::kWorkingDays, 1};
  base.callback = Allowance{TimeUnit::kWorkingDays, 2};
  SlaRule urgent;
  urgent.name = "紧急";
  urgent.urgency = Urgency::kUrgent;
  urgent.sign = Allowance{TimeUnit::kNaturalMinutes, 30};
  urgent.handle = Allowance{TimeUnit::kNaturalHours, 2};
  SlaRule complex;
  complex.name = "复杂";
  complex.urgency = Urgency::kComplex;
  complex.handle = Allowance{TimeUnit::kWorkingDays, 15};
  p.rules = {base, urgent, complex};
  return p;
}

json SlaPolicyToJson(const SlaPolicy& p) {
  json rules = json::array();
  for (const SlaRule& r : p.rules) {
    json j{{"name", r.name}};
    if (r.category_code) j["category_code"] = *r.category_code;
    if (r.urgency) j["urgency"] = UrgencyCode(*r.urgency);
    if (r.demand_type) j["demand_type"] = DemandTypeCode(*r.demand_type);
    if (r.sign) j["sign"] = AllowanceToJson(*r.sign);
    if (r.handle) j["handle"] = AllowanceToJson(*r.handle);
    if (r.review) j["review"] = AllowanceToJson(*r.review);
    if (r.callback) j["callback"] = AllowanceToJson(*r.callback);
    rules.push_back(std::move(j));
  }
  json out{{"version", p.version},
           {"rules", std::move(rules)},
           {"pause_while_reviewing", p.pause_while_reviewing},
           {"due_soon_percent", p.due_soon_percent}};
  for (const PolicyLimit& limit : kPolicyLimits)
    out[std::string(limit.key)] = AllowanceToJson(p.*limit.member);
  return out;
}

Result<SlaPolicy> SlaPolicyFromJson(const json& j) {
  if (!j.is_object())
    return Fail(ErrorKind::kInvalidInput, "invalid_sla_policy", "时限规则应为 JSON 对象");
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!IsKnownPolicyKey(it.key()))
      return Fail(ErrorKind::kInvalidInput, "unknown_field", fmt::format("未知字段 {}", it.key()),
                  it.key());
  SlaPolicy p;
  if (j.contains("version") && j["version"].is_number_integer())
    p.version = j["version"].get<std::int64_t>();
  if (!j.contains("rules") || !j["rules"].is_array())
    return Fail(ErrorKind::kInvalidInput, "missing_field", "缺少规则列表 rules", "rules");
  std::size_t index = 0;
  for (const json& rj : j["rules"]) {
    if (!rj.is_object()) return Fail(RuleError(index, "", "规则应为对象"));
    SlaRule r;
    for (auto it = rj.begin(); it != rj.end(); ++it) {
      const std::string& key = it.key();
      const json& v = it.value();
      if (key == "name" && v.is_string()) {
        r.name = v.get<std::string>();
      } else if (key == "category_code" && v.is_string()) {
        r.category_code = v.get<std::string>();
      } else if (key == "urgency" && v.is_string() && ParseUrgency(v.get<std::string>())) {
        r.urgency = ParseUrgency(v.get<std::string>());
      } else if (key == "demand_type" && v.is_string() && ParseDemandType(v.get<std::string>())) {
        r.demand_type = ParseDemandType(v.get<std::string>());
      } else if (key == "sign" || key == "handle" || key == "review" || key == "callback") {
        auto a = AllowanceFromJson(v, key, fmt::format("rules[{}].{}", index, key));
        if (!a) return Fail(a.error());
        (key == "sign"     ? r.sign
         : key == "handle" ? r.handle
         : key == "review" ? r.review
                           : r.callback) = *a;
      } else {
        return Fail(RuleError(index, key, fmt::format("字段 {} 未知或取值无效", key)));
      }
    }
    if (r.name.empty()) return Fail(RuleError(index, "name", "规则需要名称"));
    p.rules.push_back(std::move(r));
    ++index;
  }
  for (const PolicyLimit& limit : kPolicyLimits) {
    const std::string key(limit.key);
    if (!j.contains(key)) continue;  // absent: the default stays
    auto a = AllowanceFromJson(j[key], key, key);
    if (!a) return Fail(a.error());
    p.*limit.member = *a;
  }
  if (j.contains("pause_while_reviewing")) {
    if (!j["pause_while_reviewing"].is_boolean())
      return Fail(ErrorKind::kInvalidInput, "wrong_type", "pause_while_reviewing 应为布尔值",
                  "pause_while_reviewing");
    p.pause_while_reviewing = j["pause_while_reviewing"].get<bool>();
  }
  if (j.contains("due_soon_percent")) {
    if (!j["due_soon_percent"].is_number_integer() || j["due_soon_percent"].get<int>() < 1 ||
        j["due_soon_percent"].get<int>() > 99)
      return Fail(ErrorKind::kInvalidInput, "invalid_sla_policy",
                  "due_soon_percent 应为 1 到 99 的整数", "due_soon_percent");
    p.due_soon_percent = j["due_soon_percent"].get<int>();
  }
  if (auto v = ValidateSlaPolicy(p); !v) return Fail(v.error());
  return p;
}

}  // namespace hotline
