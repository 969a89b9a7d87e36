// QueryOrderPage (Store::ListOrders): translates an OrderFilter into one
// WHERE clause shared by the page query and the count query.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <variant>

#include "storage/order_doc.h"
#include "storage/sqlite/queries.h"

namespace hotline::sqlite {
namespace {

using BindValue = std::variant<std::int64_t, std::string>;

// Id and code lists are bound as one JSON array and expanded with json_each,
// so the SQL text (and its cached statement) does not depend on list length.
template <typename T, typename ToJson>
std::string JsonList(const std::vector<T>& values, ToJson to_json) {
  nlohmann::json list = nlohmann::json::array();
  for (const T& v : values) list.push_back(to_json(v));
  return DumpJson(list);
}

std::string EscapeLike(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('%');
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

struct WhereClause {
  std::string sql;  // empty or " WHERE ..."
  std::vector<BindValue> args;
};

WhereClause BuildWhere(const OrderFilter& f) {
  std::vector<std::string> conditions;
  WhereClause w;
  auto add = [&](std::string condition, auto... args) {
    conditions.push_back(std::move(condition));
    (w.args.push_back(BindValue(args)), ...);
  };
  auto id = [](std::int64_t v) { return v; };
  constexpr std::string_view kUnitMatch =
      "o.id IN (SELECT order_id FROM order_units"
      " WHERE unit_id IN (SELECT value FROM json_each(?)))";

  if (!f.states.empty())
    add("o.state IN (SELECT value FROM json_each(?))",
        JsonList(f.states, [](State s) { return std::string(StateCode(s)); }));
  if (!f.unit_ids.empty()) add(std::string(kUnitMatch), JsonList(f.unit_ids, id));
  if (f.scope_unit_ids) add(std::string(kUnitMatch), JsonList(*f.scope_unit_ids, id));
  if (!f.category_ids.empty())
    add("o.category_id IN (SELECT value FROM json_each(?))", JsonList(f.category_ids, id));
  if (f.street_unit_id) add("o.street_unit_id = ?", *f.street_unit_id);
  if (f.channel) add("o.channel = ?", std::string(ChannelCode(*f.channel)));
  if (f.demand_type) add("o.demand_type = ?", std::string(DemandTypeCode(*f.demand_type)));
  if (f.created_from) add("o.created_at >= ?", ToMillis(*f.created_from));
  if (f.created_to) add("o.created_at < ?", ToMillis(*f.created_to));
  if (f.enterprise) add("o.enterprise = ?", std::int64_t{*f.enterprise ? 1 : 0});
  if (f.min_reopen_count) add("o.reopen_count >= ?", std::int64_t{*f.min_reopen_count});
  if (f.long_pending) add("o.long_pending = ?", std::int64_t{*f.long_pending ? 1 : 0});
  if (f.dissatisfied) add("o.dissatisfied_since IS NOT NULL AND ? = 1", std::int64_t{1});
  if (!f.text.empty()) {
    const std::string pattern = EscapeLike(f.text);
    add("(o.number LIKE ? ESCAPE '\\' OR o.title LIKE ? ESCAPE '\\'"
        " OR o.content LIKE ? ESCAPE '\\' OR o.address LIKE ? ESCAPE '\\')",
        pattern, pattern, pattern, pattern);
  }
  for (std::size_t i = 0; i < conditions.size(); ++i)
    w.sql += (i == 0 ? " WHERE " : " AND ") + conditions[i];
  return w;
}

// ORDER BY for `alias`; id breaks ties so that paging is stable.
std::string OrderBy(OrderSort sort, std::string_view alias) {
  switch (sort) {
    case OrderSort::kCreatedAsc:
      return fmt::format(" ORDER BY {0}.created_at ASC, {0}.id ASC", alias);
    case OrderSort::kUpdatedDesc:
      return fmt::format(" ORDER BY {0}.updated_at DESC, {0}.id DESC", alias);
    case OrderSort::kUpdatedAsc:
      return fmt::format(" ORDER BY {0}.updated_at ASC, {0}.id ASC", alias);
    case OrderSort::kCreatedDesc:
      break;
  }
  return fmt::format(" ORDER BY {0}.created_at DESC, {0}.id DESC", alias);
}

void BindArgs(Stmt& stmt, const std::vector<BindValue>& args) {
  int index = 0;
  for (const BindValue& v : args) std::visit([&](const auto& x) { stmt.Bind(++index, x); }, v);
}

}  // namespace

Result<OrderPage> QueryOrderPage(Connection& db, const OrderFilter& filter) {
  OrderPage page;
  // An empty data scope sees nothing; no need to ask the database.
  if (filter.scope_unit_ids && filter.scope_unit_ids->empty()) return page;
  const WhereClause where = BuildWhere(filter);

  auto count = db.Prepare("SELECT COUNT(*) FROM orders o" + where.sql);
  if (!count) return Fail(count.error());
  BindArgs(*count, where.args);
  auto counted = count->Step();
  if (!counted) return Fail(counted.error());
  page.total = count->Int(0);

  const int limit = std::max(filter.limit, 0);
  const int offset = std::max(filter.offset, 0);
  if (limit == 0 || offset >= page.total) return page;
  // Pick the page's ids first so a sort over many matches carries only
  // (key, id) pairs, not every matching order's document.
  auto list =
      db.Prepare(fmt::format("SELECT p.id, p.doc FROM orders p WHERE p.id IN"
                             " (SELECT o.id FROM orders o{}{} LIMIT ? OFFSET ?){}",
                             where.sql, OrderBy(filter.sort, "o"), OrderBy(filter.sort, "p")));
  if (!list) return Fail(list.error());
  BindArgs(*list, where.args);
  const int n = static_cast<int>(where.args.size());
  list->Bind(n + 1, std::int64_t{limit}).Bind(n + 2, std::int64_t{offset});
  while (true) {
    auto row = list->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    auto order = OrderFromRow(*list, 0, 1);
    if (!order) return Fail(order.error());
    page.items.push_back(std::move(*order));
  }
  return page;
}

}  // namespace hotline::sqlite
