#include "storage/sqlite/dispatch_store.h"

#include <fmt/format.h>

#include <functional>
#include <mutex>

#include "storage/order_doc.h"
#include "storage/sqlite/connection.h"

namespace hotline {
namespace {

using sqlite::Connection;
using sqlite::Stmt;

constexpr std::string_view kModelColumns =
    "version, created_at, trained_orders, category_labels, unit_labels, details";

DispatchModelInfo ReadInfo(const Stmt& s) {
  return DispatchModelInfo{s.Int(0), FromMillis(s.Int(1)), s.Int(2), s.Int(3), s.Int(4), s.Text(5)};
}

// Rows of a statement, each read by `read`.
template <typename T, typename Read>
Result<std::vector<T>> Collect(Stmt& stmt, Read read) {
  std::vector<T> out;
  while (true) {
    auto row = stmt.Step();
    if (!row) return Fail(row.error());
    if (!*row) return out;
    out.push_back(read(stmt));
  }
}

class SqliteDispatchStore final : public DispatchStore {
 public:
  explicit SqliteDispatchStore(std::unique_ptr<Connection> db) : db_(std::move(db)) {}

  Result<std::int64_t> LatestModelVersion() override {
    std::lock_guard lock(mu_);
    auto stmt = db_->Prepare("SELECT COALESCE(MAX(version), 0) FROM dispatch_models");
    if (!stmt) return Fail(stmt.error());
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    return stmt->Int(0);
  }

  Result<std::optional<DispatchModelData>> GetModel(std::optional<std::int64_t> version) override {
    std::lock_guard lock(mu_);
    const std::string sql =
        fmt::format("SELECT {}, category_model, unit_model FROM dispatch_models {}", kModelColumns,
                    version ? "WHERE version = ?" : "ORDER BY version DESC LIMIT 1");
    auto stmt = db_->Prepare(sql);
    if (!stmt) return Fail(stmt.error());
    if (version) stmt->Bind(1, *version);
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) return std::optional<DispatchModelData>{};
    return DispatchModelData{ReadInfo(*stmt), stmt->Blob(6), stmt->Blob(7)};
  }

  Result<std::vector<DispatchModelInfo>> ListModels() override {
    std::lock_guard lock(mu_);
    auto stmt = db_->Prepare(
        fmt::format("SELECT {} FROM dispatch_models ORDER BY version DESC", kModelColumns));
    if (!stmt) return Fail(stmt.error());
    return Collect<DispatchModelInfo>(*stmt, ReadInfo);
  }

  Result<std::vector<DispatchModelOutcome>> ModelOutcomes() override {
    std::lock_guard lock(mu_);
    auto stmt = db_->Prepare(
        "SELECT s.model_version, COUNT(*),"
        " SUM(o.state = 'closed' AND o.lead_unit_id IS NOT NULL),"
        " SUM(o.state = 'closed' AND o.lead_unit_id IS NOT NULL"
        "     AND o.lead_unit_id = s.top_unit_id),"
        " SUM(o.state = 'closed' AND o.lead_unit_id IS NOT NULL"
        "     AND o.category_id = s.top_category_id)"
        " FROM dispatch_suggestions s JOIN orders o ON o.id = s.order_id"
        " GROUP BY s.model_version ORDER BY s.model_version DESC");
    if (!stmt) return Fail(stmt.error());
    return Collect<DispatchModelOutcome>(*stmt, [](const Stmt& s) {
      return DispatchModelOutcome{s.Int(0), s.Int(1), s.Int(2), s.Int(3), s.Int(4)};
    });
  }

  Result<std::int64_t> SaveModel(const DispatchModelData& model) override {
    std::lock_guard lock(mu_);
    return InTransaction<std::int64_t>([&]() -> Result<std::int64_t> {
      auto next = db_->Prepare("SELECT COALESCE(MAX(version), 0) + 1 FROM dispatch_models");
      if (!next) return Fail(next.error());
      if (auto r = next->Step(); !r) return Fail(r.error());
      const std::int64_t version = next->Int(0);
      auto insert =
          db_->Prepare(fmt::format("INSERT INTO dispatch_models({}, category_model, unit_model)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                   kModelColumns));
      if (!insert) return Fail(insert.error());
      const DispatchModelInfo& i = model.info;
      insert->BindAll(version, ToMillis(i.created_at), i.trained_orders, i.category_labels,
                      i.unit_labels, i.details_json);
      insert->BindBlob(7, model.category_model).BindBlob(8, model.unit_model);
      if (auto r = insert->Run(); !r) return Fail(r.error());
      return version;
    });
  }

  Result<std::vector<TrainingOrder>> ListTrainingOrders(int limit) override {
    std::lock_guard lock(mu_);
    auto stmt = db_->Prepare(
        "SELECT id, title, content, category_id, lead_unit_id FROM orders"
        " WHERE state = 'closed' AND lead_unit_id IS NOT NULL"
        " ORDER BY closed_at DESC LIMIT ?");
    if (!stmt) return Fail(stmt.error());
    stmt->Bind(1, limit);
    return Collect<TrainingOrder>(*stmt, [](const Stmt& s) {
      return TrainingOrder{s.Int(0), s.Text(1), s.Text(2), s.Int(3), s.Int(4)};
    });
  }

  Result<void> RecordSuggestion(const SuggestionRecord& r) override {
    std::lock_guard lock(mu_);
    // Each view of an order's suggestions records them; the same suggestion
    // seen again is only read (WAL: no write lock, nothing waits for the
    // order writer), so the record keeps when it was first made.
    auto same = db_->Prepare(
        "SELECT 1 FROM dispatch_suggestions WHERE order_id = ? AND model_version = ?"
        " AND suggestion = ?");
    if (!same) return Fail(same.error());
    auto found = same->BindAll(r.order_id, r.model_version, r.suggestion_json).Step();
    if (!found) return Fail(found.error());
    if (*found) return {};
    auto stmt = db_->Prepare(
        "INSERT OR REPLACE INTO dispatch_suggestions"
        "(order_id, model_version, top_unit_id, top_category_id, suggestion, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)");
    if (!stmt) return Fail(stmt.error());
    stmt->BindAll(r.order_id, r.model_version, r.top_unit_id, r.top_category_id, r.suggestion_json,
                  ToMillis(r.at));
    return stmt->Run();
  }

  Result<std::vector<Responsibility>> ListResponsibilities() override {
    std::lock_guard lock(mu_);
    auto stmt = db_->Prepare(
        "SELECT id, unit_id, phrase, category_id, note FROM responsibilities ORDER BY id");
    if (!stmt) return Fail(stmt.error());
    return Collect<Responsibility>(*stmt, [](const Stmt& s) {
      return Responsibility{s.Int(0), s.Int(1), s.Text(2), s.OptInt(3), s.Text(4)};
    });
  }

  Result<std::int64_t> AddResponsibility(const Responsibility& rule) override {
    std::lock_guard lock(mu_);
    return InTransaction<std::int64_t>([&]() -> Result<std::int64_t> {
      auto stmt = db_->Prepare(
          "INSERT INTO responsibilities(unit_id, phrase, category_id, note) VALUES (?, ?, ?, ?)");
      if (!stmt) return Fail(stmt.error());
      stmt->BindAll(rule.unit_id, rule.phrase, rule.category_id, rule.note);
      if (auto r = stmt->Run(); !r) return Fail(r.error());
      const std::int64_t id = sqlite3_last_insert_rowid(db_->handle());
      if (auto r = BumpKnowledge(); !r) return Fail(r.error());
      return id;
    });
  }

  Result<bool> DeleteResponsibility(std::int64_t id) override {
    return DeleteRow("DELETE FROM responsibilities WHERE id = ?", id);
  }

  Result<std::vector<Place>> ListPlaces() override {
    std::lock_guard lock(mu_);
    auto stmt = db_->Prepare(
        "SELECT id, name, kind, street_unit_id, community_unit_id FROM places ORDER BY id");
    if (!stmt) return Fail(stmt.error());
    return Collect<Place>(*stmt, [](const Stmt& s) {
      return Place{s.Int(0), s.Text(1), ParsePlaceKind(s.Text(2)).value_or(PlaceKind::kLandmark),
                   s.Int(3), s.OptInt(4)};
    });
  }

  Result<std::int64_t> AddPlace(const Place& place) override {
    std::lock_guard lock(mu_);
    return InTransaction<std::int64_t>([&]() -> Result<std::int64_t> {
      auto stmt = db_->Prepare(
          "INSERT INTO places(name, kind, street_unit_id, community_unit_id) VALUES (?, ?, ?, ?)");
      if (!stmt) return Fail(stmt.error());
      stmt->BindAll(place.name, PlaceKindCode(place.kind), place.street_unit_id,
                    place.community_unit_id);
      if (auto r = stmt->Run(); !r) {
        if (stmt->last_error_code() == SQLITE_CONSTRAINT)
          return Fail(ErrorKind::kConflict, "duplicate_place", "该街道已有同名地名", "name");
        return Fail(r.error());
      }
      const std::int64_t id = sqlite3_last_insert_rowid(db_->handle());
      if (auto r = BumpKnowledge(); !r) return Fail(r.error());
      return id;
    });
  }

  Result<bool> DeletePlace(std::int64_t id) override {
    return DeleteRow("DELETE FROM places WHERE id = ?", id);
  }

  Result<std::int64_t> KnowledgeVersion() override {
    std::lock_guard lock(mu_);
    auto stmt = db_->Prepare("SELECT knowledge_version FROM dispatch_meta WHERE id = 1");
    if (!stmt) return Fail(stmt.error());
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    return *row ? stmt->Int(0) : 0;
  }

 private:
  template <typename T>
  Result<T> InTransaction(const std::function<Result<T>()>& work) {
    if (auto r = db_->Exec("BEGIN IMMEDIATE"); !r) return Fail(r.error());
    auto result = work();
    if (!result) {
      (void)db_->Exec("ROLLBACK");
      return result;
    }
    if (auto r = db_->Exec("COMMIT"); !r) {
      (void)db_->Exec("ROLLBACK");
      return Fail(r.error());
    }
    return result;
  }

  Result<void> BumpKnowledge() {
    return db_->Exec("UPDATE dispatch_meta SET knowledge_version = knowledge_version + 1");
  }

  Result<bool> DeleteRow(std::string_view sql, std::int64_t id) {
    std::lock_guard lock(mu_);
    return InTransaction<bool>([&]() -> Result<bool> {
      auto stmt = db_->Prepare(sql);
      if (!stmt) return Fail(stmt.error());
      stmt->Bind(1, id);
      if (auto r = stmt->Run(); !r) return Fail(r.error());
      if (db_->Changes() == 0) return false;
      if (auto r = BumpKnowledge(); !r) return Fail(r.error());
      return true;
    });
  }

  std::mutex mu_;
  std::unique_ptr<Connection> db_;
};

}  // namespace

Result<std::unique_ptr<DispatchStore>> OpenSqliteDispatchStore(const std::string& path) {
  auto db = Connection::Open(path, sqlite::ConnectionOptions{});
  if (!db) return Fail(db.error());
  return std::unique_ptr<DispatchStore>(std::make_unique<SqliteDispatchStore>(std::move(*db)));
}

}  // namespace hotline
