// Full-text search at scale (docs/search.md): the orders' bigram index over
// 1,000,000 orders and the latency of 2-, 3- and 4-character queries.
//
// A temporary database gets the real schema (OpenSqliteStore's migrations);
// the index is then filled directly (orders_fts, one transaction) with texts
// recombined at run time from the real citizen messages in the shared data:
// each order's title, content and address are clauses drawn from different
// messages, so character frequencies are those of real demands. Queries are
// substrings of real messages (Han characters only), so each finds
// something. Per query, timed:
//   fts:  the index alone: the number of matches and the newest 20
//   list: the order list's statements (sqlite/order_list_query.cpp) for `q`
//         alone: the total (counted in the index) and the page of the 20
//         newest by created_at from the orders table, the text condition
//         being `o.id IN (SELECT rowid FROM orders_fts WHERE orders_fts MATCH ?)`
//   (and, for three common words, the count joined with the orders table,
//   as a list with a further filter such as a data scope runs it)
//   rank: the 20 best matches by bm25 (the knowledge search's ranking)
// The orders rows carry the columns the list reads; their JSON document is
// left empty, since parsing 20 documents does not depend on the data size.
// The database is deleted afterwards.
#include <fmt/format.h>
#include <stdlib.h>

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
#include "storage/sqlite/connection.h"
#include "storage/sqlite/sqlite_store.h"
#include "temp_dir.h"
#include "text/search_terms.h"
#include "text/shingles.h"

namespace hotline::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;
using Millis = std::chrono::duration<double, std::milli>;
using Seconds = std::chrono::duration<double>;

bool IsHan(char32_t c) { return c >= 0x4E00 && c <= 0x9FFF; }

// Clauses (runs between punctuation) of every real message, and the messages
// themselves as code points for drawing queries.
struct Corpus {
  std::vector<std::string> clauses;
  std::vector<std::u32string> messages;
};

Corpus ReadCorpus(const std::string& data_dir) {
  Corpus corpus;
  for (const char* file :
       {"messages_with_votes.tsv", "messages_with_replies.tsv", "messages_labeled_train.tsv"}) {
    std::ifstream in(data_dir + "/hotline-texts/" + file);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      const auto a = line.find('\t');
      const auto b = line.find('\t', a + 1);
      if (a == std::string::npos) continue;
      const std::u32string text = DecodeUtf8(line.substr(a + 1, b - a - 1));
      corpus.messages.push_back(text);
      std::u32string clause;
      for (char32_t c : text) {
        const bool stop = c == U'，' || c == U'。' || c == U'；' || c == U'！' || c == U'？' ||
                          c == U'、' || c == U' ' || c == U'：';
        if (!stop) clause.push_back(c);
        if ((stop || clause.size() >= 40) && !clause.empty()) {
          if (clause.size() >= 4) corpus.clauses.push_back(EncodeUtf8(clause));
          clause.clear();
        }
      }
      if (clause.size() >= 4) corpus.clauses.push_back(EncodeUtf8(clause));
    }
  }
  return corpus;
}

// `count` distinct Han substrings of `length` characters from random messages.
std::vector<std::string> DrawQueries(const Corpus& corpus, std::size_t length, int count,
                                     std::mt19937_64& rng) {
  std::vector<std::string> out;
  std::uniform_int_distribution<std::size_t> pick(0, corpus.messages.size() - 1);
  for (int attempt = 0; static_cast<int>(out.size()) < count && attempt < count * 100; ++attempt) {
    const std::u32string& m = corpus.messages[pick(rng)];
    if (m.size() < length + 1) continue;
    std::uniform_int_distribution<std::size_t> at(0, m.size() - length);
    const std::u32string piece = m.substr(at(rng), length);
    if (!std::all_of(piece.begin(), piece.end(), IsHan)) continue;
    out.push_back(EncodeUtf8(piece));
  }
  return out;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

}  // namespace

int RunSearch(int argc, char** argv) {
  CLI::App app{"full-text search over many orders (temporary database)"};
  int orders = 1'000'000;
  int queries = 200;
  std::string dir = std::filesystem::temp_directory_path().string();
  std::string data = "../shared/data";
  app.add_option("--orders", orders, "orders to index")->check(CLI::Range(1000, 50'000'000));
  app.add_option("--queries", queries, "queries per length")->check(CLI::Range(1, 100000));
  app.add_option("--dir", dir, "parent directory of the temporary database");
  app.add_option("--data", data, "the shared data directory (real messages)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  const Corpus corpus = ReadCorpus(data);
  if (corpus.clauses.size() < 1000) {
    fmt::print(stderr, "search bench: too few real messages under {}\n", data);
    return 1;
  }
  TempDir temp(dir, "hotline-search-bench");
  if (temp.path().empty()) {
    fmt::print(stderr, "search bench: cannot create a directory in {}\n", dir);
    return 1;
  }
  const std::string path = (temp.path() / "search.db").string();
  if (auto store = OpenSqliteStore({.path = path}); !store) {
    fmt::print(stderr, "search bench: {}\n", store.error().message);
    return 1;
  }
  auto opened = sqlite::Connection::Open(path, {});
  if (!opened) return 1;
  sqlite::Connection& db = **opened;
  (void)db.Exec("PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF");

  std::mt19937_64 rng(20261127);
  std::uniform_int_distribution<std::size_t> clause(0, corpus.clauses.size() - 1);
  std::uniform_int_distribution<int> parts(2, 6);
  static constexpr const char* kStreets[] = {"秦虹",   "夫子庙", "红花",   "双塘",
                                             "中华门", "五老村", "洪武路", "大光路",
                                             "瑞金路", "月牙湖", "光华路", "朝天宫"};
  std::uniform_int_distribution<int> street(0, 11), door(1, 300);
  std::int64_t text_chars = 0;
  const auto build_start = SteadyClock::now();
  (void)db.Exec("BEGIN");
  {
    auto insert =
        db.Prepare("INSERT INTO orders_fts(rowid, title, content, address) VALUES (?, ?, ?, ?)");
    if (!insert) return 1;
    auto row = db.Prepare(
        "INSERT INTO orders(id, number, state, version, channel, demand_type, category_id,"
        " street_unit_id, lead_unit_id, enterprise, reopen_count, urgency, created_at,"
        " updated_at, title, content, address, caller_phone, request_hash, doc)"
        " VALUES (?, ?, 'handling', 1, 'phone', 'complaint', 1, NULL, NULL, 0, 0, 'normal',"
        " ?, ?, ?, ?, ?, '', 'bench', CAST('{}' AS BLOB))");
    if (!row) return 1;
    // One order a minute, the newest now.
    const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
    for (int id = 1; id <= orders; ++id) {
      const std::string title = corpus.clauses[clause(rng)];
      std::string content;
      for (int k = parts(rng); k > 0; --k) content += corpus.clauses[clause(rng)] + "，";
      const std::string address = fmt::format("秦淮区{}街道{}号", kStreets[street(rng)], door(rng));
      text_chars += static_cast<std::int64_t>(title.size() + content.size() + address.size()) / 3;
      const std::int64_t created = now_ms - static_cast<std::int64_t>(orders - id) * 60000;
      if (auto r = row->BindAll(id, fmt::format("B{:012}", id), created, created, title, content,
                                address)
                       .Run();
          !r) {
        fmt::print(stderr, "search bench: {}\n", r.error().message);
        return 1;
      }
      if (auto r = insert
                       ->BindAll(id, SearchIndexText(title), SearchIndexText(content),
                                 SearchIndexText(address))
                       .Run();
          !r) {
        fmt::print(stderr, "search bench: {}\n", r.error().message);
        return 1;
      }
    }
  }
  if (auto r = db.Exec("COMMIT"); !r) return 1;
  const double build_s = Seconds(SteadyClock::now() - build_start).count();
  const double db_mb = static_cast<double>(std::filesystem::file_size(path)) / (1024.0 * 1024.0);
  fmt::print(
      "search_build orders={} seconds={:.1f} orders_per_s={:.0f} avg_chars={:.0f} "
      "db_mb={:.0f}\n",
      orders, build_s, orders / build_s, static_cast<double>(text_chars) / orders, db_mb);

  for (std::size_t length : {2u, 3u, 4u}) {
    const std::vector<std::string> words = DrawQueries(corpus, length, queries, rng);
    std::vector<double> fts_ms, list_ms, rank_ms;
    std::vector<double> hits;
    auto drain = [](sqlite::Stmt& stmt) {
      while (stmt.Step().value_or(false)) {
      }
    };
    for (const std::string& word : words) {
      const std::string match = SearchMatchExpression(word);
      auto t0 = SteadyClock::now();
      {
        auto count = db.Prepare("SELECT COUNT(*) FROM orders_fts WHERE orders_fts MATCH ?");
        if (!count || !count->BindAll(match).Step()) return 1;
        hits.push_back(static_cast<double>(count->Int(0)));
        auto page = db.Prepare(
            "SELECT rowid FROM orders_fts WHERE orders_fts MATCH ? ORDER BY rowid DESC LIMIT 20");
        if (!page) return 1;
        drain(page->BindAll(match));
      }
      fts_ms.push_back(Millis(SteadyClock::now() - t0).count());

      t0 = SteadyClock::now();
      {
        constexpr std::string_view kWhere =
            " WHERE o.id IN (SELECT rowid FROM orders_fts WHERE orders_fts MATCH ?)";
        // The text is the only condition: the index counts (order_list_query.cpp).
        auto count = db.Prepare("SELECT COUNT(*) FROM orders_fts WHERE orders_fts MATCH ?");
        if (!count || !count->BindAll(match).Step()) return 1;
        // As QueryOrderPage picks: walk orders_created for a frequent word.
        const std::int64_t matches = count->Int(0);
        const bool scan = 20.0 * orders < static_cast<double>(matches) * matches;
        auto page = db.Prepare(fmt::format(
            "SELECT p.id, p.doc FROM orders p WHERE p.id IN (SELECT o.id FROM orders o{}"
            " ORDER BY o.created_at DESC, o.id DESC LIMIT 20 OFFSET 0)"
            " ORDER BY p.created_at DESC, p.id DESC",
            scan ? " INDEXED BY orders_created WHERE +o.id IN"
                   " (SELECT rowid FROM orders_fts WHERE orders_fts MATCH ?)"
                 : kWhere));
        if (!page) return 1;
        drain(page->BindAll(match));
      }
      list_ms.push_back(Millis(SteadyClock::now() - t0).count());

      t0 = SteadyClock::now();
      {
        auto ranked = db.Prepare(
            "SELECT rowid FROM orders_fts WHERE orders_fts MATCH ?"
            " ORDER BY bm25(orders_fts, 3.0, 1.0, 1.0) LIMIT 20");
        if (!ranked) return 1;
        drain(ranked->BindAll(match));
      }
      rank_ms.push_back(Millis(SteadyClock::now() - t0).count());
    }
    fmt::print(
        "search_q{} queries={} hits_p50={:.0f} hits_max={:.0f} fts_p50_ms={:.2f} "
        "fts_p95_ms={:.2f} list_p50_ms={:.2f} list_p95_ms={:.2f} rank_p50_ms={:.2f} "
        "rank_p95_ms={:.2f}\n",
        length, words.size(), Percentile(hits, 0.5), Percentile(hits, 1.0), Percentile(fts_ms, 0.5),
        Percentile(fts_ms, 0.95), Percentile(list_ms, 0.5), Percentile(list_ms, 0.95),
        Percentile(rank_ms, 0.5), Percentile(rank_ms, 0.95));
  }
  // The commonest demand words, one at a time, through the order list's count.
  for (const char* word : {"噪音", "油烟", "停车"}) {
    const auto t0 = SteadyClock::now();
    auto count = db.Prepare(
        "SELECT COUNT(*) FROM orders o WHERE o.id IN"
        " (SELECT rowid FROM orders_fts WHERE orders_fts MATCH ?)");
    if (!count || !count->BindAll(SearchMatchExpression(word)).Step()) return 1;
    fmt::print("search_word word={} hits={} list_count_ms={:.2f}\n", word, count->Int(0),
               Millis(SteadyClock::now() - t0).count());
  }
  return 0;
}

}  // namespace hotline::bench
