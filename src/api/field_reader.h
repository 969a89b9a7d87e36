// Reads fields out of a JSON request object with type checks. The first
// problem is remembered (missing, wrong type, invalid value) and reported by
// Finish(), which also refuses fields nobody asked for. Not thread-safe.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/error.h"

namespace hotline {

// Parses a request body that must be one JSON object.
Result<nlohmann::json> ParseJsonObject(std::string_view body);

class FieldReader {
 public:
  // `prefix` names nested objects in error fields, e.g. "contact.".
  explicit FieldReader(const nlohmann::json& object, std::string prefix = {});

  std::string String(std::string_view key, bool required);
  std::optional<std::string> OptionalString(std::string_view key);
  bool Bool(std::string_view key, bool required, bool fallback = false);
  std::optional<bool> OptionalBool(std::string_view key);
  std::int64_t Int(std::string_view key, bool required, std::int64_t fallback = 0);
  std::optional<std::int64_t> OptionalInt(std::string_view key);
  std::vector<std::int64_t> IntArray(std::string_view key, bool required);
  std::optional<Instant> OptionalTime(std::string_view key);
  // The nested object, or nullptr when absent (an error when required).
  const nlohmann::json* Object(std::string_view key, bool required);
  const nlohmann::json* Array(std::string_view key, bool required);

  // Parses a string field with `parse`; reports invalid_value listing `allowed`.
  template <typename E>
  std::optional<E> Enum(std::string_view key, bool required,
                        const std::function<std::optional<E>(std::string_view)>& parse,
                        std::string_view allowed) {
    auto text = required ? std::optional<std::string>(String(key, true)) : OptionalString(key);
    if (!text || failed()) return std::nullopt;
    auto value = parse(*text);
    if (!value) Invalid(key, "取值应为 " + std::string(allowed));
    return value;
  }

  // Records an error found by the caller (keeps only the first).
  void Record(Error error);
  void Invalid(std::string_view key, std::string message);

  bool failed() const { return error_.has_value(); }
  // The first error, or an unknown_field error for a key never read.
  Result<void> Finish();

 private:
  const nlohmann::json* Find(std::string_view key, bool required);
  void WrongType(std::string_view key, std::string_view expected);

  const nlohmann::json& object_;
  std::string prefix_;
  std::set<std::string, std::less<>> read_;
  std::optional<Error> error_;
};

}  // namespace hotline
