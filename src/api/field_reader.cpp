#include "api/field_reader.h"

#include <fmt/format.h>

#include "common/time_format.h"

namespace hotline {

using nlohmann::json;

Result<json> ParseJsonObject(std::string_view body) {
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded())
    return Fail(ErrorKind::kInvalidInput, "invalid_json", "请求体不是合法的 JSON");
  if (!parsed.is_object())
    return Fail(ErrorKind::kInvalidInput, "invalid_json", "请求体应为 JSON 对象");
  return parsed;
}

FieldReader::FieldReader(const json& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {}

void FieldReader::Record(Error error) {
  if (!error_) error_ = std::move(error);
}

void FieldReader::Invalid(std::string_view key, std::string message) {
  Record(Error{ErrorKind::kInvalidInput, "invalid_value",
               fmt::format("字段 {}{} {}", prefix_, key, message), prefix_ + std::string(key)});
}

void FieldReader::WrongType(std::string_view key, std::string_view expected) {
  Record(Error{ErrorKind::kInvalidInput, "wrong_type",
               fmt::format("字段 {}{} 应为{}", prefix_, key, expected),
               prefix_ + std::string(key)});
}

const json* FieldReader::Find(std::string_view key, bool required) {
  read_.insert(std::string(key));
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) {
    if (required)
      Record(Error{ErrorKind::kInvalidInput, "missing_field",
                   fmt::format("缺少字段 {}{}", prefix_, key), prefix_ + std::string(key)});
    return nullptr;
  }
  return &*it;
}

std::string FieldReader::String(std::string_view key, bool required) {
  const json* v = Find(key, required);
  if (v == nullptr) return {};
  if (!v->is_string()) {
    WrongType(key, "字符串");
    return {};
  }
  return v->get<std::string>();
}

std::optional<std::string> FieldReader::OptionalString(std::string_view key) {
  const json* v = Find(key, false);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    WrongType(key, "字符串");
    return std::nullopt;
  }
  return v->get<std::string>();
}

bool FieldReader::Bool(std::string_view key, bool required, bool fallback) {
  const json* v = Find(key, required);
  if (v == nullptr) return fallback;
  if (!v->is_boolean()) {
    WrongType(key, "布尔值 true/false");
    return fallback;
  }
  return v->get<bool>();
}

std::optional<bool> FieldReader::OptionalBool(std::string_view key) {
  const json* v = Find(key, false);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    WrongType(key, "布尔值 true/false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::int64_t FieldReader::Int(std::string_view key, bool required, std::int64_t fallback) {
  const json* v = Find(key, required);
  if (v == nullptr) return fallback;
  if (!v->is_number_integer()) {
    WrongType(key, "整数");
    return fallback;
  }
  return v->get<std::int64_t>();
}

std::optional<std::int64_t> FieldReader::OptionalInt(std::string_view key) {
  const json* v = Find(key, false);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_integer()) {
    WrongType(key, "整数");
    return std::nullopt;
  }
  return v->get<std::int64_t>();
}

std::vector<std::int64_t> FieldReader::IntArray(std::string_view key, bool required) {
  std::vector<std::int64_t> out;
  const json* v = Find(key, required);
  if (v == nullptr) return out;
  if (!v->is_array()) {
    WrongType(key, "整数数组");
    return out;
  }
  for (const json& item : *v) {
    if (!item.is_number_integer()) {
      WrongType(key, "整数数组");
      return {};
    }
    out.push_back(item.get<std::int64_t>());
  }
  return out;
}

std::optional<Instant> FieldReader::OptionalTime(std::string_view key) {
  auto text = OptionalString(key);
  if (!text) return std::nullopt;
  auto t = ParseRfc3339(*text);
  if (!t) Invalid(key, "应为带时区的 RFC 3339 时间，如 2026-11-26T09:30:00+08:00");
  return t;
}

const json* FieldReader::Object(std::string_view key, bool required) {
  const json* v = Find(key, required);
  if (v != nullptr && !v->is_object()) {
    WrongType(key, "对象");
    return nullptr;
  }
  return v;
}

const json* FieldReader::Array(std::string_view key, bool required) {
  const json* v = Find(key, required);
  if (v != nullptr && !v->is_array()) {
    WrongType(key, "数组");
    return nullptr;
  }
  return v;
}

Result<void> FieldReader::Finish() {
  if (error_) return Fail(*error_);
  for (auto it = object_.begin(); it != object_.end(); ++it)
    if (!read_.contains(it.key()))
      return Fail(ErrorKind::kInvalidInput, "unknown_field",
                  fmt::format("未知字段 {}{}", prefix_, it.key()), prefix_ + it.key());
  return {};
}

}  // namespace hotline
