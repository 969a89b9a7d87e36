// The OpenAPI 3.0 document of the REST API (docs/openapi.json), compiled into
// the program so that `GET /api/v1/openapi.json` needs no file at run time.
#pragma once

#include <string_view>

namespace hotline {

// The document's JSON text, exactly as in docs/openapi.json (UTF-8). The view
// refers to static storage: valid for the life of the program, safe to read
// from any thread.
std::string_view OpenApiDocument();

}  // namespace hotline
