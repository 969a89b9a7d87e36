// Hot spots (热点预警, docs/hotspots.md): GET /api/v1/hotspots runs the
// surge test per category × street and the text clustering over a period's
// orders; POST /api/v1/hotspots/warn turns a surge into a 预警函 (kind
// hot_spot) to the responsible unit, through the same IssueWarningLetter as
// POST /api/v1/warnings.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "api/api.h"
#include "api/error_map.h"
#include "api/field_reader.h"
#include "api/handler_support.h"
#include "common/time_format.h"
#include "service/hotspot_service.h"
#include "service/warning_ops.h"

namespace hotline {
namespace {

using nlohmann::json;

// Longest period tested at once: a quarter. Its baseline reaches 8 such
// periods back.
constexpr int kMaxHotspotDays = 92;
constexpr std::size_t kMaxClusterIdsShown = 50;

bool MayViewHotspots(Role role) {
  return role == Role::kLeader || role == Role::kSupervisor || role == Role::kDispatcher ||
         role == Role::kAdmin;
}
bool MayWarn(Role role) { return role == Role::kSupervisor || role == Role::kAdmin; }

std::string IsoDay(DayNumber day) {
  const std::string s = ChinaDayStamp(StartOfChinaDay(day));
  return fmt::format("{}-{}-{}", s.substr(0, 4), s.substr(4, 2), s.substr(6, 2));
}

std::string UnitName(const UnitTree& units, std::optional<UnitId> id) {
  const Unit* unit = id ? units.Find(*id) : nullptr;
  return unit ? unit->name : std::string();
}

json SurgeJson(const Surge& s, const UnitTree& units, const CategoryTree& categories) {
  const Category* c = categories.Find(s.category_id);
  return json{{"category_id", s.category_id},
              {"category_name", c ? c->name : std::string()},
              {"street_unit_id", s.street_unit_id ? json(*s.street_unit_id) : json(nullptr)},
              {"street_name", UnitName(units, s.street_unit_id)},
              {"count", s.count},
              {"history", s.history},
              {"baseline", s.baseline},
              {"ratio", s.ratio},
              {"p_value", s.p_value}};
}

// A period of whole China days from two YYYY-MM-DD texts (both included).
struct Period {
  DayNumber from = 0;
  int days = 0;
};
Result<Period> ParsePeriod(std::string_view from_text, std::string_view to_text) {
  const auto from = ParseChinaDate(from_text);
  if (!from)
    return Fail(ErrorKind::kInvalidInput, "invalid_value", "from 应为 YYYY-MM-DD 格式的日期",
                "from");
  const auto to = ParseChinaDate(to_text);
  if (!to)
    return Fail(ErrorKind::kInvalidInput, "invalid_value", "to 应为 YYYY-MM-DD 格式的日期", "to");
  if (*from > *to)
    return Fail(ErrorKind::kInvalidInput, "invalid_value", "开始日期不能晚于结束日期", "from");
  const DayNumber first = ChinaDaysSinceEpoch(*from);
  const DayNumber last = ChinaDaysSinceEpoch(*to);
  if (last - first + 1 > kMaxHotspotDays)
    return Fail(ErrorKind::kInvalidInput, "invalid_value",
                fmt::format("热点检测的日期区间最长 {} 天", kMaxHotspotDays), "to");
  return Period{first, static_cast<int>(last - first + 1)};
}

}  // namespace

HttpResponse Api::Hotspots(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (!MayViewHotspots(actor->role))
      return Fail(ErrorKind::kForbidden, "role_not_allowed",
                  "只有领导、督办员、派单员或系统管理员可以查看热点");
    if (auto r = OnlyKnownQuery(req, {"from", "to", "window_days"}); !r) return Fail(r.error());
    for (const char* key : {"from", "to"})
      if (!req.HasQuery(key))
        return Fail(ErrorKind::kInvalidInput, "missing_field",
                    fmt::format("请提供查询参数 {}（YYYY-MM-DD）", key), key);
    auto period = ParsePeriod(req.Query("from"), req.Query("to"));
    if (!period) return Fail(period.error());
    TextClusterOptions clusters;
    if (req.HasQuery("window_days")) {
      auto w = QueryInt(req, "window_days", 1, 31);
      if (!w) return Fail(w.error());
      clusters.window_days = static_cast<int>(*w);
    }
    auto found = FindOrderHotspots(deps_.store, period->from, period->days, clusters);
    if (!found) return Fail(found.error());
    const auto units = deps_.directory.Units();
    const auto categories = deps_.directory.Categories();
    json surges = json::array();
    for (const Surge& s : found->surges) surges.push_back(SurgeJson(s, *units, *categories));
    json clusters_json = json::array();
    for (const TextCluster& c : found->clusters) {
      std::vector<std::int64_t> shown(c.ids.begin(),
                                      c.ids.begin() + std::min(c.ids.size(), kMaxClusterIdsShown));
      clusters_json.push_back(json{{"size", c.ids.size()},
                                   {"order_ids", shown},
                                   {"first_day", IsoDay(c.first_day)},
                                   {"last_day", IsoDay(c.last_day)},
                                   {"representative_order_id", c.representative_id},
                                   {"top_bigrams", c.top_bigrams}});
    }
    const SurgeOptions o;
    json method;
    method["baseline_periods"] = o.baseline_periods;
    method["ewma_lambda"] = o.ewma_lambda;
    method["min_baseline"] = o.min_baseline;
    method["min_count"] = o.min_count;
    method["max_p_value"] = o.max_p_value;
    method["window_days"] = clusters.window_days;
    method["min_jaccard"] = clusters.min_jaccard;
    method["min_cluster_size"] = clusters.min_size;
    json out;
    out["from"] = IsoDay(period->from);
    out["to"] = IsoDay(period->from + period->days - 1);
    out["period_days"] = period->days;
    out["surges"] = std::move(surges);
    out["clusters"] = std::move(clusters_json);
    out["orders_clustered"] = found->orders_clustered;
    out["method"] = std::move(method);
    return JsonResponse(200, out);
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::WarnHotspot(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (!MayWarn(actor->role))
      return Fail(ErrorKind::kForbidden, "role_not_allowed",
                  "只有督办员或系统管理员可以发出热点预警函");
    auto body = ParseJsonObject(req.body);
    if (!body) return Fail(body.error());
    FieldReader reader(*body);
    const std::int64_t category_id = reader.Int("category_id", true);
    const std::int64_t street_unit_id = reader.Int("street_unit_id", true);
    const std::string from_text = reader.String("from", true);
    const std::string to_text = reader.String("to", true);
    const bool dry_run = reader.Bool("dry_run", false, false);
    const auto reply_due_at = reader.OptionalTime("reply_due_at");
    if (auto r = reader.Finish(); !r) return Fail(r.error());
    auto period = ParsePeriod(from_text, to_text);
    if (!period) return Fail(period.error());
    const auto units = deps_.directory.Units();
    const auto categories = deps_.directory.Categories();
    if (categories->Find(category_id) == nullptr)
      return Fail(ErrorKind::kInvalidInput, "unknown_category",
                  fmt::format("分类 {} 不存在", category_id), "category_id");
    const Unit* street = units->Find(street_unit_id);
    if (street == nullptr || street->kind != UnitKind::kStreet)
      return Fail(ErrorKind::kInvalidInput, "unknown_street",
                  fmt::format("街道 {} 不存在", street_unit_id), "street_unit_id");
    const Instant now = deps_.orders.GetClock().Now();
    if (reply_due_at && *reply_due_at <= now)
      return Fail(ErrorKind::kInvalidInput, "invalid_value", "回复时限应晚于当前时间",
                  "reply_due_at");
    auto draft = DraftSurgeWarning(deps_.store, *categories, *units, category_id, street_unit_id,
                                   period->from, period->days);
    if (!draft) return Fail(draft.error());
    WarningLetter letter = std::move(draft->letter);
    letter.issued_by = actor->user_id;
    letter.issued_at = now;
    letter.reply_due_at =
        reply_due_at ? *reply_due_at : WarningReplyDue(now, deps_.orders.Calendar());
    int status = 200;
    if (!dry_run) {
      auto written = deps_.store.Write([&](WriteTxn& txn) -> Result<void> {
        auto issued = IssueWarningLetter(txn, letter, now);
        if (!issued) return Fail(issued.error());
        letter = std::move(*issued);
        return {};
      });
      if (!written) return Fail(written.error());
      status = 201;
      spdlog::info("audit hotspot_warning_issued user={} number={} unit={} category={} street={}",
                   actor->username, letter.number, letter.unit_id, category_id, street_unit_id);
    }
    json warning{{"id", letter.id ? json(letter.id) : json(nullptr)},
                 {"number", letter.number},
                 {"unit_id", letter.unit_id},
                 {"unit_name", UnitName(*units, letter.unit_id)},
                 {"kind", WarningKindCode(letter.kind)},
                 {"subject", letter.subject},
                 {"text", letter.text},
                 {"order_ids", letter.order_ids},
                 {"reply_due_at", FormatRfc3339(letter.reply_due_at)},
                 {"state", dry_run ? "draft" : std::string(WarningStateCode(letter.state))}};
    HttpResponse r =
        JsonResponse(status, json{{"dry_run", dry_run},
                                  {"surge", SurgeJson(draft->surge, *units, *categories)},
                                  {"warning", std::move(warning)}});
    if (!dry_run) r.headers.emplace_back("Location", fmt::format("/api/v1/warnings/{}", letter.id));
    return r;
  }();
  return Respond(std::move(result), actor->username);
}

}  // namespace hotline
