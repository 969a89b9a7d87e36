// Runs the real `hotline` program for integration tests: seeds a demo
// database and starts `hotline serve` on a free loopback port.
//
// The demo database is created once per build of the server (`hotline demo
// --orders 0`, cached in build/integration-test-cache/) and copied for every
// ServerProcess, so each test starts from a fresh, identical organisation
// without paying for the seeding each time.
//
// Thread safety: a ServerProcess is driven by one thread (the test's);
// concurrent clients talk to the server itself, not to this object.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

namespace hotline::testing {

// The password every demo account gets in tests.
inline constexpr std::string_view kDemoPassword = "Hotline-Test-2026";

class ServerProcess {
 public:
  // Prepares a private directory with a copy of the demo database. Does not start.
  ServerProcess();
  // Stops the server (SIGTERM, then SIGKILL) and removes the directory unless
  // HOTLINE_TEST_KEEP is set in the environment.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts `hotline serve` and waits until /healthz answers 200. On the first
  // start a free port is chosen; later starts reuse it. Returns false and
  // fills `error` when the server did not come up.
  bool Start(std::string* error);

  // SIGTERM and wait (up to `timeout_ms`, then SIGKILL). Returns the exit
  // status as from waitpid, or -1 when nothing was running.
  int Stop(int timeout_ms = 10000);

  // SIGKILL and reap: a crash, as far as the database can tell.
  void Kill();

  // Start after Stop or Kill, on the same database and port.
  bool Restart(std::string* error) { return Start(error); }

  // Arguments appended to `hotline serve` from the next Start on (e.g. --config FILE).
  void SetExtraArgs(std::vector<std::string> args) { extra_args_ = std::move(args); }

  bool Running();
  int port() const { return port_; }
  std::string BaseUrl() const;
  const std::string& db_path() const { return db_path_; }
  const std::string& dir() const { return dir_; }
  bool ready() const { return ready_; }  // the database copy exists
  const std::string& setup_error() const { return setup_error_; }

  // The last `max_bytes` of the server's stderr/stdout log.
  std::string LogTail(std::size_t max_bytes = 4000) const;

 private:
  std::string dir_;
  std::string db_path_;
  std::vector<std::string> extra_args_;
  std::string log_path_;
  int port_ = 0;
  pid_t pid_ = -1;
  bool ready_ = false;
  std::string setup_error_;
};

// Runs a program to completion with stdout/stderr appended to `log_path`.
// Returns its exit code, or -1 when it could not be run or timed out.
int RunProgram(const std::vector<std::string>& argv, const std::string& log_path, int timeout_ms);

// A TCP port on 127.0.0.1 that was free a moment ago.
int FindFreePort();

}  // namespace hotline::testing
