// The embedded SQLite backend of Store (one process, one database file).
//
// Writes go through one writer thread with group commit (group_commit.h);
// reads use a pool of read-only connections beside it (WAL mode). With the
// default synchronous=FULL, a write acknowledged by Store::Write survives a
// crash. The returned Store is thread-safe.
#pragma once

#include <memory>
#include <string>

#include "common/error.h"
#include "storage/store.h"

namespace hotline {

struct SqliteOptions {
  std::string path;
  int busy_timeout_ms = 5000;
  std::string synchronous = "full";  // off, normal, full or extra
  int read_connections = 8;
  int max_batch = 256;  // work items per commit at most
};

// Opens (creating if needed) and migrates the database, then starts the
// writer. Fails with kInvalidInput "invalid_config" on bad options and with
// kInternal "schema_too_new" when the file was written by a newer binary.
Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options);

// Applies pending migrations to the database at `path` and returns its
// schema version (for `hotline migrate`).
Result<int> MigrateSqlite(const std::string& path);

}  // namespace hotline
