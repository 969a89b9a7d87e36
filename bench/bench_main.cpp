// hotline_bench: one program, several modes (see scripts/bench.sh).
//   hotline_bench micro [--benchmark_...]      domain micro-benchmarks
//   hotline_bench setup --url U --password P   prepare a server for wrk
//   hotline_bench lifecycle --url U --password P [--threads N] [--seconds S]
//   hotline_bench alarm-scan [--orders N]      deadline-alarm scan (no server)
//   hotline_bench duplicates [--orders N]      duplicate lookup at scale (no server)
//   hotline_bench metrics [--orders N]         figures at scale (issue 5)
//   hotline_bench classifier [--data DIR]      text classifier latency, training time
//   hotline_bench search [--orders N]          full-text search at scale (issue 7)
//   hotline_bench suggest [--orders N]         whole dispatch suggestions (issue 7)
//   hotline_bench free-port
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <string_view>
#include <vector>

#include "drivers.h"

namespace {

int RunMicro(int argc, char** argv) {
  // Google Benchmark sees the program name plus everything after "micro".
  std::vector<char*> args{argv[0]};
  for (int i = 2; i < argc; ++i) args.push_back(argv[i]);
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  if (benchmark::ReportUnrecognizedArguments(n, args.data())) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "micro";
  if (mode == "micro" || mode.starts_with("--benchmark")) {
    if (mode != "micro") {  // flags without a mode: treat as micro
      std::vector<char*> shifted{argv[0], argv[0]};
      for (int i = 1; i < argc; ++i) shifted.push_back(argv[i]);
      return RunMicro(static_cast<int>(shifted.size()), shifted.data());
    }
    return RunMicro(argc, argv);
  }
  if (mode == "free-port") return hotline::bench::PrintFreePort();
  if (mode == "alarm-scan") return hotline::bench::RunAlarmScan(argc - 1, argv + 1);
  if (mode == "metrics") return hotline::bench::RunMetrics(argc - 1, argv + 1);
  if (mode == "classifier") return hotline::bench::RunClassifier(argc - 1, argv + 1);
  if (mode == "search") return hotline::bench::RunSearch(argc - 1, argv + 1);
  if (mode == "duplicates") return hotline::bench::RunDuplicates(argc - 1, argv + 1);
  if (mode == "suggest") return hotline::bench::RunSuggest(argc - 1, argv + 1);

  CLI::App app{"hotline benchmark driver"};
  hotline::bench::LifecycleOptions options;
  app.add_option("--url", options.target.url, "server base URL")->required();
  app.add_option("--password", options.target.password, "demo account password")->required();
  app.add_option("--threads", options.threads, "client threads (lifecycle)")
      ->check(CLI::Range(1, 512));
  app.add_option("--seconds", options.seconds, "duration (lifecycle)")
      ->check(CLI::Range(0.1, 3600.0));
  try {
    app.parse(argc - 1, argv + 1);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (mode == "setup") return hotline::bench::RunSetup(options.target);
  if (mode == "lifecycle") return hotline::bench::RunLifecycle(options);
  fmt::print(stderr,
             "unknown mode '{}': use micro, setup, lifecycle, alarm-scan, metrics, classifier, "
             "search, duplicates, suggest or free-port\n",
             mode);
  return 1;
}
