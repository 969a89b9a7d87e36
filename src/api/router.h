// Matches method + path against patterns like "/api/v1/orders/{id}".
// Built once, then read concurrently (thread-safe for reads).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_types.h"

namespace hotline {

using PathParams = std::map<std::string, std::string, std::less<>>;
using RouteHandler = std::function<HttpResponse(const HttpRequest&, const PathParams&)>;

class Router {
 public:
  void Add(std::string method, std::string_view pattern, RouteHandler handler);

  enum class Outcome { kMatched, kNoPath, kWrongMethod };
  struct Match {
    Outcome outcome = Outcome::kNoPath;
    const RouteHandler* handler = nullptr;
    PathParams params;
  };
  Match Find(std::string_view method, std::string_view path) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{name}" segments capture
    RouteHandler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace hotline
