// Full order lifecycles over HTTP against a running `hotline serve`.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "bench_http.h"
#include "common/clock.h"
#include "common/time_format.h"
#include "drivers.h"

namespace hotline::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

bool WaitHealthy(const std::string& url) {
  BenchClient client(url);
  const auto deadline = SteadyClock::now() + std::chrono::seconds(30);
  while (SteadyClock::now() < deadline) {
    if (client.Get("/healthz").status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// Depth-first: the first level-3 category without children.
std::int64_t FirstLeafCategory(const json& nodes) {
  for (const json& c : nodes) {
    const bool leaf = !c.contains("children") || c["children"].empty();
    if (leaf && c.value("level", 0) == 3) return c.at("id").get<std::int64_t>();
    if (!leaf)
      if (std::int64_t id = FirstLeafCategory(c["children"]); id != 0) return id;
  }
  return 0;
}

struct Directory {
  std::vector<std::pair<std::int64_t, std::string>> leads;  // id, code
  std::int64_t street_id = 0;
  std::int64_t category_id = 0;
};

bool LoadDirectory(BenchClient& client, const std::string& password, Directory& dir) {
  const std::string admin = client.Login("admin", password);
  if (admin.empty()) {
    fmt::print(stderr, "admin login failed\n");
    return false;
  }
  const HttpResult units = client.Get("/api/v1/units", admin);
  const HttpResult cats = client.Get("/api/v1/categories", admin);
  if (units.status != 200 || cats.status != 200) {
    fmt::print(stderr, "reading units/categories failed: {} {}\n", units.status, cats.status);
    return false;
  }
  std::vector<std::pair<std::int64_t, std::string>> departments, streets;
  for (const json& u : units.body) {
    const std::string kind = u.value("kind", "");
    const std::string code = u.value("code", "");
    const auto id = u.at("id").get<std::int64_t>();
    if (kind == "department") departments.emplace_back(id, code);
    if (kind == "street") streets.emplace_back(id, code);
    if (code == "320104001") dir.street_id = id;
  }
  std::sort(departments.begin(), departments.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  std::sort(streets.begin(), streets.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  if (dir.street_id == 0 && !streets.empty()) dir.street_id = streets.front().first;
  for (std::size_t i = 0; i < 4; ++i) {
    if (i < departments.size()) dir.leads.push_back(departments[i]);
    if (i < streets.size()) dir.leads.push_back(streets[i]);
  }
  dir.category_id = FirstLeafCategory(cats.body);
  if (dir.leads.empty() || dir.street_id == 0 || dir.category_id == 0) {
    fmt::print(stderr, "the demo organisation lacks units or categories\n");
    return false;
  }
  return true;
}

json IntakeBody(const Directory& dir, std::string_view key) {
  return json{{"channel", "phone"},
              {"caller_name", "压测用户"},
              {"caller_phone", "13800000000"},
              {"enterprise", false},
              {"demand_type", "complaint"},
              {"category_id", dir.category_id},
              {"address", "南京市秦淮区中山南路1号"},
              {"street_unit_id", dir.street_id},
              {"title", "压测工单：夜间施工噪音"},
              {"content", "小区旁工地夜间施工噪音扰民，请相关部门尽快处理。"},
              {"urgency", "normal"},
              {"idempotency_key", key}};
}

double Percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto index = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1));
  return sorted[index];
}

struct Tokens {
  std::string agent, dispatcher, reviewer, callback;
  std::vector<std::string> handlers;  // parallel to Directory::leads
};

// One thread's tally.
struct Tally {
  long orders = 0;
  long actions = 0;
  long failed_orders = 0;
  std::vector<double> latencies_ms;
  std::string first_error;
};

// Runs one order through its whole life; returns false at the first refusal.
bool OneLifecycle(BenchClient& client, const Directory& dir, const Tokens& tok, int thread, long n,
                  Tally& tally) {
  const std::size_t lead = static_cast<std::size_t>(thread + n) % dir.leads.size();
  const std::string& handler = tok.handlers[lead];
  std::int64_t version = 0;
  std::int64_t id = 0;
  auto timed = [&](auto&& call, int expected) {
    const auto t0 = SteadyClock::now();
    HttpResult r = call();
    tally.latencies_ms.push_back(
        std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count());
    if (r.status != expected || !r.body.is_object()) {
      if (tally.first_error.empty())
        tally.first_error =
            fmt::format("HTTP {} {}", r.status, r.body.is_discarded() ? "" : r.body.dump());
      return false;
    }
    ++tally.actions;
    version = r.body.value("version", std::int64_t{0});
    id = r.body.value("id", std::int64_t{0});
    return true;
  };
  auto act = [&](std::string_view action, const std::string& token, json body) {
    body["version"] = version;
    return timed(
        [&] {
          return client.Post(fmt::format("/api/v1/orders/{}/actions/{}", id, action), body, token);
        },
        200);
  };
  const std::string key = fmt::format("lifecycle-{}-{}-{}", ::getpid(), thread, n);
  if (!timed([&] { return client.Post("/api/v1/orders", IntakeBody(dir, key), tok.agent); }, 201))
    return false;
  return act("dispatch", tok.dispatcher,
             {{"lead_unit_id", dir.leads[lead].first},
              {"assist_unit_ids", json::array()},
              {"note", "压测派单"}}) &&
         act("sign", handler, json::object()) &&
         act("extend", handler, {{"days", 3}, {"reason", "需协调相关单位"}}) &&
         act("review-extension", tok.reviewer, {{"approve", true}, {"note", "同意"}}) &&
         act("reply", handler,
             {{"measures", "已现场核查并责令整改"},
              {"progress", "施工单位已调整作业时间"},
              {"result", "夜间施工已停止，诉求已解决"},
              {"contact", {{"method", "phone"}, {"at", FormatRfc3339(SystemClock().Now())}}},
              {"note", ""}}) &&
         act("review-reply", tok.reviewer, {{"approve", true}, {"note", ""}}) &&
         act("callback", tok.callback,
             {{"reached", true},
              {"resolved", true},
              {"satisfaction", "satisfied"},
              {"note", "满意"}});
}

}  // namespace

int PrintFreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    fmt::print(stderr, "no free port\n");
    return 1;
  }
  fmt::print("{}\n", ntohs(addr.sin_port));
  close(fd);
  return 0;
}

int RunSetup(const ServerTarget& target) {
  if (!WaitHealthy(target.url)) {
    fmt::print(stderr, "server at {} did not become healthy\n", target.url);
    return 1;
  }
  BenchClient client(target.url);
  Directory dir;
  if (!LoadDirectory(client, target.password, dir)) return 1;
  const std::string agent = client.Login("agent1", target.password);
  const std::string dispatcher = client.Login("dispatcher1", target.password);
  if (agent.empty() || dispatcher.empty()) {
    fmt::print(stderr, "agent1/dispatcher1 login failed\n");
    return 1;
  }
  // The order the read benchmark fetches: dispatched, so it carries a log.
  const HttpResult order =
      client.Post("/api/v1/orders", IntakeBody(dir, "bench-read-order"), agent);
  if (order.status != 201) {
    fmt::print(stderr, "intake failed: {} {}\n", order.status, order.body.dump());
    return 1;
  }
  const auto id = order.body.at("id").get<std::int64_t>();
  const HttpResult dispatched = client.Post(
      fmt::format("/api/v1/orders/{}/actions/dispatch", id),
      {{"lead_unit_id", dir.leads.front().first}, {"assist_unit_ids", json::array()}, {"note", ""}},
      dispatcher);
  if (dispatched.status != 200) {
    fmt::print(stderr, "dispatch failed: {} {}\n", dispatched.status, dispatched.body.dump());
    return 1;
  }
  fmt::print(
      "HOTLINE_TOKEN='{}'\nHOTLINE_CATEGORY_ID={}\nHOTLINE_STREET_ID={}\nHOTLINE_ORDER_ID={}\n",
      agent, dir.category_id, dir.street_id, id);
  return 0;
}

int RunLifecycle(const LifecycleOptions& options) {
  const ServerTarget& target = options.target;
  if (!WaitHealthy(target.url)) {
    fmt::print(stderr, "server at {} did not become healthy\n", target.url);
    return 1;
  }
  BenchClient client(target.url);
  Directory dir;
  if (!LoadDirectory(client, target.password, dir)) return 1;
  Tokens tok;
  tok.agent = client.Login("agent1", target.password);
  tok.dispatcher = client.Login("dispatcher1", target.password);
  tok.reviewer = client.Login("reviewer1", target.password);
  tok.callback = client.Login("callback1", target.password);
  for (const auto& [id, code] : dir.leads)
    tok.handlers.push_back(client.Login("h" + code, target.password));
  for (const std::string* t : {&tok.agent, &tok.dispatcher, &tok.reviewer, &tok.callback})
    if (t->empty()) {
      fmt::print(stderr, "a platform account could not log in\n");
      return 1;
    }
  for (std::size_t i = 0; i < tok.handlers.size(); ++i)
    if (tok.handlers[i].empty()) {
      fmt::print(stderr, "handler h{} could not log in\n", dir.leads[i].second);
      return 1;
    }

  std::vector<Tally> tallies(static_cast<std::size_t>(options.threads));
  const auto start = SteadyClock::now();
  const auto deadline = start + std::chrono::duration_cast<SteadyClock::duration>(
                                    std::chrono::duration<double>(options.seconds));
  std::vector<std::thread> threads;
  for (int t = 0; t < options.threads; ++t)
    threads.emplace_back([&, t] {
      BenchClient worker(target.url);
      Tally& tally = tallies[static_cast<std::size_t>(t)];
      for (long n = 0; SteadyClock::now() < deadline; ++n) {
        if (OneLifecycle(worker, dir, tok, t, n, tally)) {
          ++tally.orders;
        } else {
          ++tally.failed_orders;
        }
      }
    });
  for (auto& th : threads) th.join();
  const double elapsed = std::chrono::duration<double>(SteadyClock::now() - start).count();

  Tally total;
  for (auto& t : tallies) {
    total.orders += t.orders;
    total.actions += t.actions;
    total.failed_orders += t.failed_orders;
    total.latencies_ms.insert(total.latencies_ms.end(), t.latencies_ms.begin(),
                              t.latencies_ms.end());
    if (total.first_error.empty()) total.first_error = t.first_error;
  }
  std::sort(total.latencies_ms.begin(), total.latencies_ms.end());
  const double orders_per_s = static_cast<double>(total.orders) / elapsed;
  const double actions_per_s = static_cast<double>(total.actions) / elapsed;
  const double p50 = Percentile(total.latencies_ms, 50);
  const double p99 = Percentile(total.latencies_ms, 99);
  fmt::print(
      "lifecycle: {} threads for {:.1f} s, 8 actions per order "
      "(intake dispatch sign extend review-extension reply review-reply callback)\n"
      "  orders closed   {:>8}  ({:.1f} orders/s)\n"
      "  actions         {:>8}  ({:.1f} actions/s)\n"
      "  action latency  p50 {:.2f} ms  p99 {:.2f} ms\n"
      "  failed orders   {:>8}\n",
      options.threads, elapsed, total.orders, orders_per_s, total.actions, actions_per_s, p50, p99,
      total.failed_orders);
  if (!total.first_error.empty()) fmt::print("  first error: {}\n", total.first_error);
  fmt::print(
      "RESULT lifecycle_orders_per_s={:.1f} lifecycle_actions_per_s={:.1f} lifecycle_p50_ms={:.2f} "
      "lifecycle_p99_ms={:.2f} lifecycle_failed={}\n",
      orders_per_s, actions_per_s, p50, p99, total.failed_orders);
  return total.failed_orders == 0 ? 0 : 2;
}

}  // namespace hotline::bench
