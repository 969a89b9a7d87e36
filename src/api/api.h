// The REST API: routes every request to a handler and maps results to
// responses. Transport-free (see http_server.h); thread-safe.
#pragma once

#include <functional>
#include <set>
#include <string>

#include "api/http_types.h"
#include "api/router.h"
#include "common/versioned_cache.h"
#include "service/auth_service.h"
#include "service/call_hub.h"
#include "service/dispatch_advisor.h"
#include "service/notification_hub.h"
#include "service/order_service.h"
#include "service/report_service.h"

namespace hotline {

struct ApiDeps {
  Store& store;
  Directory& directory;
  OrderService& orders;
  AuthService& auth;
  // Prometheus text of the transport's own counters (may be empty).
  std::function<std::string()> transport_metrics;
  // Live notifications for /api/v1/events; the endpoint answers 503 without it.
  NotificationHub* hub = nullptr;
  // Screen pops for /api/v1/cti/calls, delivered on /api/v1/events (may be null).
  CallHub* calls = nullptr;
  // Dispatch suggestions and their knowledge; those endpoints answer 503 without it.
  DispatchAdvisor* dispatch = nullptr;
};

class Api {
 public:
  explicit Api(ApiDeps deps);
  HttpResponse Handle(const HttpRequest& request) const;

 private:
  Result<Actor> Authenticate(const HttpRequest& request) const;
  // The order as `viewer` may see it, from the rendering cache when possible.
  HttpResponse RenderOrder(const OrderView& view, const Actor& viewer) const;

  HttpResponse Healthz(const HttpRequest&, const PathParams&) const;
  HttpResponse Readyz(const HttpRequest&, const PathParams&) const;
  HttpResponse Metrics(const HttpRequest&, const PathParams&) const;
  HttpResponse OpenApi(const HttpRequest&, const PathParams&) const;
  HttpResponse Login(const HttpRequest&, const PathParams&) const;
  HttpResponse Logout(const HttpRequest&, const PathParams&) const;
  HttpResponse Me(const HttpRequest&, const PathParams&) const;
  HttpResponse Meta(const HttpRequest&, const PathParams&) const;
  HttpResponse ListUnits(const HttpRequest&, const PathParams&) const;
  HttpResponse ListUsers(const HttpRequest&, const PathParams&) const;
  HttpResponse CreateUser(const HttpRequest&, const PathParams&) const;
  HttpResponse ListCategories(const HttpRequest&, const PathParams&) const;
  HttpResponse GetSlaPolicy(const HttpRequest&, const PathParams&) const;
  HttpResponse ListNotifications(const HttpRequest&, const PathParams&) const;
  HttpResponse DissatisfiedBoard(const HttpRequest&, const PathParams&) const;
  HttpResponse Events(const HttpRequest&, const PathParams&) const;
  HttpResponse ReportCall(const HttpRequest&, const PathParams&) const;
  HttpResponse GetCalendar(const HttpRequest&, const PathParams&) const;
  HttpResponse SuperviseUnit(const HttpRequest&, const PathParams&) const;
  HttpResponse PutCalendar(const HttpRequest&, const PathParams&) const;
  HttpResponse ReadNotification(const HttpRequest&, const PathParams&) const;
  // Units whose notifications `actor` receives: unit staff their unit and
  // below; platform staff the platform's own.
  std::vector<UnitId> NotificationUnits(const Actor& actor) const;
  HttpResponse PutSlaPolicy(const HttpRequest&, const PathParams&) const;
  HttpResponse CreateOrder(const HttpRequest&, const PathParams&) const;
  HttpResponse ListOrders(const HttpRequest&, const PathParams&) const;
  HttpResponse GetOrder(const HttpRequest&, const PathParams&) const;
  // 并单 suggestions: likely duplicates of one order.
  HttpResponse SuggestDuplicates(const HttpRequest&, const PathParams&) const;
  // Similar recent orders and warnings while an agent types (duplicates_api.cpp).
  HttpResponse FindSimilarOrders(const HttpRequest&, const PathParams&) const;
  HttpResponse ActOnOrder(const HttpRequest&, const PathParams&) const;
  // Supervision orders (督办单), in supervision_api.cpp.
  HttpResponse SuperviseOrder(const HttpRequest&, const PathParams&) const;
  HttpResponse ListSupervisions(const HttpRequest&, const PathParams&) const;
  HttpResponse GetSupervision(const HttpRequest&, const PathParams&) const;
  HttpResponse RespondSupervision(const HttpRequest&, const PathParams&) const;
  HttpResponse ReviewSupervision(const HttpRequest&, const PathParams&) const;
  // Supervisions `actor` may see: the unit subtree for unit roles, all
  // (nullopt) for platform roles.
  std::optional<std::vector<UnitId>> SupervisionScope(const Actor& actor) const;
  // Warning letters (预警函), in warning_api.cpp; seen within SupervisionScope.
  HttpResponse IssueWarning(const HttpRequest&, const PathParams&) const;
  HttpResponse ListWarnings(const HttpRequest&, const PathParams&) const;
  HttpResponse GetWarning(const HttpRequest&, const PathParams&) const;
  HttpResponse ReplyWarning(const HttpRequest&, const PathParams&) const;
  HttpResponse ReviewWarning(const HttpRequest&, const PathParams&) const;
  // Collaboration statistics per period and unit, in collaboration_api.cpp;
  // unit roles see the rows within SupervisionScope.
  HttpResponse CollaborationStats(const HttpRequest&, const PathParams&) const;
  // The figures per unit, street, category ... (metrics_api.cpp; docs/metrics.md).
  HttpResponse MetricsReport(const HttpRequest&, const PathParams&) const;
  // The orders behind one figure (metrics_api.cpp).
  HttpResponse MetricsOrders(const HttpRequest&, const PathParams&) const;
  // Units whose figures `actor` may see: their subtree for unit staff, all
  // (nullopt) for platform staff.
  std::optional<std::set<UnitId>> MetricsScope(const Actor& actor) const;
  // 考核 (scoring_api.cpp): the rules, rankings, 红黑榜, 涉企 board, a unit's score.
  HttpResponse GetScoringRules(const HttpRequest&, const PathParams&) const;
  HttpResponse PutScoringRules(const HttpRequest&, const PathParams&) const;
  HttpResponse Rankings(const HttpRequest&, const PathParams&) const;
  HttpResponse RedBlackBoard(const HttpRequest&, const PathParams&) const;
  HttpResponse EnterpriseBoard(const HttpRequest&, const PathParams&) const;
  HttpResponse GetUnitScore(const HttpRequest&, const PathParams&) const;

  // Generated reports (日梳理、周统计、月报告、年分析), in report_api.cpp;
  // GetReport serves {id}, {id}.xlsx and {id}.html.
  HttpResponse CreateReport(const HttpRequest&, const PathParams&) const;
  HttpResponse ListReports(const HttpRequest&, const PathParams&) const;
  HttpResponse GetReport(const HttpRequest&, const PathParams&) const;
  ReportService Reports() const;

  // Knowledge base (知识库), in knowledge_api.cpp.
  HttpResponse ListKnowledge(const HttpRequest&, const PathParams&) const;
  HttpResponse GetKnowledge(const HttpRequest&, const PathParams&) const;
  HttpResponse CreateKnowledge(const HttpRequest&, const PathParams&) const;
  HttpResponse UpdateKnowledge(const HttpRequest&, const PathParams&) const;
  HttpResponse DeleteKnowledge(const HttpRequest&, const PathParams&) const;
  // Hot spots and governance topics (hotspot_api.cpp, topic_api.cpp; docs/hotspots.md).
  HttpResponse Hotspots(const HttpRequest&, const PathParams&) const;
  HttpResponse WarnHotspot(const HttpRequest&, const PathParams&) const;
  HttpResponse TopicProposals(const HttpRequest&, const PathParams&) const;
  HttpResponse ListTopics(const HttpRequest&, const PathParams&) const;
  HttpResponse CreateTopic(const HttpRequest&, const PathParams&) const;
  HttpResponse GetTopic(const HttpRequest&, const PathParams&) const;
  HttpResponse PatchTopic(const HttpRequest&, const PathParams&) const;
  HttpResponse TopicVolumeReport(const HttpRequest&, const PathParams&) const;
  // Dispatch suggestions, models, 权责清单 and gazetteer (dispatch_api.cpp).
  HttpResponse SuggestForOrder(const HttpRequest&, const PathParams&) const;
  HttpResponse SuggestForDraft(const HttpRequest&, const PathParams&) const;
  HttpResponse ListDispatchModels(const HttpRequest&, const PathParams&) const;
  HttpResponse TrainDispatchModel(const HttpRequest&, const PathParams&) const;
  HttpResponse ListResponsibilities(const HttpRequest&, const PathParams&) const;
  HttpResponse AddResponsibility(const HttpRequest&, const PathParams&) const;
  HttpResponse DeleteResponsibility(const HttpRequest&, const PathParams&) const;
  HttpResponse ListPlaces(const HttpRequest&, const PathParams&) const;
  HttpResponse AddPlace(const HttpRequest&, const PathParams&) const;
  HttpResponse DeletePlace(const HttpRequest&, const PathParams&) const;
  // The dispatch advisor for an actor the role check allows (403 with
  // `refusal` otherwise); 503 when the server runs without one.
  Result<DispatchAdvisor*> Advisor(const Actor& actor, bool allowed,
                                   std::string_view refusal) const;
  // Dispatches a new order to its suggested lead unit when automatic
  // dispatch is on and confident enough; otherwise, or on any failure, the
  // order waits for a dispatcher as usual.
  void AutoDispatch(const WorkOrder& order) const;

  ApiDeps deps_;
  Router router_;
  mutable VersionedCache<std::string> rendered_{20000};
};

}  // namespace hotline
