// Tests HttpServer end to end: a real server on 127.0.0.1 (ephemeral port)
// and libcurl as the client.
#include "api/http_server.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace hotline {
namespace {

using namespace std::chrono_literals;

// Keeps the formatted lines of the "http" logger so tests can check the
// access log.
class CaptureSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  bool Contains(std::string_view needle) {
    std::lock_guard lock(mutex_);
    for (const auto& line : lines_)
      if (line.find(needle) != std::string::npos) return true;
    return false;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    lines_.emplace_back(msg.payload.data(), msg.payload.size());
  }
  void flush_() override {}

 private:
  std::vector<std::string> lines_;
};

std::shared_ptr<CaptureSink> g_capture;

// Installs the capture sink before any server exists. A synchronous logger
// makes a line visible as soon as the response is sent.
class HttpLogEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    g_capture = std::make_shared<CaptureSink>();
    if (auto existing = spdlog::get("http")) {
      existing->sinks().push_back(g_capture);
    } else {
      auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
      auto logger = std::make_shared<spdlog::logger>(
          "http",
          spdlog::sinks_init_list{console, std::shared_ptr<spdlog::sinks::sink>(g_capture)});
      spdlog::register_logger(logger);
    }
  }
};
[[maybe_unused]] auto* const g_environment =
    ::testing::AddGlobalTestEnvironment(new HttpLogEnvironment);

struct ClientResponse {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string body;
  std::string content_type;
  std::string headers;  // raw header block
};

std::size_t AppendToString(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

// One request; reuses `handle` (and so its connection) when given.
ClientResponse Fetch(std::uint16_t port, const std::string& method, const std::string& target,
                     const std::string& body = {}, const std::vector<std::string>& headers = {},
                     CURL* handle = nullptr, long timeout_ms = 20000) {
  CURL* curl = handle != nullptr ? handle : curl_easy_init();
  ClientResponse response;
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + target;
  curl_slist* header_list = nullptr;
  for (const auto& h : headers) header_list = curl_slist_append(header_list, h.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  if (method == "POST" || method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  } else {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendToString);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, AppendToString);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
  response.code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  char* content_type = nullptr;
  curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &content_type);
  if (content_type != nullptr) response.content_type = content_type;
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(header_list);
  if (handle == nullptr) curl_easy_cleanup(curl);
  return response;
}

HttpServerOptions TestOptions() {
  HttpServerOptions options;
  options.port = 0;
  options.io_threads = 2;
  options.worker_threads = 16;
  return options;
}

HttpResponse Reply(int status, std::string body = {}) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

std::string ThreadName() {
  char name[32] = {};
  pthread_getname_np(pthread_self(), name, sizeof(name));
  return name;
}

// A bare HTTP/1.1 client on a socket, to see exactly what the server sends
// and to hang up at a moment of the test's choosing.
class RawClient {
 public:
  // A small `receive_buffer` makes a client that stops reading stall the
  // server's writes soon.
  explicit RawClient(std::uint16_t port, int receive_buffer = 0)
      : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    if (receive_buffer > 0) {
      ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      throw std::runtime_error("connect() failed");
    }
  }
  ~RawClient() { Close(); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  void Send(std::string_view data) {
    while (!data.empty()) {
      const auto sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (sent <= 0) throw std::runtime_error("send() failed");
      data.remove_prefix(static_cast<std::size_t>(sent));
    }
  }

  // Reads until `done(received())` holds, the server closes the connection or
  // `timeout` passes; returns whether `done` held.
  bool ReadUntil(const std::function<bool(const std::string&)>& done,
                 std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done(received_)) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (peer_closed_ || left.count() <= 0) return false;
      pollfd poll_fd{fd_, POLLIN, 0};
      if (::poll(&poll_fd, 1, static_cast<int>(left.count())) <= 0) continue;
      char buffer[4096];
      const auto got = ::recv(fd_, buffer, sizeof buffer, 0);
      if (got <= 0) {
        peer_closed_ = true;
      } else {
        received_.append(buffer, static_cast<std::size_t>(got));
      }
    }
    return true;
  }
  bool ReadUntilContains(std::string_view needle) {
    return ReadUntil([needle](const std::string& s) { return s.find(needle) != s.npos; });
  }

  const std::string& received() const { return received_; }
  bool peer_closed() const { return peer_closed_; }

  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
  std::string received_;
  bool peer_closed_ = false;
};

// The header block (up to the blank line) and the decoded chunked body of a
// raw response; `complete` once the terminating zero-size chunk arrived.
struct ChunkedResponse {
  std::string headers;
  std::string payload;
  bool complete = false;
  bool malformed = false;
};

ChunkedResponse DecodeChunked(std::string_view raw) {
  ChunkedResponse out;
  const auto header_end = raw.find("\r\n\r\n");
  if (header_end == raw.npos) return out;
  out.headers = std::string(raw.substr(0, header_end + 2));
  raw.remove_prefix(header_end + 4);
  for (;;) {
    const auto line_end = raw.find("\r\n");
    if (line_end == raw.npos) return out;
    std::size_t size = 0;
    try {
      size = std::stoul(std::string(raw.substr(0, line_end)), nullptr, 16);
    } catch (const std::exception&) {
      out.malformed = true;
      return out;
    }
    if (raw.size() < line_end + 2 + size + 2) return out;  // not all there yet
    if (raw.substr(line_end + 2 + size, 2) != "\r\n") {
      out.malformed = true;
      return out;
    }
    if (size == 0) {
      out.complete = true;
      return out;
    }
    out.payload.append(raw.substr(line_end + 2, size));
    raw.remove_prefix(line_end + 2 + size + 2);
  }
}

constexpr std::string_view kEventsRequest =
    "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";

// A handler that answers /api/v1/events with a stream (its sink is handed to
// the test through `sinks`) and anything else with 200 "plain".
class StreamingHandler {
 public:
  HttpHandler Handler(std::string first_body = {}) {
    return [this, first_body](const HttpRequest& request) {
      if (request.path != "/api/v1/events") return Reply(200, "plain");
      HttpResponse response;
      response.content_type = "text/event-stream; charset=utf-8";
      response.body = first_body;
      response.headers.emplace_back("X-Stream", "yes");
      response.log_user = "agent7";
      response.open_stream = [this](std::shared_ptr<StreamSink> sink) {
        std::lock_guard lock(mu_);
        sinks_.push_back(std::move(sink));
        cv_.notify_all();
      };
      return response;
    };
  }

  // The sink of the n-th stream (from 0); null if it did not open in time.
  std::shared_ptr<StreamSink> Sink(std::size_t n) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, 10s, [&] { return sinks_.size() > n; });
    return sinks_.size() > n ? sinks_[n] : nullptr;
  }
  void DropAll() {
    std::lock_guard lock(mu_);
    sinks_.clear();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::shared_ptr<StreamSink>> sinks_;
};

// Polls `condition` for up to 10 s (the server notices some things
// asynchronously).
bool Eventually(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

bool Has(const std::string& text, std::string_view needle) {
  return text.find(needle) != std::string::npos;
}

TEST(HttpServerStreamTest, HeadersFirstThenChunksWrittenLaterInOrder) {
  StreamingHandler streams;
  HttpServer server(TestOptions(), streams.Handler("retry: 3000\n\n"));
  ASSERT_TRUE(server.Start().has_value());
  RawClient client(server.Port());
  client.Send(kEventsRequest);
  ASSERT_TRUE(client.ReadUntilContains("retry: 3000\n\n")) << client.received();
  auto sink = streams.Sink(0);
  ASSERT_NE(sink, nullptr);
  EXPECT_TRUE(sink->Open());

  const auto head = DecodeChunked(client.received());
  EXPECT_EQ(head.headers.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << head.headers;
  EXPECT_TRUE(Has(head.headers, "Content-Type: text/event-stream; charset=utf-8\r\n"))
      << head.headers;
  EXPECT_TRUE(Has(head.headers, "Cache-Control: no-cache\r\n")) << head.headers;
  EXPECT_TRUE(Has(head.headers, "Transfer-Encoding: chunked\r\n")) << head.headers;
  EXPECT_TRUE(Has(head.headers, "X-Stream: yes\r\n")) << head.headers;
  EXPECT_FALSE(Has(head.headers, "Content-Length")) << head.headers;
  EXPECT_EQ(head.payload, "retry: 3000\n\n");
  EXPECT_FALSE(head.complete);
  EXPECT_TRUE(g_capture->Contains("method=GET path=/api/v1/events status=200 ms="));
  EXPECT_TRUE(g_capture->Contains(" user=agent7 remote=127.0.0.1 stream=1"));

  // Events written later, from another thread, arrive in order.
  std::string expected = "retry: 3000\n\n";
  for (int i = 0; i < 50; ++i) expected += fmt::format("id: {}\ndata: {{\"n\":{}}}\n\n", i, i);
  std::thread writer([&] {
    for (int i = 0; i < 50; ++i) {
      EXPECT_TRUE(sink->Write(fmt::format("id: {}\ndata: {{\"n\":{}}}\n\n", i, i)));
    }
  });
  writer.join();
  ASSERT_TRUE(client.ReadUntil([&](const std::string& raw) {
    return DecodeChunked(raw).payload.size() >= expected.size();
  }));
  EXPECT_EQ(DecodeChunked(client.received()).payload, expected);

  // Dropping the sink ends the response; the connection stays usable.
  sink.reset();
  streams.DropAll();
  ASSERT_TRUE(client.ReadUntil([](const std::string& raw) { return DecodeChunked(raw).complete; }));
  const auto whole = DecodeChunked(client.received());
  EXPECT_FALSE(whole.malformed);
  EXPECT_EQ(whole.payload, expected);
  EXPECT_TRUE(
      Eventually([&] { return Has(server.MetricsText(), "hotline_http_streams_open 0\n"); }));

  // Keep-alive: the same connection serves the next request.
  const std::size_t before = client.received().size();
  client.Send("GET /api/v1/orders HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_TRUE(client.ReadUntil([before](const std::string& raw) {
    return raw.size() > before && raw.ends_with("plain");
  })) << client.received().substr(before);
}

TEST(HttpServerStreamTest, CurlReadsTheStreamWhileOtherRequestsAreServed) {
  StreamingHandler streams;
  HttpServer server(TestOptions(), streams.Handler());
  ASSERT_TRUE(server.Start().has_value());
  const auto port = server.Port();
  auto stream = std::async(std::launch::async, [port] {
    return Fetch(port, "GET", "/api/v1/events", {}, {"Accept: text/event-stream"});
  });
  auto sink = streams.Sink(0);
  ASSERT_NE(sink, nullptr);

  // Ordinary requests, on other connections, while the stream is open.
  for (int i = 0; i < 5; ++i) {
    const auto plain = Fetch(port, "GET", "/api/v1/orders");
    EXPECT_EQ(plain.status, 200);
    EXPECT_EQ(plain.body, "plain");
  }
  // An open stream is not a request in flight (the last plain one is let go
  // when RESTinio reports its write, possibly after curl has the answer).
  EXPECT_TRUE(Eventually([&] {
    const std::string metrics = server.MetricsText();
    return Has(metrics, "hotline_http_streams_open 1\n") &&
           Has(metrics, "hotline_http_requests_in_flight 0\n");
  })) << server.MetricsText();

  ASSERT_TRUE(sink->Write("event: order.assigned\ndata: {\"id\":\"A1\"}\n\n"));
  ASSERT_TRUE(sink->Write(": ping\n\n"));
  ASSERT_TRUE(sink->Write("data: 第二条\n\n"));
  sink.reset();
  streams.DropAll();

  ASSERT_EQ(stream.wait_for(20s), std::future_status::ready);
  const auto response = stream.get();
  EXPECT_EQ(response.code, CURLE_OK);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/event-stream; charset=utf-8");
  EXPECT_TRUE(Has(response.headers, "Cache-Control: no-cache")) << response.headers;
  EXPECT_EQ(response.body,
            "event: order.assigned\ndata: {\"id\":\"A1\"}\n\n: ping\n\ndata: 第二条\n\n");
}

TEST(HttpServerStreamTest, WriteReturnsFalseAfterTheClientHangsUp) {
  StreamingHandler streams;
  HttpServer server(TestOptions(), streams.Handler());
  ASSERT_TRUE(server.Start().has_value());
  auto client = std::make_unique<RawClient>(server.Port());
  client->Send(kEventsRequest);
  auto sink = streams.Sink(0);
  ASSERT_NE(sink, nullptr);
  ASSERT_TRUE(client->ReadUntilContains("\r\n\r\n"));
  client.reset();  // hangs up

  // The server learns of it from a failed write, as with the periodic ping.
  EXPECT_TRUE(Eventually([&] {
    if (!sink->Write(": ping\n\n")) return true;
    std::this_thread::sleep_for(20ms);
    return false;
  }));
  EXPECT_FALSE(sink->Open());
  EXPECT_FALSE(sink->Write("data: late\n\n"));
  // The stream let go of its connection although the sink is still held.
  EXPECT_TRUE(
      Eventually([&] { return Has(server.MetricsText(), "hotline_http_streams_open 0\n"); }));
  EXPECT_EQ(Fetch(server.Port(), "GET", "/").body, "plain");
}

TEST(HttpServerStreamTest, StopEndsOpenStreamsPromptly) {
  StreamingHandler streams;
  HttpServer server(TestOptions(), streams.Handler());  // default 60 s / 30 s timeouts
  ASSERT_TRUE(server.Start().has_value());
  RawClient first(server.Port());
  RawClient second(server.Port());
  first.Send(kEventsRequest);
  auto sink1 = streams.Sink(0);  // one after the other, so that sink1 is first's
  second.Send(kEventsRequest);
  auto sink2 = streams.Sink(1);
  ASSERT_NE(sink1, nullptr);
  ASSERT_NE(sink2, nullptr);
  ASSERT_TRUE(sink1->Write("data: one\n\n"));
  ASSERT_TRUE(first.ReadUntilContains("data: one\n\n"));

  const auto start = std::chrono::steady_clock::now();
  server.Stop();
  const auto took = std::chrono::steady_clock::now() - start;
  std::printf("Stop() with two open streams took %.0f ms\n",
              std::chrono::duration<double, std::milli>(took).count());
  EXPECT_LT(took, 20s) << "far below handle_timeout + write_timeout";

  for (RawClient* client : {&first, &second}) {
    EXPECT_TRUE(client->ReadUntil([](const std::string& raw) {
      return DecodeChunked(raw).complete;
    })) << client->received();
  }
  EXPECT_EQ(DecodeChunked(first.received()).payload, "data: one\n\n");
  EXPECT_FALSE(sink1->Open());
  EXPECT_FALSE(sink2->Open());
  EXPECT_FALSE(sink1->Write("data: after stop\n\n"));
  EXPECT_TRUE(Has(server.MetricsText(), "hotline_http_streams_open 0\n"));
  // The sinks outlive the server harmlessly.
  streams.DropAll();
}

TEST(HttpServerStreamTest, IdleStreamOutlivesHandleAndWriteTimeouts) {
  auto options = TestOptions();
  options.read_timeout = 1s;
  options.handle_timeout = 1s;
  options.write_timeout = 1s;
  StreamingHandler streams;
  HttpServer server(options, [handler = streams.Handler()](const HttpRequest& request) {
    if (request.path == "/slow") std::this_thread::sleep_for(3s);
    return handler(request);
  });
  ASSERT_TRUE(server.Start().has_value());
  RawClient client(server.Port());
  client.Send(kEventsRequest);
  auto sink = streams.Sink(0);
  ASSERT_NE(sink, nullptr);
  // Meanwhile an ordinary request still meets the handle timeout.
  auto slow = std::async(std::launch::async, [&] { return Fetch(server.Port(), "GET", "/slow"); });

  // Silent for several times handle_timeout (RESTinio checks once a second).
  std::this_thread::sleep_for(3500ms);
  EXPECT_TRUE(sink->Open());
  ASSERT_TRUE(sink->Write("data: still here\n\n"));
  EXPECT_TRUE(client.ReadUntilContains("data: still here\n\n")) << client.received();
  EXPECT_FALSE(client.peer_closed());

  const auto slow_response = slow.get();
  EXPECT_NE(slow_response.code, CURLE_OK) << "connection cut after handle_timeout";
}

// Writes 64 KiB chunks to `sink` until it reports the client gone (bounded).
bool WriteUntilRefused(StreamSink& sink) {
  const std::string chunk = "data: " + std::string(64 * 1024, 'x') + "\n\n";
  return Eventually([&] {
    if (!sink.Write(chunk)) return true;
    std::this_thread::sleep_for(10ms);
    return false;
  });
}

TEST(HttpServerStreamTest, ClientThatStopsReadingMeetsTheWriteTimeout) {
  auto options = TestOptions();
  options.write_timeout = 1s;
  options.max_stream_backlog_bytes = std::size_t{1} << 40;  // only the timeout can end it
  StreamingHandler streams;
  HttpServer server(options, streams.Handler());
  ASSERT_TRUE(server.Start().has_value());
  RawClient client(server.Port(), 4096);
  client.Send(kEventsRequest);
  auto sink = streams.Sink(0);
  ASSERT_NE(sink, nullptr);
  ASSERT_TRUE(client.ReadUntilContains("\r\n\r\n"));
  // The client reads nothing more: the socket buffers fill, a write stalls.
  EXPECT_TRUE(WriteUntilRefused(*sink));
  EXPECT_FALSE(sink->Open());
}

TEST(HttpServerStreamTest, SlowClientIsDroppedOverTheBacklogLimit) {
  auto options = TestOptions();
  options.max_stream_backlog_bytes = 512 * 1024;  // write_timeout stays 30 s
  StreamingHandler streams;
  HttpServer server(options, streams.Handler());
  ASSERT_TRUE(server.Start().has_value());
  RawClient client(server.Port(), 4096);
  client.Send(kEventsRequest);
  auto sink = streams.Sink(0);
  ASSERT_NE(sink, nullptr);
  ASSERT_TRUE(client.ReadUntilContains("\r\n\r\n"));
  EXPECT_TRUE(WriteUntilRefused(*sink));
  EXPECT_FALSE(sink->Open());
  EXPECT_TRUE(g_capture->Contains("bytes queued for a slow client"));
}

TEST(HttpServerStreamTest, ThrowingOpenStreamEndsTheStream) {
  HttpServer server(TestOptions(), [](const HttpRequest& request) {
    HttpResponse response;
    if (request.path == "/not-2xx") response.status = 404;
    response.content_type = "text/event-stream; charset=utf-8";
    response.body = ": hello\n\n";
    response.open_stream = [](std::shared_ptr<StreamSink>) {
      throw std::runtime_error("no subscriber slot");
    };
    return response;
  });
  ASSERT_TRUE(server.Start().has_value());
  const auto ended = Fetch(server.Port(), "GET", "/api/v1/events");
  EXPECT_EQ(ended.code, CURLE_OK);
  EXPECT_EQ(ended.status, 200);
  EXPECT_EQ(ended.body, ": hello\n\n");
  // A stream may only answer with success.
  const auto refused = Fetch(server.Port(), "GET", "/not-2xx");
  EXPECT_EQ(refused.status, 500);
  EXPECT_TRUE(Has(refused.body, R"("code":"internal")")) << refused.body;
}

TEST(HttpServerTest, MalformedQueryIsRefusedNotIgnored) {
  std::atomic<int> calls{0};
  HttpServerOptions options;
  options.port = 0;
  HttpServer server(options, [&](const HttpRequest&) {
    ++calls;
    return HttpResponse{};
  });
  ASSERT_TRUE(server.Start().has_value());
  const auto bad = Fetch(server.Port(), "GET", "/api/v1/orders?state=closed&x=%zz");
  ASSERT_EQ(bad.code, CURLE_OK);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(nlohmann::json::parse(bad.body)["error"]["code"], "invalid_query");
  EXPECT_EQ(calls, 0);
  server.Stop();
}

TEST(HttpServerTest, GetAndPostRoundTrip) {
  std::mutex mu;
  std::vector<HttpRequest> seen;
  HttpServer server(TestOptions(), [&](const HttpRequest& request) {
    {
      std::lock_guard lock(mu);
      seen.push_back(request);
    }
    HttpResponse response;
    response.status = request.method == "POST" ? 201 : 200;
    response.body = R"({"ok":true})";
    response.headers.emplace_back("X-Request-Echo", request.method);
    response.log_user = "agent1";
    return response;
  });
  ASSERT_TRUE(server.Start().has_value());
  ASSERT_NE(server.Port(), 0);
  EXPECT_TRUE(server.Running());

  const auto get = Fetch(server.Port(), "GET",
                         "/api/v1/%E5%B7%A5%E5%8D%95/a%20b?q=a+b%26c&q=2&empty=&k=%E4%B8%AD");
  ASSERT_EQ(get.code, CURLE_OK);
  EXPECT_EQ(get.status, 200);
  EXPECT_EQ(get.body, R"({"ok":true})");
  EXPECT_EQ(get.content_type, "application/json; charset=utf-8");
  EXPECT_NE(get.headers.find("X-Request-Echo: GET"), std::string::npos) << get.headers;

  const std::string body = R"({"title":"噪音扰民","content":"夜间施工"})";
  const auto post = Fetch(server.Port(), "POST", "/api/v1/orders", body,
                          {"Authorization: Bearer tok123", "Content-Type: application/json"});
  ASSERT_EQ(post.code, CURLE_OK);
  EXPECT_EQ(post.status, 201);

  std::lock_guard lock(mu);
  ASSERT_EQ(seen.size(), 2u);
  const HttpRequest& g = seen[0];
  EXPECT_EQ(g.method, "GET");
  EXPECT_EQ(g.path, "/api/v1/工单/a b");
  const std::vector<std::pair<std::string, std::string>> expected_query = {
      {"q", "a b&c"}, {"q", "2"}, {"empty", ""}, {"k", "中"}};
  EXPECT_EQ(g.query, expected_query);
  EXPECT_EQ(g.Query("q"), "a b&c");
  EXPECT_TRUE(g.HasQuery("empty"));
  EXPECT_EQ(g.remote_address, "127.0.0.1");
  EXPECT_TRUE(g.body.empty());

  const HttpRequest& p = seen[1];
  EXPECT_EQ(p.method, "POST");
  EXPECT_EQ(p.path, "/api/v1/orders");
  EXPECT_TRUE(p.query.empty());
  EXPECT_EQ(p.authorization, "Bearer tok123");
  EXPECT_EQ(p.content_type, "application/json");
  EXPECT_EQ(p.body, body);

  EXPECT_TRUE(g_capture->Contains("method=POST path=/api/v1/orders status=201 ms="));
  EXPECT_TRUE(g_capture->Contains(" user=agent1 remote=127.0.0.1"));
  server.Stop();
  EXPECT_FALSE(server.Running());
  EXPECT_EQ(server.Port(), 0);
}

TEST(HttpServerTest, HandlerRunsOnAWorkerThread) {
  std::promise<std::tuple<bool, bool, std::thread::id, std::string>> where;
  HttpServer server(TestOptions(), [&](const HttpRequest&) {
    where.set_value({HttpServer::OnIoThread(), HttpServer::OnWorkerThread(),
                     std::this_thread::get_id(), ThreadName()});
    return HttpResponse{};
  });
  ASSERT_TRUE(server.Start().has_value());
  EXPECT_FALSE(HttpServer::OnIoThread());
  EXPECT_FALSE(HttpServer::OnWorkerThread());
  ASSERT_EQ(Fetch(server.Port(), "GET", "/").status, 200);
  const auto [on_io, on_worker, id, name] = where.get_future().get();
  EXPECT_FALSE(on_io);
  EXPECT_TRUE(on_worker);
  EXPECT_NE(id, std::this_thread::get_id());
  EXPECT_EQ(name.rfind("http-work-", 0), 0u) << name;
}

TEST(HttpServerTest, KeepAliveReusesTheConnection) {
  HttpServer server(TestOptions(), [](const HttpRequest&) { return HttpResponse{}; });
  ASSERT_TRUE(server.Start().has_value());
  CURL* curl = curl_easy_init();
  for (int i = 0; i < 3; ++i) {
    const auto response = Fetch(server.Port(), "GET", "/ping", {}, {}, curl);
    ASSERT_EQ(response.status, 200);
    long new_connections = -1;
    curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &new_connections);
    EXPECT_EQ(new_connections, i == 0 ? 1 : 0) << "request " << i;
  }
  curl_easy_cleanup(curl);
}

TEST(HttpServerTest, BodyOverTheLimitGets413WithoutCallingTheHandler) {
  auto options = TestOptions();
  options.max_body_bytes = 1024;
  std::atomic<int> calls{0};
  HttpServer server(options, [&](const HttpRequest& request) {
    ++calls;
    HttpResponse response;
    response.body = std::to_string(request.body.size());
    return response;
  });
  ASSERT_TRUE(server.Start().has_value());

  const auto at_limit = Fetch(server.Port(), "POST", "/upload", std::string(1024, 'a'));
  EXPECT_EQ(at_limit.status, 200);
  EXPECT_EQ(at_limit.body, "1024");
  EXPECT_EQ(calls, 1);

  const auto over = Fetch(server.Port(), "POST", "/upload", std::string(1025, 'a'));
  ASSERT_EQ(over.code, CURLE_OK);
  EXPECT_EQ(over.status, 413);
  const auto error = nlohmann::json::parse(over.body);
  EXPECT_EQ(error["error"]["code"], "body_too_large");
  EXPECT_EQ(error["error"]["message"], "请求体超过 1024 字节上限");
  EXPECT_EQ(error["error"]["field"], "");
  EXPECT_EQ(over.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(calls, 1);

  // Far above the limit (still under RESTinio's hard cap): the same answer.
  const auto far_over = Fetch(server.Port(), "POST", "/upload", std::string(1 << 20, 'b'));
  EXPECT_EQ(far_over.status, 413);
  EXPECT_EQ(calls, 1);
}

TEST(HttpServerTest, HandlerExceptionGives500AndTheServerKeepsRunning) {
  HttpServer server(TestOptions(), [](const HttpRequest& request) -> HttpResponse {
    if (request.path == "/boom") throw std::runtime_error("database on fire");
    if (request.path == "/weird") throw 42;
    if (request.path == "/bad-status") return Reply(42);
    return Reply(200, "fine");
  });
  ASSERT_TRUE(server.Start().has_value());
  for (const char* path : {"/boom", "/weird", "/bad-status"}) {
    const auto failed = Fetch(server.Port(), "GET", path);
    ASSERT_EQ(failed.code, CURLE_OK) << path;
    EXPECT_EQ(failed.status, 500) << path;
    EXPECT_NE(failed.body.find(R"("code":"internal")"), std::string::npos) << failed.body;
    EXPECT_EQ(failed.body.find("database on fire"), std::string::npos) << "no internals leak";
  }
  const auto next = Fetch(server.Port(), "GET", "/ok");
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, "fine");
}

TEST(HttpServerTest, ConcurrentSlowRequestsRunInParallel) {
  constexpr int kRequests = 50;
  HttpServer server(TestOptions(), [](const HttpRequest&) {
    std::this_thread::sleep_for(50ms);
    return Reply(200, "slept");
  });
  ASSERT_TRUE(server.Start().has_value());
  std::atomic<int> ok{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> clients;
  for (int i = 0; i < kRequests; ++i) {
    clients.emplace_back([&] {
      const auto response = Fetch(server.Port(), "GET", "/slow");
      if (response.status == 200 && response.body == "slept") ++ok;
    });
  }
  for (auto& t : clients) t.join();
  const auto elapsed =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
  EXPECT_EQ(ok, kRequests);
  std::printf("%d requests of 50 ms each took %.0f ms (serial would be %d ms)\n", kRequests,
              elapsed.count(), kRequests * 50);
}

TEST(HttpServerTest, StopFinishesInFlightRequests) {
  std::promise<void> entered;
  HttpServer server(TestOptions(), [&](const HttpRequest&) {
    entered.set_value();
    std::this_thread::sleep_for(300ms);
    return Reply(200, "finished");
  });
  ASSERT_TRUE(server.Start().has_value());
  const auto port = server.Port();
  auto in_flight = std::async(std::launch::async, [port] { return Fetch(port, "GET", "/slow"); });
  entered.get_future().wait();
  server.Stop();  // returns only after the response is written
  ASSERT_EQ(in_flight.wait_for(5s), std::future_status::ready);
  const auto response = in_flight.get();
  EXPECT_EQ(response.code, CURLE_OK);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "finished");
  EXPECT_NE(response.headers.find("onnection: close"), std::string::npos) << response.headers;

  const auto after = Fetch(port, "GET", "/");
  EXPECT_NE(after.code, CURLE_OK) << "no longer listening";
}

TEST(HttpServerTest, StopDoesNotWaitForIdleOrAbandonedConnections) {
  HttpServer server(TestOptions(), [](const HttpRequest& request) {
    if (request.path == "/slow") std::this_thread::sleep_for(300ms);
    return Reply(200, "done");
  });
  ASSERT_TRUE(server.Start().has_value());
  // An idle keep-alive connection stays open across Stop().
  CURL* idle = curl_easy_init();
  ASSERT_EQ(Fetch(server.Port(), "GET", "/", {}, {}, idle).status, 200);
  // A client that gives up before its answer is ready.
  const auto gave_up = Fetch(server.Port(), "GET", "/slow", {}, {}, nullptr, 50);
  EXPECT_EQ(gave_up.code, CURLE_OPERATION_TIMEDOUT);

  const auto start = std::chrono::steady_clock::now();
  server.Stop();
  std::printf(
      "Stop() took %.0f ms\n",
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  EXPECT_NE(server.MetricsText().find("hotline_http_requests_in_flight 0\n"), std::string::npos);
  curl_easy_cleanup(idle);
}

TEST(HttpServerTest, PortInUseFailsToStart) {
  HttpServer first(TestOptions(), [](const HttpRequest&) { return HttpResponse{}; });
  ASSERT_TRUE(first.Start().has_value());
  auto options = TestOptions();
  options.port = first.Port();
  HttpServer second(options, [](const HttpRequest&) { return HttpResponse{}; });
  const auto started = second.Start();
  ASSERT_FALSE(started.has_value());
  EXPECT_EQ(started.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(started.error().code, "listen_failed");
  EXPECT_FALSE(second.Running());
  second.Stop();  // harmless
}

TEST(HttpServerTest, RestartsAfterStopAndStopIsIdempotent) {
  HttpServer server(TestOptions(), [](const HttpRequest&) { return Reply(200, "up"); });
  ASSERT_TRUE(server.Start().has_value());
  ASSERT_TRUE(server.Start().has_value());  // already running: no-op
  EXPECT_EQ(Fetch(server.Port(), "GET", "/").body, "up");
  server.Stop();
  server.Stop();
  ASSERT_TRUE(server.Start().has_value());
  EXPECT_EQ(Fetch(server.Port(), "GET", "/").body, "up");
  // The destructor stops the second run.
}

TEST(HttpServerTest, MetricsCountRequestsAndLatency) {
  HttpServer server(TestOptions(), [](const HttpRequest& request) {
    return Reply(request.path == "/missing" ? 404 : 200);
  });
  ASSERT_TRUE(server.Start().has_value());
  for (int i = 0; i < 3; ++i) Fetch(server.Port(), "GET", "/");
  Fetch(server.Port(), "GET", "/missing");
  const std::string text = server.MetricsText();
  EXPECT_NE(text.find("hotline_http_requests_total{status=\"2xx\"} 3\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("hotline_http_requests_total{status=\"4xx\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("hotline_http_request_duration_seconds_bucket{le=\"+Inf\"} 4\n"),
            std::string::npos);
  EXPECT_NE(text.find("hotline_http_request_duration_seconds_count 4\n"), std::string::npos);
  EXPECT_NE(text.find("hotline_http_request_duration_seconds_sum "), std::string::npos);
  EXPECT_NE(text.find("# TYPE hotline_http_request_duration_seconds histogram"), std::string::npos);
}

}  // namespace
}  // namespace hotline
