// A Store that runs every Write inside one transaction that is already open,
// so the demo's thousands of order actions commit once (one fsync instead of
// one per action) and all together. Only Write is available; the read
// methods fail, because nothing the demo calls needs them. Not thread-safe:
// use it only inside the Store::Write callback that owns `txn`.
#pragma once

#include "storage/store.h"

namespace hotline::demo {

class TxnStore final : public Store {
 public:
  explicit TxnStore(WriteTxn& txn) : txn_(txn) {}

  Result<void> Write(const std::function<Result<void>(WriteTxn&)>& work) override;

  Result<std::optional<WorkOrder>> GetOrder(OrderId id) override;
  Result<std::vector<Event>> GetEvents(OrderId id) override;
  Result<std::optional<OrderRecord>> GetOrderRecord(OrderId id) override;
  Result<std::optional<std::int64_t>> GetOrderVersion(OrderId id) override;
  Result<std::optional<std::pair<std::int64_t, std::string>>> GetSlaPolicy() override;
  Result<std::optional<std::pair<std::int64_t, std::string>>> GetScoringRules() override;
  Result<std::optional<std::pair<std::int64_t, std::string>>> GetScoringRulesAt(
      Instant at) override;
  Result<std::optional<std::pair<std::int64_t, std::string>>> GetScoringRulesVersion(
      std::int64_t version) override;
  Result<std::optional<std::pair<std::int64_t, std::string>>> GetCalendar() override;
  Result<std::vector<OrderId>> ListDueAlarms(Instant now, int limit) override;
  Result<std::optional<Supervision>> GetSupervision(SupervisionId id) override;
  Result<SupervisionPage> ListSupervisions(const SupervisionFilter& filter) override;
  Result<std::vector<Supervision>> ListDueSupervisions(Instant now, int limit) override;
  Result<std::optional<WarningLetter>> GetWarningLetter(WarningLetterId id) override;
  Result<WarningLetterPage> ListWarningLetters(const WarningLetterFilter& filter) override;
  Result<std::vector<Notification>> ListNotifications(const NotificationQuery& query) override;
  Result<std::int64_t> LatestNotificationId() override;
  Result<OrderPage> ListOrders(const OrderFilter& filter) override;
  Result<void> VisitOrdersWithEvents(
      const std::vector<Action>& actions, const std::vector<Action>& if_assisted, Instant from,
      Instant to, const std::function<Result<void>(const WorkOrder&)>& visit) override;
  Result<std::int64_t> CountOrders() override;
  Result<std::vector<Unit>> ListUnits() override;
  Result<std::vector<User>> ListUsers() override;
  Result<std::optional<User>> GetUser(UserId id) override;
  Result<std::optional<UserCredentials>> FindUserByName(std::string_view username) override;
  Result<std::vector<Category>> ListCategories() override;
  Result<std::optional<Session>> FindSession(std::string_view token_hash) override;
  Result<std::optional<StoredReport>> GetReport(std::int64_t id) override;
  Result<ReportPage> ListReports(std::string_view kind, int limit, int offset) override;
  Result<std::vector<RollupRow>> QueryRollup(std::string_view dim, std::int32_t from_day,
                                             std::int32_t to_day) override;
  Result<std::vector<OrderId>> ListOrderIds(OrderId after_id, int limit) override;
  Result<std::vector<KeyCount>> CountOpenDissatisfied(std::string_view dim, Instant from,
                                                      Instant to) override;
  Result<std::vector<WorkOrder>> ListOpenDissatisfied(Instant from, Instant to) override;
  Result<std::vector<SupervisionCounts>> CountSupervisionsByUnit(Instant from, Instant to,
                                                                 Instant now) override;
  Result<std::vector<Supervision>> ListSupervisionsIssued(Instant from, Instant to) override;
  Result<void> Ping() override;

  // Knowledge base (知识库): unsupported like the other reads.
  Result<std::optional<KnowledgeArticle>> GetArticle(ArticleId id) override;
  Result<ArticlePage> SearchArticles(const ArticleQuery& query) override;
  // --- Duplicates and repeats at intake ---
  Result<std::vector<DuplicateEntry>> ListDuplicateEntries(std::int64_t since_ms, OrderId after_id,
                                                           int limit) override;
  Result<std::int64_t> CountDuplicateEntries(std::int64_t since_ms) override;
  Result<std::vector<WorkOrder>> ListOrdersWithoutDuplicateEntry(Instant since, int limit) override;
  // --- Hot spots and governance topics (docs/hotspots.md) ---
  Result<std::vector<CellDayCount>> CountOrdersByCategoryStreetDay(Instant from,
                                                                   Instant to) override;
  Result<std::vector<OrderText>> ListOrderTexts(Instant from, Instant to, int limit) override;
  Result<std::vector<DayNumber>> ListMatchingOrderDays(const TopicOrderMatch& match, Instant from,
                                                       Instant to) override;
  Result<std::optional<GovernanceTopic>> GetTopic(TopicId id) override;
  Result<std::vector<GovernanceTopic>> ListTopics() override;

 private:
  WriteTxn& txn_;
};

}  // namespace hotline::demo
