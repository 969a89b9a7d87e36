// The benchmark program's modes other than the Google Benchmark
// micro-benchmarks: preparing a running server for wrk, and driving whole
// order lifecycles over HTTP.
#pragma once

#include <string>

namespace hotline::bench {

struct ServerTarget {
  std::string url;       // e.g. http://127.0.0.1:18080
  std::string password;  // of the demo accounts
};

// Waits for the server, logs in agent1 and creates one dispatched order.
// Prints shell assignments for scripts/bench.sh to eval:
// HOTLINE_TOKEN, HOTLINE_CATEGORY_ID, HOTLINE_STREET_ID, HOTLINE_ORDER_ID.
int RunSetup(const ServerTarget& target);

struct LifecycleOptions {
  ServerTarget target;
  int threads = 8;
  double seconds = 10;
};

// Drives orders from intake to closed (8 actions each) from `threads`
// clients for `seconds`; prints orders/s, actions/s and latency percentiles.
int RunLifecycle(const LifecycleOptions& options);

// Prints a TCP port on 127.0.0.1 that is free right now.
int PrintFreePort();

// Issue 3's deadline-alarm scan over a temporary database of many open orders
// (alarm_scan_bench.cpp). `argv[0]` is the mode name; see --help.
int RunAlarmScan(int argc, char** argv);

// Issue 5's figures at scale: bulk orders with events and rollups, the
// monthly report and yearly ranking against the naive GROUP BY, and the
// server's peak RSS (metrics_bench.cpp). `argv[0]` is the mode name.
int RunMetrics(int argc, char** argv);

// The dispatch text classifier: prediction latency over the real labelled
// messages and training time on --orders recombined texts (issue 7).
int RunClassifier(int argc, char** argv);
// Issue 7's full-text search over 1,000,000 orders: index build rate and
// 2-, 3-, 4-character query latencies (search_bench.cpp). `argv[0]` is the mode name.
int RunSearch(int argc, char** argv);
// Issue 7's duplicate lookup over 1,000,000 orders in the window: signing,
// storing and loading the index, lookup latency (duplicates_bench.cpp).
int RunDuplicates(int argc, char** argv);

// Whole dispatch suggestions (classifiers, 权责清单, gazetteer) on the demo
// district with a trained model, for the real messages (suggest_bench.cpp).
int RunSuggest(int argc, char** argv);

}  // namespace hotline::bench
