#include "service/metrics_drilldown.h"

#include <map>

#include "workorder/lifecycle.h"

namespace hotline {
namespace {

// The actions whose events can add to `m` (FactsOf); an order counted for
// `m` in the period has one of them in the period.
std::vector<Action> ActionsFor(Measure m) {
  switch (m) {
    case Measure::kReceived:
      return {Action::kIntake};
    case Measure::kDispatched:
      return {Action::kDispatch, Action::kReassign, Action::kProvisional, Action::kReopen,
              Action::kCoordinate};
    case Measure::kSigned:
    case Measure::kSignedOnTime:
      return {Action::kSign};
    case Measure::kReplied:
    case Measure::kRepliedOnTime:
      return {Action::kReply};
    case Measure::kRated:
    case Measure::kResolved:
    case Measure::kSatisfied:
    case Measure::kBasicallySatisfied:
    case Measure::kDissatisfied:
      return {Action::kCallback};
    case Measure::kReturned:
      return {Action::kReturn};
    case Measure::kReturnApproved:
      // Coordination that moves a returned order away approves the return too.
      return {Action::kReviewReturn, Action::kCoordinate};
    case Measure::kReopened:
      return {Action::kReopen};
    case Measure::kOverdue:
      return {Action::kOverdue};
    case Measure::kClosed:
      return {Action::kDirectAnswer, Action::kReviewRejection, Action::kCallback, Action::kClose,
              Action::kMasterClosed};
    case Measure::kWhistles:
      return {Action::kWhistle};
    case Measure::kReportIns:
    case Measure::kReportInsLate:
      return {Action::kReportIn};
    case Measure::kWhistlesResolved:
      return {Action::kCloseWhistle};
  }
  return {};
}

}  // namespace

Result<std::vector<OrderContribution>> OrdersBehind(
    Store& store, Measure measure, std::int32_t from_day, std::int32_t to_day, Instant from,
    Instant to, const std::function<bool(const MetricFact&)>& match) {
  auto candidates = store.ListOrdersWithEvents(ActionsFor(measure), {}, from, to);
  if (!candidates) return Fail(candidates.error());
  std::vector<OrderContribution> out;
  const int index = static_cast<int>(measure);
  for (WorkOrder& candidate : *candidates) {
    auto events = store.GetEvents(candidate.id);
    if (!events) return Fail(events.error());
    std::int64_t count = 0;
    WorkOrder order;
    order.id = candidate.id;
    for (const Event& e : *events) {
      const FactBasis before = FactBasis::Of(order);
      Apply(order, e);
      for (const MetricFact& f : FactsOf(before, e, order))
        if (f.day >= from_day && f.day <= to_day && f.counts[index] > 0 && match(f))
          count += f.counts[index];
    }
    if (count > 0) out.push_back({std::move(candidate), count});
  }
  return out;
}

Result<std::vector<OrderContribution>> OpenDissatisfiedBehind(
    Store& store, Instant from, Instant to, const std::function<bool(const WorkOrder&)>& match) {
  auto orders = store.ListOpenDissatisfied(from, to);
  if (!orders) return Fail(orders.error());
  std::vector<OrderContribution> out;
  for (WorkOrder& o : *orders)
    if (match(o)) out.push_back({std::move(o), 1});
  return out;
}

Result<SupervisionsBehind> SupervisionOrdersBehind(
    Store& store, Instant from, Instant to, const std::function<bool(const Supervision&)>& match) {
  auto issued = store.ListSupervisionsIssued(from, to);
  if (!issued) return Fail(issued.error());
  SupervisionsBehind out;
  std::map<OrderId, std::vector<Supervision>> by_order;
  for (Supervision& s : *issued) {
    if (!match(s)) continue;
    if (s.order_id)
      by_order[*s.order_id].push_back(std::move(s));
    else
      out.without_order.push_back(std::move(s));
  }
  for (auto& [id, supervisions] : by_order) {
    auto order = store.GetOrder(id);
    if (!order) return Fail(order.error());
    if (!*order) continue;  // orders are never deleted; guards a foreign key gap only
    out.orders.push_back({std::move(**order), std::move(supervisions)});
  }
  return out;
}

}  // namespace hotline
