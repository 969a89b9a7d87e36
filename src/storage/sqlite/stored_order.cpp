#include "storage/sqlite/stored_order.h"

#include <fmt/format.h>

#include <array>

#include "storage/packed_json.h"

namespace hotline::sqlite {
namespace {

// The document's fields that are stored in columns of the same name.
constexpr std::array<std::string_view, 4> kColumnTexts = {"title", "content", "address",
                                                          "caller_phone"};

}  // namespace

std::string OrderRowColumns(std::string_view alias) {
  const std::string prefix = alias.empty() ? std::string() : std::string(alias) + ".";
  std::string out = fmt::format("{0}id, {0}doc", prefix);
  for (std::string_view column : kColumnTexts) out += fmt::format(", {}{}", prefix, column);
  return out;
}

Result<WorkOrder> OrderFromRow(const Stmt& s, int first_column) {
  const OrderId id = s.Int(first_column);
  auto text = UnpackJson(s.BlobView(first_column + 1));
  if (!text)
    return Fail(CorruptDataError(fmt::format("工单 {} 的文档：{}", id, text.error().message)));
  auto doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object())
    return Fail(CorruptDataError(fmt::format("工单 {} 的文档不是 JSON", id)));
  for (std::size_t i = 0; i < kColumnTexts.size(); ++i)
    doc[std::string(kColumnTexts[i])] = s.Text(first_column + 2 + static_cast<int>(i));
  auto order = OrderFromDoc(doc);
  if (!order) return Fail(order.error());
  order->id = id;  // the row is authoritative for identity
  return order;
}

Result<std::string> PackOrderDoc(const WorkOrder& order, OrderId id) {
  nlohmann::json doc = OrderToDoc(order);
  doc["id"] = id;
  for (std::string_view column : kColumnTexts) doc.erase(std::string(column));
  return PackJson(DumpJson(doc));
}

WorkListColumns WorkListColumnsOf(const WorkOrder& order) {
  WorkListColumns c;
  std::int64_t alarm = 0;
  for (const auto* step : {&order.deadlines.sign, &order.deadlines.handle}) {
    if (!*step) continue;
    if ((*step)->overdue) alarm |= kStepOverdue;
    if ((*step)->warned && !(*step)->overdue) alarm |= kStepDueSoon;
  }
  if (alarm != 0) c.step_alarm = alarm;
  if (order.pending) c.pending_kind = std::string(ActionCode(order.pending->kind));
  if (!order.collab.whistles.empty())
    c.whistles = static_cast<std::int64_t>(order.collab.whistles.size());
  return c;
}

Result<Event> EventFromStoredRow(const Stmt& s, int c) {
  auto payload = UnpackJson(s.BlobView(c + 7));
  if (!payload)
    return Fail(
        CorruptDataError(fmt::format("工单事件 {} 的内容：{}", s.Int(c), payload.error().message)));
  return EventFromRow(EventRow{s.Int(c), s.Text(c + 1), s.Int(c + 2), s.Text(c + 3), s.Text(c + 4),
                               s.Int(c + 5), s.Int(c + 6), std::move(*payload), s.Text(c + 8)});
}

}  // namespace hotline::sqlite
