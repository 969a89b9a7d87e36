#include "storage/sqlite/connection.h"

#include <fmt/format.h>

#include "storage/sqlite/packed_json_functions.h"

namespace hotline::sqlite {
namespace {

// Dynamic SQL (list filters) could otherwise grow the cache without bound.
constexpr std::size_t kMaxCachedStatements = 256;

}  // namespace

Error SqliteError(int rc, std::string_view message) {
  const int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    return Error{ErrorKind::kUnavailable, "database_busy",
                 fmt::format("数据库繁忙，请稍后重试（{}）", message), ""};
  return Error{ErrorKind::kInternal, "storage_error", fmt::format("数据库错误：{}", message), ""};
}

Error SqliteError(sqlite3* db, int rc) {
  return SqliteError(rc, db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

Stmt::Stmt(sqlite3_stmt* stmt, bool* in_use, bool owned)
    : stmt_(stmt), in_use_(in_use), owned_(owned) {}

Stmt::Stmt(Stmt&& other) noexcept
    : stmt_(other.stmt_),
      in_use_(other.in_use_),
      owned_(other.owned_),
      bind_rc_(other.bind_rc_),
      last_rc_(other.last_rc_) {
  other.stmt_ = nullptr;
  other.in_use_ = nullptr;
}

Stmt::~Stmt() {
  if (stmt_ == nullptr) return;
  if (owned_) {
    sqlite3_finalize(stmt_);
    return;
  }
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  if (in_use_ != nullptr) *in_use_ = false;
}

Stmt& Stmt::Bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Stmt& Stmt::Bind(int index, std::string_view value) {
  const int rc =
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Stmt& Stmt::BindBlob(int index, std::string_view bytes) {
  const int rc = sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Stmt& Stmt::Bind(int index, std::nullopt_t) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Result<bool> Stmt::Step() {
  sqlite3* db = sqlite3_db_handle(stmt_);
  if (bind_rc_ != SQLITE_OK) {
    last_rc_ = bind_rc_;
    return Fail(SqliteError(db, bind_rc_));
  }
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  last_rc_ = sqlite3_extended_errcode(db);
  Error error = SqliteError(db, last_rc_);
  // Reset now so a failed statement never holds locks until destruction.
  sqlite3_reset(stmt_);
  return Fail(std::move(error));
}

Result<void> Stmt::Run() {
  while (true) {
    auto row = Step();
    if (!row) return Fail(row.error());
    if (!*row) {
      sqlite3_reset(stmt_);  // ready to run again; releases statement locks early
      return {};
    }
  }
}

std::int64_t Stmt::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Stmt::Text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (p == nullptr) return {};
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string Stmt::Blob(int column) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  if (p == nullptr) return {};
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string_view Stmt::BlobView(int column) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  if (p == nullptr) return {};
  return std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

bool Stmt::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::optional<std::int64_t> Stmt::OptInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

std::optional<std::string> Stmt::OptText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path,
                                                     const ConnectionOptions& options) {
  // NOMUTEX: each connection is confined to one thread at a time by the store.
  const int flags =
      (options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX;
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error = SqliteError(db, rc);
    error.message += fmt::format("（{}）", path);
    sqlite3_close_v2(db);
    return Fail(std::move(error));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  if (const int fn = RegisterPackedJsonFunctions(db); fn != SQLITE_OK) {
    Error error = SqliteError(db, fn);
    sqlite3_close_v2(db);
    return Fail(std::move(error));
  }
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached->stmt);
  sqlite3_close_v2(db_);
}

Result<void> Connection::Exec(std::string_view sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return {};
  Error error = SqliteError(rc, message != nullptr ? message : sqlite3_errstr(rc));
  sqlite3_free(message);
  return Fail(std::move(error));
}

Result<Stmt> Connection::Prepare(std::string_view sql) {
  std::string key(sql);
  auto it = cache_.find(key);
  if (it != cache_.end() && !it->second->in_use) {
    it->second->in_use = true;
    return Stmt(it->second->stmt, &it->second->in_use, /*owned=*/false);
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return Fail(SqliteError(db_, rc));
  }
  if (it != cache_.end() || cache_.size() >= kMaxCachedStatements)
    return Stmt(stmt, nullptr, /*owned=*/true);
  auto slot = std::make_unique<Cached>(Cached{stmt, true});
  bool* flag = &slot->in_use;
  cache_.emplace(std::move(key), std::move(slot));
  return Stmt(stmt, flag, /*owned=*/false);
}

std::int64_t Connection::Changes() const { return sqlite3_changes64(db_); }

bool Connection::AutoCommit() const { return sqlite3_get_autocommit(db_) != 0; }

}  // namespace hotline::sqlite
