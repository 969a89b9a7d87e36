// Typed program options with defaults, loaded from a TOML file. Every key is
// documented in config/hotline.example.toml. Unknown keys and wrong types fail
// the load with a message naming the key, so a typo never passes silently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.h"
#include "workorder/lifecycle.h"
#include "workorder/reply_quality.h"

namespace hotline {

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";
  int io_threads = 2;
  int worker_threads = 32;
  std::int64_t max_body_bytes = 1 << 20;
  int read_timeout_seconds = 30;
  int write_timeout_seconds = 30;
};

struct DatabaseConfig {
  std::string path = "hotline.db";
  int busy_timeout_ms = 5000;
  std::string synchronous =
      "full";  // full | normal (normal may lose the last commits on power loss)
  int read_connections = 8;
  int max_batch = 256;
};

struct AuthConfig {
  int token_ttl_minutes = 720;
};

struct SchedulerConfig {
  bool enabled = true;
  int interval_ms = 5000;  // between passes over due deadlines
  int lease_seconds = 30;  // one active scheduler per database; a dead one's lease lapses
};

struct CalendarConfig {
  // Working periods of a day, China time; lunch breaks are the gaps.
  std::string working_hours = "08:30-12:00,13:30-17:30";
};

struct LogConfig {
  std::string level = "info";  // trace | debug | info | warn | error
};

// Dispatch suggestions (docs/dispatch.md).
struct DispatchConfig {
  // A new order whose likeliest lead unit reaches this confidence (0.5–1)
  // is dispatched to it at intake by the platform itself; 0 turns this off.
  double auto_dispatch_confidence = 0;
  // How often a server looks for a model trained elsewhere (hotline train)
  // or changed 权责清单 / gazetteer entries.
  int refresh_seconds = 5;
};

struct Config {
  ServerConfig server;
  DatabaseConfig database;
  AuthConfig auth;
  WorkflowRules workflow;
  SchedulerConfig scheduler;
  CalendarConfig calendar;
  LogConfig log;
  ReplyQualityRules reply_quality;
  DispatchConfig dispatch;
};

// Parses TOML text; `origin` names the source in error messages.
Result<Config> ParseConfig(std::string_view toml_text, std::string_view origin);
// Reads and parses a file.
Result<Config> LoadConfigFile(const std::string& path);
// Checks ranges and enumerations; called by both loaders and after flag overrides.
Result<void> ValidateConfig(const Config& config);

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};
// "127.0.0.1:8080" or "[::1]:8080".
Result<ListenAddress> ParseListenAddress(std::string_view text);

}  // namespace hotline
