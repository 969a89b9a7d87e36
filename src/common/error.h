// Error values shared by every layer. Domain and storage code return
// Result<T>; only api/error_map.cpp turns an Error into an HTTP status.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace hotline {

// The kind of failure. Each kind maps to exactly one HTTP status in the API.
enum class ErrorKind {
  kInvalidInput,     // malformed or ill-typed input (400)
  kUnauthenticated,  // no or expired credentials (401)
  kForbidden,        // role or unit may not do this (403)
  kNotFound,         // unknown id, or outside the caller's data scope (404)
  kConflict,         // version mismatch or illegal state transition (409)
  kTooLarge,         // request body over the limit (413)
  kBusinessRule,     // well-formed but refused by a rule (422)
  kInternal,         // a bug or a storage failure (500)
  kUnavailable,      // temporarily unable to serve, e.g. shutting down (503)
};

// A failure with a stable machine code (e.g. "illegal_transition"), a message
// staff can read (Chinese, shown in the UI) and the offending input field.
struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string code;
  std::string message;
  std::string field;
};

template <typename T>
using Result = std::expected<T, Error>;

// Builds an unexpected Error; lets call sites read as `return Fail(...)`.
inline std::unexpected<Error> Fail(ErrorKind kind, std::string code, std::string message,
                                   std::string field = {}) {
  return std::unexpected<Error>(Error{kind, std::move(code), std::move(message), std::move(field)});
}

inline std::unexpected<Error> Fail(Error error) { return std::unexpected<Error>(std::move(error)); }

}  // namespace hotline
