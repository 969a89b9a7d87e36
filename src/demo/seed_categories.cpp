#include "demo/seed_categories.h"

#include <fmt/format.h>

#include <map>
#include <set>

namespace hotline::demo {
namespace {

std::vector<std::string_view> Split(std::string_view line, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = line.find(sep, start);
    out.push_back(line.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

Error BadLine(int line_no, std::string_view why) {
  return Error{ErrorKind::kInternal, "bad_category_seed",
               fmt::format("分类种子数据第 {} 行有误：{}", line_no, why), ""};
}

}  // namespace

Result<std::vector<CategorySeed>> ParseCategoryTsv(std::string_view tsv) {
  std::vector<CategorySeed> out;
  std::set<std::string> seen;
  // Level-2 code -> votes per default unit of its leaves.
  std::map<std::string, std::map<std::string, int>> votes;
  int line_no = 0;
  bool header = true;
  while (!tsv.empty()) {
    const std::size_t nl = tsv.find('\n');
    std::string_view line = tsv.substr(0, nl);
    tsv = nl == std::string_view::npos ? std::string_view() : tsv.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (header) {  // the column names
      header = false;
      continue;
    }
    const auto f = Split(line, '\t');
    if (f.size() != 5) return Fail(BadLine(line_no, "应有 5 列"));
    const std::string code(f[0]);
    if (code.size() != 9 || code[2] != '.' || code[5] != '.')
      return Fail(BadLine(line_no, "编码应形如 01.02.003"));
    if (f[1].empty() || f[2].empty() || f[3].empty()) return Fail(BadLine(line_no, "名称为空"));
    const std::string l1 = code.substr(0, 2), l2 = code.substr(0, 5);
    if (seen.insert(l1).second) out.push_back({l1, std::string(f[1]), 1, "", ""});
    if (seen.insert(l2).second) out.push_back({l2, std::string(f[2]), 2, l1, ""});
    if (!seen.insert(code).second) return Fail(BadLine(line_no, "编码重复"));
    out.push_back({code, std::string(f[3]), 3, l2, std::string(f[4])});
    if (!f[4].empty()) ++votes[l2][std::string(f[4])];
  }
  for (CategorySeed& c : out) {
    if (c.level != 2) continue;
    int best = 0;
    for (const auto& [unit, n] : votes[c.code])
      if (n > best) best = n, c.default_unit_code = unit;
  }
  return out;
}

}  // namespace hotline::demo
