#include "api/handler_support.h"

#include <fmt/format.h>

#include <charconv>

#include "api/error_map.h"

namespace hotline {

using nlohmann::json;

HttpResponse JsonResponse(int status, const json& body) {
  HttpResponse r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
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

}  // namespace hotline
