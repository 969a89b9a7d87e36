#include "service/order_service.h"

#include <fmt/format.h>

#include "common/time_format.h"
#include "service/event_recorder.h"
#include "service/supervision_ops.h"

namespace hotline {
namespace {

using nlohmann::json;

bool IndexedFieldsChanged(const WorkOrder& a, const WorkOrder& b) {
  return a.title != b.title || a.content != b.content || a.address != b.address ||
         a.caller_phone != b.caller_phone || a.community_unit_id != b.community_unit_id ||
         a.category_id != b.category_id;
}

Error NotFound(OrderId id) {
  return Error{ErrorKind::kNotFound, "not_found",
               fmt::format("工单 {} 不存在或不在本单位范围内", id), ""};
}

}  // namespace

Result<IntakeOutcome> OrderService::Intake(const Actor& actor, const IntakeCommand& cmd,
                                           std::string_view request_hash) {
  const auto units = directory_.Units();
  const auto categories = directory_.Categories();
  const auto sla = directory_.Sla();
  DecisionContext ctx{*units, *categories, rules_, clock_.Now(), &directory_.Calendar(), sla.get()};
  auto event = DecideIntake(actor, cmd, ctx);
  if (!event) return Fail(event.error());

  // 重复来电 / 群体诉求 are judged against the orders before this one and
  // kept in the intake event, so the order shows them for good.
  SimilarProbe probe{cmd.title,       cmd.content,           cmd.address,  cmd.caller_phone,
                     cmd.category_id, cmd.community_unit_id, std::nullopt, event->at};
  json flags = json::array();
  for (const IntakeWarning& w : duplicates_.Warnings(probe)) flags.push_back(w.code);
  if (!flags.empty()) event->payload["intake_flags"] = std::move(flags);

  IntakeOutcome outcome;
  auto written = store_.Write([&](WriteTxn& txn) -> Result<void> {
    if (cmd.idempotency_key || cmd.upstream_id) {
      auto prior = txn.FindPriorIntake(cmd.idempotency_key, cmd.upstream_id);
      if (!prior) return Fail(prior.error());
      if (*prior) {
        if ((*prior)->request_hash != request_hash)
          return Fail(ErrorKind::kBusinessRule, "idempotency_key_reused",
                      "该幂等键（或上游编号）已用于内容不同的另一次登记",
                      cmd.idempotency_key ? "idempotency_key" : "upstream_id");
        auto existing = txn.LoadOrder((*prior)->order_id);
        if (!existing) return Fail(existing.error());
        if (!*existing) return Fail(NotFound((*prior)->order_id));
        outcome.order = std::move(**existing);
        outcome.replayed = true;
        return {};
      }
    }
    auto number = txn.NextOrderNumber(ChinaDayStamp(event->at));
    if (!number) return Fail(number.error());
    Event intake = *event;
    intake.payload["number"] = *number;
    WorkOrder order;
    Apply(order, intake);
    auto id = txn.InsertOrder(order, intake, request_hash);
    if (!id) return Fail(id.error());
    order.id = *id;
    if (auto r = txn.SaveDuplicateEntry(DuplicateEntryOf(order)); !r) return r;
    if (auto r = RecordIntakeFacts(txn, order, intake); !r) return r;
    outcome.order = std::move(order);
    return {};
  });
  if (!written) return Fail(written.error());
  if (!outcome.replayed) duplicates_.Remember(DuplicateEntryOf(outcome.order));
  return outcome;
}

Result<WorkOrder> OrderService::Act(const Actor& actor, OrderId id, Action action,
                                    const Command& cmd,
                                    std::optional<std::int64_t> expected_version) {
  const auto units = directory_.Units();
  const auto categories = directory_.Categories();
  const auto sla = directory_.Sla();
  WorkOrder result;
  std::optional<DuplicateEntry> reindexed;
  auto written = store_.Write([&](WriteTxn& txn) -> Result<void> {
    reindexed.reset();  // a retried transaction starts over
    auto loaded = txn.LoadOrder(id);
    if (!loaded) return Fail(loaded.error());
    if (!*loaded || !CanSee(**loaded, actor, *units)) return Fail(NotFound(id));
    WorkOrder order = std::move(**loaded);
    if (expected_version && *expected_version != order.version)
      return Fail(ErrorKind::kConflict, "version_conflict",
                  fmt::format("工单已被他人更新（当前版本 {}，提交版本 {}），请刷新后重试",
                              order.version, *expected_version),
                  "version");
    // The clock is read inside the transaction so event times follow commit order.
    DecisionContext ctx{*units,   *categories, rules_, clock_.Now(), &directory_.Calendar(),
                        sla.get()};
    if (action == Action::kMerge) {
      const auto* merge = std::get_if<MergeCommand>(&cmd);
      if (merge == nullptr)
        return Fail(ErrorKind::kInternal, "command_mismatch", "内部错误：并单参数类型不符");
      if (merge->into_id == order.id)
        return Fail(ErrorKind::kBusinessRule, "merge_into_self", "不能将工单并入自身", "into_id");
      auto target = txn.LoadOrder(merge->into_id);
      if (!target) return Fail(target.error());
      if (!*target)
        return Fail(ErrorKind::kBusinessRule, "unknown_order",
                    fmt::format("目标工单 {} 不存在", merge->into_id), "into_id");
      auto events = DecideMerge(order, **target, actor, *merge, ctx);
      if (!events) return Fail(events.error());
      WorkOrder master = std::move(**target);
      if (auto r = RecordEvent(txn, order, events->first); !r) return r;
      if (auto r = RecordEvent(txn, master, events->second); !r) return r;
      // A master already past its review passes its outcome on at once.
      if (auto r = PassOutcomeToMerged(txn, master, actor, ctx); !r) return r;
      auto reloaded = txn.LoadOrder(order.id);
      if (!reloaded) return Fail(reloaded.error());
      result = reloaded->value_or(std::move(order));
      return {};
    }
    auto event = Decide(order, actor, action, cmd, ctx);
    if (!event) return Fail(event.error());
    // 答复质检: an empty or copied script is refused or flagged before it counts.
    std::optional<MinHashSignature> reply_signature;
    if (const auto* reply = std::get_if<ReplyCommand>(&cmd); reply && action == Action::kReply) {
      auto gated = GateReply(txn, reply_corpus_, reply_quality_, order, *reply, *event);
      if (!gated) return Fail(gated.error());
      reply_signature = *gated;
    }
    const std::optional<UnitId> failed_unit = order.lead_unit_id;
    const State state_before = order.state;
    const WorkOrder indexed_before = order;
    if (auto r = RecordEvent(txn, order, *event); !r) return r;
    // A changed text, place, caller or category changes the duplicate index row.
    if (IndexedFieldsChanged(indexed_before, order)) {
      reindexed = DuplicateEntryOf(order);
      if (auto r = txn.SaveDuplicateEntry(*reindexed); !r) return r;
    }
    if (reply_signature)
      if (auto r = txn.InsertReplySignature(order.id, event->seq, event->at, *reply_signature); !r)
        return r;
    // 屡办不成 escalates by itself: the unit that failed again is supervised.
    if (action == Action::kReopen && order.reopen_count >= rules_.repeat_threshold && failed_unit) {
      auto issued =
          SuperviseFlaggedOrder(txn, order, *failed_unit, "repeatedly_failed",
                                fmt::format("已重办 {} 次仍未解决（屡办不成）", order.reopen_count),
                                ctx.now, directory_.Calendar());
      if (!issued) return Fail(issued.error());
    }
    // Merged orders follow their master only when it reaches an outcome.
    if (!order.merged_ids.empty() && order.state != state_before)
      if (auto r = PassOutcomeToMerged(txn, order, actor, ctx); !r) return r;
    result = std::move(order);
    return {};
  });
  if (!written) return Fail(written.error());
  if (reindexed) duplicates_.Remember(*reindexed);
  return result;
}

Result<void> OrderService::PassOutcomeToMerged(WriteTxn& txn, const WorkOrder& master,
                                               const Actor& actor, const DecisionContext& ctx) {
  for (OrderId id : master.merged_ids) {
    auto loaded = txn.LoadOrder(id);
    if (!loaded) return Fail(loaded.error());
    if (!*loaded) continue;
    WorkOrder merged = std::move(**loaded);
    auto event = DecideMasterOutcome(merged, master, actor, ctx);
    if (!event) continue;
    if (auto r = RecordEvent(txn, merged, *event); !r) return r;
  }
  return {};
}

Result<SimilarResult> OrderService::SuggestDuplicates(const Actor& actor, OrderId id) {
  auto view = Get(actor, id);
  if (!view) return Fail(view.error());
  const WorkOrder& order = view->order();
  SimilarProbe probe{order.title,       order.content,           order.address, order.caller_phone,
                     order.category_id, order.community_unit_id, order.id,      order.created_at};
  return duplicates_.Find(actor, probe, 50);
}

Result<SimilarResult> OrderService::FindSimilar(const Actor& actor, const SimilarProbe& probe,
                                                int limit) {
  if (actor.role != Role::kAgent && actor.role != Role::kDispatcher)
    return Fail(ErrorKind::kForbidden, "role_not_allowed", "仅话务员和派单员可查询相似工单");
  return duplicates_.Find(actor, probe, limit);
}

Result<OrderView> OrderService::Get(const Actor& actor, OrderId id) {
  auto version = store_.GetOrderVersion(id);
  if (!version) return Fail(version.error());
  if (!*version) return Fail(NotFound(id));
  std::shared_ptr<const OrderRecord> record = records_.Find(id, **version);
  if (!record) {
    auto loaded = store_.GetOrderRecord(id);
    if (!loaded) return Fail(loaded.error());
    if (!*loaded) return Fail(NotFound(id));
    record = std::make_shared<const OrderRecord>(std::move(**loaded));
    records_.Put(id, record->order.version, record);
  }
  const auto units = directory_.Units();
  if (!CanSee(record->order, actor, *units)) return Fail(NotFound(id));
  OrderView view{record, Allowed(actor, record->order)};
  return view;
}

Result<OrderPage> OrderService::List(const Actor& actor, const OrderQuery& query) {
  OrderFilter filter = query.filter;
  const auto units = directory_.Units();
  if (IsUnitRole(actor.role)) filter.scope_unit_ids = units->Subtree(actor.unit_id);
  if (query.unit_id) filter.unit_ids = units->Subtree(*query.unit_id);
  if (query.category_id) {
    // The category itself and every descendant, so a level-1 filter finds leaf orders.
    const auto categories = directory_.Categories();
    std::vector<CategoryId> ids{*query.category_id};
    for (std::size_t i = 0; i < ids.size(); ++i)
      for (const Category& c : categories->All())
        if (c.parent_id == ids[i]) ids.push_back(c.id);
    filter.category_ids = std::move(ids);
  }
  for (const std::string& flag : query.flags) {
    if (flag == "enterprise") filter.enterprise = true;
    if (flag == "repeatedly_failed") filter.min_reopen_count = rules_.repeat_threshold;
    if (flag == "long_pending") filter.long_pending = true;
    if (flag == "dissatisfied") filter.dissatisfied = true;
    if (flag == "due_soon") filter.step_due_soon = true;
    if (flag == "overdue") filter.step_overdue = true;
    if (flag == "assisting") filter.assisting = true;
    if (flag == "whistle") filter.has_whistle = true;
  }
  return store_.ListOrders(filter);
}

std::vector<Action> OrderService::Allowed(const Actor& actor, const WorkOrder& order) {
  const auto units = directory_.Units();
  const auto categories = directory_.Categories();
  const auto sla = directory_.Sla();
  DecisionContext ctx{*units, *categories, rules_, clock_.Now(), &directory_.Calendar(), sla.get()};
  return AllowedActions(order, actor, ctx);
}

}  // namespace hotline
