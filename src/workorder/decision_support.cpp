#include "workorder/decision_support.h"

#include <fmt/format.h>

#include <set>

namespace hotline {

std::string Trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::size_t Utf8Length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

Result<std::string> RequireText(std::string_view value, std::string_view field,
                                std::string_view label, std::size_t max_chars) {
  std::string t = Trim(value);
  if (t.empty())
    return Fail(ErrorKind::kInvalidInput, "missing_field", fmt::format("请填写{}", label),
                std::string(field));
  if (Utf8Length(t) > max_chars)
    return Fail(ErrorKind::kInvalidInput, "too_long",
                fmt::format("{}不能超过 {} 个字", label, max_chars), std::string(field));
  return t;
}

Result<std::string> OptionalText(std::string_view value, std::string_view field,
                                 std::string_view label, std::size_t max_chars) {
  std::string t = Trim(value);
  if (Utf8Length(t) > max_chars)
    return Fail(ErrorKind::kInvalidInput, "too_long",
                fmt::format("{}不能超过 {} 个字", label, max_chars), std::string(field));
  return t;
}

Result<void> CheckHandlingUnit(UnitId id, std::string_view field, const UnitTree& units) {
  const Unit* u = units.Find(id);
  if (u == nullptr)
    return Fail(ErrorKind::kBusinessRule, "unknown_unit", fmt::format("承办单位 {} 不存在", id),
                std::string(field));
  if (u->kind == UnitKind::kPlatform)
    return Fail(ErrorKind::kBusinessRule, "not_a_handling_unit",
                fmt::format("「{}」是热线平台，不能作为承办单位", u->name), std::string(field));
  return {};
}

Result<void> CheckRouteUnits(UnitId lead, const std::vector<UnitId>& assists, int max_assist,
                             const UnitTree& units) {
  if (auto r = CheckHandlingUnit(lead, "lead_unit_id", units); !r) return r;
  if (static_cast<int>(assists.size()) > max_assist)
    return Fail(ErrorKind::kBusinessRule, "too_many_assist_units",
                fmt::format("协办单位最多 {} 个", max_assist), "assist_unit_ids");
  std::set<UnitId> seen;
  for (UnitId a : assists) {
    if (auto r = CheckHandlingUnit(a, "assist_unit_ids", units); !r) return r;
    if (a == lead)
      return Fail(ErrorKind::kBusinessRule, "assist_is_lead", "主办单位不能同时是协办单位",
                  "assist_unit_ids");
    if (!seen.insert(a).second)
      return Fail(ErrorKind::kBusinessRule, "duplicate_assist_unit", "协办单位重复",
                  "assist_unit_ids");
  }
  return {};
}

}  // namespace hotline
