// Tests HttpServer end to end: a real server on 127.0.0.1 (ephemeral port)
// and libcurl as the client.
#include "api/http_server.h"

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
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
