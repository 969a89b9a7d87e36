// WriteTxn on the SQLite write connection. The group-commit writer creates
// one per work item, inside the item's savepoint; it neither begins nor ends
// transactions itself.
//
// Thread safety: none; used on the writer thread only.
#pragma once

#include "storage/sqlite/connection.h"
#include "storage/store.h"

namespace hotline::sqlite {

class SqliteWriteTxn final : public WriteTxn {
 public:
  explicit SqliteWriteTxn(Connection& db) : db_(db) {}

  Result<std::optional<WorkOrder>> LoadOrder(OrderId id) override;
  Result<std::optional<PriorIntake>> FindPriorIntake(
      const std::optional<std::string>& idempotency_key,
      const std::optional<std::string>& upstream_id) override;
  Result<std::string> NextOrderNumber(std::string_view day_stamp) override;
  Result<OrderId> InsertOrder(const WorkOrder& order, const Event& intake,
                              std::string_view request_hash) override;
  Result<void> AppendEvent(const WorkOrder& order, const Event& event) override;

  Result<UnitId> InsertUnit(const Unit& unit) override;
  Result<UserId> InsertUser(const User& user, std::string_view password_hash) override;
  Result<void> SetPassword(UserId id, std::string_view password_hash) override;
  Result<CategoryId> InsertCategory(const Category& category) override;
  Result<void> InsertSession(const Session& session) override;
  Result<std::int64_t> InsertNotification(const Notification& notification) override;
  Result<void> MarkNotificationRead(std::int64_t id, const std::vector<UnitId>& unit_ids,
                                    Instant at) override;
  Result<bool> AcquireLease(std::string_view name, std::string_view holder, Instant now,
                            Instant until) override;
  Result<void> ReleaseLease(std::string_view name, std::string_view holder) override;
  Result<std::int64_t> InsertCalendar(std::string_view body, Instant at,
                                      std::optional<UserId> by) override;
  Result<std::int64_t> InsertSlaPolicy(std::string_view body, Instant at,
                                       std::optional<UserId> by) override;
  Result<std::int64_t> InsertScoringRules(std::string_view body, Instant at,
                                          std::optional<UserId> by) override;
  Result<std::int64_t> InsertReport(const StoredReport& report) override;
  Result<bool> HasReport(std::string_view kind, std::string_view from,
                         std::string_view to) override;
  Result<std::string> NextSupervisionNumber(std::string_view day_stamp) override;
  Result<SupervisionId> InsertSupervision(const Supervision& supervision) override;
  Result<void> UpdateSupervision(const Supervision& supervision) override;
  Result<std::optional<Supervision>> LoadSupervision(SupervisionId id) override;
  Result<bool> HasOpenSupervision(OrderId order_id, std::string_view reason) override;
  Result<std::string> NextWarningNumber(std::string_view day_stamp) override;
  Result<WarningLetterId> InsertWarningLetter(const WarningLetter& letter) override;
  Result<void> UpdateWarningLetter(const WarningLetter& letter) override;
  Result<std::optional<WarningLetter>> LoadWarningLetter(WarningLetterId id) override;
  Result<void> DeleteSession(std::string_view token_hash) override;
  Result<void> AddMetricFacts(const std::vector<MetricFact>& facts) override;
  Result<void> ResetMetrics() override;
  Result<void> SetMetricFactsVersion(int version) override;
  Result<int> MetricFactsVersion() override;
  Result<void> DeleteUserSessions(UserId id) override;

  // Knowledge base (知识库).
  Result<std::optional<KnowledgeArticle>> LoadArticle(ArticleId id) override;
  Result<ArticleId> InsertArticle(const KnowledgeArticle& article) override;
  Result<void> UpdateArticle(const KnowledgeArticle& article) override;
  Result<void> DeleteArticle(ArticleId id) override;
  // --- Duplicates and repeats at intake ---
  Result<void> SaveDuplicateEntry(const DuplicateEntry& entry) override;
  // --- Reply quality (答复质检) ---
  Result<void> InsertReplySignature(OrderId order_id, std::int64_t seq, Instant at,
                                    const MinHashSignature& signature) override;
  Result<std::vector<StoredReplySignature>> ListReplySignatures(std::int64_t after_row,
                                                                Instant since, int limit) override;

  // The underlying connection; for tests that inject failures.
  Connection& connection() { return db_; }

  // --- Governance topics (docs/hotspots.md) ---
  Result<TopicId> InsertTopic(const GovernanceTopic& topic) override;
  Result<void> UpdateTopic(const GovernanceTopic& topic) override;
  Result<std::optional<GovernanceTopic>> LoadTopic(TopicId id) override;

 private:
  Result<void> InsertEvent(OrderId id, const Event& event);
  Result<void> ReplaceOrderUnits(OrderId id, const WorkOrder& order);

  Connection& db_;
};

}  // namespace hotline::sqlite
