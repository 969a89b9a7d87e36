// Versioned schema migrations of the SQLite backend.
//
// Each migration runs in its own transaction and records itself in
// schema_migrations(version, applied_at). A database whose version is newer
// than the newest migration this binary knows is refused rather than
// touched. Not thread-safe: run on one connection before the store serves.
#pragma once

#include <span>
#include <string_view>

#include "common/error.h"
#include "storage/sqlite/connection.h"

namespace hotline::sqlite {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
  // Drops and recreates tables: runs with foreign keys off, then checks them.
  bool rebuilds_tables = false;
};

// All migrations, ordered by ascending version.
std::span<const Migration> Migrations();

// The newest version this binary knows.
int LatestSchemaVersion();

// The version recorded in `db` (0 for an empty database).
Result<int> CurrentSchemaVersion(Connection& db);

// Applies the pending migrations; returns the resulting version. Fails with
// kInternal "schema_too_new" when the database is ahead of this binary.
Result<int> ApplyMigrations(Connection& db);

}  // namespace hotline::sqlite
