#include "app/runtime.h"

#include <fmt/format.h>

#include <iostream>

#include "storage/sqlite/dispatch_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace hotline {

Result<std::unique_ptr<Runtime>> OpenRuntime(const Config& config) {
  auto rt = std::make_unique<Runtime>();
  SqliteOptions options;
  options.path = config.database.path;
  options.busy_timeout_ms = config.database.busy_timeout_ms;
  options.synchronous = config.database.synchronous;
  options.read_connections = config.database.read_connections;
  options.max_batch = config.database.max_batch;
  auto store = OpenSqliteStore(options);
  if (!store) return Fail(store.error());
  rt->store = std::move(*store);
  rt->directory = std::make_unique<Directory>(*rt->store);
  auto hours = ParseWorkingHours(config.calendar.working_hours);
  if (!hours) return Fail(hours.error());
  if (auto r = rt->directory->SetWorkingHours(std::move(*hours)); !r) return Fail(r.error());
  if (auto r = rt->directory->Reload(); !r) return Fail(r.error());
  rt->orders = std::make_unique<OrderService>(*rt->store, *rt->directory, rt->clock,
                                              config.workflow, config.reply_quality);
  rt->auth = std::make_unique<AuthService>(*rt->store, rt->clock,
                                           std::chrono::minutes(config.auth.token_ttl_minutes));
  auto dispatch_store = OpenSqliteDispatchStore(config.database.path);
  if (!dispatch_store) return Fail(dispatch_store.error());
  rt->dispatch_store = std::move(*dispatch_store);
  DispatchAdvisorOptions dispatch;
  dispatch.refresh_interval = std::chrono::seconds(config.dispatch.refresh_seconds);
  dispatch.auto_dispatch_confidence = config.dispatch.auto_dispatch_confidence;
  rt->dispatch =
      std::make_unique<DispatchAdvisor>(*rt->dispatch_store, *rt->directory, rt->clock, dispatch);
  if (auto r = rt->dispatch->Load(); !r) return Fail(r.error());
  return rt;
}

Result<Config> LoadConfigOrDefaults(const std::string& config_path) {
  if (config_path.empty()) return Config{};
  return LoadConfigFile(config_path);
}

int ReportError(const Error& error) {
  std::cerr << "hotline: " << error.message;
  if (!error.field.empty()) std::cerr << " (" << error.field << ")";
  std::cerr << " [" << error.code << "]\n";
  return 1;
}

}  // namespace hotline
