// Storage interfaces. Domain and service code depend only on these; each
// backend (sqlite/, later postgres/) implements them with its own SQL.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "knowledge/article.h"
#include "text/shingles.h"
#include "workorder/category.h"
#include "workorder/duplicate_index.h"
#include "workorder/governance_topic.h"
#include "workorder/hotspots.h"
#include "workorder/metric_facts.h"
#include "workorder/order.h"
#include "workorder/supervision.h"
#include "workorder/warning_letter.h"

namespace hotline {

// A logged-in session. Only a hash of the bearer token is stored.
struct Session {
  std::string token_hash;
  UserId user_id = 0;
  Instant created_at{};
  Instant expires_at{};
};

struct UserCredentials {
  User user;
  std::string password_hash;  // libsodium crypto_pwhash_str (argon2id)
};

// An intake already recorded under the same idempotency key or upstream id.
struct PriorIntake {
  OrderId order_id = 0;
  std::string request_hash;  // fingerprint of the intake request that created it
};

enum class OrderSort { kCreatedDesc, kCreatedAsc, kUpdatedDesc, kUpdatedAsc };

// Filters for listing orders; all given conditions must hold.
struct OrderFilter {
  std::vector<State> states;     // any of
  std::vector<UnitId> unit_ids;  // led or assisted by any of these
  // Data scope: led or assisted by any of these, or with one of them taking
  // part otherwise (summoned by a whistle, asked for guidance).
  std::optional<std::vector<UnitId>> scope_unit_ids;
  std::vector<CategoryId> category_ids;  // any of
  std::optional<UnitId> street_unit_id;
  std::optional<Channel> channel;
  std::optional<DemandType> demand_type;
  std::optional<Instant> created_from;  // inclusive
  std::optional<Instant> created_to;    // exclusive
  std::optional<bool> enterprise;
  std::optional<int> min_reopen_count;
  std::optional<bool> long_pending;  // 久拖不决
  bool dissatisfied = false;         // on the 不满意 board
  // The running sign or handling step was warned (即将超期) / is past its
  // deadline (已超期), as the scheduler's alarms recorded it.
  bool step_due_soon = false;
  bool step_overdue = false;
  // Assisted (协办) by `unit_ids`, or by `scope_unit_ids` when no unit is
  // named, or by anyone for a platform viewer; lead rows do not count.
  bool assisting = false;
  bool has_whistle = false;                 // 吹哨报到 raised on the order
  std::optional<std::string> caller_phone;  // exactly this number (the caller's history)
  // An application of this kind ("return", "extend", "reject-acceptance")
  // waits for review.
  std::optional<std::string> pending_application;
  // Words of title, content or address (full-text, docs/search.md), or the
  // beginning of the order number.
  std::string text;
  std::optional<std::string> address;  // exactly this address (duplicate suggestions)
  OrderSort sort = OrderSort::kCreatedDesc;
  int limit = 20;
  int offset = 0;
};

// An order with its whole log, read from one consistent snapshot.
struct OrderRecord {
  WorkOrder order;
  std::vector<Event> events;
};

// A message to a unit's staff, e.g. a due-soon or overdue alarm.
struct Notification {
  std::int64_t id = 0;
  UnitId unit_id = 0;  // the recipient unit
  std::string kind;    // "due_soon", "overdue"
  std::optional<OrderId> order_id;
  std::string order_number;
  std::string title;  // shown to staff (Chinese)
  std::string body;
  Instant created_at{};
  std::optional<Instant> read_at;
};

struct NotificationQuery {
  std::vector<UnitId> unit_ids;  // addressed to any of these
  bool unread_only = false;
  std::int64_t after_id = 0;  // only newer than this (for polling and event streams)
  std::int64_t up_to_id = INT64_MAX;
  bool oldest_first = false;  // newest first otherwise
  int limit = 50;
};

// Filters for listing supervisions; all given conditions must hold.
struct SupervisionFilter {
  std::optional<std::vector<UnitId>> scope_unit_ids;  // supervised unit is one of these
  std::optional<SupervisionState> state;
  std::optional<SupervisionTier> tier;
  std::optional<OrderId> order_id;
  int limit = 20;
  int offset = 0;
};

struct SupervisionPage {
  std::vector<Supervision> items;  // newest first
  std::int64_t total = 0;
};

// Filters for listing warning letters (预警函); all given conditions must hold.
struct WarningLetterFilter {
  std::optional<std::vector<UnitId>> scope_unit_ids;  // warned unit is one of these
  std::optional<WarningState> state;
  std::optional<WarningKind> kind;
  std::optional<UnitId> unit_id;
  int limit = 20;
  int offset = 0;
};

// Letters per warned unit among all that match a filter (not just the page).
struct WarningUnitCount {
  UnitId unit_id = 0;
  std::int64_t count = 0;
  std::int64_t open = 0;  // not closed yet
};

struct WarningLetterPage {
  std::vector<WarningLetter> items;  // newest first
  std::int64_t total = 0;
  std::vector<WarningUnitCount> by_unit;  // most letters first
};

struct OrderPage {
  std::vector<WorkOrder> items;
  std::int64_t total = 0;
};

// A generated report (日梳理、周统计、月报告、年分析) as kept in the history.
struct StoredReport {
  std::int64_t id = 0;
  std::string kind;         // "daily", "weekly", "monthly", "annual" or "custom"
  std::string period_from;  // YYYY-MM-DD, China dates, inclusive
  std::string period_to;
  Instant generated_at{};
  std::optional<UserId> generated_by;  // none when the scheduler made it
  std::string body;                    // JSON; empty in listings
};

struct ReportPage {
  std::vector<StoredReport> items;  // newest first, without bodies
  std::int64_t total = 0;
};

// One key's counters summed over a range of days (docs/metrics.md).
struct RollupRow {
  std::string key;
  MeasureCounts counts{};
};

// A live figure (docs/metrics.md §10): how many rows one key of a
// dimension has, keyed as the rollups are ("" for all, ids as text, codes,
// "true"/"false").
struct KeyCount {
  std::string key;
  std::int64_t count = 0;
};

// Supervisions (督办单) of one supervised unit issued in a period.
struct SupervisionCounts {
  UnitId unit_id = 0;
  std::int64_t issued = 0;
  std::int64_t overdue = 0;  // SupervisionOverdue at the time of the query
  std::int64_t open = 0;     // SupervisionOpen now
};

// Not answered by its deadline: answered after due_at, or unanswered with
// due_at already past at `now` (lapsed ones included).
inline bool SupervisionOverdue(const Supervision& s, Instant now) {
  return s.responded_at ? *s.responded_at > s.due_at : s.due_at < now;
}
// Still waiting for the unit's response or for its review.
inline bool SupervisionOpen(const Supervision& s) {
  return s.state == SupervisionState::kOpen || s.state == SupervisionState::kResponded;
}

// Knowledge base search (知识库); all given conditions must hold.
struct ArticleQuery {
  std::string text;  // words of title, body or tags (full-text); empty: all
  std::optional<ArticleKind> kind;
  std::vector<CategoryId> category_ids;  // filed under any of these
  std::optional<UnitId> unit_id;
  bool include_disabled = false;
  int limit = 20;
  int offset = 0;
};

struct ArticlePage {
  // Best match first (bm25) when searching for text, else the most recently
  // updated first.
  std::vector<KnowledgeArticle> items;
  std::int64_t total = 0;
};

// A reply's signature kept for boilerplate comparison (reply quality).
struct StoredReplySignature {
  std::int64_t row = 0;  // increasing with insertion: a cursor for incremental reads
  OrderId order_id = 0;
  Instant at{};
  MinHashSignature signature{};
};

// --- Hot spots and governance topics (docs/hotspots.md) ---

// An order's text and where it belongs, for text clustering.
struct OrderText {
  OrderId id = 0;
  Instant created_at{};
  std::string title;
  std::string content;
  CategoryId category_id = 0;
  std::optional<UnitId> street_unit_id;
  std::optional<UnitId> lead_unit_id;
};

// Which orders a governance topic is about: any of the categories, and the
// street and/or an address containing the keyword (each when given).
struct TopicOrderMatch {
  std::vector<CategoryId> category_ids;
  std::optional<UnitId> street_unit_id;
  std::string address_keyword;
};

// The operations available inside one write transaction. Reads see the
// transaction's own earlier writes. Not thread-safe: used only by the
// callback passed to Store::Write, on the thread that calls it.
class WriteTxn {
 public:
  virtual ~WriteTxn() = default;

  virtual Result<std::optional<WorkOrder>> LoadOrder(OrderId id) = 0;
  virtual Result<std::optional<PriorIntake>> FindPriorIntake(
      const std::optional<std::string>& idempotency_key,
      const std::optional<std::string>& upstream_id) = 0;
  // Next number of the China-local day `day_stamp` ("20261126"):
  // "2026112600001", "2026112600002", ...
  virtual Result<std::string> NextOrderNumber(std::string_view day_stamp) = 0;
  // Inserts a new order and its intake event; returns the new id. The
  // projection's id is ignored.
  virtual Result<OrderId> InsertOrder(const WorkOrder& order, const Event& intake,
                                      std::string_view request_hash) = 0;
  // Appends `event` and replaces the order row with `order` (the projection
  // after the event). Fails with kConflict/"version_conflict" unless the
  // stored version is event.seq - 1.
  virtual Result<void> AppendEvent(const WorkOrder& order, const Event& event) = 0;

  virtual Result<UnitId> InsertUnit(const Unit& unit) = 0;
  virtual Result<UserId> InsertUser(const User& user, std::string_view password_hash) = 0;
  virtual Result<void> SetPassword(UserId id, std::string_view password_hash) = 0;
  virtual Result<CategoryId> InsertCategory(const Category& category) = 0;
  virtual Result<void> InsertSession(const Session& session) = 0;
  virtual Result<void> DeleteSession(std::string_view token_hash) = 0;
  virtual Result<void> DeleteUserSessions(UserId id) = 0;
  virtual Result<std::int64_t> InsertNotification(const Notification& notification) = 0;
  // Marks a notification read if it is addressed to one of `unit_ids`;
  // kNotFound otherwise.
  virtual Result<void> MarkNotificationRead(std::int64_t id, const std::vector<UnitId>& unit_ids,
                                            Instant at) = 0;
  // Takes or renews the named lease for `holder` until `until` unless another
  // holder's lease is still running at `now`. True when `holder` has it.
  virtual Result<bool> AcquireLease(std::string_view name, std::string_view holder, Instant now,
                                    Instant until) = 0;
  // Gives the lease up if `holder` has it, so another process need not wait
  // for it to lapse.
  virtual Result<void> ReleaseLease(std::string_view name, std::string_view holder) = 0;
  // Next supervision number of the China-local day: "DB2026112600001", ...
  virtual Result<std::string> NextSupervisionNumber(std::string_view day_stamp) = 0;
  // Inserts a supervision (its id is ignored) and returns the new id.
  virtual Result<SupervisionId> InsertSupervision(const Supervision& supervision) = 0;
  // Saves the mutable fields (state, response, review) of a stored supervision.
  virtual Result<void> UpdateSupervision(const Supervision& supervision) = 0;
  virtual Result<std::optional<Supervision>> LoadSupervision(SupervisionId id) = 0;
  // Whether an open supervision with `reason` already exists on the order.
  virtual Result<bool> HasOpenSupervision(OrderId order_id, std::string_view reason) = 0;
  // Saves a new working-day calendar (its JSON text) and returns its version.
  virtual Result<std::int64_t> InsertCalendar(std::string_view body, Instant at,
                                              std::optional<UserId> by) = 0;
  // Next warning letter number of the China-local day: "YJ2026112600001", ...
  virtual Result<std::string> NextWarningNumber(std::string_view day_stamp) = 0;
  // Inserts a warning letter (its id is ignored) and returns the new id.
  virtual Result<WarningLetterId> InsertWarningLetter(const WarningLetter& letter) = 0;
  // Saves the mutable fields (state, reply, review, rounds, closing) of a stored letter.
  virtual Result<void> UpdateWarningLetter(const WarningLetter& letter) = 0;
  virtual Result<std::optional<WarningLetter>> LoadWarningLetter(WarningLetterId id) = 0;
  // Saves a new SLA policy (JSON text) and returns its version (1, 2, ...).
  virtual Result<std::int64_t> InsertSlaPolicy(std::string_view body, Instant at,
                                               std::optional<UserId> by) = 0;
  // Saves a new version of the scoring rules (考核细则, JSON text) and returns it.
  virtual Result<std::int64_t> InsertScoringRules(std::string_view body, Instant at,
                                                  std::optional<UserId> by) = 0;

  // Saves a generated report (its id is ignored) and returns the new id.
  virtual Result<std::int64_t> InsertReport(const StoredReport& report) = 0;
  // Whether a report of `kind` over exactly from..to is kept already.
  virtual Result<bool> HasReport(std::string_view kind, std::string_view from,
                                 std::string_view to) = 0;

  // Adds the facts' counters to the daily rollups, under every dimension of
  // RollupKeysOf.
  virtual Result<void> AddMetricFacts(const std::vector<MetricFact>& facts) = 0;
  // Empties the rollups and marks them as following no definition (version
  // 0): a rebuild starts with this and ends with SetMetricFactsVersion, so
  // one cut short is redone.
  virtual Result<void> ResetMetrics() = 0;
  virtual Result<void> SetMetricFactsVersion(int version) = 0;
  // The definition the stored rollups follow (0: none, or a rebuild unfinished).
  virtual Result<int> MetricFactsVersion() = 0;

  // --- Knowledge base (知识库) and its search index ---
  virtual Result<std::optional<KnowledgeArticle>> LoadArticle(ArticleId id) = 0;
  // Stores and indexes a new article (its id is ignored); returns the new id.
  virtual Result<ArticleId> InsertArticle(const KnowledgeArticle& article) = 0;
  // Replaces a stored article and its index entry. Fails with kNotFound for
  // an unknown id and kConflict/"version_conflict" unless the stored version
  // is article.version - 1.
  virtual Result<void> UpdateArticle(const KnowledgeArticle& article) = 0;
  // Removes an article and its index entry; kNotFound for an unknown id.
  virtual Result<void> DeleteArticle(ArticleId id) = 0;
  // --- Duplicates and repeats at intake (docs/duplicates.md) ---
  // Inserts or replaces the duplicate-index row of entry.order_id.
  virtual Result<void> SaveDuplicateEntry(const DuplicateEntry& entry) = 0;
  // --- Reply quality (答复质检, docs/reply-quality.md) ---
  // Keeps the signature of the reply recorded as event `seq` of the order.
  virtual Result<void> InsertReplySignature(OrderId order_id, std::int64_t seq, Instant at,
                                            const MinHashSignature& signature) = 0;
  // The newest signatures with row > `after_row` and at >= `since`, at most
  // `limit` of them, oldest first.
  virtual Result<std::vector<StoredReplySignature>> ListReplySignatures(std::int64_t after_row,
                                                                        Instant since,
                                                                        int limit) = 0;
  // --- Governance topics (治理专题, docs/hotspots.md) ---
  // Inserts a topic (its id is ignored) and returns the new id.
  virtual Result<TopicId> InsertTopic(const GovernanceTopic& topic) = 0;
  // Saves every field but id, created_by and created_at; kNotFound if absent.
  virtual Result<void> UpdateTopic(const GovernanceTopic& topic) = 0;
  virtual Result<std::optional<GovernanceTopic>> LoadTopic(TopicId id) = 0;
};

// A database. All methods are thread-safe.
class Store {
 public:
  virtual ~Store() = default;

  // Runs `work` in a write transaction and returns once its changes are
  // durable. If `work` fails, its changes are rolled back and its error is
  // returned. Concurrent calls may share one commit (group commit); each
  // call stays atomic on its own.
  virtual Result<void> Write(const std::function<Result<void>(WriteTxn&)>& work) = 0;

  virtual Result<std::optional<WorkOrder>> GetOrder(OrderId id) = 0;
  virtual Result<std::vector<Event>> GetEvents(OrderId id) = 0;
  // The order and its events as of one moment (no write in between).
  virtual Result<std::optional<OrderRecord>> GetOrderRecord(OrderId id) = 0;
  // Just the current version: a cheap freshness check for cached reads.
  virtual Result<std::optional<std::int64_t>> GetOrderVersion(OrderId id) = 0;
  virtual Result<OrderPage> ListOrders(const OrderFilter& filter) = 0;
  virtual Result<std::int64_t> CountOrders() = 0;
  // Orders with at least one event in from <= at < to whose action is one of
  // `actions`, or one of `if_assisted` on an order that has assisting units
  // now; each once, as projections, ordered by id. For period statistics of
  // collaboration: routing events matter only where units work together, and
  // most orders have no assisting unit.
  //
  // Visiting hands the orders over one at a time (a year of a large city is
  // millions of orders: callers tally, they do not keep them). `visit` must
  // not call the store; its first failure stops the walk and is returned.
  virtual Result<void> VisitOrdersWithEvents(
      const std::vector<Action>& actions, const std::vector<Action>& if_assisted, Instant from,
      Instant to, const std::function<Result<void>(const WorkOrder&)>& visit) = 0;
  // The same orders, collected: only for periods known to hold few of them.
  Result<std::vector<WorkOrder>> ListOrdersWithEvents(const std::vector<Action>& actions,
                                                      const std::vector<Action>& if_assisted,
                                                      Instant from, Instant to) {
    std::vector<WorkOrder> out;
    auto r = VisitOrdersWithEvents(actions, if_assisted, from, to, [&](const WorkOrder& o) {
      out.push_back(o);
      return Result<void>{};
    });
    if (!r) return Fail(r.error());
    return out;
  }

  virtual Result<std::vector<Unit>> ListUnits() = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  virtual Result<std::optional<User>> GetUser(UserId id) = 0;
  virtual Result<std::optional<UserCredentials>> FindUserByName(std::string_view username) = 0;
  virtual Result<std::vector<Category>> ListCategories() = 0;
  virtual Result<std::optional<Session>> FindSession(std::string_view token_hash) = 0;

  // Orders whose next deadline alarm is due at `now`, earliest first.
  virtual Result<std::vector<OrderId>> ListDueAlarms(Instant now, int limit) = 0;
  virtual Result<std::vector<Notification>> ListNotifications(const NotificationQuery& query) = 0;
  // The id of the newest notification to any unit (0 when there is none).
  virtual Result<std::int64_t> LatestNotificationId() = 0;

  virtual Result<std::optional<Supervision>> GetSupervision(SupervisionId id) = 0;
  virtual Result<SupervisionPage> ListSupervisions(const SupervisionFilter& filter) = 0;
  // Open supervisions whose response deadline passed at `now` and whose lapse
  // was not handled yet (lapsed_at unset), earliest first.
  virtual Result<std::vector<Supervision>> ListDueSupervisions(Instant now, int limit) = 0;

  // The newest saved calendar: its version and JSON text; nullopt before the first.
  virtual Result<std::optional<std::pair<std::int64_t, std::string>>> GetCalendar() = 0;
  virtual Result<std::optional<WarningLetter>> GetWarningLetter(WarningLetterId id) = 0;
  virtual Result<WarningLetterPage> ListWarningLetters(const WarningLetterFilter& filter) = 0;

  // The SLA policy in force: its version and JSON text; nullopt before the first.
  virtual Result<std::optional<std::pair<std::int64_t, std::string>>> GetSlaPolicy() = 0;
  // The scoring rules in force: their version and JSON text; nullopt before the first.
  virtual Result<std::optional<std::pair<std::int64_t, std::string>>> GetScoringRules() = 0;
  // The scoring rules in force at `at`: the newest version saved at or before
  // it, else the oldest saved version; nullopt before the first.
  virtual Result<std::optional<std::pair<std::int64_t, std::string>>> GetScoringRulesAt(
      Instant at) = 0;
  // One saved version of the scoring rules; nullopt when there is no such version.
  virtual Result<std::optional<std::pair<std::int64_t, std::string>>> GetScoringRulesVersion(
      std::int64_t version) = 0;

  virtual Result<std::optional<StoredReport>> GetReport(std::int64_t id) = 0;
  // Reports of `kind` (any when empty), newest first, without bodies.
  virtual Result<ReportPage> ListReports(std::string_view kind, int limit, int offset) = 0;

  // Counters of dimension `dim` per key, summed over China days
  // from_day..to_day (yyyymmdd, inclusive); keys without any count are absent.
  virtual Result<std::vector<RollupRow>> QueryRollup(std::string_view dim, std::int32_t from_day,
                                                     std::int32_t to_day) = 0;
  // Orders whose 不满意 is still open (dissatisfied_since set) and began in
  // from <= dissatisfied_since < to, counted per key of `dim` (all, unit =
  // the lead unit now, street, category = leaf, channel, demand_type,
  // enterprise); orders without a key in `dim` are left out.
  virtual Result<std::vector<KeyCount>> CountOpenDissatisfied(std::string_view dim, Instant from,
                                                              Instant to) = 0;
  // Those orders themselves, ascending by id.
  virtual Result<std::vector<WorkOrder>> ListOpenDissatisfied(Instant from, Instant to) = 0;
  // Supervisions issued in from <= issued_at < to per supervised unit, with
  // how many of them are overdue at `now` and how many are open.
  virtual Result<std::vector<SupervisionCounts>> CountSupervisionsByUnit(Instant from, Instant to,
                                                                         Instant now) = 0;
  // Those supervisions themselves, ascending by id.
  virtual Result<std::vector<Supervision>> ListSupervisionsIssued(Instant from, Instant to) = 0;
  // Ids of all orders, ascending, from `after_id` (exclusive), at most `limit`:
  // for jobs that walk the whole database (rebuilding the rollups).
  virtual Result<std::vector<OrderId>> ListOrderIds(OrderId after_id, int limit) = 0;

  // Cheap liveness check of the database connection (for /readyz).
  virtual Result<void> Ping() = 0;

  // --- Knowledge base (知识库) ---
  virtual Result<std::optional<KnowledgeArticle>> GetArticle(ArticleId id) = 0;
  virtual Result<ArticlePage> SearchArticles(const ArticleQuery& query) = 0;
  // --- Duplicates and repeats at intake (docs/duplicates.md) ---
  // Duplicate-index rows of orders created at or after `since_ms` with an id
  // above `after_id`, by order id, at most `limit` (a page, so that loading a
  // large window never holds all rows twice).
  virtual Result<std::vector<DuplicateEntry>> ListDuplicateEntries(std::int64_t since_ms,
                                                                   OrderId after_id, int limit) = 0;
  // How many rows ListDuplicateEntries would go through from `since_ms`.
  virtual Result<std::int64_t> CountDuplicateEntries(std::int64_t since_ms) = 0;
  // Orders created at or after `since` without a duplicate-index row, oldest
  // first, at most `limit` (to backfill the index). Reads only the orders
  // created since `since`, so a caller going through many batches passes the
  // last batch's newest creation time on.
  virtual Result<std::vector<WorkOrder>> ListOrdersWithoutDuplicateEntry(Instant since,
                                                                         int limit) = 0;
  // --- Hot spots and governance topics (docs/hotspots.md) ---
  // Orders created in from <= created_at < to per category, street and
  // China day.
  virtual Result<std::vector<CellDayCount>> CountOrdersByCategoryStreetDay(Instant from,
                                                                           Instant to) = 0;
  // The newest `limit` orders created in from <= created_at < to, oldest first.
  virtual Result<std::vector<OrderText>> ListOrderTexts(Instant from, Instant to, int limit) = 0;
  // China days of creation of the orders `match` selects, created in
  // from <= created_at < to, ascending.
  virtual Result<std::vector<DayNumber>> ListMatchingOrderDays(const TopicOrderMatch& match,
                                                               Instant from, Instant to) = 0;
  virtual Result<std::optional<GovernanceTopic>> GetTopic(TopicId id) = 0;
  // Every topic, newest first.
  virtual Result<std::vector<GovernanceTopic>> ListTopics() = 0;
};

}  // namespace hotline
