#include "api/error_map.h"

#include <nlohmann/json.hpp>

namespace hotline {

int HttpStatusFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidInput:
      return 400;
    case ErrorKind::kUnauthenticated:
      return 401;
    case ErrorKind::kForbidden:
      return 403;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kConflict:
      return 409;
    case ErrorKind::kTooLarge:
      return 413;
    case ErrorKind::kBusinessRule:
      return 422;
    case ErrorKind::kInternal:
      return 500;
    case ErrorKind::kUnavailable:
      return 503;
  }
  return 500;
}

HttpResponse ErrorResponse(const Error& error) {
  HttpResponse r;
  r.status = HttpStatusFor(error.kind);
  nlohmann::json body{
      {"error", {{"code", error.code}, {"message", error.message}, {"field", error.field}}}};
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (r.status == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer");
  return r;
}

}  // namespace hotline
