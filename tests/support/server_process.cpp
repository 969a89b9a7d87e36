#include "support/server_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/api_client.h"

#ifndef HOTLINE_BINARY
#define HOTLINE_BINARY "hotline"
#endif

namespace hotline::testing {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// Creates a fresh directory named `prefix` + 6 random characters.
std::string MakeTempDir(const fs::path& prefix) {
  std::string pattern = prefix.string() + "XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) return {};
  return pattern;
}

// Forks and execs `argv` with output appended to `log_path`. The child gets
// SIGKILL if the test process dies, so no server outlives a crashed test.
pid_t Spawn(const std::vector<std::string>& argv, const std::string& log_path) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) return -1;
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    // Only async-signal-safe calls from here on.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(126);
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    const int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    execv(args[0], args.data());
    _exit(127);
  }
  close(log_fd);
  return pid;
}

// Waits for `pid` up to `timeout_ms`; returns true and sets `status` when it exited.
bool WaitFor(pid_t pid, int timeout_ms, int* status) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    const pid_t r = waitpid(pid, status, WNOHANG);
    if (r == pid) return true;
    if (r < 0) return true;  // already reaped
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

bool KeepFiles() { return std::getenv("HOTLINE_TEST_KEEP") != nullptr; }

// The demo database every test copies. ctest runs each test in its own
// process, so the database is cached next to the hotline binary in a
// directory whose name changes whenever the binary does. Concurrent processes
// may build it at once: each builds in its own directory and the first
// rename wins (a directory rename is atomic and keeps a WAL file with it).
struct TemplateDb {
  std::string path;  // the demo.db inside the cache directory
  std::string error;
};

TemplateDb BuildTemplate() {
  TemplateDb db;
  std::error_code ec;
  const fs::path binary(HOTLINE_BINARY);
  const fs::path cache = binary.parent_path() / "integration-test-cache";
  fs::create_directories(cache, ec);
  const auto size = fs::file_size(binary, ec);
  const auto mtime = fs::last_write_time(binary, ec).time_since_epoch().count();
  const fs::path final_dir = cache / ("demo-" + std::to_string(mtime) + "-" + std::to_string(size));
  db.path = (final_dir / "demo.db").string();
  if (fs::exists(db.path)) return db;

  const std::string work = MakeTempDir(cache / "building-");
  if (work.empty()) {
    db.error = "mkdtemp in " + cache.string() + " failed";
    return db;
  }
  const std::string log = work + "/demo.log";
  const int rc = RunProgram({HOTLINE_BINARY, "demo", "--db", work + "/demo.db", "--password",
                             std::string(kDemoPassword), "--orders", "0"},
                            log, 120000);
  if (rc != 0 || !fs::exists(work + "/demo.db")) {
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    db.error = "`hotline demo` failed (exit " + std::to_string(rc) + "): " + text.str();
    fs::remove_all(work, ec);
    return db;
  }
  fs::rename(work, final_dir, ec);
  if (ec) fs::remove_all(work, ec);  // another process was first
  if (!fs::exists(db.path)) db.error = "caching the demo database in " + cache.string() + " failed";
  return db;
}

const TemplateDb& Template() {
  static const TemplateDb db = BuildTemplate();
  return db;
}

}  // namespace

int RunProgram(const std::vector<std::string>& argv, const std::string& log_path, int timeout_ms) {
  const pid_t pid = Spawn(argv, log_path);
  if (pid < 0) return -1;
  int status = 0;
  if (!WaitFor(pid, timeout_ms, &status)) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int FindFreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  int port = 0;
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

ServerProcess::ServerProcess() {
  const TemplateDb& tpl = Template();
  if (!tpl.error.empty()) {
    setup_error_ = tpl.error;
    return;
  }
  dir_ = MakeTempDir(fs::temp_directory_path() / "hotline-it-");
  if (dir_.empty()) {
    setup_error_ = "mkdtemp failed";
    return;
  }
  db_path_ = dir_ + "/hotline.db";
  log_path_ = dir_ + "/server.log";
  std::error_code ec;
  for (const char* suffix : {"", "-wal"}) {
    const fs::path from = tpl.path + suffix;
    if (fs::exists(from)) fs::copy_file(from, db_path_ + suffix, ec);
    if (ec) {
      setup_error_ = "copying the demo database failed: " + ec.message();
      return;
    }
  }
  ready_ = true;
}

ServerProcess::~ServerProcess() {
  Stop();
  if (!dir_.empty() && !KeepFiles()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

std::string ServerProcess::BaseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }

bool ServerProcess::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

bool ServerProcess::Start(std::string* error) {
  if (!ready_) {
    if (error) *error = setup_error_;
    return false;
  }
  if (Running()) return true;
  const bool first = port_ == 0;
  // A restart may find the port briefly unavailable; a first start may lose
  // the race for the port it picked. Either way, try again.
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (first && attempt > 0) port_ = 0;
    if (port_ == 0) port_ = FindFreePort();
    {
      std::ofstream(log_path_, std::ios::app)
          << "---- test: starting server on port " << port_ << " ----\n";
    }
    std::vector<std::string> argv{HOTLINE_BINARY, "serve",    "--db",
                                  db_path_,       "--listen", "127.0.0.1:" + std::to_string(port_)};
    argv.insert(argv.end(), extra_args_.begin(), extra_args_.end());
    pid_ = Spawn(argv, log_path_);
    if (pid_ < 0) {
      if (error) *error = "fork failed";
      return false;
    }
    ApiClient probe(BaseUrl());
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (Clock::now() < deadline) {
      if (!Running()) break;  // exited: probably the port; retry
      if (probe.Get("/healthz").status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (Running()) {  // alive but never healthy: give up
      Kill();
      if (error) *error = "server did not answer /healthz within 30 s; log:\n" + LogTail();
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200 * (attempt + 1)));
  }
  if (error) *error = "server exited during start-up; log:\n" + LogTail();
  return false;
}

int ServerProcess::Stop(int timeout_ms) {
  if (!Running()) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  if (!WaitFor(pid_, timeout_ms, &status)) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
  }
  pid_ = -1;
  return status;
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ServerProcess::LogTail(std::size_t max_bytes) const {
  std::ifstream in(log_path_, std::ios::binary);
  if (!in) return "(no log)";
  std::stringstream text;
  text << in.rdbuf();
  std::string all = text.str();
  if (all.size() > max_bytes) all = "..." + all.substr(all.size() - max_bytes);
  return all;
}

}  // namespace hotline::testing
