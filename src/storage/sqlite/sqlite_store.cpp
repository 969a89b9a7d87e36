#include "storage/sqlite/sqlite_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "storage/order_doc.h"
#include "storage/sqlite/duplicate_queries.h"
#include "storage/sqlite/group_commit.h"
#include "storage/sqlite/hotspot_queries.h"
#include "storage/sqlite/knowledge_queries.h"
#include "storage/sqlite/metric_live_queries.h"
#include "storage/sqlite/metric_queries.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/queries.h"
#include "storage/sqlite/read_pool.h"
#include "storage/sqlite/report_queries.h"
#include "storage/sqlite/scoring_queries.h"
#include "storage/sqlite/search_index.h"
#include "storage/sqlite/supervision_queries.h"
#include "storage/sqlite/warning_queries.h"

namespace hotline {
namespace {

using sqlite::Connection;

Error InvalidConfig(std::string message, std::string field) {
  return Error{ErrorKind::kInvalidInput, "invalid_config", std::move(message), std::move(field)};
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

Result<std::string> SynchronousMode(const std::string& configured) {
  const std::string mode = Lower(configured);
  if (mode == "off" || mode == "normal" || mode == "full" || mode == "extra") return mode;
  return Fail(InvalidConfig(
      fmt::format("SQLite synchronous 应为 off、normal、full 或 extra，而不是「{}」", configured),
      "synchronous"));
}

Result<std::string> PragmaText(Connection& db, std::string_view sql) {
  auto stmt = db.Prepare(sql);
  if (!stmt) return Fail(stmt.error());
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  return *row ? stmt->Text(0) : std::string();
}

// The write connection, configured and migrated.
Result<std::unique_ptr<Connection>> OpenWriter(const std::string& path, int busy_timeout_ms,
                                               const std::string& synchronous) {
  if (path.empty()) return Fail(InvalidConfig("请配置 SQLite 数据库文件路径", "path"));
  auto mode = SynchronousMode(synchronous);
  if (!mode) return Fail(mode.error());
  auto db = Connection::Open(path, {.read_only = false, .busy_timeout_ms = busy_timeout_ms});
  if (!db) return Fail(db.error());
  Connection& c = **db;
  auto journal = PragmaText(c, "PRAGMA journal_mode = WAL");
  if (!journal) return Fail(journal.error());
  if (Lower(*journal) != "wal")
    return Fail(ErrorKind::kInternal, "storage_error",
                fmt::format("数据库错误：无法启用 WAL 模式（当前为 {}）：{}", *journal, path));
  // foreign_keys is a no-op inside a transaction: set before any BEGIN.
  for (const std::string& pragma :
       {fmt::format("PRAGMA synchronous = {}", *mode), std::string("PRAGMA foreign_keys = ON"),
        std::string("PRAGMA temp_store = MEMORY"),
        // Truncate the WAL after checkpoints instead of leaving it at its peak size.
        std::string("PRAGMA journal_size_limit = 67108864")}) {
    if (auto r = c.Exec(pragma); !r) return Fail(r.error());
  }
  if (auto version = sqlite::ApplyMigrations(c); !version) return Fail(version.error());
  // A database from before full-text search, or indexed by an older
  // tokenisation, is (re)indexed once here, before anything is served.
  if (auto indexed = sqlite::EnsureSearchIndex(c); !indexed) return Fail(indexed.error());
  return db;
}

class SqliteStore final : public Store {
 public:
  SqliteStore(std::unique_ptr<sqlite::ReadPool> pool,
              std::unique_ptr<sqlite::GroupCommitWriter> writer)
      : writer_(std::move(writer)), pool_(std::move(pool)) {}

  Result<void> Write(const std::function<Result<void>(WriteTxn&)>& work) override {
    return writer_->Submit(work);
  }

  Result<std::optional<WorkOrder>> GetOrder(OrderId id) override {
    auto db = pool_->Acquire();
    return sqlite::QueryOrder(*db, id);
  }

  Result<std::vector<Event>> GetEvents(OrderId id) override {
    auto db = pool_->Acquire();
    return sqlite::QueryEvents(*db, id);
  }

  Result<std::optional<OrderRecord>> GetOrderRecord(OrderId id) override {
    auto db = pool_->Acquire();
    // One read transaction, so the row and the log belong to the same commit.
    if (auto r = db->Exec("BEGIN"); !r) return Fail(r.error());
    auto record = [&]() -> Result<std::optional<OrderRecord>> {
      auto order = sqlite::QueryOrder(*db, id);
      if (!order) return Fail(order.error());
      if (!*order) return std::nullopt;
      auto events = sqlite::QueryEvents(*db, id);
      if (!events) return Fail(events.error());
      return OrderRecord{std::move(**order), std::move(*events)};
    }();
    (void)db->Exec(record ? "COMMIT" : "ROLLBACK");
    return record;
  }

  Result<std::optional<std::int64_t>> GetOrderVersion(OrderId id) override {
    auto db = pool_->Acquire();
    auto stmt = db->Prepare("SELECT version FROM orders WHERE id = ?");
    if (!stmt) return Fail(stmt.error());
    auto row = stmt->Bind(1, id).Step();
    if (!row) return Fail(row.error());
    if (!*row) return std::nullopt;
    return std::optional<std::int64_t>(stmt->Int(0));
  }

  Result<OrderPage> ListOrders(const OrderFilter& filter) override {
    auto db = pool_->Acquire();
    // One read transaction: the page and the total come from one snapshot.
    if (auto r = db->Exec("BEGIN"); !r) return Fail(r.error());
    auto page = sqlite::QueryOrderPage(*db, filter);
    (void)db->Exec(page ? "COMMIT" : "ROLLBACK");
    return page;
  }

  Result<void> VisitOrdersWithEvents(
      const std::vector<Action>& actions, const std::vector<Action>& if_assisted, Instant from,
      Instant to, const std::function<Result<void>(const WorkOrder&)>& visit) override {
    auto db = pool_->Acquire();
    return sqlite::VisitOrdersWithEvents(*db, actions, if_assisted, from, to, visit);
  }

  Result<std::int64_t> CountOrders() override {
    auto db = pool_->Acquire();
    return sqlite::QueryOrderCount(*db);
  }

  Result<std::vector<Unit>> ListUnits() override {
    auto db = pool_->Acquire();
    return sqlite::QueryUnits(*db);
  }

  Result<std::vector<User>> ListUsers() override {
    auto db = pool_->Acquire();
    return sqlite::QueryUsers(*db);
  }

  Result<std::optional<User>> GetUser(UserId id) override {
    auto db = pool_->Acquire();
    return sqlite::QueryUser(*db, id);
  }

  Result<std::optional<UserCredentials>> FindUserByName(std::string_view username) override {
    auto db = pool_->Acquire();
    return sqlite::QueryUserByName(*db, username);
  }

  Result<std::vector<Category>> ListCategories() override {
    auto db = pool_->Acquire();
    return sqlite::QueryCategories(*db);
  }

  Result<std::optional<Session>> FindSession(std::string_view token_hash) override {
    auto db = pool_->Acquire();
    return sqlite::QuerySession(*db, token_hash);
  }

  Result<std::vector<OrderId>> ListDueAlarms(Instant now, int limit) override {
    auto db = pool_->Acquire();
    auto stmt = db->Prepare(
        "SELECT id FROM orders WHERE next_alarm_at IS NOT NULL AND next_alarm_at <= ?"
        " ORDER BY next_alarm_at LIMIT ?");
    if (!stmt) return Fail(stmt.error());
    stmt->BindAll(ToMillis(now), limit);
    std::vector<OrderId> ids;
    while (true) {
      auto row = stmt->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      ids.push_back(stmt->Int(0));
    }
    return ids;
  }

  Result<std::optional<Supervision>> GetSupervision(SupervisionId id) override {
    auto db = pool_->Acquire();
    return sqlite::QuerySupervision(*db, id);
  }

  Result<SupervisionPage> ListSupervisions(const SupervisionFilter& filter) override {
    auto db = pool_->Acquire();
    // One read transaction: the page and the total come from one snapshot.
    if (auto r = db->Exec("BEGIN"); !r) return Fail(r.error());
    auto page = sqlite::QuerySupervisionPage(*db, filter);
    (void)db->Exec(page ? "COMMIT" : "ROLLBACK");
    return page;
  }

  Result<std::vector<Supervision>> ListDueSupervisions(Instant now, int limit) override {
    auto db = pool_->Acquire();
    return sqlite::QueryDueSupervisions(*db, now, limit);
  }

  Result<std::optional<WarningLetter>> GetWarningLetter(WarningLetterId id) override {
    auto db = pool_->Acquire();
    return sqlite::QueryWarningLetter(*db, id);
  }

  Result<WarningLetterPage> ListWarningLetters(const WarningLetterFilter& filter) override {
    auto db = pool_->Acquire();
    // One read transaction: the page, the total and the counts agree.
    if (auto r = db->Exec("BEGIN"); !r) return Fail(r.error());
    auto page = sqlite::QueryWarningLetterPage(*db, filter);
    (void)db->Exec(page ? "COMMIT" : "ROLLBACK");
    return page;
  }

  Result<std::vector<Notification>> ListNotifications(const NotificationQuery& q) override {
    std::vector<Notification> out;
    if (q.unit_ids.empty()) return out;
    std::string sql =
        "SELECT id, unit_id, kind, order_id, order_number, title, body, created_at, read_at"
        " FROM notifications WHERE id > ? AND id <= ? AND unit_id IN (";
    for (std::size_t i = 0; i < q.unit_ids.size(); ++i) sql += i ? ",?" : "?";
    sql += ")";
    if (q.unread_only) sql += " AND read_at IS NULL";
    sql += q.oldest_first ? " ORDER BY id LIMIT ?" : " ORDER BY id DESC LIMIT ?";
    auto db = pool_->Acquire();
    auto stmt = db->Prepare(sql);
    if (!stmt) return Fail(stmt.error());
    int index = 1;
    stmt->Bind(index++, q.after_id);
    stmt->Bind(index++, q.up_to_id);
    for (UnitId u : q.unit_ids) stmt->Bind(index++, u);
    stmt->Bind(index, q.limit);
    while (true) {
      auto row = stmt->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      Notification n;
      n.id = stmt->Int(0);
      n.unit_id = stmt->Int(1);
      n.kind = stmt->Text(2);
      n.order_id = stmt->OptInt(3);
      n.order_number = stmt->Text(4);
      n.title = stmt->Text(5);
      n.body = stmt->Text(6);
      n.created_at = FromMillis(stmt->Int(7));
      if (auto read = stmt->OptInt(8)) n.read_at = FromMillis(*read);
      out.push_back(std::move(n));
    }
    return out;
  }

  Result<std::int64_t> LatestNotificationId() override {
    auto db = pool_->Acquire();
    auto stmt = db->Prepare("SELECT COALESCE(MAX(id), 0) FROM notifications");
    if (!stmt) return Fail(stmt.error());
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    return stmt->Int(0);
  }

  Result<std::optional<std::pair<std::int64_t, std::string>>> GetCalendar() override {
    auto db = pool_->Acquire();
    auto stmt = db->Prepare("SELECT version, body FROM calendars ORDER BY version DESC LIMIT 1");
    if (!stmt) return Fail(stmt.error());
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) return std::nullopt;
    return std::optional(std::pair{stmt->Int(0), stmt->Text(1)});
  }

  Result<std::optional<std::pair<std::int64_t, std::string>>> GetSlaPolicy() override {
    auto db = pool_->Acquire();
    auto stmt = db->Prepare("SELECT version, body FROM sla_policies ORDER BY version DESC LIMIT 1");
    if (!stmt) return Fail(stmt.error());
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) return std::nullopt;
    return std::optional(std::pair{stmt->Int(0), stmt->Text(1)});
  }

  Result<std::optional<std::pair<std::int64_t, std::string>>> GetScoringRules() override {
    auto db = pool_->Acquire();
    return sqlite::QueryScoringRules(*db);
  }
  Result<std::optional<std::pair<std::int64_t, std::string>>> GetScoringRulesAt(
      Instant at) override {
    auto db = pool_->Acquire();
    return sqlite::QueryScoringRulesAt(*db, at);
  }
  Result<std::optional<std::pair<std::int64_t, std::string>>> GetScoringRulesVersion(
      std::int64_t version) override {
    auto db = pool_->Acquire();
    return sqlite::QueryScoringRulesVersion(*db, version);
  }

  Result<std::optional<StoredReport>> GetReport(std::int64_t id) override {
    auto db = pool_->Acquire();
    return sqlite::QueryReport(*db, id);
  }

  Result<ReportPage> ListReports(std::string_view kind, int limit, int offset) override {
    auto db = pool_->Acquire();
    // One read transaction: the page and the total agree.
    if (auto r = db->Exec("BEGIN"); !r) return Fail(r.error());
    auto page = sqlite::QueryReportPage(*db, kind, limit, offset);
    (void)db->Exec(page ? "COMMIT" : "ROLLBACK");
    return page;
  }

  Result<std::vector<RollupRow>> QueryRollup(std::string_view dim, std::int32_t from_day,
                                             std::int32_t to_day) override {
    auto db = pool_->Acquire();
    return sqlite::QueryRollup(*db, dim, from_day, to_day);
  }

  Result<std::vector<OrderId>> ListOrderIds(OrderId after_id, int limit) override {
    auto db = pool_->Acquire();
    return sqlite::QueryOrderIds(*db, after_id, limit);
  }

  Result<std::vector<KeyCount>> CountOpenDissatisfied(std::string_view dim, Instant from,
                                                      Instant to) override {
    auto db = pool_->Acquire();
    return sqlite::QueryOpenDissatisfiedCounts(*db, dim, from, to);
  }

  Result<std::vector<WorkOrder>> ListOpenDissatisfied(Instant from, Instant to) override {
    auto db = pool_->Acquire();
    return sqlite::QueryOpenDissatisfiedOrders(*db, from, to);
  }

  Result<std::vector<SupervisionCounts>> CountSupervisionsByUnit(Instant from, Instant to,
                                                                 Instant now) override {
    auto db = pool_->Acquire();
    return sqlite::QuerySupervisionCounts(*db, from, to, now);
  }

  Result<std::vector<Supervision>> ListSupervisionsIssued(Instant from, Instant to) override {
    auto db = pool_->Acquire();
    return sqlite::QuerySupervisionsIssued(*db, from, to);
  }

  Result<void> Ping() override {
    auto db = pool_->Acquire();
    auto stmt = db->Prepare("SELECT 1");
    if (!stmt) return Fail(stmt.error());
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    return {};
  }

  // --- Knowledge base (知识库) ---
  Result<std::optional<KnowledgeArticle>> GetArticle(ArticleId id) override {
    auto db = pool_->Acquire();
    return sqlite::QueryArticle(*db, id);
  }

  Result<ArticlePage> SearchArticles(const ArticleQuery& query) override {
    auto db = pool_->Acquire();
    // Page and total from one snapshot.
    if (auto r = db->Exec("BEGIN"); !r) return Fail(r.error());
    auto page = sqlite::QueryArticlePage(*db, query);
    (void)db->Exec(page ? "COMMIT" : "ROLLBACK");
    return page;
  }

  // --- Duplicates and repeats at intake ---
  Result<std::vector<DuplicateEntry>> ListDuplicateEntries(std::int64_t since_ms, OrderId after_id,
                                                           int limit) override {
    auto db = pool_->Acquire();
    return sqlite::QueryDuplicateEntries(*db, since_ms, after_id, limit);
  }
  Result<std::int64_t> CountDuplicateEntries(std::int64_t since_ms) override {
    auto db = pool_->Acquire();
    return sqlite::CountDuplicateEntries(*db, since_ms);
  }
  Result<std::vector<WorkOrder>> ListOrdersWithoutDuplicateEntry(Instant since,
                                                                 int limit) override {
    auto db = pool_->Acquire();
    return sqlite::QueryOrdersWithoutDuplicateEntry(*db, since, limit);
  }

  // --- Hot spots and governance topics (docs/hotspots.md) ---
  Result<std::vector<CellDayCount>> CountOrdersByCategoryStreetDay(Instant from,
                                                                   Instant to) override {
    auto db = pool_->Acquire();
    return sqlite::QueryCategoryStreetDayCounts(*db, from, to);
  }
  Result<std::vector<OrderText>> ListOrderTexts(Instant from, Instant to, int limit) override {
    auto db = pool_->Acquire();
    return sqlite::QueryOrderTexts(*db, from, to, limit);
  }
  Result<std::vector<DayNumber>> ListMatchingOrderDays(const TopicOrderMatch& match, Instant from,
                                                       Instant to) override {
    auto db = pool_->Acquire();
    return sqlite::QueryMatchingOrderDays(*db, match, from, to);
  }
  Result<std::optional<GovernanceTopic>> GetTopic(TopicId id) override {
    auto db = pool_->Acquire();
    return sqlite::QueryTopic(*db, id);
  }
  Result<std::vector<GovernanceTopic>> ListTopics() override {
    auto db = pool_->Acquire();
    return sqlite::QueryTopics(*db);
  }

 private:
  // Declared first so it is destroyed last: SQLite checkpoints the WAL into
  // the database file when the last connection closes, and only the writable
  // connection can do that. A copied .db file is then complete on its own.
  std::unique_ptr<sqlite::GroupCommitWriter> writer_;
  std::unique_ptr<sqlite::ReadPool> pool_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options) {
  if (options.read_connections < 1)
    return Fail(InvalidConfig("读连接数至少为 1", "read_connections"));
  if (options.max_batch < 1) return Fail(InvalidConfig("每批写入数至少为 1", "max_batch"));
  if (options.busy_timeout_ms < 0)
    return Fail(InvalidConfig("busy_timeout_ms 不能为负数", "busy_timeout_ms"));
  auto writer = OpenWriter(options.path, options.busy_timeout_ms, options.synchronous);
  if (!writer) return Fail(writer.error());
  // Readers open after the writer has switched the file to WAL and migrated it.
  auto pool =
      sqlite::ReadPool::Open(options.path, options.read_connections, options.busy_timeout_ms);
  if (!pool) return Fail(pool.error());
  return std::make_unique<SqliteStore>(
      std::move(*pool),
      std::make_unique<sqlite::GroupCommitWriter>(std::move(*writer), options.max_batch));
}

Result<int> MigrateSqlite(const std::string& path) {
  auto db = OpenWriter(path, SqliteOptions{}.busy_timeout_ms, SqliteOptions{}.synchronous);
  if (!db) return Fail(db.error());
  return sqlite::CurrentSchemaVersion(**db);
}

}  // namespace hotline
