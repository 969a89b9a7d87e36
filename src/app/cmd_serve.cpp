#include <fmt/format.h>
#include <pthread.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <memory>
#include <optional>

#include "api/api.h"
#include "api/http_server.h"
#include "api/static_files.h"
#include "app/commands.h"
#include "app/runtime.h"
#include "service/deadline_scheduler.h"
#include "service/event_recorder.h"
#include "service/report_service.h"

namespace hotline {
namespace {

struct ServeOptions {
  std::string config_path;
  std::string db;
  std::string listen;
  int workers = 0;
  std::string log_level;
  int clock_offset_minutes = 0;
  std::string web_root;  // empty: the `web` directory beside the binary
};

// The built web application, if there is one: the pages are optional, the
// API is served either way.
std::optional<StaticFiles> LoadWebApplication(const std::string& configured) {
  std::filesystem::path root = configured;
  if (root.empty()) {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return std::nullopt;
    root = self.parent_path() / "web";
  }
  auto files = StaticFiles::Load(root);
  if (!files) {
    if (configured.empty())
      spdlog::info("web application not built ({}); serving the API only", files.error().message);
    else
      spdlog::warn("web application: {}", files.error().message);
    return std::nullopt;
  }
  spdlog::info("web application root={} files={} bytes={}", root.string(), files->FileCount(),
               files->TotalBytes());
  return std::move(*files);
}

int Serve(const ServeOptions& opts) {
  auto config = LoadConfigOrDefaults(opts.config_path);
  if (!config) return ReportError(config.error());
  // Command-line flags override the file.
  if (!opts.db.empty()) config->database.path = opts.db;
  if (!opts.listen.empty()) config->server.listen = opts.listen;
  if (opts.workers > 0) config->server.worker_threads = opts.workers;
  if (!opts.log_level.empty()) config->log.level = opts.log_level;
  if (auto r = ValidateConfig(*config); !r) return ReportError(r.error());
  spdlog::set_level(spdlog::level::from_str(config->log.level));

  // Block the stop signals in every thread; this one waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto runtime = OpenRuntime(*config);
  if (!runtime) return ReportError(runtime.error());
  Runtime& rt = **runtime;
  // Rollups that follow an older definition of the figures (or none) are
  // rebuilt from the event log before serving, so figures are always exact.
  if (auto rebuilt = RebuildMetricsIfStale(*rt.store); !rebuilt)
    return ReportError(rebuilt.error());
  else if (*rebuilt > 0)
    spdlog::info("metrics rebuilt from the event log orders={}", *rebuilt);
  if (opts.clock_offset_minutes != 0) {
    rt.clock.SetOffset(std::chrono::minutes(opts.clock_offset_minutes));
    spdlog::warn("clock offset {} minutes: every time this server records is shifted",
                 opts.clock_offset_minutes);
  }
  // 并单 suggestions read an in-memory index of the window's orders (after
  // the clock offset, which moves the window).
  {
    const auto started = std::chrono::steady_clock::now();
    if (auto loaded = rt.orders->LoadDuplicateIndex(); !loaded) return ReportError(loaded.error());
    spdlog::info("duplicate index loaded orders={} ms={}", rt.orders->IndexedForDuplicates(),
                 std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count());
  }
  if (rt.directory->Units()->All().empty())
    spdlog::warn(
        "the database has no units yet; create a demo with `hotline demo --db {} "
        "--password PW`",
        config->database.path);

  // Deadlines in a year without a State Council notice count plain weekends only.
  {
    const int year = static_cast<int>(std::chrono::year_month_day{ChinaDay(rt.clock.Now())}.year());
    for (const std::string& warning : rt.orders->Calendar().MissingNoticeWarnings(year, year + 1))
      spdlog::warn("calendar {}", warning);
  }

  auto address = ParseListenAddress(config->server.listen);
  HttpServerOptions http;
  http.address = address->host;
  http.port = address->port;
  http.io_threads = config->server.io_threads;
  http.worker_threads = config->server.worker_threads;
  http.max_body_bytes = static_cast<std::size_t>(config->server.max_body_bytes);
  http.read_timeout = std::chrono::seconds(config->server.read_timeout_seconds);
  http.write_timeout = std::chrono::seconds(config->server.write_timeout_seconds);

  // Declared before the scheduler, whose passes call it, so it outlives them.
  ReportOptions report_options;
  report_options.repeat_threshold = config->workflow.repeat_threshold;
  ReportService reports(*rt.store, *rt.directory, rt.clock, report_options);
  std::unique_ptr<DeadlineScheduler> scheduler;
  if (config->scheduler.enabled) {
    SchedulerOptions so;
    so.interval = std::chrono::milliseconds(config->scheduler.interval_ms);
    so.lease = std::chrono::seconds(config->scheduler.lease_seconds);
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    so.holder = fmt::format("{}:{}", host, getpid());
    so.on_leader_pass = [&reports]() -> Result<void> {
      auto made = reports.GenerateMissing();
      if (!made) return Fail(made.error());
      return {};
    };
    scheduler = std::make_unique<DeadlineScheduler>(*rt.store, *rt.directory, rt.clock,
                                                    config->workflow, so);
    scheduler->Start();
  }

  NotificationHub hub(*rt.store, std::chrono::milliseconds(500), std::chrono::seconds(15));
  if (auto r = hub.Start(); !r) return ReportError(r.error());

  CallHub calls;
  std::unique_ptr<HttpServer> server;
  Api api(ApiDeps{*rt.store, *rt.directory, *rt.orders, *rt.auth,
                  [&server] { return server ? server->MetricsText() : std::string(); }, &hub,
                  &calls, rt.dispatch.get()});
  const std::optional<StaticFiles> web = LoadWebApplication(opts.web_root);
  server = std::make_unique<HttpServer>(http, [&api, &web](const HttpRequest& r) {
    if (web && r.method == "GET")
      if (auto page = web->Serve(r.path)) return std::move(*page);
    return api.Handle(r);
  });
  if (auto started = server->Start(); !started) return ReportError(started.error());
  spdlog::info("serving db={} listen=http://{}:{} workers={}", config->database.path, http.address,
               server->Port(), http.worker_threads);

  int sig = 0;
  sigwait(&signals, &sig);
  spdlog::info("signal={} stopping", sig);
  server->Stop();
  if (scheduler) scheduler->Stop();
  hub.Stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app) {
  auto opts = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the REST API over HTTP");
  cmd->add_option("--config", opts->config_path, "TOML configuration file");
  cmd->add_option("--db", opts->db, "SQLite database file (overrides database.path)");
  cmd->add_option("--listen", opts->listen, "address:port to listen on (overrides server.listen)");
  cmd->add_option("--workers", opts->workers, "worker threads (overrides server.worker_threads)");
  cmd->add_option("--log-level", opts->log_level, "trace|debug|info|warn|error");
  cmd->add_option("--web-root", opts->web_root,
                  "built web application to serve (default: the web directory beside the binary)");
  // For end-to-end tests of time limits only; hidden from --help.
  cmd->add_option("--clock-offset-minutes", opts->clock_offset_minutes,
                  "shift the server's clock (testing only)")
      ->group("");
  cmd->callback([opts] { CommandExitCode() = Serve(*opts); });
}

int& CommandExitCode() {
  static int code = 0;
  return code;
}

}  // namespace hotline
