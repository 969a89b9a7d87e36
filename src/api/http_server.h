// The HTTP server: accepts connections, turns each request into an
// HttpRequest, runs the HttpHandler on a worker pool and writes the
// HttpResponse back. It is the only place that knows RESTinio; this header
// deliberately includes neither RESTinio nor asio, so that files using the
// server compile quickly.
//
// Threads: `io_threads` asio threads only parse requests and write responses;
// every handler call runs on one of `worker_threads` worker threads, so the
// handler may block (database, password hashing). Each request produces one
// access-log line on the spdlog logger "http" and updates the Prometheus
// counters returned by MetricsText().
//
// Streaming (server-sent events): a handler may answer with
// HttpResponse::open_stream set; the server then sends the headers with
// chunked transfer encoding and hands the application a StreamSink to write
// to from any thread (see http_types.h). RESTinio's handle timeout does not
// cut an idle stream; a stuck write still meets write_timeout, and a client
// that left is noticed when a write fails. An open stream occupies its
// connection, no thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "api/http_types.h"
#include "common/error.h"

namespace hotline {

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 asks the OS for a free port; see HttpServer::Port()
  int io_threads = 2;         // RESTinio/asio threads: parse and write only, never block
  int worker_threads = 16;    // blocking handler work (database, hashing) runs here
  // Bodies above this get a 413 JSON answer without reaching the handler.
  std::size_t max_body_bytes = 1 << 20;
  std::chrono::seconds read_timeout{30};    // waiting for (the rest of) a request
  std::chrono::seconds handle_timeout{60};  // request arrived → response handed back
  std::chrono::seconds write_timeout{30};   // writing one response (one chunk of a stream)
  // A stream whose client reads slower than the application writes is ended
  // (StreamSink::Write returns false) once this much is queued for it.
  std::size_t max_stream_backlog_bytes = 4 << 20;
};

// Thread safety: Start(), Stop(), Port(), Running() and MetricsText() may be
// called from any thread, concurrently. Stop() blocks until in-flight requests
// are answered and all server threads are joined, so it must not be called
// from inside the handler (it refuses and logs an error if it is). The
// handler itself is called concurrently from several worker threads.
class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpHandler handler);
  ~HttpServer();  // calls Stop()

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving. Fails with kUnavailable "listen_failed" when the
  // address cannot be bound (e.g. the port is taken). Starting a running
  // server does nothing; a stopped server may be started again.
  Result<void> Start();

  // Graceful stop: stops accepting, ends open streams (their clients get the
  // terminating chunk; their sinks report Open() == false), answers requests
  // that still arrive on open connections with 503 (and every response from
  // then on with `Connection: close`), waits (at most handle_timeout +
  // write_timeout) for in-flight requests and stream endings to be written,
  // then cuts idle connections and joins all threads. Idempotent; a no-op
  // when not running. Callable from any thread except the server's own (e.g.
  // a thread that waits for SIGTERM), never from inside a signal handler.
  void Stop();

  // The bound port (the real one when options.port was 0); 0 when not running.
  std::uint16_t Port() const;
  bool Running() const;

  // Prometheus text exposition of the request counters and latency histogram.
  // Counters accumulate over the server object's lifetime, across restarts.
  std::string MetricsText() const;

  // Whether the calling thread is one of some HttpServer's I/O (resp. worker)
  // threads. Lets tests and assertions check where code runs.
  static bool OnIoThread();
  static bool OnWorkerThread();

 private:
  class Runtime;  // what lives from Start() to Stop(): RESTinio, asio, threads
  struct Metrics;

  const HttpServerOptions options_;
  const HttpHandler handler_;
  const std::unique_ptr<Metrics> metrics_;

  std::mutex mu_;  // guards runtime_; held for the whole of Start() and Stop()
  std::unique_ptr<Runtime> runtime_;
  std::atomic<std::uint16_t> port_{0};  // readable without waiting for a Stop()
};

}  // namespace hotline
