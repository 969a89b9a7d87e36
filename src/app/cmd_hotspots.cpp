// `hotline hotspots --tsv FILE`: finds hot spots in a dated message export
// (columns by header name: id, text, created_at, likes; others ignored) —
// clusters of similar messages in a sliding window, ranked by public
// attention (sum of likes), each with the weekly surge test of its keyword
// group (docs/hotspots.md §4). The last line is a JSON summary. Exit codes:
// 0 success, 2 bad input (file, header, option).
#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/commands.h"
#include "app/runtime.h"
#include "common/tsv.h"
#include "workorder/message_hotspots.h"

namespace hotline {
namespace {

constexpr int kBadInput = 2;

struct HotspotCliOptions {
  std::string tsv;
  int window_days = 7;
  int min_size = 3;
  double min_jaccard = 0.3;
  int top = 20;
};

int BadInput(std::string code, std::string message, std::string field) {
  ReportError(
      Error{ErrorKind::kInvalidInput, std::move(code), std::move(message), std::move(field)});
  return kBadInput;
}

// "YYYY-MM-DD" or "YYYY-MM-DD hh:mm:ss" (China time) → day number.
std::optional<DayNumber> ParseDay(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  auto num = [](std::string_view s, int& v) {
    return std::from_chars(s.data(), s.data() + s.size(), v).ec == std::errc();
  };
  if (!num(text.substr(0, 4), y) || !num(text.substr(5, 2), m) || !num(text.substr(8, 2), d))
    return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m),
                                        std::chrono::day(d)};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd).time_since_epoch().count();
}

std::string FormatDay(DayNumber day) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(day))};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

struct ReadResult {
  std::vector<ClusterText> messages;
  std::size_t skipped = 0;  // rows without a usable id or date
};

Result<ReadResult> ReadMessages(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorKind::kInvalidInput, "unreadable_file", "无法读取文件 " + path, "tsv");
  std::string line;
  if (!std::getline(in, line))
    return Fail(ErrorKind::kInvalidInput, "empty_file", "文件为空，缺少表头", "tsv");
  std::map<std::string, std::size_t, std::less<>> column;
  const auto header = SplitTabs(line);
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string name(header[i]);
    if (!name.empty() && name.back() == '\r') name.pop_back();
    column.emplace(std::move(name), i);
  }
  for (const char* required : {"id", "text", "created_at"})
    if (!column.contains(required))
      return Fail(ErrorKind::kInvalidInput, "missing_column",
                  fmt::format("表头缺少列 {}", required), "tsv");
  const auto likes = column.find("likes");
  ReadResult out;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto fields = SplitTabs(line);
    auto field = [&](std::size_t i) { return i < fields.size() ? fields[i] : std::string_view(); };
    ClusterText m;
    const auto id = field(column.at("id"));
    const auto day = ParseDay(field(column.at("created_at")));
    if (std::from_chars(id.data(), id.data() + id.size(), m.id).ec != std::errc() || !day) {
      ++out.skipped;
      continue;
    }
    m.day = *day;
    m.text = std::string(field(column.at("text")));
    if (likes != column.end()) {
      const auto l = field(likes->second);
      if (std::from_chars(l.data(), l.data() + l.size(), m.weight).ec != std::errc()) m.weight = 0;
    }
    out.messages.push_back(std::move(m));
  }
  return out;
}

int Run(const HotspotCliOptions& o) {
  if (o.tsv.empty()) return BadInput("missing_field", "请用 --tsv 指定消息文件", "tsv");
  if (o.window_days < 1 || o.window_days > 366)
    return BadInput("invalid_value", "--window-days 应在 1 到 366 之间", "window-days");
  if (o.min_size < 2) return BadInput("invalid_value", "--min-size 至少为 2", "min-size");
  if (!(o.min_jaccard > 0 && o.min_jaccard <= 1))
    return BadInput("invalid_value", "--min-jaccard 应在 0 到 1 之间", "min-jaccard");
  if (o.top < 1) return BadInput("invalid_value", "--top 至少为 1", "top");
  auto read = ReadMessages(o.tsv);
  if (!read) {
    ReportError(read.error());
    return kBadInput;
  }
  TextClusterOptions clusters;
  clusters.window_days = o.window_days;
  clusters.min_size = o.min_size;
  clusters.min_jaccard = o.min_jaccard;
  const SurgeOptions surges;
  const auto report = FindMessageHotspots(read->messages, clusters, surges);

  std::size_t clustered = 0, keyword_surges = 0;
  for (const auto& h : report.hotspots) {
    clustered += h.cluster.ids.size();
    if (h.keyword_surge.is_surge) ++keyword_surges;
  }
  std::cout << fmt::format(
      "{} 条消息，{} 个热点簇（≥{} 条，{} 天窗口，Jaccard ≥ {}），按点赞数排序\n", report.messages,
      report.hotspots.size(), o.min_size, o.window_days, o.min_jaccard);
  int rank = 0;
  for (const auto& h : report.hotspots) {
    if (++rank > o.top) break;
    const TextCluster& c = h.cluster;
    const KeywordSurge& k = h.keyword_surge;
    std::cout << fmt::format("#{} 簇 {} 条  {}..{}  点赞 {}  代表 {}  关键词 {}\n", rank,
                             c.ids.size(), FormatDay(c.first_day), FormatDay(c.last_day), c.weight,
                             c.representative_id, fmt::join(c.top_bigrams, "/"));
    std::cout << fmt::format(
        "    关键词组 {}：共 {} 条；{} 当周 {} 条，基线 {:.2f}，p = {:.3g}{}\n",
        fmt::join(k.keywords, "+"), k.group_size, FormatDay(k.week_start_day), k.count, k.baseline,
        k.p_value, k.is_surge ? "  激增" : "");
    std::cout << fmt::format("    成员 {}\n", fmt::join(c.ids, ","));
  }
  nlohmann::json summary{{"messages", report.messages},     {"skipped", read->skipped},
                         {"window_days", o.window_days},    {"min_size", o.min_size},
                         {"min_jaccard", o.min_jaccard},    {"clusters", report.hotspots.size()},
                         {"clustered_messages", clustered}, {"keyword_surges", keyword_surges}};
  if (!report.hotspots.empty()) {
    const TextCluster& top = report.hotspots.front().cluster;
    summary["top"] = {{"size", top.ids.size()},
                      {"likes", top.weight},
                      {"representative_id", top.representative_id},
                      {"first_day", FormatDay(top.first_day)},
                      {"last_day", FormatDay(top.last_day)}};
  }
  std::cout << summary.dump() << "\n";
  return 0;
}

}  // namespace

void AddHotspotsCommand(CLI::App& app) {
  auto opts = std::make_shared<HotspotCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "hotspots", "Hot spots in a message export: similar-text clusters ranked by likes");
  cmd->add_option("--tsv", opts->tsv,
                  "TSV with header: id, text, created_at, likes (others ignored)");
  cmd->add_option("--window-days", opts->window_days, "days two similar messages may be apart")
      ->capture_default_str();
  cmd->add_option("--min-size", opts->min_size, "smallest cluster reported")->capture_default_str();
  cmd->add_option("--min-jaccard", opts->min_jaccard, "bigram Jaccard that links two messages")
      ->capture_default_str();
  cmd->add_option("--top", opts->top, "clusters printed")->capture_default_str();
  cmd->callback([opts] { CommandExitCode() = Run(*opts); });
}

}  // namespace hotline
