// GET /api/v1/collaboration/stats: period statistics of units working
// together (issue 4) — returns and dispatch disputes, assisting units' parts,
// 吹哨报到 per street and per department, 业务指导 per department. Unit staff
// see the rows of their own unit and its sub-units only.
#include <fmt/format.h>

#include <chrono>
#include <set>

#include "api/api.h"
#include "api/error_map.h"
#include "api/handler_support.h"
#include "common/time_format.h"
#include "workorder/collaboration_stats.h"

namespace hotline {
namespace {

using nlohmann::json;

// The longest period one request may tally (a leap year).
constexpr int kMaxPeriodDays = 366;

// Every action that creates a record AddToCollaborationStats counts: a record whose
// own instant lies in the period was created by an event in the period.
// Routing creates assist parts, so it matters only on assisted orders.
const std::vector<Action>& CreatingActions() {
  static const std::vector<Action> kActions = {
      Action::kReturn,       Action::kReviewReturn, Action::kDispute,      Action::kProvisional,
      Action::kWhistle,      Action::kReportIn,     Action::kCloseWhistle, Action::kRequestGuidance,
      Action::kGiveGuidance, Action::kAssistReply};
  return kActions;
}
const std::vector<Action>& RoutingActions() {
  static const std::vector<Action> kActions = {Action::kDispatch, Action::kReassign,
                                               Action::kCoordinate};
  return kActions;
}

json Rate(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

// One list of rows sorted by unit id, each {"unit_id", "unit_name", ...fields},
// leaving out units outside `scope` (nullopt: every unit).
template <typename Row, typename Fields>
json Rows(const std::map<UnitId, Row>& rows, const UnitTree& units,
          const std::optional<std::set<UnitId>>& scope, Fields fields) {
  json out = json::array();
  for (const auto& [unit_id, row] : rows) {
    if (scope && !scope->contains(unit_id)) continue;
    const Unit* unit = units.Find(unit_id);
    json item{{"unit_id", unit_id}, {"unit_name", unit ? unit->name : std::string()}};
    item.update(fields(row));
    out.push_back(std::move(item));
  }
  return out;
}

json ReturnFields(const ReturnStatsRow& r) {
  return json{{"returns", r.returns},
              {"returns_approved", r.returns_approved},
              {"returns_rejected", r.returns_rejected},
              {"returns_pending", r.returns_pending},
              {"returns_disputed", r.returns_disputed},
              {"disputes", r.disputes},
              {"disputes_upheld", r.disputes_upheld},
              {"disputes_overruled", r.disputes_overruled},
              {"disputes_open", r.disputes_open}};
}

json AssistFields(const AssistStatsRow& r) {
  return json{{"parts", r.parts},
              {"parts_replied", r.parts_replied},
              {"parts_on_time", r.parts_on_time},
              {"parts_overdue", r.parts_overdue}};
}

json StreetFields(const WhistleStreetRow& r) {
  return json{{"whistles", r.whistles},
              {"closed", r.closed},
              {"resolved", r.resolved},
              {"summons", r.summons},
              {"reported", r.reported},
              {"reported_on_time", r.reported_on_time},
              {"citizen_invited", r.citizen_invited},
              {"meetings", r.meetings},
              {"average_preparation_score", Rate(r.AveragePreparationScore())},
              {"report_rate", Rate(r.ReportRate())},
              {"ontime_report_rate", Rate(r.OntimeReportRate())},
              {"resolution_rate", Rate(r.ResolutionRate())}};
}

json DepartmentFields(const WhistleDepartmentRow& r) {
  return json{{"summoned", r.summoned},
              {"reported", r.reported},
              {"reported_on_time", r.reported_on_time},
              {"late", r.late},
              {"not_reported", r.not_reported},
              {"report_rate", Rate(r.ReportRate())},
              {"ontime_report_rate", Rate(r.OntimeReportRate())},
              {"average_score", Rate(r.AverageScore())},
              {"whistles_resolved", r.whistles_resolved}};
}

json GuidanceFields(const GuidanceStatsRow& r) {
  return json{{"requested", r.requested},
              {"answered", r.answered},
              {"answered_on_time", r.answered_on_time},
              {"pending", r.pending}};
}

}  // namespace

HttpResponse Api::CollaborationStats(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (auto r = OnlyKnownQuery(req, {"from", "to"}); !r) return Fail(r.error());
    auto period = ParseDayRange(req, kMaxPeriodDays);
    if (!period) return Fail(period.error());
    hotline::CollaborationStats stats;  // the type, not this handler
    auto walked = deps_.store.VisitOrdersWithEvents(
        CreatingActions(), RoutingActions(), period->from, period->to, [&](const WorkOrder& o) {
          AddToCollaborationStats(o, period->from, period->to, stats);
          return Result<void>{};
        });
    if (!walked) return Fail(walked.error());
    std::optional<std::set<UnitId>> scope;
    if (auto units = SupervisionScope(*actor)) scope.emplace(units->begin(), units->end());
    const auto units = deps_.directory.Units();
    return JsonResponse(
        200, json{{"from", period->from_text},
                  {"to", period->to_text},
                  {"returns", Rows(stats.returns, *units, scope, ReturnFields)},
                  {"assists", Rows(stats.assists, *units, scope, AssistFields)},
                  {"whistle_streets", Rows(stats.whistle_streets, *units, scope, StreetFields)},
                  {"whistle_departments",
                   Rows(stats.whistle_departments, *units, scope, DepartmentFields)},
                  {"guidance", Rows(stats.guidance, *units, scope, GuidanceFields)}});
  }();
  return Respond(std::move(result), actor->username);
}

}  // namespace hotline
