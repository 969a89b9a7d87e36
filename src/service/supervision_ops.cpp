#include "service/supervision_ops.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/time_format.h"

namespace hotline {
namespace {

Result<void> Notify(WriteTxn& txn, const Supervision& s, std::string_view kind, std::string title,
                    std::string body, Instant now, std::initializer_list<UnitId> units) {
  Notification n;
  n.kind = std::string(kind);
  n.order_id = s.order_id;
  n.order_number = s.order_number;
  n.title = std::move(title);
  n.body = std::move(body);
  n.created_at = now;
  for (UnitId unit : units) {
    if (unit == 0) continue;
    n.unit_id = unit;
    if (auto r = txn.InsertNotification(n); !r) return Fail(r.error());
  }
  return {};
}

std::string Subject(const Supervision& s) {
  return s.order_number.empty() ? std::string("本单位") : fmt::format("工单 {}", s.order_number);
}

}  // namespace

Result<Supervision> IssueSupervision(WriteTxn& txn, Supervision s, Instant now, bool notify) {
  auto number = txn.NextSupervisionNumber(ChinaDayStamp(now));
  if (!number) return Fail(number.error());
  s.number = std::move(*number);
  s.state = SupervisionState::kOpen;
  auto id = txn.InsertSupervision(s);
  if (!id) return Fail(id.error());
  s.id = *id;
  if (!notify) return s;
  auto notified = Notify(
      txn, s, "supervision",
      fmt::format("{}：{}（督办单 {}）", SupervisionTierName(s.tier), Subject(s), s.number),
      fmt::format("请于 {} 前书面回复督办。{}", FormatRfc3339(s.due_at), s.note), now, {s.unit_id});
  if (!notified) return Fail(notified.error());
  return s;
}

Result<bool> SuperviseFlaggedOrder(WriteTxn& txn, const WorkOrder& order, UnitId unit,
                                   std::string_view reason, std::string note, Instant now,
                                   const BusinessCalendar& calendar) {
  if (unit == 0) return false;
  auto exists = txn.HasOpenSupervision(order.id, reason);
  if (!exists) return Fail(exists.error());
  if (*exists) return false;
  Supervision s;
  s.order_id = order.id;
  s.order_number = order.number;
  s.unit_id = unit;
  s.tier = SupervisionTier::kManual;
  s.reason = std::string(reason);
  s.note = std::move(note);
  s.issued_at = now;
  s.due_at = ResponseDue(SupervisionTier::kManual, now, calendar);
  auto issued = IssueSupervision(txn, std::move(s), now);
  if (!issued) return Fail(issued.error());
  return true;
}

Result<Supervision> EscalateSupervision(WriteTxn& txn, Supervision& s, Instant now,
                                        const BusinessCalendar& calendar, UnitId platform) {
  const SupervisionState before = s.state;
  auto next = Escalate(s, now, calendar);
  if (!next) return Fail(next.error());
  if (auto r = txn.UpdateSupervision(s); !r) return Fail(r.error());
  auto issued = IssueSupervision(txn, std::move(*next), now);
  if (!issued) return Fail(issued.error());
  const std::string why = before == SupervisionState::kRejected ? "回复未通过审核" : "逾期未回复";
  auto notified = Notify(
      txn, *issued, "supervision_escalated",
      fmt::format("督办单 {} {}，升级为{}", s.number, why, SupervisionTierName(issued->tier)),
      fmt::format("{}的{}已升级为{}（督办单 {}），回复时限 {}。", Subject(s),
                  SupervisionTierName(s.tier), SupervisionTierName(issued->tier), issued->number,
                  FormatRfc3339(issued->due_at)),
      now, {platform});
  if (!notified) return Fail(notified.error());
  return issued;
}

Result<void> ReportTopTierLapse(WriteTxn& txn, Supervision& s, Instant now, UnitId platform) {
  s.lapsed_at = now;
  if (auto r = txn.UpdateSupervision(s); !r) return r;
  spdlog::warn("supervision lapsed at top tier number={} unit={}", s.number, s.unit_id);
  return Notify(txn, s, "supervision_lapsed",
                fmt::format("{}逾期未回复：督办单 {}", SupervisionTierName(s.tier), s.number),
                fmt::format("{}的{}已过回复时限 {}，已是最高督办层级，请跟进问责。", Subject(s),
                            SupervisionTierName(s.tier), FormatRfc3339(s.due_at)),
                now, {s.unit_id, platform});
}

}  // namespace hotline
