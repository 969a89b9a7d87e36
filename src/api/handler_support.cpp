#include "api/handler_support.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "api/error_map.h"
#include "common/time_format.h"
#include "workorder/metric_facts.h"

namespace hotline {

using nlohmann::json;

HttpResponse JsonResponse(int status, const json& body) {
  HttpResponse r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

HttpResponse NoContentResponse() {
  HttpResponse r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

HttpResponse Respond(Result<HttpResponse> result, const std::string& user) {
  HttpResponse r = result ? std::move(*result) : ErrorResponse(result.error());
  r.log_user = user;
  return r;
}

Result<std::int64_t> ParseId(std::string_view text, std::string_view field) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v <= 0)
    return Fail(ErrorKind::kNotFound, "not_found", fmt::format("编号 {} 无效", text),
                std::string(field));
  return v;
}

Result<std::int64_t> QueryInt(const HttpRequest& req, std::string_view key, std::int64_t lo,
                              std::int64_t hi) {
  const std::string_view text = req.Query(key);
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v < lo || v > hi)
    return Fail(ErrorKind::kInvalidInput, "invalid_value",
                fmt::format("查询参数 {} 应为 {} 到 {} 之间的整数", key, lo, hi), std::string(key));
  return v;
}

Result<void> OnlyKnownQuery(const HttpRequest& req, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : req.query)
    if (std::find(known.begin(), known.end(), key) == known.end())
      return Fail(ErrorKind::kInvalidInput, "unknown_field", fmt::format("未知查询参数 {}", key),
                  key);
  return {};
}

Result<Paging> ParsePaging(const HttpRequest& req, std::int64_t default_size) {
  Paging paging;
  paging.page_size = default_size;
  if (req.HasQuery("page")) {
    auto v = QueryInt(req, "page", 1, 1000000);
    if (!v) return Fail(v.error());
    paging.page = *v;
  }
  if (req.HasQuery("page_size")) {
    auto v = QueryInt(req, "page_size", 1, 200);
    if (!v) return Fail(v.error());
    paging.page_size = *v;
  }
  return paging;
}

}  // namespace hotline

namespace hotline {

Result<DayRange> ParseDayRange(const HttpRequest& req, int max_days) {
  for (const char* key : {"from", "to"})
    if (!req.HasQuery(key))
      return Fail(ErrorKind::kInvalidInput, "missing_field",
                  fmt::format("请提供查询参数 {}（YYYY-MM-DD）", key), key);
  const auto from = ParseChinaDate(req.Query("from"));
  if (!from)
    return Fail(ErrorKind::kInvalidInput, "invalid_value", "from 应为 YYYY-MM-DD 格式的日期",
                "from");
  const auto to = ParseChinaDate(req.Query("to"));
  if (!to)
    return Fail(ErrorKind::kInvalidInput, "invalid_value", "to 应为 YYYY-MM-DD 格式的日期", "to");
  if (*from > *to)
    return Fail(ErrorKind::kInvalidInput, "invalid_value", "开始日期不能晚于结束日期", "from");
  if (*to - *from >= std::chrono::days(max_days))
    return Fail(ErrorKind::kInvalidInput, "invalid_value",
                fmt::format("日期区间最长 {} 天", max_days), "to");
  DayRange r;
  r.from_text = req.Query("from");
  r.to_text = req.Query("to");
  r.from_day = ChinaDayNumber(*from);
  r.to_day = ChinaDayNumber(*to);
  r.from = *from;
  r.to = *to + std::chrono::days(1);
  return r;
}

}  // namespace hotline
