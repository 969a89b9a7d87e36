#include "text/search_terms.h"

#include <algorithm>
#include <utility>

#include "text/shingles.h"

namespace hotline {
namespace {

// Bounds that keep one query's FTS expression small; longer input is cut.
constexpr std::size_t kMaxTerms = 16;
constexpr std::size_t kMaxUnitsPerTerm = 64;

bool IsAsciiAlnum(char32_t c) { return (c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z'); }

// Splits folded content characters into units: one per non-ASCII character,
// one per maximal ASCII run.
std::vector<std::u32string> UnitsOf(std::u32string_view chars) {
  std::vector<std::u32string> units;
  std::u32string run;
  for (char32_t c : chars) {
    if (IsAsciiAlnum(c)) {
      run.push_back(c);
      continue;
    }
    if (!run.empty()) units.push_back(std::exchange(run, {}));
    units.emplace_back(1, c);
  }
  if (!run.empty()) units.push_back(std::move(run));
  return units;
}

bool IsAsciiUnit(const std::u32string& unit) { return IsAsciiAlnum(unit.front()); }

// The query's terms: maximal runs of content characters, folded. Anything
// else (spaces, punctuation) separates terms.
std::vector<std::u32string> QueryTerms(std::string_view query) {
  std::vector<std::u32string> terms;
  std::u32string current;
  for (char32_t c : DecodeUtf8(query)) {
    const std::u32string folded = ContentChars(EncodeUtf8(std::u32string(1, c)));
    if (folded.empty()) {
      if (!current.empty()) terms.push_back(std::exchange(current, {}));
      continue;
    }
    current += folded;
  }
  if (!current.empty()) terms.push_back(std::move(current));
  if (terms.size() > kMaxTerms) terms.resize(kMaxTerms);
  return terms;
}

std::string TermExpression(const std::u32string& term) {
  std::vector<std::u32string> units = UnitsOf(term);
  if (units.size() > kMaxUnitsPerTerm) units.resize(kMaxUnitsPerTerm);
  // A trailing ASCII unit may be a word still being typed: match it as a
  // prefix ("wi" finds "wifi").
  const bool prefix = units.size() == 1 || IsAsciiUnit(units.back());
  std::string phrase;
  if (units.size() == 1) {
    phrase = EncodeUtf8(units[0]);
  } else {
    for (std::size_t i = 0; i + 1 < units.size(); ++i) {
      if (!phrase.empty()) phrase.push_back(' ');
      phrase += EncodeUtf8(units[i] + units[i + 1]);
    }
  }
  // Tokens hold only letters and digits, so quoting cannot be broken out of.
  return "\"" + phrase + "\"" + (prefix ? "*" : "");
}

void AppendEscaped(std::string& out, char32_t c) {
  switch (c) {
    case U'&':
      out += "&amp;";
      return;
    case U'<':
      out += "&lt;";
      return;
    case U'>':
      out += "&gt;";
      return;
    case U'"':
      out += "&quot;";
      return;
    case U'\'':
      out += "&#39;";
      return;
    case U'\n':
    case U'\r':
    case U'\t':
      out.push_back(' ');
      return;
    default:
      out += EncodeUtf8(std::u32string(1, c));
  }
}

}  // namespace

std::vector<std::string> SearchUnits(std::string_view text) {
  std::vector<std::string> out;
  for (const std::u32string& unit : UnitsOf(ContentChars(text))) out.push_back(EncodeUtf8(unit));
  return out;
}

std::string SearchIndexText(std::string_view text) {
  const std::vector<std::u32string> units = UnitsOf(ContentChars(text));
  if (units.empty()) return {};
  std::u32string out;
  for (std::size_t i = 0; i + 1 < units.size(); ++i) {
    out += units[i];
    out += units[i + 1];
    out.push_back(U' ');
  }
  out += units.back();
  return EncodeUtf8(out);
}

std::string SearchMatchExpression(std::string_view query) {
  std::string expression;
  for (const std::u32string& term : QueryTerms(query)) {
    if (!expression.empty()) expression += " AND ";
    expression += TermExpression(term);
  }
  return expression;
}

std::string HighlightSnippet(std::string_view text, std::string_view query, int width) {
  const std::u32string chars = DecodeUtf8(text);
  // The folded content characters and where each sits in `chars`.
  std::u32string folded;
  std::vector<std::size_t> origin;
  for (std::size_t i = 0; i < chars.size(); ++i) {
    const std::u32string f = ContentChars(EncodeUtf8(std::u32string(1, chars[i])));
    for (char32_t c : f) {
      folded.push_back(c);
      origin.push_back(i);
    }
  }
  // Occurrences of every term, as [begin, end) ranges of `chars`.
  std::vector<std::pair<std::size_t, std::size_t>> marks;
  for (const std::u32string& term : QueryTerms(query)) {
    for (std::size_t at = folded.find(term); at != std::u32string::npos;
         at = folded.find(term, at + 1))
      marks.emplace_back(origin[at], origin[at + term.size() - 1] + 1);
  }
  std::sort(marks.begin(), marks.end());
  std::vector<std::pair<std::size_t, std::size_t>> merged;
  for (const auto& m : marks) {
    if (!merged.empty() && m.first <= merged.back().second)
      merged.back().second = std::max(merged.back().second, m.second);
    else
      merged.push_back(m);
  }
  const std::size_t span = static_cast<std::size_t>(std::max(width, 10));
  std::size_t begin = 0;
  if (!merged.empty() && merged.front().first > span / 4) begin = merged.front().first - span / 4;
  const std::size_t end = std::min(chars.size(), begin + span);
  if (end - begin < span && end == chars.size()) begin = end > span ? end - span : 0;

  std::string out;
  if (begin > 0) out += "…";
  auto mark = merged.begin();
  bool open = false;
  for (std::size_t i = begin; i < end; ++i) {
    while (mark != merged.end() && mark->second <= i) ++mark;
    const bool inside = mark != merged.end() && mark->first <= i;
    if (inside && !open) out += "<mark>";
    if (!inside && open) out += "</mark>";
    open = inside;
    AppendEscaped(out, chars[i]);
  }
  if (open) out += "</mark>";
  if (end < chars.size()) out += "…";
  return out;
}

}  // namespace hotline
