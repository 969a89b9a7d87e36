// Issue 7's duplicate lookup at scale (docs/duplicates.md): 1,000,000 orders
// in the window, texts recombined at run time from clauses of real citizen
// messages (../shared/data, never stored in the repository).
//
// Phases, each timed apart:
//   sign   title+content -> MinHash signature and keys (what intake adds);
//   write  the order_similarity rows into a temporary database made by
//          OpenSqliteStore (real schema), one transaction, the store's SQL;
//   load   Store::ListDuplicateEntries + DuplicateIndex::Upsert: what
//          `hotline serve` does at start;
//   lookup per probe: sign the typed text, ByText + ByAddress + ByCaller
//          (everything DuplicateFinder does in memory), for edited copies of
//          indexed texts (with recall) and for held-out unrelated messages.
// The temporary database is deleted afterwards.
#include <fmt/format.h>
#include <stdlib.h>
#include <time.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include "drivers.h"
#include "storage/order_doc.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/duplicate_queries.h"
#include "storage/sqlite/sqlite_store.h"
#include "temp_dir.h"
#include "workorder/duplicate_index.h"

namespace hotline::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;
using Micros = std::chrono::duration<double, std::micro>;
using Seconds = std::chrono::duration<double>;
constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
constexpr std::size_t kHeldOut = 500;  // messages never used to build texts

std::vector<std::string> ReadMessages(const std::string& data_dir) {
  std::ifstream in(data_dir + "/hotline-texts/messages_with_votes.tsv");
  std::vector<std::string> out;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    const auto tab1 = line.find('\t');
    const auto tab2 = line.find('\t', tab1 + 1);
    if (tab1 == std::string::npos || tab2 == std::string::npos) continue;
    out.push_back(line.substr(tab1 + 1, tab2 - tab1 - 1));
  }
  return out;
}

// Clauses of the messages, cut at Chinese sentence and clause punctuation.
std::vector<std::string> Clauses(const std::vector<std::string>& messages) {
  std::vector<std::string> out;
  for (const std::string& m : messages) {
    std::u32string chars = DecodeUtf8(m), clause;
    for (char32_t c : chars) {
      clause.push_back(c);
      if (c == U'。' || c == U'，' || c == U'！' || c == U'？' || c == U'；') {
        if (clause.size() >= 6) out.push_back(EncodeUtf8(clause));
        clause.clear();
      }
    }
    if (clause.size() >= 6) out.push_back(EncodeUtf8(clause));
  }
  return out;
}

std::string LightlyEdited(const std::string& text) {
  std::u32string chars = DecodeUtf8(text), edited;
  for (std::size_t i = 0; i < chars.size(); ++i)
    if (i % 25 != 7) edited.push_back(chars[i]);
  return EncodeUtf8(edited) + "，请尽快处理";
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * v.size()))];
}

struct Generated {
  std::string title, content, address, phone;
};

// Deterministic order i: 4..9 clauses from anywhere, an address among 20,000
// places and a number among 300,000 callers.
Generated Generate(std::size_t i, const std::vector<std::string>& clauses) {
  std::mt19937_64 rng(i * 0x9e3779b97f4a7c15ULL + 7);
  Generated g;
  const int n = 4 + static_cast<int>(rng() % 6);
  for (int k = 0; k < n; ++k) g.content += clauses[rng() % clauses.size()];
  g.title = clauses[rng() % clauses.size()];
  g.address = fmt::format("秦淮区测试路{}号", rng() % 20000);
  g.phone = fmt::format("139{:08}", rng() % 300000);
  return g;
}

// CPU time of this thread: a lookup's own cost, without the time the thread
// waited for a core on a busy machine (wall time is reported too).
double ThreadCpuMicros() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

}  // namespace

int RunDuplicates(int argc, char** argv) {
  CLI::App app("duplicate lookup at scale (issue 7)");
  int orders = 1'000'000;
  int probes = 2000;
  std::string dir = std::filesystem::temp_directory_path().string();
  std::string data = "../shared/data";
  app.add_option("--orders", orders, "orders in the window")->check(CLI::Range(1000, 20'000'000));
  app.add_option("--probes", probes, "lookups of each kind")->check(CLI::Range(10, 100000));
  app.add_option("--dir", dir, "where the temporary database goes");
  app.add_option("--data", data, "the shared data directory (real messages)");
  CLI11_PARSE(app, argc, argv);

  const auto messages = ReadMessages(data);
  if (messages.size() < kHeldOut * 2) {
    fmt::print(stderr, "duplicates: real messages not found under {}\n", data);
    return 1;
  }
  const std::vector<std::string> held_out(messages.end() - kHeldOut, messages.end());
  const auto clauses = Clauses({messages.begin(), messages.end() - kHeldOut});
  fmt::print("duplicates: {} real messages -> {} clauses; {} held out as unrelated probes\n",
             messages.size() - kHeldOut, clauses.size(), kHeldOut);

  const std::int64_t now_ms = 1'790'000'000'000;  // the window's end
  const std::int64_t window_ms = 30 * kDayMs;

  // sign
  auto t0 = SteadyClock::now();
  std::vector<DuplicateEntry> entries(orders);
  for (int i = 0; i < orders; ++i) {
    const Generated g = Generate(i, clauses);
    DuplicateEntry& e = entries[i];
    e.order_id = i + 1;
    e.created_ms = now_ms - window_ms + static_cast<std::int64_t>(i) * window_ms / orders;
    e.caller_key = CallerKey(g.phone);
    e.address_key = AddressKey(g.address);
    e.category_id = 1 + i % 50;
    if (auto sig = TextSignature(g.title, g.content)) {
      e.signature = *sig;
      e.has_text = true;
    }
  }
  const double sign_s = Seconds(SteadyClock::now() - t0).count();
  fmt::print("sign:   {} orders in {:.1f} s = {:.0f} orders/s\n", orders, sign_s, orders / sign_s);

  TempDir tmp(dir, "hotline-duplicates");
  if (tmp.path().empty()) {
    fmt::print(stderr, "duplicates: cannot create a temporary directory in {}\n", dir);
    return 1;
  }
  const std::string path = (tmp.path() / "duplicates.db").string();
  {
    auto store = OpenSqliteStore({.path = path});
    if (!store) {
      fmt::print(stderr, "duplicates: {}\n", store.error().message);
      return 1;
    }
  }
  double write_s = 0, load_s = 0;
  // write (setup speed: no fsync; the rows stand for orders not stored here)
  {
    auto db = sqlite::Connection::Open(path, {});
    if (!db) return 1;
    (void)(*db)->Exec("PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF");
    t0 = SteadyClock::now();
    if (auto r = (*db)->Exec("BEGIN IMMEDIATE"); !r) return 1;
    for (const DuplicateEntry& e : entries)
      if (auto r = sqlite::SaveDuplicateEntryIn(**db, e); !r) {
        fmt::print(stderr, "duplicates: {}\n", r.error().message);
        return 1;
      }
    if (auto r = (*db)->Exec("COMMIT"); !r) return 1;
    write_s = Seconds(SteadyClock::now() - t0).count();
    fmt::print("write:  {} rows in {:.1f} s = {:.0f} rows/s; database {:.0f} MB\n", orders, write_s,
               orders / write_s, std::filesystem::file_size(path) / 1e6);
  }
  // load, as `hotline serve` does at start
  DuplicateIndex index;
  {
    auto store = OpenSqliteStore({.path = path});
    if (!store) return 1;
    t0 = SteadyClock::now();
    // As DuplicateFinder::Load: count, reserve, then pages by order id.
    const std::int64_t since = now_ms - window_ms;
    auto count = (*store)->CountDuplicateEntries(since);
    if (!count) {
      fmt::print(stderr, "duplicates: {}\n", count.error().message);
      return 1;
    }
    index.Reserve(static_cast<std::size_t>(*count));
    double read_s = 0;
    std::size_t loaded = 0;
    for (OrderId after = 0;;) {
      const auto read_start = SteadyClock::now();
      auto rows = (*store)->ListDuplicateEntries(since, after, 20'000);
      if (!rows) {
        fmt::print(stderr, "duplicates: {}\n", rows.error().message);
        return 1;
      }
      read_s += Seconds(SteadyClock::now() - read_start).count();
      if (rows->empty()) break;
      for (const DuplicateEntry& e : *rows) index.Upsert(e);
      loaded += rows->size();
      after = rows->back().order_id;
    }
    load_s = Seconds(SteadyClock::now() - t0).count();
    fmt::print(
        "load:   {} rows read in {:.1f} s, index built in {:.1f} s total = {:.0f} orders/s\n",
        loaded, read_s, load_s, loaded / load_s);
  }

  // lookup
  auto lookup = [&](const std::string& title, const std::string& content,
                    const std::string& address, const std::string& phone, std::int64_t want,
                    std::vector<double>& latencies, std::vector<double>& cpu,
                    std::vector<double>& touched) {
    const auto start = SteadyClock::now();
    const double cpu_start = ThreadCpuMicros();
    std::size_t n = 0;
    bool found = false;
    const std::int64_t since = now_ms - window_ms;  // the whole window
    if (auto sig = TextSignature(title, content)) {
      for (const auto& m : index.ByText(*sig, since)) {
        ++n;
        found = found || (m.entry->order_id == want && m.similarity >= 0.5);
      }
    }
    n += index.ByAddress(AddressKey(address), since).size();
    n += index.ByCaller(CallerKey(phone), since).size();
    latencies.push_back(Micros(SteadyClock::now() - start).count());
    cpu.push_back(ThreadCpuMicros() - cpu_start);
    touched.push_back(static_cast<double>(n));
    return found;
  };
  std::vector<double> similar_us, similar_cpu, similar_n, unrelated_us, unrelated_cpu, unrelated_n;
  int recalled = 0;
  std::mt19937_64 rng(42);
  for (int p = 0; p < probes; ++p) {
    // A recent order (the last four weeks of the window) retyped by another caller.
    const std::size_t i = orders - 1 - rng() % (orders * 9 / 10);
    const Generated g = Generate(i, clauses);
    recalled += lookup(g.title, LightlyEdited(g.content), "秦淮区别处路1号", "13700000000",
                       static_cast<std::int64_t>(i + 1), similar_us, similar_cpu, similar_n);
  }
  for (int p = 0; p < probes; ++p) {
    const std::string& text = held_out[p % held_out.size()];
    lookup("", text, fmt::format("秦淮区测试路{}号", rng() % 20000),
           fmt::format("139{:08}", rng() % 300000), -1, unrelated_us, unrelated_cpu, unrelated_n);
  }
  auto report = [](const char* what, const std::vector<double>& wall,
                   const std::vector<double>& cpu, const std::vector<double>& touched) {
    fmt::print(
        "lookup {:9}  wall p50 {:.0f} us  p99 {:.0f} us  max {:.0f} us | cpu p50 {:.0f} us  p99 "
        "{:.0f} us | entries touched p50 {:.0f}  p99 {:.0f}\n",
        what, Percentile(wall, 0.5), Percentile(wall, 0.99), Percentile(wall, 1.0),
        Percentile(cpu, 0.5), Percentile(cpu, 0.99), Percentile(touched, 0.5),
        Percentile(touched, 0.99));
  };
  report("similar", similar_us, similar_cpu, similar_n);
  report("unrelated", unrelated_us, unrelated_cpu, unrelated_n);
  fmt::print("recall: the original found at >= 50% for {:.1f}% of {} edited copies\n",
             100.0 * recalled / probes, probes);
  fmt::print(
      "duplicates: orders={} sign_per_s={:.0f} write_per_s={:.0f} load_s={:.1f} "
      "similar_p50_us={:.0f} similar_p99_us={:.0f} similar_cpu_p99_us={:.0f} "
      "unrelated_p50_us={:.0f} unrelated_p99_us={:.0f} unrelated_cpu_p99_us={:.0f} "
      "recall_pct={:.1f}\n",
      orders, orders / sign_s, orders / write_s, load_s, Percentile(similar_us, 0.5),
      Percentile(similar_us, 0.99), Percentile(similar_cpu, 0.99), Percentile(unrelated_us, 0.5),
      Percentile(unrelated_us, 0.99), Percentile(unrelated_cpu, 0.99), 100.0 * recalled / probes);
  return 0;
}

}  // namespace hotline::bench
