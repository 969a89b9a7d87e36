#include "workorder/decision_support.h"

#include <fmt/format.h>

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

}  // namespace hotline
