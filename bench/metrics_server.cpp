#include "metrics_server.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string_view>
#include <thread>
#include <vector>

#include "bench_http.h"

namespace hotline::bench::metrics {
namespace {

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int port = 0;
  if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  if (fd >= 0) close(fd);
  return port;
}

std::int64_t StatusKb(pid_t pid, std::string_view field) {
  std::ifstream in(fmt::format("/proc/{}/status", pid));
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with(field)) return std::atoll(line.c_str() + field.size() + 1);
  return -1;
}

}  // namespace

Result<ServerMeasure> MeasureServer(const std::string& hotline, const std::string& db,
                                    const std::filesystem::path& dir, const Period& month,
                                    const Period& year, int repeat) {
  ServerMeasure m;
  const int port = FreePort();
  if (port == 0) return Fail(ErrorKind::kInternal, "no_port", "没有空闲端口");
  const std::string listen = fmt::format("127.0.0.1:{}", port);
  const std::string log = (dir / "metrics-server.log").string();
  const auto t0 = SteadyClock::now();
  // The child inherits unflushed output; write it once, here, not twice.
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid < 0) return Fail(ErrorKind::kInternal, "fork_failed", "无法启动服务进程");
  if (pid == 0) {
    if (!freopen(log.c_str(), "w", stderr) || !freopen("/dev/null", "w", stdout)) _exit(126);
    execl(hotline.c_str(), hotline.c_str(), "serve", "--db", db.c_str(), "--listen", listen.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  auto stop = [&] {
    kill(pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100; ++i) {
      if (waitpid(pid, &status, WNOHANG) == pid) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  };
  BenchClient client(fmt::format("http://{}", listen));
  bool up = false;
  // A server built with another definition of the figures rebuilds every
  // rollup from the event log before it listens: allow for that.
  for (int i = 0; i < 9000 && !up; ++i) {  // up to 15 minutes
    up = client.Get("/healthz").status == 200;
    if (!up) {
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == pid)
        return Fail(ErrorKind::kInternal, "server_died", fmt::format("服务进程退出，见 {}", log));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  m.start_s = Seconds(SteadyClock::now() - t0).count();
  if (!up) {
    stop();
    return Fail(ErrorKind::kInternal, "server_not_ready", fmt::format("服务未就绪，见 {}", log));
  }
  m.start_hwm_kb = StatusKb(pid, "VmHWM:");
  const std::string token = client.Login("leader1", kPassword);
  if (token.empty()) {
    stop();
    return Fail(ErrorKind::kInternal, "login_failed", "登录失败");
  }
  auto hit = [&](const Period& p) {
    std::vector<double> ms;
    for (int i = 0; i < repeat; ++i)
      for (std::string_view g : {"all", "unit", "street", "category", "channel"}) {
        const auto t = SteadyClock::now();
        auto r = client.Get(
            fmt::format("/api/v1/metrics?group_by={}&from={}&to={}", g, p.from, p.to), token);
        ms.push_back(Millis(SteadyClock::now() - t).count());
        if (r.status != 200) ++m.failures;
      }
    return Summarise(ms);
  };
  m.month = hit(month);
  m.year = hit(year);
  m.hwm_kb = StatusKb(pid, "VmHWM:");
  m.rss_kb = StatusKb(pid, "VmRSS:");
  stop();
  return m;
}

}  // namespace hotline::bench::metrics
