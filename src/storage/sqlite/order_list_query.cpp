// QueryOrderPage (Store::ListOrders): translates an OrderFilter into one
// WHERE clause shared by the page query and the count query.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <variant>

#include "storage/order_doc.h"
#include "storage/sqlite/queries.h"
#include "storage/sqlite/sql_where.h"
#include "storage/sqlite/stored_order.h"
#include "text/search_terms.h"

namespace hotline::sqlite {
namespace {

// Order numbers are ASCII digits; a query that could begin one is also
// looked up in the number index.
bool MayBeNumberPrefix(std::string_view text) {
  return !text.empty() && text.size() <= 32 && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  });
}

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The full-text condition of `text` (docs/search.md): words of title,
// content or address through orders_fts, or the beginning of the number
// through its unique index. Text without a letter or digit matches nothing.
void AddTextMatch(SqlWhere& w, std::string_view text) {
  const std::string match = SearchMatchExpression(text);
  const std::string_view number = TrimAscii(text);
  if (MayBeNumberPrefix(number)) {
    // The range [number, number + DEL) is the number's prefix range in the
    // byte order of the index.
    w.Add(
        "o.id IN (SELECT id FROM orders WHERE number >= ? AND number < ?"
        " UNION SELECT rowid FROM orders_fts WHERE orders_fts MATCH ?)",
        std::string(number), std::string(number) + "\x7f", match);
  } else if (!match.empty()) {
    w.Add("o.id IN (SELECT rowid FROM orders_fts WHERE orders_fts MATCH ?)", match);
  } else {
    w.Add("0 = ?", std::int64_t{1});
  }
}

SqlWhere BuildWhere(const OrderFilter& f) {
  SqlWhere w;
  auto add = [&](std::string condition, auto... args) { w.Add(std::move(condition), args...); };
  // "Led or assisted by" looks at lead and assist rows only; the data scope
  // also admits units taking part otherwise ('collab' rows: summoned by a
  // whistle, asked for guidance), since they must see the order to act.
  constexpr std::string_view kHandlerMatch =
      "o.id IN (SELECT order_id FROM order_units"
      " WHERE unit_id IN (SELECT value FROM json_each(?)) AND relation IN ('lead', 'assist'))";
  constexpr std::string_view kScopeMatch =
      "o.id IN (SELECT order_id FROM order_units"
      " WHERE unit_id IN (SELECT value FROM json_each(?)))";
  auto unit_match = [&](std::string_view condition, const std::vector<UnitId>& units) {
    nlohmann::json list(units);
    add(std::string(condition), DumpJson(list));
  };

  if (!f.states.empty()) {
    std::vector<std::string> codes;
    for (State st : f.states) codes.emplace_back(StateCode(st));
    w.AddIn("o.state", codes);
  }
  if (!f.unit_ids.empty()) unit_match(kHandlerMatch, f.unit_ids);
  if (f.scope_unit_ids) unit_match(kScopeMatch, *f.scope_unit_ids);
  if (!f.category_ids.empty()) w.AddIn("o.category_id", f.category_ids);
  if (f.street_unit_id) add("o.street_unit_id = ?", *f.street_unit_id);
  if (f.channel) add("o.channel = ?", std::string(ChannelCode(*f.channel)));
  if (f.demand_type) add("o.demand_type = ?", std::string(DemandTypeCode(*f.demand_type)));
  if (f.created_from) add("o.created_at >= ?", ToMillis(*f.created_from));
  if (f.created_to) add("o.created_at < ?", ToMillis(*f.created_to));
  if (f.enterprise) add("o.enterprise = ?", std::int64_t{*f.enterprise ? 1 : 0});
  if (f.min_reopen_count) add("o.reopen_count >= ?", std::int64_t{*f.min_reopen_count});
  if (f.long_pending) add("o.long_pending = ?", std::int64_t{*f.long_pending ? 1 : 0});
  if (f.dissatisfied) add("o.dissatisfied_since IS NOT NULL AND ? = 1", std::int64_t{1});
  if (f.address) add("o.address = ?", *f.address);
  if (f.caller_phone) add("o.caller_phone = ?", *f.caller_phone);
  // The work-list columns (stored_order.h); their partial indexes hold only
  // the orders that have the flag.
  if (f.pending_application) add("o.pending_kind = ?", *f.pending_application);
  if (f.step_overdue) add("o.step_alarm IS NOT NULL AND (o.step_alarm & ?) != 0", kStepOverdue);
  if (f.step_due_soon) add("o.step_alarm IS NOT NULL AND (o.step_alarm & ?) != 0", kStepDueSoon);
  if (f.has_whistle) add("o.whistles >= ?", std::int64_t{1});
  if (f.assisting) {
    const std::vector<UnitId>* units =
        !f.unit_ids.empty() ? &f.unit_ids : (f.scope_unit_ids ? &*f.scope_unit_ids : nullptr);
    if (units)
      unit_match(
          "o.id IN (SELECT order_id FROM order_units"
          " WHERE unit_id IN (SELECT value FROM json_each(?)) AND relation = 'assist')",
          *units);
    else
      add("o.id IN (SELECT order_id FROM order_units WHERE relation = ?)", std::string("assist"));
  }
  if (!TrimAscii(f.text).empty()) AddTextMatch(w, f.text);
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

// The FTS expression when the text is the filter's only condition and is
// searched in the index alone (not also as an order number); "" otherwise.
// Then the index counts the matches by itself: orders_fts is written in the
// same transactions as the orders, so it has one row per order, and
// counting a frequent word's matches there is far cheaper than looking each
// one up in the orders table.
std::string TextOnlyMatch(const OrderFilter& filter) {
  if (MayBeNumberPrefix(TrimAscii(filter.text))) return {};
  OrderFilter rest = filter;
  rest.text.clear();
  if (!BuildWhere(rest).sql().empty()) return {};
  return SearchMatchExpression(filter.text);
}

// Whether the page of a text-only search with `matches` orders should be
// found by walking the sort order's index and testing each order for a match
// (about `wanted` × orders / matches steps) rather than by looking every
// match up and sorting them (about `matches` steps). The highest id stands
// in for the number of orders.
Result<bool> ScanInSortOrder(Connection& db, std::int64_t matches, std::int64_t wanted) {
  auto stmt = db.Prepare("SELECT COALESCE(MAX(id), 0) FROM orders");
  if (!stmt) return Fail(stmt.error());
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  const double orders = static_cast<double>(stmt->Int(0));
  const double m = static_cast<double>(matches);
  return static_cast<double>(wanted) * orders < m * m;
}

}  // namespace

Result<OrderPage> QueryOrderPage(Connection& db, const OrderFilter& filter) {
  OrderPage page;
  // An empty data scope sees nothing; no need to ask the database.
  if (filter.scope_unit_ids && filter.scope_unit_ids->empty()) return page;
  const SqlWhere where = BuildWhere(filter);

  const std::string text_only = TextOnlyMatch(filter);
  auto count =
      db.Prepare(text_only.empty() ? "SELECT COUNT(*) FROM orders o" + where.sql()
                                   : "SELECT COUNT(*) FROM orders_fts WHERE orders_fts MATCH ?");
  if (!count) return Fail(count.error());
  if (text_only.empty())
    where.Bind(*count);
  else
    count->Bind(1, text_only);
  auto counted = count->Step();
  if (!counted) return Fail(counted.error());
  page.total = count->Int(0);

  const int limit = std::max(filter.limit, 0);
  const int offset = std::max(filter.offset, 0);
  if (limit == 0 || offset >= page.total) return page;
  // Pick the page's ids first so a sort over many matches carries only
  // (key, id) pairs, not every matching order's document.
  std::string inner = fmt::format("SELECT o.id FROM orders o{}{} LIMIT ? OFFSET ?", where.sql(),
                                  OrderBy(filter.sort, "o"));
  if (!text_only.empty()) {
    auto scan = ScanInSortOrder(db, page.total, offset + limit);
    if (!scan) return Fail(scan.error());
    if (*scan) {
      // A frequent word: walk the sort's index and keep the matching orders
      // (the unary + keeps SQLite from looking every match up by id).
      const bool by_update =
          filter.sort == OrderSort::kUpdatedDesc || filter.sort == OrderSort::kUpdatedAsc;
      inner = fmt::format(
          "SELECT o.id FROM orders o INDEXED BY {} WHERE +o.id IN"
          " (SELECT rowid FROM orders_fts WHERE orders_fts MATCH ?){} LIMIT ? OFFSET ?",
          by_update ? "orders_updated" : "orders_created", OrderBy(filter.sort, "o"));
    }
  }
  auto list = db.Prepare(fmt::format("SELECT {} FROM orders p WHERE p.id IN ({}){}",
                                     OrderRowColumns("p"), inner, OrderBy(filter.sort, "p")));
  if (!list) return Fail(list.error());
  // Both forms of the inner query have the same parameters: the text-only
  // WHERE holds just the MATCH expression.
  const int n = where.Bind(*list);
  list->Bind(n + 1, std::int64_t{limit}).Bind(n + 2, std::int64_t{offset});
  while (true) {
    auto row = list->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    auto order = OrderFromRow(*list, 0);
    if (!order) return Fail(order.error());
    page.items.push_back(std::move(*order));
  }
  return page;
}

}  // namespace hotline::sqlite
