// Small pieces every REST handler uses: JSON responses, routing a handler's
// Result through the one error map, and parsing ids and query integers.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "api/http_types.h"
#include "common/clock.h"
#include "common/error.h"

namespace hotline {

HttpResponse JsonResponse(int status, const nlohmann::json& body);
// 204 No Content: a deletion or an acknowledgement with nothing to return.
HttpResponse NoContentResponse();

// Handlers are written as Result<HttpResponse>; an error becomes its HTTP
// form here, and `user` is recorded for the access log either way.
HttpResponse Respond(Result<HttpResponse> result, const std::string& user = {});

// A positive id from a path segment; kNotFound otherwise (a malformed id
// names nothing that exists).
Result<std::int64_t> ParseId(std::string_view text, std::string_view field);

// Query parameter `key` as an integer in [lo, hi]; kInvalidInput otherwise.
Result<std::int64_t> QueryInt(const HttpRequest& req, std::string_view key, std::int64_t lo,
                              std::int64_t hi);

// Refuses a query parameter that is not in `known` (400 unknown_field): a
// misspelt filter must not silently list more than was asked for.
Result<void> OnlyKnownQuery(const HttpRequest& req, std::initializer_list<std::string_view> known);

// "page" (from 1) and "page_size" (1..200) with a default size.
struct Paging {
  std::int64_t page = 1;
  std::int64_t page_size = 20;
  int limit() const { return static_cast<int>(page_size); }
  int offset() const { return static_cast<int>((page - 1) * page_size); }
};
Result<Paging> ParsePaging(const HttpRequest& req, std::int64_t default_size = 20);

// A range of China dates from the query's "from" and "to" (YYYY-MM-DD, both
// days included), at most `max_days` days long; 400 naming the parameter
// otherwise (missing, malformed, reversed, too long).
struct DayRange {
  std::string from_text, to_text;
  std::int32_t from_day = 0, to_day = 0;  // yyyymmdd
  Instant from{}, to{};                   // [from 00:00, to + 1 day 00:00) China time
};
Result<DayRange> ParseDayRange(const HttpRequest& req, int max_days);

}  // namespace hotline
