#include "storage/sqlite/hotspot_queries.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "storage/order_doc.h"

namespace hotline::sqlite {
namespace {

// China days: UTC+08:00 without daylight saving, so a fixed shift.
constexpr std::string_view kChinaDay = "((created_at + 28800000) / 86400000)";

constexpr std::string_view kTopicColumns =
    "id, title, description, category_id, street_unit_id, address_keyword, owner_unit_ids,"
    " measures, start_date, end_date, status, created_by, created_at, updated_at";

template <typename T>
std::vector<T> JsonList(const std::string& text) {
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  std::vector<T> out;
  if (!parsed.is_array()) return out;
  for (const auto& v : parsed)
    if (v.is_primitive()) {
      try {
        out.push_back(v.get<T>());
      } catch (const nlohmann::json::exception&) {
      }
    }
  return out;
}

GovernanceTopic TopicFromRow(const Stmt& stmt) {
  GovernanceTopic t;
  t.id = stmt.Int(0);
  t.title = stmt.Text(1);
  t.description = stmt.Text(2);
  t.category_id = stmt.Int(3);
  t.street_unit_id = stmt.OptInt(4);
  t.address_keyword = stmt.Text(5);
  t.owner_unit_ids = JsonList<std::int64_t>(stmt.Text(6));
  t.measures = JsonList<std::string>(stmt.Text(7));
  t.start_date = stmt.Text(8);
  t.end_date = stmt.Text(9);
  t.status = ParseTopicStatus(stmt.Text(10)).value_or(TopicStatus::kProposed);
  t.created_by = stmt.Int(11);
  t.created_at = FromMillis(stmt.Int(12));
  t.updated_at = FromMillis(stmt.Int(13));
  return t;
}

// LIKE with the keyword's own % and _ taken literally.
std::string LikePattern(std::string_view keyword) {
  std::string out = "%";
  for (char c : keyword) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

}  // namespace

Result<std::vector<CellDayCount>> QueryCategoryStreetDayCounts(Connection& db, Instant from,
                                                               Instant to) {
  auto stmt = db.Prepare(fmt::format(
      "SELECT category_id, street_unit_id, {0} AS day, COUNT(*) FROM orders"
      " WHERE created_at >= ? AND created_at < ? GROUP BY category_id, street_unit_id, day",
      kChinaDay));
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(ToMillis(from), ToMillis(to));
  std::vector<CellDayCount> out;
  while (true) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back({stmt->Int(0), stmt->OptInt(1), stmt->Int(2), stmt->Int(3)});
  }
  return out;
}

Result<std::vector<OrderText>> QueryOrderTexts(Connection& db, Instant from, Instant to,
                                               int limit) {
  auto stmt = db.Prepare(
      "SELECT id, created_at, title, content, category_id, street_unit_id, lead_unit_id"
      " FROM orders WHERE created_at >= ? AND created_at < ?"
      " ORDER BY created_at DESC, id DESC LIMIT ?");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(ToMillis(from), ToMillis(to), limit);
  std::vector<OrderText> out;
  while (true) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back({stmt->Int(0), FromMillis(stmt->Int(1)), stmt->Text(2), stmt->Text(3),
                   stmt->Int(4), stmt->OptInt(5), stmt->OptInt(6)});
  }
  std::reverse(out.begin(), out.end());
  return out;
}

Result<std::vector<DayNumber>> QueryMatchingOrderDays(Connection& db, const TopicOrderMatch& match,
                                                      Instant from, Instant to) {
  std::vector<DayNumber> out;
  if (match.category_ids.empty()) return out;
  std::string sql = fmt::format(
      "SELECT {} FROM orders WHERE created_at >= ? AND created_at < ? AND category_id IN (",
      kChinaDay);
  for (std::size_t i = 0; i < match.category_ids.size(); ++i) sql += i ? ",?" : "?";
  sql += ")";
  if (match.street_unit_id) sql += " AND street_unit_id = ?";
  if (!match.address_keyword.empty()) sql += " AND address LIKE ? ESCAPE '\\'";
  sql += " ORDER BY created_at";
  auto stmt = db.Prepare(sql);
  if (!stmt) return Fail(stmt.error());
  int index = 1;
  stmt->Bind(index++, ToMillis(from));
  stmt->Bind(index++, ToMillis(to));
  for (CategoryId c : match.category_ids) stmt->Bind(index++, c);
  if (match.street_unit_id) stmt->Bind(index++, *match.street_unit_id);
  if (!match.address_keyword.empty()) stmt->Bind(index++, LikePattern(match.address_keyword));
  while (true) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(stmt->Int(0));
  }
  return out;
}

Result<std::optional<GovernanceTopic>> QueryTopic(Connection& db, TopicId id) {
  auto stmt =
      db.Prepare(fmt::format("SELECT {} FROM governance_topics WHERE id = ?", kTopicColumns));
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(id);
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::nullopt;
  return std::optional(TopicFromRow(*stmt));
}

Result<std::vector<GovernanceTopic>> QueryTopics(Connection& db) {
  auto stmt =
      db.Prepare(fmt::format("SELECT {} FROM governance_topics ORDER BY id DESC", kTopicColumns));
  if (!stmt) return Fail(stmt.error());
  std::vector<GovernanceTopic> out;
  while (true) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(TopicFromRow(*stmt));
  }
  return out;
}

Result<TopicId> InsertTopicIn(Connection& db, const GovernanceTopic& t) {
  auto stmt = db.Prepare(
      "INSERT INTO governance_topics(title, description, category_id, street_unit_id,"
      " address_keyword, owner_unit_ids, measures, start_date, end_date, status, created_by,"
      " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(t.title, t.description, t.category_id, t.street_unit_id, t.address_keyword,
                nlohmann::json(t.owner_unit_ids).dump(), nlohmann::json(t.measures).dump(),
                t.start_date, t.end_date, TopicStatusCode(t.status), t.created_by,
                ToMillis(t.created_at), ToMillis(t.updated_at));
  if (auto r = stmt->Run(); !r) return Fail(r.error());
  return sqlite3_last_insert_rowid(db.handle());
}

Result<void> UpdateTopicIn(Connection& db, const GovernanceTopic& t) {
  auto stmt = db.Prepare(
      "UPDATE governance_topics SET title = ?, description = ?, category_id = ?,"
      " street_unit_id = ?, address_keyword = ?, owner_unit_ids = ?, measures = ?,"
      " start_date = ?, end_date = ?, status = ?, updated_at = ? WHERE id = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(t.title, t.description, t.category_id, t.street_unit_id, t.address_keyword,
                nlohmann::json(t.owner_unit_ids).dump(), nlohmann::json(t.measures).dump(),
                t.start_date, t.end_date, TopicStatusCode(t.status), ToMillis(t.updated_at), t.id);
  if (auto r = stmt->Run(); !r) return r;
  if (db.Changes() == 0)
    return Fail(ErrorKind::kNotFound, "not_found", fmt::format("专题 {} 不存在", t.id));
  return {};
}

}  // namespace hotline::sqlite
