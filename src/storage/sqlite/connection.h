// A thin RAII layer over the SQLite C API: one connection with a cache of
// prepared statements, borrowed statements that reset themselves, and the
// mapping of SQLite failures onto Error.
//
// Thread safety: a Connection (and every Stmt borrowed from it) must be used
// by one thread at a time; the store hands connections out accordingly.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/error.h"

namespace hotline::sqlite {

// Error for a failed call on `db` that returned `rc`: SQLITE_BUSY/LOCKED
// (after the busy timeout) → kUnavailable "database_busy"; anything else →
// kInternal "storage_error" with SQLite's message.
Error SqliteError(sqlite3* db, int rc);
Error SqliteError(int rc, std::string_view message);

// Marks a value for BindAll to bind as a BLOB rather than TEXT.
struct BlobValue {
  std::string_view bytes;
};

// A prepared statement borrowed from a Connection. On destruction it is
// reset and its bindings cleared, so a finished read never keeps a WAL
// snapshot open. Move-only.
class Stmt {
 public:
  Stmt(sqlite3_stmt* stmt, bool* in_use, bool owned);
  Stmt(Stmt&& other) noexcept;
  Stmt& operator=(Stmt&&) = delete;
  Stmt(const Stmt&) = delete;
  ~Stmt();

  // Parameters are 1-based, as in SQLite. A failed bind is reported by the
  // next Step().
  Stmt& Bind(int index, std::int64_t value);
  Stmt& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Stmt& Bind(int index, bool value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Stmt& Bind(int index, std::string_view value);
  Stmt& Bind(int index, const std::string& value) { return Bind(index, std::string_view(value)); }
  Stmt& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Stmt& Bind(int index, std::nullopt_t);
  // Binary data (a BLOB, unlike Bind's TEXT).
  Stmt& BindBlob(int index, std::string_view bytes);
  Stmt& Bind(int index, BlobValue value) { return BindBlob(index, value.bytes); }
  template <typename T>
  Stmt& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : Bind(index, std::nullopt);
  }

  // Binds all arguments to parameters 1..N.
  template <typename... Args>
  Stmt& BindAll(const Args&... args) {
    int i = 0;
    (Bind(++i, args), ...);
    return *this;
  }

  // Advances once: true when a row is available, false when done.
  Result<bool> Step();
  // Steps to completion and resets, keeping the bindings (so BindAll + Run
  // can repeat); for statements that return no rows.
  Result<void> Run();

  // The primary-or-extended result code of the last failed Step (0 if none).
  int last_error_code() const { return last_rc_; }

  std::int64_t Int(int column) const;
  std::string Text(int column) const;
  std::string Blob(int column) const;
  // The column's bytes without a copy, valid until the next Step or reset.
  std::string_view BlobView(int column) const;
  bool IsNull(int column) const;
  std::optional<std::int64_t> OptInt(int column) const;
  std::optional<std::string> OptText(int column) const;

 private:
  sqlite3_stmt* stmt_;
  bool* in_use_;  // the cache slot's flag; null for an owned statement
  bool owned_;
  int bind_rc_ = SQLITE_OK;
  int last_rc_ = 0;
};

struct ConnectionOptions {
  bool read_only = false;
  int busy_timeout_ms = 5000;
};

class Connection {
 public:
  static Result<std::unique_ptr<Connection>> Open(const std::string& path,
                                                  const ConnectionOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements without results (DDL, pragmas, BEGIN ...).
  Result<void> Exec(std::string_view sql);

  // A prepared statement for `sql`, from the cache when possible. If the
  // cached one is already borrowed (nested use) a fresh one is prepared.
  Result<Stmt> Prepare(std::string_view sql);

  // Rows changed by the last INSERT/UPDATE/DELETE.
  std::int64_t Changes() const;
  // True when no transaction is open.
  bool AutoCommit() const;
  sqlite3* handle() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };

  sqlite3* db_;
  // unique_ptr keeps each slot's address stable for its Stmt's in_use flag.
  std::unordered_map<std::string, std::unique_ptr<Cached>> cache_;
};

}  // namespace hotline::sqlite
