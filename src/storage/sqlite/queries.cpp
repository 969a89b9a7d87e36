#include "storage/sqlite/queries.h"

#include <fmt/format.h>

#include "storage/order_doc.h"
#include "storage/sqlite/stored_order.h"

namespace hotline::sqlite {
namespace {

constexpr std::string_view kUserColumns =
    "id, username, display_name, role, unit_id, active, password_hash";

Result<User> UserFromRow(const Stmt& s) {
  User u;
  u.id = s.Int(0);
  u.username = s.Text(1);
  u.display_name = s.Text(2);
  const std::string role = s.Text(3);
  auto parsed = ParseRole(role);
  if (!parsed) return Fail(CorruptDataError(fmt::format("用户 {} 的角色「{}」未知", u.id, role)));
  u.role = *parsed;
  u.unit_id = s.Int(4);
  u.active = s.Int(5) != 0;
  return u;
}

// Runs `stmt` and collects one value per row with `read`.
template <typename T, typename ReadFn>
Result<std::vector<T>> CollectRows(Stmt& stmt, ReadFn read) {
  std::vector<T> out;
  while (true) {
    auto row = stmt.Step();
    if (!row) return Fail(row.error());
    if (!*row) return out;
    Result<T> value = read(stmt);
    if (!value) return Fail(value.error());
    out.push_back(std::move(*value));
  }
}

// Reads at most one row with `read`.
template <typename T, typename ReadFn>
Result<std::optional<T>> OptionalRow(Stmt& stmt, ReadFn read) {
  auto row = stmt.Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<T>();
  Result<T> value = read(stmt);
  if (!value) return Fail(value.error());
  return std::optional<T>(std::move(*value));
}

}  // namespace

Result<std::optional<WorkOrder>> QueryOrder(Connection& db, OrderId id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM orders WHERE id = ?", OrderRowColumns());
  auto stmt = db.Prepare(sql);
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(id);
  return OptionalRow<WorkOrder>(*stmt, [](const Stmt& s) { return OrderFromRow(s, 0); });
}

Result<std::vector<Event>> QueryEvents(Connection& db, OrderId id) {
  auto stmt = db.Prepare(
      "SELECT seq, action, actor_id, actor_name, actor_role, unit_id, at, payload, state_after"
      " FROM order_events WHERE order_id = ? ORDER BY seq");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(id);
  return CollectRows<Event>(*stmt, [](const Stmt& s) { return EventFromStoredRow(s, 0); });
}

Result<void> VisitOrdersWithEvents(Connection& db, const std::vector<Action>& actions,
                                   const std::vector<Action>& if_assisted, Instant from, Instant to,
                                   const std::function<Result<void>(const WorkOrder&)>& visit) {
  if ((actions.empty() && if_assisted.empty()) || to <= from) return {};
  auto codes = [](const std::vector<Action>& list) {
    nlohmann::json out = nlohmann::json::array();
    for (Action a : list) out.push_back(std::string(ActionCode(a)));
    return DumpJson(out);
  };
  // Action lists are bound JSON arrays so the statement text (and its cached
  // prepared form) does not depend on their length; the IN subquery yields
  // each order once however many of its events match.
  static const std::string sql = fmt::format(
      "SELECT {} FROM orders WHERE id IN (SELECT e.order_id FROM order_events e"
      " WHERE e.at >= ? AND e.at < ? AND (e.action IN (SELECT value FROM json_each(?))"
      " OR (e.action IN (SELECT value FROM json_each(?)) AND EXISTS (SELECT 1 FROM order_units u"
      " WHERE u.order_id = e.order_id AND u.relation = 'assist')))) ORDER BY id",
      OrderRowColumns());
  auto stmt = db.Prepare(sql);
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(ToMillis(from), ToMillis(to), codes(actions), codes(if_assisted));
  while (true) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) return {};
    auto order = OrderFromRow(*stmt, 0);
    if (!order) return Fail(order.error());
    if (auto r = visit(*order); !r) return r;
  }
}

Result<std::int64_t> QueryOrderCount(Connection& db) {
  auto stmt = db.Prepare("SELECT COUNT(*) FROM orders");
  if (!stmt) return Fail(stmt.error());
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  return stmt->Int(0);
}

Result<std::vector<Unit>> QueryUnits(Connection& db) {
  auto stmt = db.Prepare("SELECT id, code, name, kind, parent_id FROM units ORDER BY id");
  if (!stmt) return Fail(stmt.error());
  return CollectRows<Unit>(*stmt, [](const Stmt& s) -> Result<Unit> {
    Unit u;
    u.id = s.Int(0);
    u.code = s.Text(1);
    u.name = s.Text(2);
    const std::string kind = s.Text(3);
    auto parsed = ParseUnitKind(kind);
    if (!parsed) return Fail(CorruptDataError(fmt::format("单位 {} 的类型「{}」未知", u.id, kind)));
    u.kind = *parsed;
    u.parent_id = s.OptInt(4);
    return u;
  });
}

Result<std::vector<User>> QueryUsers(Connection& db) {
  auto stmt = db.Prepare(fmt::format("SELECT {} FROM users ORDER BY id", kUserColumns));
  if (!stmt) return Fail(stmt.error());
  return CollectRows<User>(*stmt, UserFromRow);
}

Result<std::optional<User>> QueryUser(Connection& db, UserId id) {
  auto stmt = db.Prepare(fmt::format("SELECT {} FROM users WHERE id = ?", kUserColumns));
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(id);
  return OptionalRow<User>(*stmt, UserFromRow);
}

Result<std::optional<UserCredentials>> QueryUserByName(Connection& db, std::string_view username) {
  auto stmt = db.Prepare(fmt::format("SELECT {} FROM users WHERE username = ?", kUserColumns));
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(username);
  return OptionalRow<UserCredentials>(*stmt, [](const Stmt& s) -> Result<UserCredentials> {
    auto user = UserFromRow(s);
    if (!user) return Fail(user.error());
    return UserCredentials{std::move(*user), s.Text(6)};
  });
}

Result<std::vector<Category>> QueryCategories(Connection& db) {
  auto stmt = db.Prepare(
      "SELECT id, code, name, level, parent_id, default_unit_id FROM categories ORDER BY code");
  if (!stmt) return Fail(stmt.error());
  return CollectRows<Category>(*stmt, [](const Stmt& s) -> Result<Category> {
    return Category{s.Int(0),    s.Text(1),  s.Text(2), static_cast<int>(s.Int(3)),
                    s.OptInt(4), s.OptInt(5)};
  });
}

Result<std::optional<Session>> QuerySession(Connection& db, std::string_view token_hash) {
  auto stmt = db.Prepare(
      "SELECT token_hash, user_id, created_at, expires_at FROM sessions WHERE token_hash = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(token_hash);
  return OptionalRow<Session>(*stmt, [](const Stmt& s) -> Result<Session> {
    return Session{s.Text(0), s.Int(1), FromMillis(s.Int(2)), FromMillis(s.Int(3))};
  });
}

}  // namespace hotline::sqlite
