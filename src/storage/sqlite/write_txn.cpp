#include "storage/sqlite/write_txn.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "storage/order_doc.h"
#include "storage/packed_json.h"
#include "storage/sqlite/duplicate_queries.h"
#include "storage/sqlite/hotspot_queries.h"
#include "storage/sqlite/knowledge_queries.h"
#include "storage/sqlite/metric_queries.h"
#include "storage/sqlite/queries.h"
#include "storage/sqlite/reply_quality_queries.h"
#include "storage/sqlite/report_queries.h"
#include "storage/sqlite/scoring_queries.h"
#include "storage/sqlite/search_index.h"
#include "storage/sqlite/stored_order.h"
#include "storage/sqlite/supervision_queries.h"
#include "storage/sqlite/warning_queries.h"
#include "workorder/step_deadlines.h"

namespace hotline::sqlite {
namespace {

std::optional<std::int64_t> OptionalMillis(const std::optional<Instant>& t) {
  return t ? std::optional(ToMillis(*t)) : std::nullopt;
}

// When the scheduler must next look at the order (none once it is closed).
std::optional<std::int64_t> NextAlarmMillis(const WorkOrder& order) {
  auto next = NextAlarm(order);
  return next ? std::optional(ToMillis(*next)) : std::nullopt;
}

bool IsUniqueViolation(int rc) {
  return rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY;
}

// Runs an INSERT/UPDATE and maps constraint failures onto business errors:
// a UNIQUE/PRIMARY KEY violation becomes `on_duplicate(message)`, a foreign
// key violation `on_missing_reference`. Other failures pass through.
template <typename OnDuplicate>
Result<void> RunMapped(Stmt& stmt, OnDuplicate on_duplicate,
                       std::string_view on_missing_reference) {
  auto r = stmt.Run();
  if (r) return r;
  const int rc = stmt.last_error_code();
  if (IsUniqueViolation(rc)) return Fail(on_duplicate(r.error().message));
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    return Fail(ErrorKind::kBusinessRule, "unknown_reference", std::string(on_missing_reference));
  return r;
}

Error InvalidProjection(std::string_view what) {
  return Error{ErrorKind::kInternal, "invalid_projection",
               fmt::format("内部错误：工单投影与事件不一致（{}）", what), ""};
}

// An explicit id is kept (imports, fixtures); 0 lets SQLite choose.
std::optional<std::int64_t> IdOrAuto(std::int64_t id) {
  if (id > 0) return id;
  return std::nullopt;
}

}  // namespace

Result<std::optional<WorkOrder>> SqliteWriteTxn::LoadOrder(OrderId id) {
  return QueryOrder(db_, id);
}

Result<std::optional<PriorIntake>> SqliteWriteTxn::FindPriorIntake(
    const std::optional<std::string>& idempotency_key,
    const std::optional<std::string>& upstream_id) {
  auto lookup = [&](std::string_view sql,
                    const std::string& key) -> Result<std::optional<PriorIntake>> {
    auto stmt = db_.Prepare(sql);
    if (!stmt) return Fail(stmt.error());
    stmt->BindAll(key);
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) return std::optional<PriorIntake>();
    return PriorIntake{stmt->Int(0), stmt->Text(1)};
  };
  if (idempotency_key) {
    auto found =
        lookup("SELECT id, request_hash FROM orders WHERE idempotency_key = ?", *idempotency_key);
    if (!found || *found) return found;
  }
  if (upstream_id)
    return lookup("SELECT id, request_hash FROM orders WHERE upstream_id = ?", *upstream_id);
  return std::optional<PriorIntake>();
}

Result<std::string> SqliteWriteTxn::NextOrderNumber(std::string_view day_stamp) {
  auto stmt = db_.Prepare(
      "INSERT INTO order_counters(day, last) VALUES (?, 1)"
      " ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(day_stamp);
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorKind::kInternal, "storage_error", "数据库错误：未能取得工单编号");
  // Five digits per day; a day past 99999 simply grows a sixth digit.
  return fmt::format("{}{:05d}", day_stamp, stmt->Int(0));
}

Result<OrderId> SqliteWriteTxn::InsertOrder(const WorkOrder& order, const Event& intake,
                                            std::string_view request_hash) {
  if (intake.action != Action::kIntake || intake.seq != 1 || order.version != 1)
    return Fail(InvalidProjection("受理事件应为第 1 个事件，工单版本应为 1"));
  if (order.number.empty()) return Fail(InvalidProjection("工单缺少编号"));

  // The single writer makes max(id)+1 race-free, and knowing the id up front
  // lets the stored document carry it.
  auto next_id = db_.Prepare("SELECT COALESCE(MAX(id), 0) + 1 FROM orders");
  if (!next_id) return Fail(next_id.error());
  auto row = next_id->Step();
  if (!row) return Fail(row.error());
  const OrderId id = next_id->Int(0);

  auto doc = PackOrderDoc(order, id);
  if (!doc) return Fail(doc.error());
  const WorkListColumns lists = WorkListColumnsOf(order);
  auto insert = db_.Prepare(
      "INSERT INTO orders(id, number, state, version, channel, demand_type, category_id,"
      " street_unit_id, lead_unit_id, enterprise, reopen_count, urgency, created_at, updated_at,"
      " closed_at, title, content, address, caller_phone, idempotency_key, upstream_id,"
      " request_hash, doc, next_alarm_at, long_pending, dissatisfied_since, step_alarm,"
      " pending_kind, whistles) VALUES "
      "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!insert) return Fail(insert.error());
  insert->BindAll(
      id, order.number, StateCode(order.state), order.version, ChannelCode(order.channel),
      DemandTypeCode(order.demand_type), order.category_id, order.street_unit_id,
      order.lead_unit_id, order.enterprise, order.reopen_count, UrgencyCode(order.urgency),
      ToMillis(order.created_at), ToMillis(order.updated_at),
      order.closed_at ? std::optional(ToMillis(*order.closed_at)) : std::nullopt, order.title,
      order.content, order.address, order.caller_phone, order.idempotency_key, order.upstream_id,
      request_hash, BlobValue{*doc}, NextAlarmMillis(order), order.long_pending,
      OptionalMillis(order.dissatisfied_since), lists.step_alarm, lists.pending_kind,
      lists.whistles);
  auto inserted = RunMapped(
      *insert,
      [&](const std::string& message) {
        if (message.find("orders.number") != std::string::npos)
          return Error{ErrorKind::kConflict, "duplicate_number",
                       fmt::format("工单编号 {} 已存在", order.number), "number"};
        const bool upstream = message.find("orders.upstream_id") != std::string::npos;
        return Error{ErrorKind::kConflict, "duplicate_intake",
                     upstream ? "相同上游编号的工单已存在" : "相同幂等键的工单已存在",
                     upstream ? "upstream_id" : "idempotency_key"};
      },
      "引用的记录不存在");
  if (!inserted) return Fail(inserted.error());
  if (auto r = IndexOrderTexts(db_, id, {order.title, order.content, order.address}); !r)
    return Fail(r.error());
  if (auto r = InsertEvent(id, intake); !r) return Fail(r.error());
  if (auto r = ReplaceOrderUnits(id, order); !r) return Fail(r.error());
  return id;
}

Result<void> SqliteWriteTxn::AppendEvent(const WorkOrder& order, const Event& event) {
  if (order.version != event.seq || event.seq < 2)
    return Fail(
        InvalidProjection(fmt::format("事件序号 {}，工单版本 {}", event.seq, order.version)));
  // The texts as indexed now: most actions leave them alone, and then the
  // full-text index needs no write.
  std::optional<std::array<std::string, 3>> indexed;
  {
    auto old = db_.Prepare("SELECT title, content, address FROM orders WHERE id = ?");
    if (!old) return Fail(old.error());
    auto row = old->BindAll(order.id).Step();
    if (!row) return Fail(row.error());
    if (*row) indexed = std::array<std::string, 3>{old->Text(0), old->Text(1), old->Text(2)};
  }
  auto doc = PackOrderDoc(order, order.id);
  if (!doc) return Fail(doc.error());
  const WorkListColumns lists = WorkListColumnsOf(order);
  auto update = db_.Prepare(
      "UPDATE orders SET state = ?, version = ?, channel = ?, demand_type = ?, category_id = ?,"
      " street_unit_id = ?, lead_unit_id = ?, enterprise = ?, reopen_count = ?, urgency = ?,"
      " updated_at = ?, closed_at = ?, title = ?, content = ?, address = ?, caller_phone = ?,"
      " doc = ?, next_alarm_at = ?, long_pending = ?, dissatisfied_since = ?, step_alarm = ?,"
      " pending_kind = ?, whistles = ? WHERE id = ? AND version = ?");
  if (!update) return Fail(update.error());
  update->BindAll(StateCode(order.state), order.version, ChannelCode(order.channel),
                  DemandTypeCode(order.demand_type), order.category_id, order.street_unit_id,
                  order.lead_unit_id, order.enterprise, order.reopen_count,
                  UrgencyCode(order.urgency), ToMillis(order.updated_at),
                  order.closed_at ? std::optional(ToMillis(*order.closed_at)) : std::nullopt,
                  order.title, order.content, order.address, order.caller_phone, BlobValue{*doc},
                  NextAlarmMillis(order), order.long_pending,
                  OptionalMillis(order.dissatisfied_since), lists.step_alarm, lists.pending_kind,
                  lists.whistles, order.id, event.seq - 1);
  if (auto r = update->Run(); !r) return r;
  if (db_.Changes() == 0) {
    // Either the order is unknown or someone else moved it on first.
    auto current = db_.Prepare("SELECT version FROM orders WHERE id = ?");
    if (!current) return Fail(current.error());
    current->BindAll(order.id);
    auto row = current->Step();
    if (!row) return Fail(row.error());
    if (!*row)
      return Fail(ErrorKind::kNotFound, "order_not_found", fmt::format("工单 {} 不存在", order.id));
    return Fail(ErrorKind::kConflict, "version_conflict",
                fmt::format("工单已被他人更新（当前版本 {}），请刷新后重试", current->Int(0)),
                "version");
  }
  const OrderTexts now{order.title, order.content, order.address};
  if (indexed) {
    const OrderTexts before{(*indexed)[0], (*indexed)[1], (*indexed)[2]};
    if (before != now) {
      if (auto r = UnindexOrderTexts(db_, order.id, before); !r) return r;
      if (auto r = IndexOrderTexts(db_, order.id, now); !r) return r;
    }
  }
  if (auto r = InsertEvent(order.id, event); !r) return r;
  return ReplaceOrderUnits(order.id, order);
}

Result<void> SqliteWriteTxn::InsertEvent(OrderId id, const Event& event) {
  const EventRow row = EventToRow(event);
  auto payload = PackJson(row.payload);
  if (!payload) return Fail(payload.error());
  auto stmt = db_.Prepare(
      "INSERT INTO order_events(order_id, seq, action, actor_id, actor_name, actor_role,"
      " unit_id, at, payload, state_after) VALUES (?,?,?,?,?,?,?,?,?,?)");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(id, row.seq, row.action, row.actor_id, row.actor_name, row.actor_role, row.unit_id,
                row.at_ms, BlobValue{*payload}, row.state_after);
  return RunMapped(
      *stmt,
      [&](const std::string&) {
        return Error{ErrorKind::kConflict, "version_conflict",
                     fmt::format("工单 {} 的第 {} 个事件已存在，请刷新后重试", id, row.seq),
                     "version"};
      },
      "工单不存在");
}

Result<void> SqliteWriteTxn::ReplaceOrderUnits(OrderId id, const WorkOrder& order) {
  auto clear = db_.Prepare("DELETE FROM order_units WHERE order_id = ?");
  if (!clear) return Fail(clear.error());
  if (auto r = clear->BindAll(id).Run(); !r) return r;
  auto insert = db_.Prepare(
      "INSERT OR IGNORE INTO order_units(order_id, unit_id, relation) VALUES (?, ?, ?)");
  if (!insert) return Fail(insert.error());
  if (order.lead_unit_id) {
    if (auto r = insert->BindAll(id, *order.lead_unit_id, "lead").Run(); !r) return r;
  }
  for (UnitId unit : order.assist_unit_ids) {
    // Run() leaves the statement ready for the next execution.
    if (auto r = insert->BindAll(id, unit, "assist").Run(); !r) return r;
  }
  // Other participants only widen data scopes; a unit that already leads or
  // assists needs no second row.
  for (UnitId unit : order.collab.ParticipantUnits()) {
    if (unit == order.lead_unit_id ||
        std::ranges::find(order.assist_unit_ids, unit) != order.assist_unit_ids.end())
      continue;
    if (auto r = insert->BindAll(id, unit, "collab").Run(); !r) return r;
  }
  return {};
}

Result<UnitId> SqliteWriteTxn::InsertUnit(const Unit& unit) {
  auto stmt = db_.Prepare("INSERT INTO units(id, code, name, kind, parent_id) VALUES (?,?,?,?,?)");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(IdOrAuto(unit.id), unit.code, unit.name, UnitKindCode(unit.kind), unit.parent_id);
  auto r = RunMapped(
      *stmt,
      [&](const std::string& message) {
        if (message.find("units.code") != std::string::npos)
          return Error{ErrorKind::kBusinessRule, "duplicate_code",
                       fmt::format("单位编码「{}」已存在", unit.code), "code"};
        return Error{ErrorKind::kBusinessRule, "duplicate_id",
                     fmt::format("单位 ID {} 已存在", unit.id), "id"};
      },
      "上级单位不存在");
  if (!r) return Fail(r.error());
  return sqlite3_last_insert_rowid(db_.handle());
}

Result<UserId> SqliteWriteTxn::InsertUser(const User& user, std::string_view password_hash) {
  auto stmt = db_.Prepare(
      "INSERT INTO users(id, username, display_name, role, unit_id, password_hash, active)"
      " VALUES (?,?,?,?,?,?,?)");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(IdOrAuto(user.id), user.username, user.display_name, RoleCode(user.role),
                user.unit_id, password_hash, user.active);
  auto r = RunMapped(
      *stmt,
      [&](const std::string& message) {
        if (message.find("users.username") != std::string::npos)
          return Error{ErrorKind::kBusinessRule, "username_taken",
                       fmt::format("用户名「{}」已被使用", user.username), "username"};
        return Error{ErrorKind::kBusinessRule, "duplicate_id",
                     fmt::format("用户 ID {} 已存在", user.id), "id"};
      },
      "所属单位不存在");
  if (!r) return Fail(r.error());
  return sqlite3_last_insert_rowid(db_.handle());
}

Result<void> SqliteWriteTxn::SetPassword(UserId id, std::string_view password_hash) {
  auto stmt = db_.Prepare("UPDATE users SET password_hash = ? WHERE id = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(password_hash, id);
  if (auto r = stmt->Run(); !r) return r;
  if (db_.Changes() == 0)
    return Fail(ErrorKind::kNotFound, "user_not_found", fmt::format("用户 {} 不存在", id));
  return {};
}

Result<CategoryId> SqliteWriteTxn::InsertCategory(const Category& category) {
  auto stmt = db_.Prepare(
      "INSERT INTO categories(id, code, name, level, parent_id, default_unit_id)"
      " VALUES (?,?,?,?,?,?)");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(IdOrAuto(category.id), category.code, category.name, category.level,
                category.parent_id, category.default_unit_id);
  auto r = RunMapped(
      *stmt,
      [&](const std::string& message) {
        if (message.find("categories.code") != std::string::npos)
          return Error{ErrorKind::kBusinessRule, "duplicate_code",
                       fmt::format("分类编码「{}」已存在", category.code), "code"};
        return Error{ErrorKind::kBusinessRule, "duplicate_id",
                     fmt::format("分类 ID {} 已存在", category.id), "id"};
      },
      "上级分类或默认承办单位不存在");
  if (!r) return Fail(r.error());
  return sqlite3_last_insert_rowid(db_.handle());
}

Result<void> SqliteWriteTxn::InsertSession(const Session& session) {
  auto stmt = db_.Prepare(
      "INSERT INTO sessions(token_hash, user_id, created_at, expires_at) VALUES (?,?,?,?)");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(session.token_hash, session.user_id, ToMillis(session.created_at),
                ToMillis(session.expires_at));
  return RunMapped(
      *stmt,
      [](const std::string&) {
        return Error{ErrorKind::kConflict, "duplicate_session", "会话已存在", ""};
      },
      "用户不存在");
}

Result<std::int64_t> SqliteWriteTxn::InsertNotification(const Notification& n) {
  auto stmt = db_.Prepare(
      "INSERT INTO notifications(unit_id, kind, order_id, order_number, title, body, created_at)"
      " VALUES (?,?,?,?,?,?,?)");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(n.unit_id, n.kind, n.order_id, n.order_number, n.title, n.body,
                ToMillis(n.created_at));
  if (auto r = stmt->Run(); !r) return Fail(r.error());
  return sqlite3_last_insert_rowid(db_.handle());
}

Result<void> SqliteWriteTxn::MarkNotificationRead(std::int64_t id,
                                                  const std::vector<UnitId>& unit_ids, Instant at) {
  auto find = db_.Prepare("SELECT unit_id FROM notifications WHERE id = ?");
  if (!find) return Fail(find.error());
  auto row = find->Bind(1, id).Step();
  if (!row) return Fail(row.error());
  const bool visible =
      *row && std::find(unit_ids.begin(), unit_ids.end(), find->Int(0)) != unit_ids.end();
  if (!visible) return Fail(ErrorKind::kNotFound, "not_found", "通知不存在或不属于本单位");
  auto update =
      db_.Prepare("UPDATE notifications SET read_at = ? WHERE id = ? AND read_at IS NULL");
  if (!update) return Fail(update.error());
  update->BindAll(ToMillis(at), id);
  return update->Run();
}

Result<bool> SqliteWriteTxn::AcquireLease(std::string_view name, std::string_view holder,
                                          Instant now, Instant until) {
  auto stmt = db_.Prepare(
      "INSERT INTO scheduler_leases(name, holder, expires_at) VALUES (?,?,?)"
      " ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at"
      " WHERE scheduler_leases.holder = excluded.holder OR scheduler_leases.expires_at <= ?");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(name, holder, ToMillis(until), ToMillis(now));
  if (auto r = stmt->Run(); !r) return Fail(r.error());
  return sqlite3_changes(db_.handle()) > 0;
}

Result<void> SqliteWriteTxn::ReleaseLease(std::string_view name, std::string_view holder) {
  auto stmt = db_.Prepare("DELETE FROM scheduler_leases WHERE name = ? AND holder = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(name, holder);
  return stmt->Run();
}

Result<std::int64_t> SqliteWriteTxn::InsertCalendar(std::string_view body, Instant at,
                                                    std::optional<UserId> by) {
  auto stmt = db_.Prepare("INSERT INTO calendars(body, created_at, created_by) VALUES (?,?,?)");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(body, ToMillis(at), by);
  if (auto r = stmt->Run(); !r) return Fail(r.error());
  return sqlite3_last_insert_rowid(db_.handle());
}

Result<std::int64_t> SqliteWriteTxn::InsertSlaPolicy(std::string_view body, Instant at,
                                                     std::optional<UserId> by) {
  auto stmt = db_.Prepare("INSERT INTO sla_policies(body, created_at, created_by) VALUES (?,?,?)");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(body, ToMillis(at), by);
  if (auto r = stmt->Run(); !r) return Fail(r.error());
  return sqlite3_last_insert_rowid(db_.handle());
}

Result<std::int64_t> SqliteWriteTxn::InsertScoringRules(std::string_view body, Instant at,
                                                        std::optional<UserId> by) {
  return InsertScoringRulesIn(db_, body, at, by);
}

Result<void> SqliteWriteTxn::AddMetricFacts(const std::vector<MetricFact>& facts) {
  return AddMetricFactsIn(db_, facts);
}

Result<void> SqliteWriteTxn::ResetMetrics() {
  if (auto r = db_.Exec("DELETE FROM metric_daily"); !r) return r;
  return SetMetricFactsVersionIn(db_, 0);
}

Result<void> SqliteWriteTxn::SetMetricFactsVersion(int version) {
  return SetMetricFactsVersionIn(db_, version);
}

Result<int> SqliteWriteTxn::MetricFactsVersion() { return MetricFactsVersionIn(db_); }

Result<std::int64_t> SqliteWriteTxn::InsertReport(const StoredReport& report) {
  return InsertReportIn(db_, report);
}

Result<bool> SqliteWriteTxn::HasReport(std::string_view kind, std::string_view from,
                                       std::string_view to) {
  return HasReportIn(db_, kind, from, to);
}

Result<std::string> SqliteWriteTxn::NextSupervisionNumber(std::string_view day_stamp) {
  return NextSupervisionNumberIn(db_, day_stamp);
}

Result<SupervisionId> SqliteWriteTxn::InsertSupervision(const Supervision& supervision) {
  return InsertSupervisionIn(db_, supervision);
}

Result<void> SqliteWriteTxn::UpdateSupervision(const Supervision& supervision) {
  return UpdateSupervisionIn(db_, supervision);
}

Result<std::optional<Supervision>> SqliteWriteTxn::LoadSupervision(SupervisionId id) {
  return QuerySupervision(db_, id);
}

Result<std::string> SqliteWriteTxn::NextWarningNumber(std::string_view day_stamp) {
  return NextWarningNumberIn(db_, day_stamp);
}

Result<WarningLetterId> SqliteWriteTxn::InsertWarningLetter(const WarningLetter& letter) {
  return InsertWarningLetterIn(db_, letter);
}

Result<void> SqliteWriteTxn::UpdateWarningLetter(const WarningLetter& letter) {
  return UpdateWarningLetterIn(db_, letter);
}

Result<std::optional<WarningLetter>> SqliteWriteTxn::LoadWarningLetter(WarningLetterId id) {
  return QueryWarningLetter(db_, id);
}

Result<bool> SqliteWriteTxn::HasOpenSupervision(OrderId order_id, std::string_view reason) {
  return HasOpenSupervisionIn(db_, order_id, reason);
}

Result<void> SqliteWriteTxn::DeleteSession(std::string_view token_hash) {
  auto stmt = db_.Prepare("DELETE FROM sessions WHERE token_hash = ?");
  if (!stmt) return Fail(stmt.error());
  return stmt->BindAll(token_hash).Run();
}

Result<void> SqliteWriteTxn::DeleteUserSessions(UserId id) {
  auto stmt = db_.Prepare("DELETE FROM sessions WHERE user_id = ?");
  if (!stmt) return Fail(stmt.error());
  return stmt->BindAll(id).Run();
}

// --- Knowledge base (知识库) ---

Result<std::optional<KnowledgeArticle>> SqliteWriteTxn::LoadArticle(ArticleId id) {
  return QueryArticle(db_, id);
}

Result<ArticleId> SqliteWriteTxn::InsertArticle(const KnowledgeArticle& article) {
  return InsertArticleRow(db_, article);
}

Result<void> SqliteWriteTxn::UpdateArticle(const KnowledgeArticle& article) {
  return UpdateArticleRow(db_, article);
}

Result<void> SqliteWriteTxn::DeleteArticle(ArticleId id) { return DeleteArticleRow(db_, id); }

// --- Duplicates and repeats at intake ---
Result<void> SqliteWriteTxn::SaveDuplicateEntry(const DuplicateEntry& entry) {
  return SaveDuplicateEntryIn(db_, entry);
}

// --- Reply quality (答复质检) ---

Result<void> SqliteWriteTxn::InsertReplySignature(OrderId order_id, std::int64_t seq, Instant at,
                                                  const MinHashSignature& signature) {
  return InsertReplySignatureIn(db_, order_id, seq, at, signature);
}

Result<std::vector<StoredReplySignature>> SqliteWriteTxn::ListReplySignatures(
    std::int64_t after_row, Instant since, int limit) {
  return QueryReplySignatures(db_, after_row, since, limit);
}

// --- Governance topics (docs/hotspots.md) ---
Result<TopicId> SqliteWriteTxn::InsertTopic(const GovernanceTopic& topic) {
  return InsertTopicIn(db_, topic);
}
Result<void> SqliteWriteTxn::UpdateTopic(const GovernanceTopic& topic) {
  return UpdateTopicIn(db_, topic);
}
Result<std::optional<GovernanceTopic>> SqliteWriteTxn::LoadTopic(TopicId id) {
  return QueryTopic(db_, id);
}

}  // namespace hotline::sqlite
