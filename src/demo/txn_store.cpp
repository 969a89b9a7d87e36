#include "demo/txn_store.h"

namespace hotline::demo {
namespace {

std::unexpected<Error> Unsupported() {
  return Fail(ErrorKind::kInternal, "unsupported_in_demo_transaction",
              "内部错误：演示数据写入事务中不支持读取操作");
}

}  // namespace

Result<void> TxnStore::Write(const std::function<Result<void>(WriteTxn&)>& work) {
  return work(txn_);
}

Result<std::optional<WorkOrder>> TxnStore::GetOrder(OrderId) { return Unsupported(); }
Result<std::vector<Event>> TxnStore::GetEvents(OrderId) { return Unsupported(); }
Result<std::optional<OrderRecord>> TxnStore::GetOrderRecord(OrderId) { return Unsupported(); }
Result<std::optional<std::int64_t>> TxnStore::GetOrderVersion(OrderId) { return Unsupported(); }
Result<std::vector<OrderId>> TxnStore::ListDueAlarms(Instant, int) { return Unsupported(); }
Result<std::vector<Notification>> TxnStore::ListNotifications(const NotificationQuery&) {
  return Unsupported();
}
Result<std::int64_t> TxnStore::LatestNotificationId() { return Unsupported(); }
Result<std::optional<std::pair<std::int64_t, std::string>>> TxnStore::GetCalendar() {
  return Unsupported();
}
Result<std::optional<std::pair<std::int64_t, std::string>>> TxnStore::GetSlaPolicy() {
  return Unsupported();
}
Result<std::optional<std::pair<std::int64_t, std::string>>> TxnStore::GetScoringRules() {
  return Unsupported();
}
Result<std::optional<std::pair<std::int64_t, std::string>>> TxnStore::GetScoringRulesAt(Instant) {
  return Unsupported();
}
Result<std::optional<std::pair<std::int64_t, std::string>>> TxnStore::GetScoringRulesVersion(
    std::int64_t) {
  return Unsupported();
}
Result<std::optional<Supervision>> TxnStore::GetSupervision(SupervisionId) { return Unsupported(); }
Result<SupervisionPage> TxnStore::ListSupervisions(const SupervisionFilter&) {
  return Unsupported();
}
Result<std::vector<Supervision>> TxnStore::ListDueSupervisions(Instant, int) {
  return Unsupported();
}
Result<std::optional<WarningLetter>> TxnStore::GetWarningLetter(WarningLetterId) {
  return Unsupported();
}
Result<WarningLetterPage> TxnStore::ListWarningLetters(const WarningLetterFilter&) {
  return Unsupported();
}
Result<OrderPage> TxnStore::ListOrders(const OrderFilter&) { return Unsupported(); }
Result<void> TxnStore::VisitOrdersWithEvents(const std::vector<Action>&, const std::vector<Action>&,
                                             Instant, Instant,
                                             const std::function<Result<void>(const WorkOrder&)>&) {
  return Unsupported();
}
Result<std::int64_t> TxnStore::CountOrders() { return Unsupported(); }
Result<std::vector<RollupRow>> TxnStore::QueryRollup(std::string_view, std::int32_t, std::int32_t) {
  return Unsupported();
}
Result<std::vector<OrderId>> TxnStore::ListOrderIds(OrderId, int) { return Unsupported(); }
Result<std::vector<KeyCount>> TxnStore::CountOpenDissatisfied(std::string_view, Instant, Instant) {
  return Unsupported();
}
Result<std::vector<WorkOrder>> TxnStore::ListOpenDissatisfied(Instant, Instant) {
  return Unsupported();
}
Result<std::vector<SupervisionCounts>> TxnStore::CountSupervisionsByUnit(Instant, Instant,
                                                                         Instant) {
  return Unsupported();
}
Result<std::vector<Supervision>> TxnStore::ListSupervisionsIssued(Instant, Instant) {
  return Unsupported();
}
Result<std::optional<StoredReport>> TxnStore::GetReport(std::int64_t) { return Unsupported(); }
Result<ReportPage> TxnStore::ListReports(std::string_view, int, int) { return Unsupported(); }
Result<std::vector<Unit>> TxnStore::ListUnits() { return Unsupported(); }
Result<std::vector<User>> TxnStore::ListUsers() { return Unsupported(); }
Result<std::optional<User>> TxnStore::GetUser(UserId) { return Unsupported(); }
Result<std::optional<UserCredentials>> TxnStore::FindUserByName(std::string_view) {
  return Unsupported();
}
Result<std::vector<Category>> TxnStore::ListCategories() { return Unsupported(); }
Result<std::optional<Session>> TxnStore::FindSession(std::string_view) { return Unsupported(); }
Result<void> TxnStore::Ping() { return {}; }

Result<std::optional<KnowledgeArticle>> TxnStore::GetArticle(ArticleId) { return Unsupported(); }
Result<ArticlePage> TxnStore::SearchArticles(const ArticleQuery&) { return Unsupported(); }
// --- Duplicates and repeats at intake ---
// The demo writes orders through the service, which saves their index rows;
// nothing in the demo reads the index back.
Result<std::vector<DuplicateEntry>> TxnStore::ListDuplicateEntries(std::int64_t, OrderId, int) {
  return Unsupported();
}
Result<std::int64_t> TxnStore::CountDuplicateEntries(std::int64_t) { return Unsupported(); }
Result<std::vector<WorkOrder>> TxnStore::ListOrdersWithoutDuplicateEntry(Instant, int) {
  return Unsupported();
}
// --- Hot spots and governance topics (docs/hotspots.md) ---
Result<std::vector<CellDayCount>> TxnStore::CountOrdersByCategoryStreetDay(Instant, Instant) {
  return Unsupported();
}
Result<std::vector<OrderText>> TxnStore::ListOrderTexts(Instant, Instant, int) {
  return Unsupported();
}
Result<std::vector<DayNumber>> TxnStore::ListMatchingOrderDays(const TopicOrderMatch&, Instant,
                                                               Instant) {
  return Unsupported();
}
Result<std::optional<GovernanceTopic>> TxnStore::GetTopic(TopicId) { return Unsupported(); }
Result<std::vector<GovernanceTopic>> TxnStore::ListTopics() { return Unsupported(); }

}  // namespace hotline::demo
