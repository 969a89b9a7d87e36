#include "support/cli_run.h"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace hotline::testing {
namespace {

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

}  // namespace

std::string CliRun::LastLine() const {
  std::string s = out;
  while (!s.empty() && s.back() == '\n') s.pop_back();
  const std::size_t nl = s.rfind('\n');
  return nl == std::string::npos ? s : s.substr(nl + 1);
}

CliRun RunHotlineCli(const std::vector<std::string>& args, const std::string& cwd) {
  static std::atomic<int> runs{0};
  const std::filesystem::path err_file =
      std::filesystem::temp_directory_path() /
      ("hotline-cli-" + std::to_string(::getpid()) + "-" + std::to_string(runs++) + ".err");
  std::string command;
  if (!cwd.empty()) command = "cd " + Quote(cwd) + " && ";
  command += Quote(HOTLINE_BINARY);
  for (const std::string& a : args) command += " " + Quote(a);
  command += " 2>" + Quote(err_file.string());
  CliRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) run.out.append(buf, n);
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(err_file);
  run.err.assign(std::istreambuf_iterator<char>(err), {});
  std::filesystem::remove(err_file);
  return run;
}

int RunHotlineShell(const std::string& args, std::string* output) {
  const std::string command = Quote(HOTLINE_BINARY) + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) output->append(buf, n);
  const int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace hotline::testing
