// Opening the configured database and building the services on top of it;
// shared by the subcommands.
#pragma once

#include <memory>
#include <string>

#include "common/clock.h"
#include "config/config.h"
#include "service/auth_service.h"
#include "service/directory.h"
#include "service/dispatch_advisor.h"
#include "service/order_service.h"
#include "storage/store.h"

namespace hotline {

struct Runtime {
  std::unique_ptr<Store> store;
  OffsetClock clock;  // the wall clock unless serve was given an offset
  std::unique_ptr<Directory> directory;
  std::unique_ptr<OrderService> orders;
  std::unique_ptr<AuthService> auth;
  std::unique_ptr<DispatchStore> dispatch_store;
  std::unique_ptr<DispatchAdvisor> dispatch;
};

// Opens (creating and migrating if needed) the database of `config`.
Result<std::unique_ptr<Runtime>> OpenRuntime(const Config& config);

// Loads `config_path` if given, else defaults.
Result<Config> LoadConfigOrDefaults(const std::string& config_path);

// Prints an error for a person at a terminal; returns exit code 1.
int ReportError(const Error& error);

}  // namespace hotline
