// Builds a WHERE clause and its bound values together, so a list query and
// its count query share one filter and cannot drift apart. Not thread-safe.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "storage/order_doc.h"
#include "storage/sqlite/connection.h"

namespace hotline::sqlite {

class SqlWhere {
 public:
  using Value = std::variant<std::int64_t, std::string>;

  // One condition with a '?' for each value, in order.
  template <typename... Args>
  void Add(std::string condition, Args... values) {
    sql_ += (sql_.empty() ? " WHERE " : " AND ") + condition;
    (values_.push_back(Value(values)), ...);
  }

  // `column` is one of `values`. The list is bound as one JSON array and
  // expanded with json_each, so the statement text (and its cached prepared
  // statement) does not depend on the list's length.
  template <typename T>
  void AddIn(std::string_view column, const std::vector<T>& values) {
    nlohmann::json list = nlohmann::json::array();
    for (const T& v : values) list.push_back(v);
    Add(std::string(column) + " IN (SELECT value FROM json_each(?))", DumpJson(list));
  }

  // "" or " WHERE a AND b ...".
  const std::string& sql() const { return sql_; }

  // Binds the values from parameter 1 on; returns how many were bound.
  int Bind(Stmt& stmt) const {
    int index = 0;
    for (const Value& v : values_) std::visit([&](const auto& x) { stmt.Bind(++index, x); }, v);
    return index;
  }

 private:
  std::string sql_;
  std::vector<Value> values_;
};

}  // namespace hotline::sqlite
