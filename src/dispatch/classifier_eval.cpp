#include "dispatch/classifier_eval.h"

#include <algorithm>
#include <array>
#include <map>
#include <random>
#include <set>

#include "common/tsv.h"

namespace hotline {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

// A TSV file's lines (UTF-8 BOM and CR line ends removed), each split at
// tabs; the header is the first.
std::vector<std::vector<std::string_view>> TsvLines(std::string_view content) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  std::vector<std::vector<std::string_view>> lines;
  size_t start = 0;
  while (start < content.size()) {
    size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(SplitTabs(line));
  }
  return lines;
}

// A line with nothing but spaces (a trailing one, typically).
bool Blank(const std::vector<std::string_view>& cols) {
  return cols.size() == 1 && Trim(cols[0]).empty();
}

std::unexpected<Error> BadFile(std::string_view file, int line, std::string what,
                               std::string field) {
  std::string where = "文件 " + std::string(file);
  if (line > 0) where += " 第 " + std::to_string(line) + " 行";
  return Fail(ErrorKind::kInvalidInput, "bad_training_file", where + "：" + what, std::move(field));
}

}  // namespace

Result<std::vector<LabeledRow>> ParseLabeledTsv(std::string_view content,
                                                std::string_view file_name) {
  const auto lines = TsvLines(content);
  if (lines.empty()) return BadFile(file_name, 0, "文件为空（缺少表头）", "");
  int id_col = -1, text_col = -1, label_col = -1;
  for (size_t i = 0; i < lines[0].size(); ++i) {
    const std::string_view name = Trim(lines[0][i]);
    if (name == "id") id_col = static_cast<int>(i);
    if (name == "text") text_col = static_cast<int>(i);
    if (name == "label") label_col = static_cast<int>(i);
  }
  for (auto [col, name] : {std::pair{id_col, "id"}, {text_col, "text"}, {label_col, "label"}})
    if (col < 0) return BadFile(file_name, 1, std::string("表头缺少列 ") + name, name);
  const size_t needed = static_cast<size_t>(std::max({id_col, text_col, label_col})) + 1;
  std::vector<LabeledRow> rows;
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto& cols = lines[i];
    const int line_no = static_cast<int>(i) + 1;
    if (Blank(cols)) continue;
    if (cols.size() < needed)
      return BadFile(file_name, line_no,
                     "只有 " + std::to_string(cols.size()) + " 列，少于表头要求的 " +
                         std::to_string(needed) + " 列",
                     "");
    LabeledRow row;
    row.line = line_no;
    row.id = std::string(Trim(cols[id_col]));
    row.example.text = std::string(Trim(cols[text_col]));
    row.example.label = std::string(Trim(cols[label_col]));
    if (row.example.text.empty()) return BadFile(file_name, line_no, "text 为空", "text");
    if (row.example.label.empty()) return BadFile(file_name, line_no, "label 为空", "label");
    rows.push_back(std::move(row));
  }
  if (rows.empty()) return BadFile(file_name, 0, "没有数据行", "");
  return rows;
}

Result<std::vector<std::string>> ParseTextTsv(std::string_view content,
                                              std::string_view file_name) {
  const auto lines = TsvLines(content);
  if (lines.empty()) return BadFile(file_name, 0, "文件为空（缺少表头）", "");
  int text_col = -1;
  for (size_t i = 0; i < lines[0].size(); ++i)
    if (Trim(lines[0][i]) == "text") text_col = static_cast<int>(i);
  if (text_col < 0) return BadFile(file_name, 1, "表头缺少列 text", "text");
  std::vector<std::string> texts;
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto& cols = lines[i];
    if (Blank(cols)) continue;
    if (cols.size() <= static_cast<size_t>(text_col))
      return BadFile(file_name, static_cast<int>(i) + 1,
                     "只有 " + std::to_string(cols.size()) + " 列，少于表头要求的 " +
                         std::to_string(text_col + 1) + " 列",
                     "");
    const std::string_view text = Trim(cols[text_col]);
    if (!text.empty()) texts.emplace_back(text);
  }
  return texts;
}

void EvalTally::Add(const std::string& truth, const std::vector<LabelScore>& predictions) {
  for (size_t i = 0; i < predictions.size() && i < 3; ++i)
    if (predictions[i].label == truth) {
      if (i == 0) ++top1_;
      ++top3_;
      break;
    }
  pairs_.push_back({truth, predictions.empty() ? std::string() : predictions[0].label});
}

EvalMetrics EvalTally::Metrics() const {
  EvalMetrics m;
  m.n = pairs_.size();
  if (m.n == 0) return m;
  m.top1 = double(top1_) / m.n;
  m.top3 = double(top3_) / m.n;
  std::map<std::string, std::array<size_t, 3>> counts;  // tp, fp, fn
  for (const Pair& p : pairs_) {
    if (p.truth == p.predicted) {
      ++counts[p.truth][0];
    } else {
      ++counts[p.truth][2];
      if (!p.predicted.empty()) ++counts[p.predicted][1];
    }
  }
  double sum = 0;
  for (const auto& [label, c] : counts) {
    const double denom = 2.0 * c[0] + c[1] + c[2];
    sum += denom > 0 ? 2.0 * c[0] / denom : 0;
  }
  m.macro_f1 = sum / counts.size();
  return m;
}

std::vector<int> StratifiedFolds(const std::vector<std::string>& labels, int k, uint64_t seed) {
  std::map<std::string, std::vector<size_t>> by_label;
  for (size_t i = 0; i < labels.size(); ++i) by_label[labels[i]].push_back(i);
  std::mt19937_64 rng(seed);
  std::vector<int> fold(labels.size(), 0);
  int next = 0;  // continue dealing where the previous label stopped: folds stay even
  for (auto& [label, members] : by_label) {
    for (size_t i = members.size(); i > 1; --i) std::swap(members[i - 1], members[rng() % i]);
    for (size_t index : members) {
      fold[index] = next;
      next = (next + 1) % std::max(k, 1);
    }
  }
  return fold;
}

}  // namespace hotline
