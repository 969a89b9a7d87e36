#include "config/config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include "calendar/business_calendar.h"

namespace hotline {
namespace {

Error ConfigError(std::string message, std::string key) {
  return Error{ErrorKind::kInvalidInput, "invalid_config", std::move(message), std::move(key)};
}

// Reads one table, refusing keys that are not known.
class TableReader {
 public:
  TableReader(const toml::table* table, std::string prefix, std::string_view origin)
      : table_(table), prefix_(std::move(prefix)), origin_(origin) {}

  template <typename T>
  void Read(std::string_view key, T& out) {
    known_.insert(std::string(key));
    if (table_ == nullptr || !error_.empty()) return;
    const toml::node* node = table_->get(key);
    if (node == nullptr) return;
    if constexpr (std::is_same_v<T, std::string>) {
      if (auto v = node->value_exact<std::string>()) {
        out = *v;
        return;
      }
    } else if constexpr (std::is_same_v<T, bool>) {
      if (auto v = node->value_exact<bool>()) {
        out = *v;
        return;
      }
    } else if constexpr (std::is_same_v<T, double>) {
      if (auto v = node->value<double>()) {  // 1 and 1.0 alike
        out = *v;
        return;
      }
    } else if constexpr (std::is_same_v<T, std::set<std::string, std::less<>>>) {
      if (const toml::array* list = node->as_array()) {
        T values;
        bool all_strings = true;
        for (const toml::node& item : *list) {
          if (auto v = item.value_exact<std::string>())
            values.insert(*v);
          else
            all_strings = false;
        }
        if (all_strings) {
          out = std::move(values);
          return;
        }
      }
    } else {
      if (auto v = node->value_exact<std::int64_t>()) {
        out = static_cast<T>(*v);
        return;
      }
    }
    error_ = fmt::format("{}: 配置项 {}{} 类型错误", origin_, prefix_, key);
    error_key_ = prefix_ + std::string(key);
  }

  // Call after all Read()s: reports the first unknown key.
  Result<void> Finish() {
    if (!error_.empty()) return Fail(ConfigError(error_, error_key_));
    if (table_ == nullptr) return {};
    for (const auto& [k, v] : *table_)
      if (!known_.contains(std::string(k.str())))
        return Fail(ConfigError(fmt::format("{}: 未知配置项 {}{}", origin_, prefix_, k.str()),
                                prefix_ + std::string(k.str())));
    return {};
  }

 private:
  const toml::table* table_;
  std::string prefix_;
  std::string_view origin_;
  std::set<std::string> known_;
  std::string error_;
  std::string error_key_;
};

Result<void> CheckRange(std::int64_t value, std::int64_t lo, std::int64_t hi, std::string key) {
  if (value < lo || value > hi)
    return Fail(
        ConfigError(fmt::format("配置项 {} 应在 {} 到 {} 之间，现为 {}", key, lo, hi, value), key));
  return {};
}

}  // namespace

Result<Config> ParseConfig(std::string_view toml_text, std::string_view origin) {
  // toml++ reports syntax errors by exception; this is the edge where it becomes a value.
  toml::table root;
  try {
    root = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& err) {
    return Fail(ConfigError(
        fmt::format("{}:{}: TOML 语法错误：{}", origin, err.source().begin.line, err.description()),
        ""));
  }
  Config c;
  static const std::set<std::string> kSections = {"server",   "database",      "auth",
                                                  "workflow", "scheduler",     "calendar",
                                                  "log",      "reply_quality", "dispatch"};
  for (const auto& [k, v] : root) {
    if (!kSections.contains(std::string(k.str())) || !v.is_table())
      return Fail(
          ConfigError(fmt::format("{}: 未知配置节 {}", origin, k.str()), std::string(k.str())));
  }
  TableReader server(root["server"].as_table(), "server.", origin);
  server.Read("listen", c.server.listen);
  server.Read("io_threads", c.server.io_threads);
  server.Read("worker_threads", c.server.worker_threads);
  server.Read("max_body_bytes", c.server.max_body_bytes);
  server.Read("read_timeout_seconds", c.server.read_timeout_seconds);
  server.Read("write_timeout_seconds", c.server.write_timeout_seconds);
  if (auto r = server.Finish(); !r) return Fail(r.error());

  TableReader db(root["database"].as_table(), "database.", origin);
  db.Read("path", c.database.path);
  db.Read("busy_timeout_ms", c.database.busy_timeout_ms);
  db.Read("synchronous", c.database.synchronous);
  db.Read("read_connections", c.database.read_connections);
  db.Read("max_batch", c.database.max_batch);
  if (auto r = db.Finish(); !r) return Fail(r.error());

  TableReader auth(root["auth"].as_table(), "auth.", origin);
  auth.Read("token_ttl_minutes", c.auth.token_ttl_minutes);
  if (auto r = auth.Finish(); !r) return Fail(r.error());

  TableReader wf(root["workflow"].as_table(), "workflow.", origin);
  wf.Read("max_unreached_callbacks", c.workflow.max_unreached_callbacks);
  wf.Read("max_extension_days", c.workflow.max_extension_days);
  wf.Read("max_assist_units", c.workflow.max_assist_units);
  wf.Read("repeat_threshold", c.workflow.repeat_threshold);
  wf.Read("long_pending_days", c.workflow.long_pending_days);
  wf.Read("max_returns", c.workflow.max_returns);
  wf.Read("max_summoned_units", c.workflow.max_summoned_units);
  wf.Read("duplicate_window_days", c.workflow.duplicate_window_days);
  wf.Read("similar_min_percent", c.workflow.similar_min_percent);
  wf.Read("repeat_caller_orders", c.workflow.repeat_caller_orders);
  wf.Read("repeat_caller_days", c.workflow.repeat_caller_days);
  wf.Read("group_demand_callers", c.workflow.group_demand_callers);
  if (auto r = wf.Finish(); !r) return Fail(r.error());

  TableReader scheduler(root["scheduler"].as_table(), "scheduler.", origin);
  scheduler.Read("enabled", c.scheduler.enabled);
  scheduler.Read("interval_ms", c.scheduler.interval_ms);
  scheduler.Read("lease_seconds", c.scheduler.lease_seconds);
  if (auto r = scheduler.Finish(); !r) return Fail(r.error());

  TableReader calendar(root["calendar"].as_table(), "calendar.", origin);
  calendar.Read("working_hours", c.calendar.working_hours);
  if (auto r = calendar.Finish(); !r) return Fail(r.error());

  TableReader log(root["log"].as_table(), "log.", origin);
  log.Read("level", c.log.level);
  if (auto r = log.Finish(); !r) return Fail(r.error());

  TableReader quality(root["reply_quality"].as_table(), "reply_quality.", origin);
  ReplyQualityRules& q = c.reply_quality;
  quality.Read("enabled", q.enabled);
  quality.Read("min_part_chars", q.min_part_chars);
  quality.Read("min_substance_chars", q.min_substance_chars);
  quality.Read("boilerplate_similarity", q.boilerplate_similarity);
  quality.Read("boilerplate_min_chars", q.boilerplate_min_chars);
  quality.Read("corpus_days", q.corpus_days);
  quality.Read("corpus_size", q.corpus_size);
  quality.Read("key_terms", q.key_terms);
  quality.Read("key_terms_min", q.key_terms_min);
  quality.Read("key_terms_min_coverage", q.key_terms_min_coverage);
  quality.Read("refuse", q.refuse);
  quality.Read("off", q.off);
  if (auto r = quality.Finish(); !r) return Fail(r.error());

  TableReader dispatch(root["dispatch"].as_table(), "dispatch.", origin);
  dispatch.Read("auto_dispatch_confidence", c.dispatch.auto_dispatch_confidence);
  dispatch.Read("refresh_seconds", c.dispatch.refresh_seconds);
  if (auto r = dispatch.Finish(); !r) return Fail(r.error());

  if (auto r = ValidateConfig(c); !r) return Fail(r.error());
  return c;
}

Result<Config> LoadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ConfigError(fmt::format("无法读取配置文件 {}", path), ""));
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseConfig(ss.str(), path);
}

Result<void> ValidateConfig(const Config& c) {
  if (auto r = ParseListenAddress(c.server.listen); !r) return Fail(r.error());
  if (auto r = CheckRange(c.server.io_threads, 1, 64, "server.io_threads"); !r) return r;
  if (auto r = CheckRange(c.server.worker_threads, 1, 1024, "server.worker_threads"); !r) return r;
  if (auto r = CheckRange(c.server.max_body_bytes, 1024, 1LL << 30, "server.max_body_bytes"); !r)
    return r;
  if (auto r = CheckRange(c.server.read_timeout_seconds, 1, 3600, "server.read_timeout_seconds");
      !r)
    return r;
  if (auto r = CheckRange(c.server.write_timeout_seconds, 1, 3600, "server.write_timeout_seconds");
      !r)
    return r;
  if (c.database.path.empty()) return Fail(ConfigError("database.path 不能为空", "database.path"));
  if (auto r = CheckRange(c.database.busy_timeout_ms, 0, 600000, "database.busy_timeout_ms"); !r)
    return r;
  if (c.database.synchronous != "full" && c.database.synchronous != "normal")
    return Fail(ConfigError("database.synchronous 应为 full 或 normal", "database.synchronous"));
  if (auto r = CheckRange(c.database.read_connections, 1, 256, "database.read_connections"); !r)
    return r;
  if (auto r = CheckRange(c.database.max_batch, 1, 10000, "database.max_batch"); !r) return r;
  if (auto r = CheckRange(c.auth.token_ttl_minutes, 1, 60 * 24 * 30, "auth.token_ttl_minutes"); !r)
    return r;
  if (auto r =
          CheckRange(c.workflow.max_unreached_callbacks, 1, 20, "workflow.max_unreached_callbacks");
      !r)
    return r;
  if (auto r = CheckRange(c.workflow.max_extension_days, 1, 365, "workflow.max_extension_days"); !r)
    return r;
  if (auto r = CheckRange(c.workflow.max_assist_units, 0, 100, "workflow.max_assist_units"); !r)
    return r;
  if (auto r = CheckRange(c.workflow.repeat_threshold, 1, 100, "workflow.repeat_threshold"); !r)
    return r;
  if (auto r = CheckRange(c.scheduler.interval_ms, 100, 3600000, "scheduler.interval_ms"); !r)
    return r;
  if (auto r = CheckRange(c.scheduler.lease_seconds, 1, 3600, "scheduler.lease_seconds"); !r)
    return r;
  if (c.scheduler.lease_seconds * 1000 <= c.scheduler.interval_ms)
    return Fail(ConfigError(
        "scheduler.lease_seconds 必须长于 scheduler.interval_ms，否则租约会在两次运行之间失效",
        "scheduler.lease_seconds"));
  if (auto r = CheckRange(c.workflow.long_pending_days, 1, 1000, "workflow.long_pending_days"); !r)
    return r;
  if (auto r = CheckRange(c.workflow.max_returns, 1, 10, "workflow.max_returns"); !r) return r;
  if (auto r = CheckRange(c.workflow.max_summoned_units, 1, 50, "workflow.max_summoned_units"); !r)
    return r;
  if (auto r =
          CheckRange(c.workflow.duplicate_window_days, 1, 90, "workflow.duplicate_window_days");
      !r)
    return r;
  if (auto r = CheckRange(c.workflow.similar_min_percent, 10, 100, "workflow.similar_min_percent");
      !r)
    return r;
  if (auto r = CheckRange(c.workflow.repeat_caller_orders, 1, 100, "workflow.repeat_caller_orders");
      !r)
    return r;
  if (auto r = CheckRange(c.workflow.repeat_caller_days, 1, 365, "workflow.repeat_caller_days"); !r)
    return r;
  if (auto r =
          CheckRange(c.workflow.group_demand_callers, 2, 1000, "workflow.group_demand_callers");
      !r)
    return r;
  if (auto hours = ParseWorkingHours(c.calendar.working_hours); !hours)
    return Fail(ConfigError("calendar.working_hours 无效：" + hours.error().message,
                            "calendar.working_hours"));
  static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error"};
  if (!kLevels.contains(c.log.level))
    return Fail(ConfigError("log.level 应为 trace、debug、info、warn 或 error", "log.level"));
  if (auto r = ValidateReplyQualityRules(c.reply_quality); !r)
    return Fail(
        ConfigError("[reply_quality] " + r.error().message, "reply_quality." + r.error().field));
  const double automatic = c.dispatch.auto_dispatch_confidence;
  if (automatic != 0 && !(automatic >= 0.5 && automatic <= 1))
    return Fail(ConfigError(
        fmt::format(
            "配置项 dispatch.auto_dispatch_confidence 应为 0（关闭）或 0.5 到 1 之间，现为 {}",
            automatic),
        "dispatch.auto_dispatch_confidence"));
  if (auto r = CheckRange(c.dispatch.refresh_seconds, 1, 3600, "dispatch.refresh_seconds"); !r)
    return r;
  return {};
}

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  std::string_view host, port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
      return Fail(
          ConfigError(fmt::format("监听地址 {} 格式应为 [::1]:8080", text), "server.listen"));
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos)
      return Fail(
          ConfigError(fmt::format("监听地址 {} 格式应为 127.0.0.1:8080", text), "server.listen"));
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  unsigned value = 0;
  auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (host.empty() || ec != std::errc() || p != port.data() + port.size() || value > 65535)
    return Fail(ConfigError(fmt::format("监听地址 {} 的端口无效", text), "server.listen"));
  return ListenAddress{std::string(host), static_cast<std::uint16_t>(value)};
}

}  // namespace hotline
