// The one place where errors become HTTP statuses and the JSON error shape
// {"error":{"code","message","field"}}.
#pragma once

#include "api/http_types.h"
#include "common/error.h"

namespace hotline {

int HttpStatusFor(ErrorKind kind);
HttpResponse ErrorResponse(const Error& error);

}  // namespace hotline
