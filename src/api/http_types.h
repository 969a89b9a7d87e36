// Transport-neutral HTTP request and response. Handlers see only these, so
// RESTinio stays inside api/http_server.cpp.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hotline {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // without the query string, percent-decoded
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::string authorization;                               // the Authorization header, if any
  std::string content_type;
  std::string body;
  std::string remote_address;

  // The first value of a query parameter, or empty.
  std::string_view Query(std::string_view key) const {
    for (const auto& [k, v] : query)
      if (k == key) return v;
    return {};
  }
  bool HasQuery(std::string_view key) const {
    for (const auto& [k, v] : query)
      if (k == key) return true;
    return false;
  }
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string log_user;  // who made the request, for the access log
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

}  // namespace hotline
