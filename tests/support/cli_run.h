// Runs the real `hotline` program as scripts and staff run it from a shell,
// for the tests of its subcommands: stdout and stderr kept apart, the exit
// code as the shell sees it.
#pragma once

#include <string>
#include <vector>

namespace hotline::testing {

struct CliRun {
  int exit_code = -1;  // -1 when the program did not exit normally
  std::string out;     // stdout
  std::string err;     // stderr

  // The last non-empty line of stdout (where subcommands print their result).
  std::string LastLine() const;
};

// `hotline ARGS...`, each argument quoted for the shell, run in `cwd` (the
// test's current directory when empty).
CliRun RunHotlineCli(const std::vector<std::string>& args, const std::string& cwd = "");

// `hotline ARGS` with ARGS as one shell string (not quoted), stdout and
// stderr together in `output`; returns the exit code (-1: no normal exit).
int RunHotlineShell(const std::string& args, std::string* output);

}  // namespace hotline::testing
