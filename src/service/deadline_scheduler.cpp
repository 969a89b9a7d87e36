#include "service/deadline_scheduler.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <set>

#include "service/event_recorder.h"
#include "service/supervision_ops.h"
#include "workorder/step_deadlines.h"

namespace hotline {
namespace {

constexpr std::string_view kLeaseName = "deadline-scheduler";
// Enough passes over the work list to clear any backlog, yet bounded so a
// pass always ends.
constexpr int kMaxBatchesPerPass = 1000;

std::string_view StepDisplayName(std::string_view step) {
  if (step == "sign") return "签收";
  if (step == "handle") return "办理";
  if (step == "review") return "审核";
  if (step == "callback") return "回访";
  return "申请审核";
}

// An assisting unit missed its part (the lead and the platform are told) or
// a summoned department has not reported in (the department, the street and
// the platform are told).
Result<void> NotifyCollaborationLapse(WriteTxn& txn, const WorkOrder& order, const Event& e,
                                      const UnitTree& units, UnitId platform, Instant now) {
  const UnitId late_unit = e.payload.value("unit_id", UnitId{0});
  const Unit* unit = units.Find(late_unit);
  const std::string name = unit ? unit->name : fmt::format("单位 {}", late_unit);
  Notification n;
  n.order_id = order.id;
  n.order_number = order.number;
  n.created_at = now;
  std::vector<UnitId> recipients;
  if (e.action == Action::kAssistOverdue) {
    n.kind = "assist_overdue";
    n.title = fmt::format("工单 {} 协办单位{}超期未答复", order.number, name);
    n.body = fmt::format("「{}」协办时限为 {}，{}尚未提交协办意见。", order.title,
                         e.payload.value("due_at", ""), name);
    if (order.lead_unit_id) recipients.push_back(*order.lead_unit_id);
  } else {
    n.kind = "report_in_overdue";
    n.title = fmt::format("工单 {} 吹哨后{}未按时报到", order.number, name);
    n.body = fmt::format("「{}」报到时限为 {}。", order.title, e.payload.value("due_at", ""));
    recipients.push_back(late_unit);
    recipients.push_back(e.payload.value("street_unit_id", UnitId{0}));
  }
  if (platform != 0) recipients.push_back(platform);
  for (UnitId r : recipients) {
    if (r == 0) continue;
    n.unit_id = r;
    if (auto id = txn.InsertNotification(n); !id) return Fail(id.error());
  }
  return {};
}

}  // namespace

DeadlineScheduler::DeadlineScheduler(Store& store, Directory& directory, const Clock& clock,
                                     WorkflowRules rules, SchedulerOptions options)
    : store_(store),
      directory_(directory),
      clock_(clock),
      rules_(rules),
      options_(std::move(options)) {}

DeadlineScheduler::~DeadlineScheduler() { Stop(); }

Result<SchedulerPass> DeadlineScheduler::RunOnce() {
  SchedulerPass pass;
  const Instant now = clock_.Now();
  auto leased = false;
  auto took = store_.Write([&](WriteTxn& txn) -> Result<void> {
    auto r = txn.AcquireLease(kLeaseName, options_.holder, now, now + options_.lease);
    if (!r) return Fail(r.error());
    leased = *r;
    return {};
  });
  if (!took) return Fail(took.error());
  pass.leader = leased;
  if (!leased) return pass;

  std::set<OrderId> seen;  // an order that yields nothing is not fetched again this pass
  for (int i = 0; i < kMaxBatchesPerPass; ++i) {
    auto ids = store_.ListDueAlarms(now, options_.batch + static_cast<int>(seen.size()));
    if (!ids) return Fail(ids.error());
    std::vector<OrderId> fresh;
    for (OrderId id : *ids)
      if (seen.insert(id).second) fresh.push_back(id);
    if (fresh.empty()) break;
    // Bounded transactions: a backlog must not hold the single writer for long.
    for (std::size_t from = 0; from < fresh.size(); from += options_.batch) {
      const auto to = std::min(fresh.size(), from + static_cast<std::size_t>(options_.batch));
      const std::vector<OrderId> chunk(fresh.begin() + from, fresh.begin() + to);
      if (auto r = ProcessBatch(chunk, pass); !r) return Fail(r.error());
    }
  }
  if (auto r = EscalateLapsed(now, pass); !r) return Fail(r.error());
  if (options_.on_leader_pass)
    if (auto r = options_.on_leader_pass(); !r)
      spdlog::warn("scheduler leader hook failed: {}", r.error().message);
  if (pass.orders > 0 || pass.supervisions_escalated > 0 || pass.supervisions_lapsed > 0)
    spdlog::info(
        "scheduler pass orders={} due_soon={} overdue={} long_pending={} supervisions_issued={}"
        " escalated={} lapsed={}",
        pass.orders, pass.due_soon, pass.overdue, pass.long_pending, pass.supervisions_issued,
        pass.supervisions_escalated, pass.supervisions_lapsed);
  return pass;
}

Result<void> DeadlineScheduler::EscalateLapsed(Instant now, SchedulerPass& pass) {
  const UnitId platform = directory_.Units()->PlatformId();
  for (int i = 0; i < kMaxBatchesPerPass; ++i) {
    // Each handled one gets lapsed_at, so the next query moves on.
    auto due = store_.ListDueSupervisions(now, options_.batch);
    if (!due) return Fail(due.error());
    if (due->empty()) break;
    int escalated = 0;
    int lapsed = 0;
    auto written = store_.Write([&](WriteTxn& txn) -> Result<void> {
      escalated = lapsed = 0;
      for (const Supervision& listed : *due) {
        // Re-read inside the transaction: a response may have just arrived.
        auto loaded = txn.LoadSupervision(listed.id);
        if (!loaded) return Fail(loaded.error());
        if (!*loaded || (*loaded)->state != SupervisionState::kOpen || (*loaded)->lapsed_at)
          continue;
        Supervision s = std::move(**loaded);
        if (NextTier(s.tier)) {
          if (auto r = EscalateSupervision(txn, s, now, directory_.Calendar(), platform); !r)
            return Fail(r.error());
          ++escalated;
        } else {
          if (auto r = ReportTopTierLapse(txn, s, now, platform); !r) return r;
          ++lapsed;
        }
      }
      return {};
    });
    if (!written) return Fail(written.error());
    pass.supervisions_escalated += escalated;
    pass.supervisions_lapsed += lapsed;
    if (escalated + lapsed == 0) break;
  }
  return {};
}

Result<int> DeadlineScheduler::ProcessBatch(const std::vector<OrderId>& ids, SchedulerPass& pass) {
  const auto units = directory_.Units();
  const auto categories = directory_.Categories();
  const auto sla = directory_.Sla();
  const UnitId platform = units->PlatformId();
  const Actor system{0, "system", Role::kSupervisor, platform};
  SchedulerPass counted;
  auto written = store_.Write([&](WriteTxn& txn) -> Result<void> {
    counted = SchedulerPass{};
    const Instant now = clock_.Now();
    DecisionContext ctx{*units, *categories, rules_, now, &directory_.Calendar(), sla.get()};
    for (OrderId id : ids) {
      auto loaded = txn.LoadOrder(id);
      if (!loaded) return Fail(loaded.error());
      if (!*loaded) continue;
      WorkOrder order = std::move(**loaded);
      const auto events = DecideAlarms(order, system, ctx);
      if (events.empty()) continue;
      ++counted.orders;
      for (const Event& e : events) {
        if (auto r = RecordEvent(txn, order, e); !r) return r;
        if (e.action == Action::kAssistOverdue || e.action == Action::kReportInOverdue) {
          ++counted.collaboration_overdue;
          if (auto r = NotifyCollaborationLapse(txn, order, e, *units, platform, now); !r) return r;
          continue;
        }
        const bool overdue = e.action == Action::kOverdue;
        const bool long_pending = e.action == Action::kLongPending;
        if (long_pending)
          ++counted.long_pending;
        else
          (overdue ? counted.overdue : counted.due_soon)++;
        const std::string step = e.payload.value("step", "");
        Notification n;
        n.kind = long_pending ? "long_pending" : overdue ? "overdue" : "due_soon";
        n.order_id = order.id;
        n.order_number = order.number;
        n.created_at = now;
        if (long_pending) {
          n.title = fmt::format("工单 {} 久拖不决", order.number);
          n.body = fmt::format("「{}」受理后已超过 {} 个工作日仍未办结。", order.title,
                               rules_.long_pending_days);
        } else {
          n.title =
              overdue
                  ? fmt::format("工单 {} {}已超期，系统督办", order.number, StepDisplayName(step))
                  : fmt::format("工单 {} {}即将到期", order.number, StepDisplayName(step));
          n.body = fmt::format("「{}」{}时限为 {}。", order.title, StepDisplayName(step),
                               e.payload.value("due_at", ""));
        }
        // The unit that must act: the lead for its steps, the platform for reviews.
        const bool platform_step =
            step == "review" || step == "callback" || step == "application_review";
        std::vector<UnitId> recipients;
        if (!platform_step && order.lead_unit_id) recipients.push_back(*order.lead_unit_id);
        if ((platform_step || overdue || long_pending) && platform != 0)
          recipients.push_back(platform);
        for (UnitId unit : recipients) {
          n.unit_id = unit;
          if (auto r = txn.InsertNotification(n); !r) return Fail(r.error());
        }
        if (long_pending) {
          auto issued = SuperviseFlaggedOrder(
              txn, order, order.lead_unit_id.value_or(platform), "long_pending",
              fmt::format("受理后超过 {} 个工作日仍未办结（久拖不决）", rules_.long_pending_days),
              now, directory_.Calendar());
          if (!issued) return Fail(issued.error());
          if (*issued) ++counted.supervisions_issued;
        }
        if (overdue) {
          // 系统督办: a supervision order on the unit that must act, once per step.
          const UnitId supervised =
              platform_step ? platform : order.lead_unit_id.value_or(UnitId{0});
          const std::string reason = fmt::format("overdue:{}", step);
          auto exists = txn.HasOpenSupervision(order.id, reason);
          if (!exists) return Fail(exists.error());
          if (supervised != 0 && !*exists) {
            Supervision s;
            s.order_id = order.id;
            s.order_number = order.number;
            s.unit_id = supervised;
            s.tier = SupervisionTier::kSystem;
            s.reason = reason;
            s.note = fmt::format("{}环节已超期", StepDisplayName(step));
            s.issued_at = now;
            s.due_at = ResponseDue(SupervisionTier::kSystem, now, directory_.Calendar());
            if (auto r = IssueSupervision(txn, std::move(s), now, /*notify=*/false); !r)
              return Fail(r.error());
            ++counted.supervisions_issued;
          }
        }
      }
    }
    return {};
  });
  if (!written) return Fail(written.error());
  pass.orders += counted.orders;
  pass.due_soon += counted.due_soon;
  pass.overdue += counted.overdue;
  pass.long_pending += counted.long_pending;
  pass.supervisions_issued += counted.supervisions_issued;
  pass.collaboration_overdue += counted.collaboration_overdue;
  return counted.orders;
}

void DeadlineScheduler::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      if (auto r = RunOnce(); !r)
        spdlog::warn("scheduler pass failed code={} message={}", r.error().code, r.error().message);
      lock.lock();
      wake_.wait_for(lock, options_.interval, [this] { return stopping_; });
    }
  });
}

void DeadlineScheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  // A graceful stop hands the work over at once instead of after the lease.
  auto released =
      store_.Write([&](WriteTxn& txn) { return txn.ReleaseLease(kLeaseName, options_.holder); });
  if (!released) spdlog::warn("scheduler lease not released: {}", released.error().message);
}

}  // namespace hotline
