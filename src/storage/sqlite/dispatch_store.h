// The SQLite DispatchStore: its own connection to the database file the main
// Store uses (which must have been opened, and so migrated, first). Its
// writes are rare (a training run, an administrator's edit, one suggestion
// per dispatched order) and never part of an order's transaction, so they do
// not need the order writer's group commit.
#pragma once

#include <memory>
#include <string>

#include "storage/dispatch_store.h"

namespace hotline {

Result<std::unique_ptr<DispatchStore>> OpenSqliteDispatchStore(const std::string& path);

}  // namespace hotline
