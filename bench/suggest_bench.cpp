// Dispatch suggestions as a dispatcher gets them (issue 7): the demo district
// with --orders played orders and the model trained on its closed ones, its
// gazetteer and 权责清单, asked for the real messages' texts. Measures the
// whole DispatchAdvisor::Suggest (both classifiers, rules, gazetteer,
// combination), not only the classifier.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>

#include "demo/demo.h"
#include "demo/seed_dispatch.h"
#include "drivers.h"
#include "labeled_messages.h"
#include "service/directory.h"
#include "storage/sqlite/dispatch_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace hotline::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

double Percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))];
}

}  // namespace

int RunSuggest(int argc, char** argv) {
  CLI::App app{"dispatch suggestions: latency of a whole suggestion"};
  std::string data = "../shared/data";
  std::string dir = std::filesystem::temp_directory_path().string();
  int orders = 3000;
  int rounds = 10;
  app.add_option("--data", data, "the shared data directory (hotline-texts/ inside)");
  app.add_option("--dir", dir, "where the temporary demo database goes");
  app.add_option("--orders", orders, "demo orders played before training")
      ->check(CLI::Range(100, 100'000));
  app.add_option("--rounds", rounds, "passes over the messages")->check(CLI::Range(1, 1000));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  auto rows = ReadLabeledMessages(data);
  if (!rows) return 1;

  const std::string db = dir + "/suggest-bench.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  SqliteOptions options;
  options.path = db;
  options.synchronous = "normal";
  auto store = OpenSqliteStore(options);
  if (!store) return 1;
  Directory directory(**store);
  if (auto r = directory.Reload(); !r) return 1;
  SystemClock clock;
  DemoOptions demo;
  demo.password = "Bench-Pass-2026";
  demo.orders = orders;
  auto start = Clock::now();
  if (auto r = SeedDemo(**store, directory, demo); !r) {
    fmt::print(stderr, "suggest: demo failed: {}\n", r.error().message);
    return 1;
  }
  const double demo_s = Since(start);
  if (auto r = directory.Reload(); !r) return 1;
  auto dispatch_store = OpenSqliteDispatchStore(db);
  if (!dispatch_store) return 1;
  DispatchAdvisor advisor(**dispatch_store, directory, clock);
  if (auto r = advisor.Load(); !r) return 1;
  start = Clock::now();
  auto seeded = demo::SeedDemoDispatch(advisor, *directory.Units());
  if (!seeded || seeded->model_version == 0) {
    fmt::print(stderr, "suggest: no model: {}\n",
               seeded ? seeded->model_note : seeded.error().message);
    return 1;
  }
  const double train_s = Since(start);

  std::vector<SuggestionInput> inputs;
  for (const LabeledRow& r : *rows) inputs.push_back({r.example.text, "", "", std::nullopt});
  for (const SuggestionInput& i : inputs) (void)advisor.Suggest(i);  // warm-up
  std::vector<double> micros;
  micros.reserve(inputs.size() * rounds);
  for (int round = 0; round < rounds; ++round)
    for (const SuggestionInput& i : inputs) {
      const auto t = Clock::now();
      auto s = advisor.Suggest(i);
      micros.push_back(Since(t) * 1e6);
      if (!s) return 1;
    }
  fmt::print("suggest_demo_orders={} suggest_demo_s={:.1f} suggest_train_s={:.1f}\n", orders,
             demo_s, train_s);
  fmt::print("suggest_p50_us={:.0f} suggest_p99_us={:.0f} (n={})\n", Percentile(micros, 0.5),
             Percentile(micros, 0.99), micros.size());
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  return 0;
}

}  // namespace hotline::bench
