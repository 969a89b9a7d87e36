// RESTinio lives here and nowhere else (see http_server.h).
#include "api/http_server.h"

#include <fmt/format.h>
#include <pthread.h>
#include <spdlog/async.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <exception>
#include <future>
#include <memory>
#include <optional>
#include <restinio/all.hpp>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "api/error_map.h"

namespace hotline {
namespace {

enum class ThreadKind { kOther, kIo, kWorker };
thread_local ThreadKind tl_thread_kind = ThreadKind::kOther;

void MarkThread(ThreadKind kind, const std::string& name) {
  tl_thread_kind = kind;
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

// The "http" logger: the application's if it registered one, otherwise an
// asynchronous one on stderr so that worker threads never wait on the terminal.
std::shared_ptr<spdlog::logger> HttpLogger() {
  static std::mutex mu;
  std::lock_guard lock(mu);
  if (auto logger = spdlog::get("http")) return logger;
  try {
    return spdlog::stderr_color_mt<spdlog::async_factory>("http");
  } catch (const spdlog::spdlog_ex&) {
    // Registered concurrently by someone who does not take our mutex.
    if (auto logger = spdlog::get("http")) return logger;
    throw;
  }
}

// RESTinio's logger interface, forwarding to spdlog one level lower than
// RESTinio's own (its "errors" are mostly clients that went away).
class RestinioLogger {
 public:
  RestinioLogger() : log_(HttpLogger()) {}

  template <typename Builder>
  void trace(Builder&& build) const {
    Log(spdlog::level::trace, build);
  }
  template <typename Builder>
  void info(Builder&& build) const {
    Log(spdlog::level::debug, build);
  }
  template <typename Builder>
  void warn(Builder&& build) const {
    Log(spdlog::level::info, build);
  }
  template <typename Builder>
  void error(Builder&& build) const {
    Log(spdlog::level::warn, build);
  }

 private:
  template <typename Builder>
  void Log(spdlog::level::level_enum level, Builder& build) const {
    if (log_->should_log(level)) log_->log(level, "restinio: {}", build());
  }

  std::shared_ptr<spdlog::logger> log_;
};

using Clock = std::chrono::steady_clock;
using ChunkedBuilder = restinio::response_builder_t<restinio::chunked_output_t>;

// ---------------------------------------------------------------------------
// Streaming responses.
//
// How RESTinio 0.6.16 times a chunked response (impl/connection.hpp): every
// connection has one deadline, checked once a second by the timer manager.
// While a write is in progress the deadline is write_http_response_timelimit
// from the start of that write group; whenever the connection stops writing
// and the response is not finished yet (response coordinator not empty), it is
// re-armed to handle_request_timeout from that moment. An open stream with no
// event for handle_timeout (60 s by default) would therefore be cut, and the
// application's keep-alive interval would silently have to stay below a
// server option. Raising handle_request_timeout for everything would take the
// protection away from ordinary requests.
//
// What we do instead: our own timer manager (StreamAwareTimerManager, same
// interface and tick scheme as asio_timer_manager_t) asks the StreamRegistry before each check
// whether the connection hosts a stream that is idle (nothing being written)
// or has been writing for less than write_timeout. Such a check is skipped,
// so the handle timeout never fires on an idle stream; a write that is stuck
// (client not reading) still meets RESTinio's write timeout, and every other
// connection is checked exactly as before. A client that vanished is found by
// the application's periodic `: ping` write failing.
// ---------------------------------------------------------------------------

class Stream;

// The open streams by connection. Shared by the Runtime (to end them all in
// Stop()) and the timer manager (to spare idle ones). Thread-safe. Lock order:
// a Stream's mutex may be held while taking this one, never the reverse.
class StreamRegistry {
 public:
  // False once CloseAndTakeAll() ran: the server is stopping.
  bool Add(const std::shared_ptr<Stream>& stream);
  void Remove(const Stream* stream);
  // Refuses further Add()s and hands back every registered stream.
  std::vector<std::shared_ptr<Stream>> CloseAndTakeAll();
  // Whether RESTinio's timeout check for `connection` should be skipped now.
  bool Spares(restinio::connection_id_t connection) const;

 private:
  mutable std::mutex mu_;
  bool closed_ = false;
  std::unordered_multimap<restinio::connection_id_t, std::shared_ptr<Stream>> streams_;
  std::atomic<std::size_t> count_{0};  // lets timer ticks skip the lock when nothing streams
};

// One streaming response on one connection; the application sees it through
// a SinkHandle. Thread-safe: Begin/Write/End run on any thread (a worker, the
// application, Stop()) under mu_ and only post to the connection's strand.
// OnWritten runs on that strand and touches only atomics and the registry, so
// a RESTinio call made under mu_ can never end up waiting for it.
class Stream : public std::enable_shared_from_this<Stream> {
 public:
  Stream(ChunkedBuilder builder, restinio::connection_id_t connection,
         std::shared_ptr<StreamRegistry> registry, std::shared_ptr<void> stream_token,
         Clock::duration write_timeout, std::size_t max_backlog,
         std::shared_ptr<spdlog::logger> log)
      : builder_(std::move(builder)),
        connection_(connection),
        registry_(std::move(registry)),
        stream_token_(std::move(stream_token)),
        write_timeout_(write_timeout),
        max_backlog_(max_backlog),
        log_(std::move(log)) {}

  restinio::connection_id_t connection() const { return connection_; }

  // Sends the status line, the headers and `first` (may be empty).
  // `request_token` is let go once they are written.
  void Begin(std::string first, std::shared_ptr<void> request_token) {
    std::lock_guard lock(mu_);
    if (ended_) return;  // Stop() came first
    SendLocked(std::move(first), std::move(request_token), /*limit_backlog=*/false);
  }

  bool Write(std::string chunk) {
    std::lock_guard lock(mu_);
    if (ended_) return false;
    if (!open_) {
      // A write failed: let go of the connection now rather than when the
      // application drops the sink.
      EndLocked();
      return false;
    }
    if (chunk.empty()) return true;  // an empty chunk would end the response
    return SendLocked(std::move(chunk), nullptr, /*limit_backlog=*/true);
  }

  bool Open() const { return open_; }

  // Sends the terminating chunk (after whatever is queued) and lets go of the
  // connection. Idempotent.
  void End() noexcept {
    std::lock_guard lock(mu_);
    EndLocked();
  }

  bool SparedFromTimeouts(Clock::time_point now) const {
    // Read pending_ before busy_since_: StartWrite stores them the other way.
    if (pending_ == 0) return open_;  // idle: only the handle timeout is armed
    return now - Clock::time_point(Clock::duration(busy_since_.load())) < write_timeout_;
  }

 private:
  bool SendLocked(std::string chunk, std::shared_ptr<void> hold, bool limit_backlog) {
    const std::size_t bytes = chunk.size();
    if (limit_backlog && backlog_ + bytes > max_backlog_) {
      log_->warn("ending a stream on connection {}: over {} bytes queued for a slow client",
                 connection_, max_backlog_);
      open_ = false;
      EndLocked();
      return false;
    }
    StartWrite(bytes);
    try {
      if (bytes != 0) builder_->append_chunk(std::move(chunk));
      builder_->flush([self = shared_from_this(), bytes, hold = std::move(hold)](
                          const asio::error_code& ec) { self->OnWritten(ec, bytes); });
    } catch (const std::exception& e) {
      // Nothing reached the connection, so no callback will come.
      log_->error("cannot write to a stream: {}", e.what());
      OnWritten(asio::error::no_memory, bytes);
      EndLocked();
      return false;
    }
    return true;
  }

  void EndLocked() noexcept {
    if (ended_) return;
    ended_ = true;
    // Counted as writing before open_ turns false, so that the timer manager
    // keeps sparing the connection until the last chunk is out.
    StartWrite(0);
    open_ = false;
    try {
      builder_->done([self = shared_from_this(),
                      token = std::move(stream_token_)](const asio::error_code& ec) {
        self->OnWritten(ec, 0);
        self->registry_->Remove(self.get());
      });
    } catch (const std::exception& e) {
      log_->error("cannot end a stream: {}", e.what());
      OnWritten(asio::error::no_memory, 0);
      registry_->Remove(this);
    }
    builder_.reset();
  }

  void StartWrite(std::size_t bytes) {
    backlog_ += bytes;
    if (pending_ == 0) busy_since_ = Clock::now().time_since_epoch().count();
    ++pending_;
  }

  // On the connection's strand (or in SendLocked/EndLocked when RESTinio
  // could not take the write).
  void OnWritten(const asio::error_code& ec, std::size_t bytes) {
    backlog_ -= bytes;
    if (ec) open_ = false;  // RESTinio has closed the connection
    --pending_;
  }

  std::mutex mu_;
  std::optional<ChunkedBuilder> builder_;  // reset by EndLocked()
  bool ended_ = false;
  const restinio::connection_id_t connection_;
  const std::shared_ptr<StreamRegistry> registry_;
  std::shared_ptr<void> stream_token_;  // moved into the final write's callback
  const Clock::duration write_timeout_;
  const std::size_t max_backlog_;
  const std::shared_ptr<spdlog::logger> log_;

  std::atomic<bool> open_{true};
  std::atomic<int> pending_{0};            // writes handed to RESTinio, not yet reported
  std::atomic<Clock::rep> busy_since_{0};  // when pending_ last left 0
  std::atomic<std::size_t> backlog_{0};    // bytes handed to RESTinio, not yet reported
};

bool StreamRegistry::Add(const std::shared_ptr<Stream>& stream) {
  std::lock_guard lock(mu_);
  if (closed_) return false;
  streams_.emplace(stream->connection(), stream);
  ++count_;
  return true;
}

void StreamRegistry::Remove(const Stream* stream) {
  std::lock_guard lock(mu_);
  auto [begin, end] = streams_.equal_range(stream->connection());
  for (auto it = begin; it != end; ++it) {
    if (it->second.get() == stream) {
      streams_.erase(it);
      --count_;
      return;
    }
  }
}

std::vector<std::shared_ptr<Stream>> StreamRegistry::CloseAndTakeAll() {
  std::lock_guard lock(mu_);
  closed_ = true;
  std::vector<std::shared_ptr<Stream>> all;
  all.reserve(streams_.size());
  for (auto& [connection, stream] : streams_) all.push_back(std::move(stream));
  streams_.clear();
  count_ = 0;
  return all;
}

bool StreamRegistry::Spares(restinio::connection_id_t connection) const {
  if (count_ == 0) return false;
  const auto now = Clock::now();
  std::lock_guard lock(mu_);
  auto [begin, end] = streams_.equal_range(connection);
  return std::any_of(begin, end,
                     [now](const auto& entry) { return entry.second->SparedFromTimeouts(now); });
}

// What the application holds. Dropping it ends the response.
class SinkHandle final : public StreamSink {
 public:
  explicit SinkHandle(std::shared_ptr<Stream> stream) : stream_(std::move(stream)) {}
  ~SinkHandle() override { stream_->End(); }
  SinkHandle(const SinkHandle&) = delete;
  SinkHandle& operator=(const SinkHandle&) = delete;

  bool Write(std::string chunk) override { return stream_->Write(std::move(chunk)); }
  bool Open() const override { return stream_->Open(); }

 private:
  const std::shared_ptr<Stream> stream_;
};

// RESTinio's timer manager interface (see restinio/asio_timer_manager.hpp),
// with one difference: a tick for a connection that the StreamRegistry
// spares does not reach the connection; the guard re-arms itself instead.
//
// Thread safety: RESTinio calls schedule() and cancel() on the connection's
// strand; they touch only check_timer_. Tick handlers run on any I/O thread
// and touch only spare_timer_, which only they re-arm: a connection has one
// chain of ticks at a time (the connection schedules a new one only from its
// own timeout check), so spare_timer_ is never used concurrently.
class StreamAwareTimerManager final : public std::enable_shared_from_this<StreamAwareTimerManager> {
 public:
  static constexpr Clock::duration kCheckPeriod = std::chrono::seconds(1);

  StreamAwareTimerManager(asio::io_context& io_context,
                          std::shared_ptr<const StreamRegistry> registry)
      : io_context_(io_context), registry_(std::move(registry)) {}

  class timer_guard_t final {
   public:
    timer_guard_t(asio::io_context& io_context, std::shared_ptr<const StreamRegistry> registry)
        : check_timer_(io_context), spare_timer_(io_context), registry_(std::move(registry)) {}

    void schedule(restinio::tcp_connection_ctx_weak_handle_t weak) {
      check_timer_.expires_after(kCheckPeriod);
      check_timer_.async_wait([this, weak = std::move(weak)](const asio::error_code& ec) {
        if (!ec) Tick(this, weak);
      });
    }

    void cancel() noexcept {
      try {
        check_timer_.cancel();
      } catch (...) {
        // Nothing to do: the tick then finds the connection closed.
      }
    }

   private:
    // `guard` is a member of the connection, so it is alive exactly while
    // `weak` can be locked; it is touched only after that.
    static void Tick(timer_guard_t* guard, const restinio::tcp_connection_ctx_weak_handle_t& weak) {
      auto connection = weak.lock();
      if (!connection) return;
      if (guard->registry_->Spares(connection->connection_id())) {
        guard->spare_timer_.expires_after(kCheckPeriod);
        guard->spare_timer_.async_wait([guard, weak](const asio::error_code& ec) {
          if (!ec) Tick(guard, weak);
        });
        return;
      }
      connection->check_timeout(connection);
    }

    asio::steady_timer check_timer_;
    asio::steady_timer spare_timer_;
    std::shared_ptr<const StreamRegistry> registry_;
  };

  timer_guard_t create_timer_guard() const { return timer_guard_t{io_context_, registry_}; }

  void start() const noexcept {}
  void stop() const noexcept {}

  struct factory_t {
    explicit factory_t(std::shared_ptr<const StreamRegistry> registry)
        : registry(std::move(registry)) {}
    std::shared_ptr<StreamAwareTimerManager> create(asio::io_context& io_context) const {
      return std::make_shared<StreamAwareTimerManager>(io_context, registry);
    }
    std::shared_ptr<const StreamRegistry> registry;
  };

 private:
  asio::io_context& io_context_;
  const std::shared_ptr<const StreamRegistry> registry_;
};

using ServerTraits = restinio::traits_t<StreamAwareTimerManager, RestinioLogger>;
using RestinioServer = restinio::http_server_t<ServerTraits>;

// Upper bounds of the latency histogram, in seconds.
constexpr std::array<double, 12> kBucketBounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                  0.1,   0.25,   0.5,   1.0,  2.5,   5.0};

// Decodes %XX escapes with RESTinio's own decoder. A malformed escape is kept
// as it was, so a sloppy client gets a 404 or 400 from the router rather than
// a dropped connection.
std::string DecodePath(std::string_view raw) {
  auto decoded =
      restinio::utils::try_unescape_percent_encoding<restinio::utils::relaxed_unescape_traits>(
          {raw.data(), raw.size()});
  return decoded ? std::move(*decoded) : std::string(raw);
}

// Query pairs in order, '+' as space (as browsers send forms); nullopt for a
// malformed query string, which is refused rather than silently ignored (a
// dropped filter would list orders the caller did not ask for).
std::optional<std::vector<std::pair<std::string, std::string>>> ParseQuery(std::string_view raw) {
  std::vector<std::pair<std::string, std::string>> pairs;
  auto parsed = restinio::try_parse_query<restinio::parse_query_traits::javascript_compatible>(
      {raw.data(), raw.size()});
  if (!parsed) return std::nullopt;
  for (const auto& [key, value] : *parsed)
    pairs.emplace_back(std::string(key.data(), key.size()),
                       std::string(value.data(), value.size()));
  return pairs;
}

// The path of an origin-form target; an absolute-form target
// ("http://host/p") is reduced to its path.
std::string_view TargetPath(std::string_view path) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (path.starts_with(scheme)) {
      const std::size_t slash = path.find('/', scheme.size());
      return slash == std::string_view::npos ? std::string_view{"/"} : path.substr(slash);
    }
  }
  return path;
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return status < 400 ? "OK" : "Error";
  }
}

bool EqualsIgnoringCase(std::string_view a, std::string_view lower_b) {
  return std::equal(a.begin(), a.end(), lower_b.begin(), lower_b.end(), [](char x, char y) {
    return (x >= 'A' && x <= 'Z' ? static_cast<char>(x - 'A' + 'a') : x) == y;
  });
}

// Transport-level refusals use the same error shape and status map as the API.
HttpResponse TransportError(ErrorKind kind, std::string code, std::string message) {
  return ErrorResponse(Error{kind, std::move(code), std::move(message), ""});
}

// A value for a key=value log line: never empty, no spaces or control
// characters (a client could otherwise forge log lines).
std::string LogValue(std::string_view s) {
  if (s.empty()) return "-";
  std::string out(s);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == 0x7f) c = '_';
  }
  return out;
}

}  // namespace

// Counters behind MetricsText(). Lock-free: every field is an atomic that
// request threads bump independently.
struct HttpServer::Metrics {
  std::array<std::atomic<std::uint64_t>, 5> by_class{};  // 1xx .. 5xx
  // Non-cumulative counts per bucket; the last one is above every bound.
  std::array<std::atomic<std::uint64_t>, kBucketBounds.size() + 1> buckets{};
  std::atomic<std::uint64_t> sum_micros{0};
  std::atomic<std::int64_t> in_flight{0};
  std::atomic<std::int64_t> streams_open{0};

  void Record(int status, Clock::duration latency) {
    const int cls = std::clamp(status / 100, 1, 5);
    by_class[cls - 1].fetch_add(1, std::memory_order_relaxed);
    const double seconds = std::chrono::duration<double>(latency).count();
    const auto bucket = std::lower_bound(kBucketBounds.begin(), kBucketBounds.end(), seconds) -
                        kBucketBounds.begin();
    buckets[bucket].fetch_add(1, std::memory_order_relaxed);
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(latency).count();
    sum_micros.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(micros, 0)),
                         std::memory_order_relaxed);
  }
};

// One Start()..Stop() span: the RESTinio server on its asio I/O threads and
// the worker threads that run the handler. Not restartable; HttpServer makes
// a new one for each Start().
class HttpServer::Runtime {
 public:
  Runtime(const HttpServerOptions& options, const HttpHandler& handler, Metrics& metrics)
      : options_(options),
        handler_(handler),
        metrics_(metrics),
        log_(HttpLogger()),
        streams_(std::make_shared<StreamRegistry>()) {}

  ~Runtime() { Shutdown(); }

  // Binds and starts the threads; returns the bound port.
  Result<std::uint16_t> Open();
  void Shutdown();

 private:
  // Held from a request's arrival until its response is written (or given
  // up); Shutdown() waits for all of them. Shared so that whichever of the
  // worker task or RESTinio's write callback lets go last releases it. A
  // streaming response holds a second one, of kind kStream, from its headers
  // until its terminating chunk is written; Shutdown() ends every stream
  // before it waits, so these are let go promptly too.
  enum class TokenKind { kRequest, kStream };
  class InflightToken {
   public:
    InflightToken(Runtime& runtime, TokenKind kind) : runtime_(runtime), kind_(kind) {
      runtime_.Acquire(kind_);
    }
    ~InflightToken() { runtime_.Release(kind_); }
    InflightToken(const InflightToken&) = delete;
    InflightToken& operator=(const InflightToken&) = delete;

   private:
    Runtime& runtime_;
    const TokenKind kind_;
  };
  using Token = std::shared_ptr<InflightToken>;

  void Acquire(TokenKind kind);
  void Release(TokenKind kind);
  // Called on an I/O thread: never blocks, hands the work to a worker.
  restinio::request_handling_status_t OnRequest(const restinio::request_handle_t& req);
  void HandleOnWorker(const restinio::request_handle_t& req, Clock::time_point arrived,
                      Token token);
  void Respond(const restinio::request_handle_t& req, HttpResponse response,
               Clock::time_point arrived, Token token);
  // Respond() for a response with open_stream; on the worker thread.
  void OpenStream(const restinio::request_handle_t& req, HttpResponse response,
                  Clock::time_point arrived, Token token);
  void LogAccess(const restinio::request_handle_t& req, const HttpResponse& response,
                 std::size_t body_bytes, Clock::duration latency, bool stream = false);

  const HttpServerOptions& options_;
  const HttpHandler& handler_;
  Metrics& metrics_;
  std::shared_ptr<spdlog::logger> log_;
  std::atomic<bool> stopping_{false};
  bool shut_down_ = false;
  const std::shared_ptr<StreamRegistry> streams_;

  // Declared before the asio contexts: tokens are released while the
  // contexts destroy pending handlers.
  std::mutex inflight_mu_;
  std::condition_variable inflight_cv_;
  std::size_t inflight_ = 0;

  std::shared_ptr<asio::io_context> io_context_;
  std::unique_ptr<RestinioServer> server_;
  std::unique_ptr<asio::io_context> worker_context_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> worker_guard_;
  std::vector<std::thread> io_threads_;
  std::vector<std::thread> worker_threads_;
};

Result<std::uint16_t> HttpServer::Runtime::Open() {
  const std::size_t hard_body_cap =
      std::max<std::size_t>(8 * options_.max_body_bytes, std::size_t{16} << 20);
  std::uint16_t bound_port = 0;
  try {
    const auto address = asio::ip::make_address(options_.address);
    io_context_ = std::make_shared<asio::io_context>(std::max(options_.io_threads, 1));
    auto settings = restinio::server_settings_t<ServerTraits>{};
    settings.address(address)
        .port(options_.port)
        .read_next_http_message_timelimit(options_.read_timeout)
        .handle_request_timeout(options_.handle_timeout)
        .write_http_response_timelimit(options_.write_timeout)
        // Spares idle streams the handle timeout; see StreamAwareTimerManager.
        .timer_manager(std::shared_ptr<const StreamRegistry>(streams_))
        // Over this RESTinio drops the connection without an answer; between
        // max_body_bytes and this we answer 413 ourselves.
        .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                      .max_url_size(16 * 1024)
                                      .max_field_name_size(1024)
                                      .max_field_value_size(16 * 1024)
                                      .max_field_count(100)
                                      .max_body_size(hard_body_cap))
        .acceptor_post_bind_hook([&bound_port](asio::ip::tcp::acceptor& acceptor) {
          bound_port = acceptor.local_endpoint().port();
        })
        .request_handler([this](restinio::request_handle_t req) { return OnRequest(req); });
    server_ = std::make_unique<RestinioServer>(restinio::io_context_holder_t{io_context_},
                                               std::move(settings));
    // No I/O thread runs yet, so opening from this thread races with nothing.
    server_->open_sync();
  } catch (const std::exception& e) {
    server_.reset();
    io_context_.reset();
    shut_down_ = true;
    return Fail(ErrorKind::kUnavailable, "listen_failed",
                fmt::format("无法在 {}:{} 上监听：{}", options_.address, options_.port, e.what()));
  }

  worker_context_ = std::make_unique<asio::io_context>();
  worker_guard_.emplace(worker_context_->get_executor());
  try {
    for (int i = 0; i < std::max(options_.worker_threads, 1); ++i) {
      worker_threads_.emplace_back([this, i] {
        MarkThread(ThreadKind::kWorker, fmt::format("http-work-{}", i));
        worker_context_->run();
      });
    }
    for (int i = 0; i < std::max(options_.io_threads, 1); ++i) {
      io_threads_.emplace_back([this, i] {
        MarkThread(ThreadKind::kIo, fmt::format("http-io-{}", i));
        // A throwing completion handler must not take the server down.
        for (;;) {
          try {
            io_context_->run();
            return;
          } catch (const std::exception& e) {
            log_->error("unexpected exception on an I/O thread: {}", e.what());
          }
        }
      });
    }
  } catch (const std::system_error& e) {
    Shutdown();
    return Fail(ErrorKind::kUnavailable, "listen_failed",
                fmt::format("无法启动 HTTP 服务线程：{}", e.what()));
  }
  log_->info("listening on {}:{} io_threads={} worker_threads={}", options_.address, bound_port,
             io_threads_.size(), worker_threads_.size());
  return bound_port;
}

void HttpServer::Runtime::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  stopping_ = true;

  // 1. Stop accepting. The close runs on RESTinio's executor, like the
  // accepts; only without I/O threads (a failed Open) may we do it here.
  try {
    if (io_threads_.empty()) {
      server_->close_sync();
    } else {
      std::promise<void> closed;
      server_->close_async([&closed] { closed.set_value(); },
                           [&closed](std::exception_ptr e) { closed.set_exception(e); });
      closed.get_future().get();
    }
  } catch (const std::exception& e) {
    log_->warn("closing the acceptor failed: {}", e.what());
  }

  // 2. End open streams: each sends its terminating chunk and lets go of its
  // token once that is written. Streams opened from now on are refused.
  {
    const auto open_streams = streams_->CloseAndTakeAll();
    for (const auto& stream : open_streams) stream->End();
    if (!open_streams.empty()) log_->info("ending {} open streams", open_streams.size());
  }

  // 3. Let in-flight requests be handled and their responses written.
  const auto deadline = Clock::now() + options_.handle_timeout + options_.write_timeout;
  {
    std::unique_lock lock(inflight_mu_);
    if (!inflight_cv_.wait_until(lock, deadline, [this] { return inflight_ == 0; })) {
      log_->warn("stopping with {} requests still in flight", inflight_);
    }
  }

  // 4. Workers: let queued work finish unless we already gave up waiting.
  worker_guard_.reset();
  {
    std::lock_guard lock(inflight_mu_);
    if (inflight_ != 0) worker_context_->stop();
  }
  for (auto& t : worker_threads_) t.join();
  worker_threads_.clear();

  // 5. I/O: idle keep-alive connections are simply cut.
  io_context_->stop();
  for (auto& t : io_threads_) t.join();
  io_threads_.clear();

  // Pending worker tasks hold requests whose sockets belong to io_context_,
  // so they go first; the server goes before the context it uses.
  worker_context_.reset();
  server_.reset();
  io_context_.reset();
  log_->info("stopped");
}

void HttpServer::Runtime::Acquire(TokenKind kind) {
  std::lock_guard lock(inflight_mu_);
  ++inflight_;
  auto& gauge = kind == TokenKind::kStream ? metrics_.streams_open : metrics_.in_flight;
  gauge.fetch_add(1, std::memory_order_relaxed);
}

void HttpServer::Runtime::Release(TokenKind kind) {
  std::lock_guard lock(inflight_mu_);
  --inflight_;
  auto& gauge = kind == TokenKind::kStream ? metrics_.streams_open : metrics_.in_flight;
  gauge.fetch_sub(1, std::memory_order_relaxed);
  if (inflight_ == 0) inflight_cv_.notify_all();
}

restinio::request_handling_status_t HttpServer::Runtime::OnRequest(
    const restinio::request_handle_t& req) {
  const auto arrived = Clock::now();
  try {
    auto token = std::make_shared<InflightToken>(*this, TokenKind::kRequest);
    if (stopping_) {
      Respond(req,
              TransportError(ErrorKind::kUnavailable, "unavailable", "服务正在停止，请稍后重试"),
              arrived, std::move(token));
    } else if (req->body().size() > options_.max_body_bytes) {
      Respond(req,
              TransportError(ErrorKind::kTooLarge, "body_too_large",
                             fmt::format("请求体超过 {} 字节上限", options_.max_body_bytes)),
              arrived, std::move(token));
    } else {
      asio::post(*worker_context_, [this, req, arrived, token = std::move(token)]() mutable {
        HandleOnWorker(req, arrived, std::move(token));
      });
    }
  } catch (const std::exception& e) {
    // Nothing sensible is left to send; RESTinio closes the connection.
    log_->error("cannot dispatch a request: {}", e.what());
    return restinio::request_rejected();
  }
  return restinio::request_accepted();
}

void HttpServer::Runtime::HandleOnWorker(const restinio::request_handle_t& req,
                                         Clock::time_point arrived, Token token) {
  HttpResponse response;
  try {
    const auto& header = req->header();
    const auto raw_path = header.path();
    const auto raw_query = header.query();
    HttpRequest request;
    request.method = header.method().c_str();
    request.path = DecodePath(TargetPath({raw_path.data(), raw_path.size()}));
    auto query = ParseQuery({raw_query.data(), raw_query.size()});
    if (!query) {
      Respond(req,
              TransportError(ErrorKind::kInvalidInput, "invalid_query",
                             "查询字符串格式错误（如 % 后不是两位十六进制数）"),
              arrived, std::move(token));
      return;
    }
    request.query = std::move(*query);
    request.authorization = header.get_field_or(restinio::http_field::authorization, "");
    request.content_type = header.get_field_or(restinio::http_field::content_type, "");
    request.body = req->body();
    request.remote_address = req->remote_endpoint().address().to_string();
    response = handler_(request);
  } catch (const std::exception& e) {
    log_->error("handler failed: method={} path={} error={}", req->header().method().c_str(),
                LogValue({req->header().path().data(), req->header().path().size()}), e.what());
    response = TransportError(ErrorKind::kInternal, "internal", "服务器内部错误");
  } catch (...) {
    log_->error("handler failed: method={} path={} error=(not a std::exception)",
                req->header().method().c_str(),
                LogValue({req->header().path().data(), req->header().path().size()}));
    response = TransportError(ErrorKind::kInternal, "internal", "服务器内部错误");
  }
  Respond(req, std::move(response), arrived, std::move(token));
}

void HttpServer::Runtime::Respond(const restinio::request_handle_t& req, HttpResponse response,
                                  Clock::time_point arrived, Token token) {
  if (response.status < 100 || response.status > 599) {
    log_->error("handler returned invalid status {}", response.status);
    response = TransportError(ErrorKind::kInternal, "internal", "服务器内部错误");
  }
  if (response.open_stream) {
    if (response.status >= 200 && response.status < 300 && response.status != 204) {
      OpenStream(req, std::move(response), arrived, std::move(token));
      return;
    }
    log_->error("handler returned a stream with status {}", response.status);
    response = TransportError(ErrorKind::kInternal, "internal", "服务器内部错误");
  }
  // These statuses carry no body (RFC 9110 §6.4.1).
  if (response.status == 204 || response.status == 304 || response.status < 200) {
    response.body.clear();
  }
  try {
    auto builder = req->create_response(restinio::http_status_line_t{
        restinio::http_status_code_t{static_cast<std::uint16_t>(response.status)},
        std::string{ReasonPhrase(response.status)}});
    if (!response.content_type.empty() && !response.body.empty()) {
      builder.append_header(restinio::http_field::content_type, response.content_type);
    }
    for (auto& [name, value] : response.headers) {
      builder.append_header(std::move(name), std::move(value));
    }
    // Tell keep-alive clients to reconnect (elsewhere) while we drain.
    if (stopping_) builder.connection_close();
    const std::size_t body_bytes = response.body.size();
    builder.set_body(std::move(response.body));
    const auto latency = Clock::now() - arrived;
    metrics_.Record(response.status, latency);
    LogAccess(req, response, body_bytes, latency);
    builder.done([token = std::move(token)](const asio::error_code&) {});
  } catch (const std::exception& e) {
    log_->error("cannot send a response: {}", e.what());
  }
}

void HttpServer::Runtime::OpenStream(const restinio::request_handle_t& req, HttpResponse response,
                                     Clock::time_point arrived, Token token) {
  auto open_stream = std::move(response.open_stream);
  response.open_stream = nullptr;
  std::shared_ptr<Stream> stream;
  try {
    auto builder = req->create_response<restinio::chunked_output_t>(restinio::http_status_line_t{
        restinio::http_status_code_t{static_cast<std::uint16_t>(response.status)},
        std::string{ReasonPhrase(response.status)}});
    if (!response.content_type.empty()) {
      builder.append_header(restinio::http_field::content_type, response.content_type);
    }
    const bool has_cache_control = std::any_of(
        response.headers.begin(), response.headers.end(),
        [](const auto& header) { return EqualsIgnoringCase(header.first, "cache-control"); });
    // Events must reach the client as they are written: no caching, and no
    // buffering in a reverse proxy (nginx honours X-Accel-Buffering).
    if (!has_cache_control) builder.append_header(restinio::http_field::cache_control, "no-cache");
    builder.append_header("X-Accel-Buffering", "no");
    for (const auto& [name, value] : response.headers) builder.append_header(name, value);
    stream =
        std::make_shared<Stream>(std::move(builder), req->connection_id(), streams_,
                                 std::make_shared<InflightToken>(*this, TokenKind::kStream),
                                 options_.write_timeout, options_.max_stream_backlog_bytes, log_);
  } catch (const std::exception& e) {
    // Nothing has been sent yet, so a plain answer is still possible.
    log_->error("cannot open a stream: {}", e.what());
    Respond(req, TransportError(ErrorKind::kInternal, "internal", "服务器内部错误"), arrived,
            std::move(token));
    return;
  }
  if (!streams_->Add(stream)) {
    // Stop() began while the handler ran. Nothing has been sent yet.
    stream.reset();
    Respond(req, TransportError(ErrorKind::kUnavailable, "unavailable", "服务正在停止，请稍后重试"),
            arrived, std::move(token));
    return;
  }
  const auto latency = Clock::now() - arrived;
  metrics_.Record(response.status, latency);
  LogAccess(req, response, response.body.size(), latency, /*stream=*/true);
  stream->Begin(std::move(response.body), std::move(token));
  try {
    open_stream(std::make_shared<SinkHandle>(stream));
  } catch (const std::exception& e) {
    log_->error("open_stream failed: path={} error={}",
                LogValue({req->header().path().data(), req->header().path().size()}), e.what());
    stream->End();
  } catch (...) {
    log_->error("open_stream failed: path={} error=(not a std::exception)",
                LogValue({req->header().path().data(), req->header().path().size()}));
    stream->End();
  }
}

void HttpServer::Runtime::LogAccess(const restinio::request_handle_t& req,
                                    const HttpResponse& response, std::size_t body_bytes,
                                    Clock::duration latency, bool stream) {
  const auto& header = req->header();
  const auto raw_path = header.path();
  log_->info("method={} path={} status={} ms={:.2f} bytes={} user={} remote={}{}",
             header.method().c_str(), LogValue({raw_path.data(), raw_path.size()}), response.status,
             std::chrono::duration<double, std::milli>(latency).count(), body_bytes,
             LogValue(response.log_user), req->remote_endpoint().address().to_string(),
             stream ? " stream=1" : "");
}

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler)
    : options_(std::move(options)),
      handler_(std::move(handler)),
      metrics_(std::make_unique<Metrics>()) {}

HttpServer::~HttpServer() { Stop(); }

Result<void> HttpServer::Start() {
  std::lock_guard lock(mu_);
  if (runtime_) return {};
  auto runtime = std::make_unique<Runtime>(options_, handler_, *metrics_);
  auto port = runtime->Open();
  if (!port) return Fail(port.error());
  runtime_ = std::move(runtime);
  port_ = *port;
  return {};
}

void HttpServer::Stop() {
  if (OnIoThread() || OnWorkerThread()) {
    // Joining our own thread would deadlock.
    HttpLogger()->error("HttpServer::Stop() called from a server thread; ignored");
    return;
  }
  std::lock_guard lock(mu_);
  if (!runtime_) return;
  runtime_->Shutdown();
  runtime_.reset();
  port_ = 0;
}

std::uint16_t HttpServer::Port() const { return port_; }

bool HttpServer::Running() const { return port_ != 0; }

bool HttpServer::OnIoThread() { return tl_thread_kind == ThreadKind::kIo; }

bool HttpServer::OnWorkerThread() { return tl_thread_kind == ThreadKind::kWorker; }

std::string HttpServer::MetricsText() const {
  std::string out;
  out +=
      "# HELP hotline_http_requests_total HTTP requests answered, by status class.\n"
      "# TYPE hotline_http_requests_total counter\n";
  for (std::size_t i = 0; i < metrics_->by_class.size(); ++i) {
    out += fmt::format("hotline_http_requests_total{{status=\"{}xx\"}} {}\n", i + 1,
                       metrics_->by_class[i].load(std::memory_order_relaxed));
  }
  out +=
      "# HELP hotline_http_request_duration_seconds Time from a request's arrival to its "
      "response being handed back.\n"
      "# TYPE hotline_http_request_duration_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < metrics_->buckets.size(); ++i) {
    cumulative += metrics_->buckets[i].load(std::memory_order_relaxed);
    const std::string le = i < kBucketBounds.size() ? fmt::format("{}", kBucketBounds[i]) : "+Inf";
    out += fmt::format("hotline_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n", le,
                       cumulative);
  }
  out += fmt::format("hotline_http_request_duration_seconds_sum {:.6f}\n",
                     metrics_->sum_micros.load(std::memory_order_relaxed) / 1e6);
  out += fmt::format("hotline_http_request_duration_seconds_count {}\n", cumulative);
  out +=
      "# HELP hotline_http_requests_in_flight Requests received and not yet answered.\n"
      "# TYPE hotline_http_requests_in_flight gauge\n";
  out += fmt::format("hotline_http_requests_in_flight {}\n",
                     metrics_->in_flight.load(std::memory_order_relaxed));
  out +=
      "# HELP hotline_http_streams_open Streaming responses (server-sent events) open now.\n"
      "# TYPE hotline_http_streams_open gauge\n";
  out += fmt::format("hotline_http_streams_open {}\n",
                     metrics_->streams_open.load(std::memory_order_relaxed));
  return out;
}

}  // namespace hotline
