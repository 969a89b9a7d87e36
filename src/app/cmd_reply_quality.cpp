// `hotline reply-quality --tsv FILE`: runs the reply-quality rules over a
// file of past replies (id, text, reply columns) and prints per-rule counts,
// the score distribution and examples; the last line is a JSON summary.
// Boilerplate is judged against the other replies of the same file.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "app/runtime.h"
#include "common/tsv.h"
#include "workorder/reply_quality.h"

namespace hotline {
namespace {

using nlohmann::json;

struct ReplyRow {
  std::string id;
  std::string text;  // the demand: title + ' ' + body
  std::string reply;
};

struct Options {
  std::string tsv;
  std::string config_path;
  int examples = 2;
};

Error InputError(std::string message, std::string field) {
  return Error{ErrorKind::kInvalidInput, "invalid_tsv", std::move(message), std::move(field)};
}

Result<std::vector<ReplyRow>> ReadRows(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Fail(InputError(fmt::format("无法读取文件 {}", path), "tsv"));
  std::string line;
  if (!std::getline(in, line)) return Fail(InputError(fmt::format("文件 {} 为空", path), "tsv"));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const auto header = SplitTabs(line);
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < header.size(); ++i) column[std::string(header[i])] = i;
  for (const char* needed : {"id", "text", "reply"})
    if (!column.contains(needed))
      return Fail(
          InputError(fmt::format("表头缺少列 {}（需要 id、text、reply 三列）", needed), needed));
  std::vector<ReplyRow> rows;
  for (int number = 2; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto cells = SplitTabs(line);
    if (cells.size() < header.size())
      return Fail(InputError(
          fmt::format("第 {} 行只有 {} 列，表头有 {} 列", number, cells.size(), header.size()),
          "tsv"));
    rows.push_back({std::string(cells[column["id"]]), std::string(cells[column["text"]]),
                    std::string(cells[column["reply"]])});
  }
  return rows;
}

// "title body": the data's text column joins them with the first space.
DemandText SplitDemand(const std::string& text) {
  const auto space = text.find(' ');
  if (space == std::string::npos) return {text, ""};
  return {text.substr(0, space), text.substr(space + 1)};
}

int BandOf(int score) { return std::min(score / 10, 9); }
std::string BandName(int band) {
  return band == 9 ? "90-100" : fmt::format("{}-{}", band * 10, band * 10 + 9);
}

int Run(const Options& opts) {
  auto config = LoadConfigOrDefaults(opts.config_path);
  if (!config) return ReportError(config.error());
  const ReplyQualityRules& rules = config->reply_quality;
  auto rows = ReadRows(opts.tsv);
  if (!rows) return ReportError(rows.error());

  // Every reply's signature first, so each is compared with all the others.
  std::vector<std::int64_t> keys(rows->size());
  ReplySignatureIndex corpus;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    keys[i] = static_cast<std::int64_t>(i);
    const std::string substance = ReplySubstance((*rows)[i].reply);
    if (static_cast<int>(ContentChars(substance).size()) >= rules.boilerplate_min_chars)
      corpus.Add(keys[i], SubstanceSignature(substance));
  }

  std::map<std::string, int> rule_counts;
  std::array<int, 10> bands{};
  std::array<std::vector<std::size_t>, 10> band_examples;
  std::vector<int> scores;
  std::vector<ReplyAssessment> assessments;
  int refused = 0;
  int flagged = 0;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    ReplyDraft draft;
    draft.free_text = (*rows)[i].reply.empty() ? " " : (*rows)[i].reply;
    ReplyAssessment a = AssessReply(SplitDemand((*rows)[i].text), draft, corpus, keys[i], rules);
    for (const QualityFinding& f : a.findings) ++rule_counts[f.code];
    if (a.Refused())
      ++refused;
    else if (!a.findings.empty())
      ++flagged;
    const int band = BandOf(a.score);
    ++bands[band];
    if (static_cast<int>(band_examples[band].size()) < opts.examples)
      band_examples[band].push_back(i);
    scores.push_back(a.score);
    assessments.push_back(std::move(a));
  }
  // Boilerplate evidence names the row's position; report the file's ids.
  auto id_of = [&](std::int64_t key) { return (*rows)[static_cast<std::size_t>(key)].id; };

  const auto n = scores.size();
  double mean = 0;
  for (int s : scores) mean += s;
  mean = n ? mean / static_cast<double>(n) : 0;
  std::vector<int> sorted = scores;
  std::sort(sorted.begin(), sorted.end());
  const double median = n == 0  ? 0
                        : n % 2 ? sorted[n / 2]
                                : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;

  std::cout << fmt::format("回复质检：{} 条答复（{}）\n", n, opts.tsv);
  std::cout << fmt::format("拒收 {} 条，标记 {} 条，无问题 {} 条\n\n", refused, flagged,
                           n - refused - flagged);
  std::cout << "规则命中（rule, severity, replies）:\n";
  json rules_json = json::object();
  for (std::string_view code : ReplyQualityCodes()) {
    const int count = rule_counts[std::string(code)];
    const bool refuses = rules.refuse.contains(code);
    std::cout << fmt::format("  {:<18} {:<6} {:>6}  {:5.1f}%\n", code,
                             rules.off.contains(code) ? "off"
                             : refuses                ? "refuse"
                                                      : "flag",
                             count, n ? 100.0 * count / n : 0.0);
    rules_json[std::string(code)] = count;
  }
  std::cout << "\n分数分布（score band, replies）:\n";
  json bands_json = json::object();
  for (int b = 0; b < 10; ++b) {
    const int width = n ? static_cast<int>(60.0 * bands[b] / n + 0.5) : 0;
    std::cout << fmt::format("  {:>6} {:>6}  {}\n", BandName(b), bands[b], std::string(width, '#'));
    bands_json[BandName(b)] = bands[b];
  }
  std::cout << fmt::format("  mean {:.1f}, median {:.1f}\n\n示例（examples）:\n", mean, median);
  for (int b = 9; b >= 0; --b) {
    for (std::size_t i : band_examples[b]) {
      const ReplyAssessment& a = assessments[i];
      std::cout << fmt::format("  [{}] id {} score {}\n", BandName(b), (*rows)[i].id, a.score);
      for (const QualityFinding& f : a.findings) {
        std::string evidence = f.evidence.dump(-1, ' ', false, json::error_handler_t::replace);
        if (f.code == reply_code::kBoilerplate)
          evidence = fmt::format("{{\"id\":\"{}\",\"similarity\":{}}}",
                                 id_of(f.evidence["order_id"].get<std::int64_t>()),
                                 f.evidence["similarity"].dump());
        std::cout << fmt::format(
            "    {} ({}): {} {}\n", f.code, QualitySeverityCode(f.severity),
            f.code == reply_code::kBoilerplate ? "答复正文与文件中另一条答复高度相似" : f.message,
            evidence);
      }
    }
  }
  json summary{{"replies", n},
               {"refused", refused},
               {"flagged", flagged},
               {"clean", n - refused - flagged},
               {"mean", std::round(mean * 10) / 10},
               {"median", median},
               {"bands", bands_json},
               {"rules", rules_json}};
  std::cout << summary.dump() << "\n";
  return 0;
}

}  // namespace

void AddReplyQualityCommand(CLI::App& app) {
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "reply-quality", "Score past replies (TSV with id, text, reply columns) by the reply rules");
  cmd->add_option("--tsv", opts->tsv, "TSV file with a header; columns id, text, reply")
      ->required();
  cmd->add_option("--config", opts->config_path, "TOML configuration ([reply_quality] section)");
  cmd->add_option("--examples", opts->examples, "Examples shown per 10-point score band")
      ->check(CLI::Range(0, 100));
  cmd->callback([opts] { CommandExitCode() = Run(*opts); });
}

}  // namespace hotline
