#include "api/router.h"

namespace hotline {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) out.push_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

}  // namespace

void Router::Add(std::string method, std::string_view pattern, RouteHandler handler) {
  Route r{std::move(method), {}, std::move(handler)};
  for (std::string_view s : Split(pattern)) r.segments.emplace_back(s);
  routes_.push_back(std::move(r));
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  const auto parts = Split(path);
  Match result;
  for (const Route& route : routes_) {
    if (route.segments.size() != parts.size()) continue;
    PathParams params;
    bool ok = true;
    for (std::size_t i = 0; i < parts.size() && ok; ++i) {
      const std::string& seg = route.segments[i];
      if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}')
        params[seg.substr(1, seg.size() - 2)] = std::string(parts[i]);
      else
        ok = seg == parts[i];
    }
    if (!ok) continue;
    if (route.method != method) {
      result.outcome = Outcome::kWrongMethod;
      continue;
    }
    return Match{Outcome::kMatched, &route.handler, std::move(params)};
  }
  return result;
}

}  // namespace hotline
