// Micro-benchmarks of the reply-quality check (docs/reply-quality.md) on real
// replies: the full assessment of one reply against a corpus of 5,000
// signatures (the default corpus_size), and its parts. Reads
// $HOTLINE_SHARED_DATA (default ../shared/data from the repository root).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "text/key_terms.h"
#include "workorder/reply_quality.h"

namespace hotline::bench {
namespace {

struct RealReply {
  DemandText demand;
  std::string reply;
};

const std::vector<RealReply>& Replies() {
  static const std::vector<RealReply> rows = [] {
    const char* env = std::getenv("HOTLINE_SHARED_DATA");
    std::ifstream in(std::string(env ? env : "../shared/data") +
                     "/hotline-texts/messages_with_replies.tsv");
    std::vector<RealReply> out;
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      std::vector<std::string> cells;
      std::size_t start = 0;
      for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
        cells.push_back(line.substr(start, tab - start));
      cells.push_back(line.substr(start));
      if (cells.size() < 4) continue;
      const auto space = cells[1].find(' ');
      out.push_back({{cells[1].substr(0, space),
                      space == std::string::npos ? "" : cells[1].substr(space + 1)},
                     cells[3]});
    }
    return out;
  }();
  return rows;
}

// 5,000 signatures: the real replies' substances, repeated to the default size.
const ReplySignatureIndex& Corpus() {
  static const ReplySignatureIndex index = [] {
    ReplySignatureIndex out;
    const auto& rows = Replies();
    for (std::int64_t i = 0; !rows.empty() && out.size() < 5000; ++i)
      out.Add(i + 1, SubstanceSignature(ReplySubstance(rows[i % rows.size()].reply)));
    return out;
  }();
  return index;
}

void BM_AssessRealReply(benchmark::State& state) {
  const auto& rows = Replies();
  if (rows.empty()) return state.SkipWithError("real replies not found (HOTLINE_SHARED_DATA)");
  const auto& corpus = Corpus();
  const ReplyQualityRules rules;
  std::size_t i = 0;
  for (auto _ : state) {
    ReplyDraft d;
    d.free_text = rows[i % rows.size()].reply;
    benchmark::DoNotOptimize(AssessReply(rows[i % rows.size()].demand, d, corpus, -1, rules));
    ++i;
  }
  state.counters["corpus"] = static_cast<double>(corpus.size());
}
BENCHMARK(BM_AssessRealReply);

void BM_ReplySubstanceAndSignature(benchmark::State& state) {
  const auto& rows = Replies();
  if (rows.empty()) return state.SkipWithError("real replies not found (HOTLINE_SHARED_DATA)");
  std::size_t i = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(SubstanceSignature(ReplySubstance(rows[i++ % rows.size()].reply)));
}
BENCHMARK(BM_ReplySubstanceAndSignature);

void BM_DemandKeyTerms(benchmark::State& state) {
  const auto& rows = Replies();
  if (rows.empty()) return state.SkipWithError("real replies not found (HOTLINE_SHARED_DATA)");
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& d = rows[i++ % rows.size()].demand;
    benchmark::DoNotOptimize(KeyTerms(d.title, d.content, 8));
  }
}
BENCHMARK(BM_DemandKeyTerms);

}  // namespace
}  // namespace hotline::bench
