// `hotline demo`: fills an empty database with the demo district, Nanjing
// 秦淮区 — its 12345 platform, streets, communities and departments, the
// category tree, one account per role and unit, and back-dated work orders
// driven through the real lifecycle by OrderService.
//
// The orders are recorded through an OrderService that SeedDemo builds on a
// ManualClock of its own, so the caller passes only the store and the
// directory; the directory is reloaded with the new units and categories.
// Not thread-safe with respect to other writers of the same store: run it
// before the server starts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "service/directory.h"
#include "storage/store.h"
#include "workorder/lifecycle.h"

namespace hotline {

struct DemoOptions {
  std::string password;  // for every demo account
  int orders = 300;
  std::uint64_t seed = 12345;  // same seed and `now`: the same demo
  // Orders are spread over the 60 days before this instant; the wall clock when unset.
  std::optional<Instant> now;
  WorkflowRules rules;  // should match the rules the server runs with
};

struct DemoAccount {
  std::string username, display_name, role, unit_name;  // role: wire code, e.g. "handler"
};

struct DemoReport {
  int units = 0, users = 0, categories = 0, orders = 0;
  std::vector<DemoAccount> accounts;
};

// Seeds an empty store. Refuses (kBusinessRule "database_not_empty") when any
// unit exists. Units, categories and users are written in one transaction,
// then all orders in a second one (so a failure there leaves the reference
// data but no orders; start again with a fresh database).
Result<DemoReport> SeedDemo(Store& store, Directory& directory, const DemoOptions& options);

// The summary and accounts table the CLI prints.
std::string FormatDemoReport(const DemoReport& report);

}  // namespace hotline
