#include "storage/sqlite/migrations.h"

#include <fmt/format.h>

namespace hotline::sqlite {
namespace {

// Bookkeeping times (users.created_at, schema_migrations.applied_at) are
// milliseconds since the Unix epoch computed by SQLite itself.
//
// v1: organisation, categories, orders with their append-only event log,
// numbering, sessions. STRICT tables make SQLite enforce column types.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE units (
  id        INTEGER PRIMARY KEY,
  code      TEXT NOT NULL UNIQUE,
  name      TEXT NOT NULL,
  kind      TEXT NOT NULL,
  parent_id INTEGER REFERENCES units(id)
) STRICT;

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL,
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  password_hash TEXT NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    INTEGER NOT NULL DEFAULT
    (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
) STRICT;

CREATE TABLE categories (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  level           INTEGER NOT NULL,
  parent_id       INTEGER REFERENCES categories(id),
  default_unit_id INTEGER REFERENCES units(id)
) STRICT;

CREATE TABLE orders (
  id              INTEGER PRIMARY KEY,
  number          TEXT NOT NULL UNIQUE,
  state           TEXT NOT NULL,
  version         INTEGER NOT NULL,
  channel         TEXT NOT NULL,
  demand_type     TEXT NOT NULL,
  category_id     INTEGER NOT NULL,
  street_unit_id  INTEGER,
  lead_unit_id    INTEGER,
  enterprise      INTEGER NOT NULL,
  reopen_count    INTEGER NOT NULL,
  urgency         TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  closed_at       INTEGER,
  title           TEXT NOT NULL,
  content         TEXT NOT NULL,
  address         TEXT NOT NULL,
  caller_phone    TEXT NOT NULL,
  idempotency_key TEXT UNIQUE,
  upstream_id     TEXT UNIQUE,
  request_hash    TEXT NOT NULL,
  doc             TEXT NOT NULL
) STRICT;

CREATE INDEX orders_created ON orders(created_at);
CREATE INDEX orders_updated ON orders(updated_at);
CREATE INDEX orders_state_created ON orders(state, created_at);
CREATE INDEX orders_street_created ON orders(street_unit_id, created_at);
CREATE INDEX orders_category_created ON orders(category_id, created_at);

CREATE TABLE order_events (
  order_id    INTEGER NOT NULL REFERENCES orders(id),
  seq         INTEGER NOT NULL,
  action      TEXT NOT NULL,
  actor_id    INTEGER NOT NULL,
  actor_name  TEXT NOT NULL,
  actor_role  TEXT NOT NULL,
  unit_id     INTEGER NOT NULL,
  at          INTEGER NOT NULL,
  payload     TEXT NOT NULL,
  state_after TEXT NOT NULL,
  PRIMARY KEY (order_id, seq)
) STRICT, WITHOUT ROWID;

-- The log is the record of what happened: it is never rewritten.
CREATE TRIGGER order_events_no_update BEFORE UPDATE ON order_events
BEGIN
  SELECT RAISE(ABORT, 'order_events is append-only');
END;
CREATE TRIGGER order_events_no_delete BEFORE DELETE ON order_events
BEGIN
  SELECT RAISE(ABORT, 'order_events is append-only');
END;

-- Lead and assisting units of each order, for data-scope filtering.
CREATE TABLE order_units (
  order_id INTEGER NOT NULL REFERENCES orders(id),
  unit_id  INTEGER NOT NULL,
  relation TEXT NOT NULL CHECK (relation IN ('lead', 'assist')),
  PRIMARY KEY (order_id, unit_id, relation)
) STRICT, WITHOUT ROWID;
CREATE INDEX order_units_unit ON order_units(unit_id, order_id);

CREATE TABLE order_counters (
  day  TEXT PRIMARY KEY,
  last INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);
)sql";

// Versioned SLA policies: every change is a new row; the newest is in force
// and orders record which version set their deadlines.
constexpr std::string_view kSchemaV2 = R"sql(
CREATE TABLE sla_policies (
  version    INTEGER PRIMARY KEY,
  body       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by INTEGER REFERENCES users(id)
) STRICT;
)sql";

// The scheduler's work list (orders with an alarm to raise, by instant),
// notifications to units, and the lease that keeps one scheduler active per
// database.
constexpr std::string_view kSchemaV3 = R"sql(
ALTER TABLE orders ADD COLUMN next_alarm_at INTEGER;
CREATE INDEX orders_next_alarm ON orders(next_alarm_at) WHERE next_alarm_at IS NOT NULL;

CREATE TABLE notifications (
  id           INTEGER PRIMARY KEY,
  unit_id      INTEGER NOT NULL REFERENCES units(id),
  kind         TEXT NOT NULL,
  order_id     INTEGER REFERENCES orders(id),
  order_number TEXT NOT NULL,
  title        TEXT NOT NULL,
  body         TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  read_at      INTEGER
) STRICT;
CREATE INDEX notifications_unit ON notifications(unit_id, id);

CREATE TABLE scheduler_leases (
  name       TEXT PRIMARY KEY,
  holder     TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
)sql";

// Columns for the 久拖不决 list and the 不满意 board.
constexpr std::string_view kSchemaV4 = R"sql(
ALTER TABLE orders ADD COLUMN long_pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN dissatisfied_since INTEGER;
CREATE INDEX orders_long_pending ON orders(created_at) WHERE long_pending = 1;
CREATE INDEX orders_dissatisfied ON orders(dissatisfied_since) WHERE dissatisfied_since IS NOT NULL;
)sql";

// Supervision orders (督办单) and their per-day numbering.
constexpr std::string_view kSchemaV5 = R"sql(
CREATE TABLE supervisions (
  id            INTEGER PRIMARY KEY,
  number        TEXT NOT NULL UNIQUE,
  order_id      INTEGER REFERENCES orders(id),
  order_number  TEXT NOT NULL,
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  tier          TEXT NOT NULL,
  reason        TEXT NOT NULL,
  note          TEXT NOT NULL,
  issued_by     INTEGER,
  issued_at     INTEGER NOT NULL,
  due_at        INTEGER NOT NULL,
  state         TEXT NOT NULL,
  response      TEXT NOT NULL,
  responded_at  INTEGER,
  responded_by  INTEGER,
  reviewed_note TEXT NOT NULL,
  reviewed_at   INTEGER,
  parent_id     INTEGER REFERENCES supervisions(id),
  lapsed_at     INTEGER
) STRICT;
CREATE INDEX supervisions_due ON supervisions(state, due_at);
CREATE INDEX supervisions_unit ON supervisions(unit_id);
CREATE INDEX supervisions_order ON supervisions(order_id);

CREATE TABLE supervision_counters (
  day  TEXT PRIMARY KEY,
  last INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
)sql";

// Working-day calendars saved by administrators when a new notice comes out;
// the newest is in force (the compiled-in one before the first).
constexpr std::string_view kSchemaV6 = R"sql(
CREATE TABLE calendars (
  version    INTEGER PRIMARY KEY,
  body       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by INTEGER REFERENCES users(id)
) STRICT;
)sql";

// Warning letters (预警函) to units and their per-day numbering.
constexpr std::string_view kSchemaV7 = R"sql(
CREATE TABLE warning_letters (
  id           INTEGER PRIMARY KEY,
  number       TEXT NOT NULL UNIQUE,
  unit_id      INTEGER NOT NULL REFERENCES units(id),
  kind         TEXT NOT NULL,
  subject      TEXT NOT NULL,
  body         TEXT NOT NULL,
  order_ids    TEXT NOT NULL,
  issued_by    INTEGER NOT NULL,
  issued_at    INTEGER NOT NULL,
  reply_due_at INTEGER NOT NULL,
  state        TEXT NOT NULL,
  reply        TEXT NOT NULL,
  replied_at   INTEGER,
  replied_by   INTEGER,
  review_note  TEXT NOT NULL,
  reviewed_at  INTEGER,
  rounds       INTEGER NOT NULL,
  closed_at    INTEGER,
  closed_by    INTEGER
) STRICT;
CREATE INDEX warning_letters_unit ON warning_letters(unit_id, state);
CREATE INDEX warning_letters_state ON warning_letters(state, reply_due_at);

CREATE TABLE warning_counters (
  day  TEXT PRIMARY KEY,
  last INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
)sql";

// Collaboration: units that take part in an order without leading or
// assisting it (summoned by a whistle, asked for guidance) are 'collab' rows
// of order_units so that data scopes include them. SQLite cannot alter a
// CHECK constraint, so the table is rebuilt; nothing references it, so the
// drop cannot violate a foreign key. Events by action and time serve the
// period statistics of collaboration.
constexpr std::string_view kSchemaV8 = R"sql(
CREATE TABLE order_units_new (
  order_id INTEGER NOT NULL REFERENCES orders(id),
  unit_id  INTEGER NOT NULL,
  relation TEXT NOT NULL CHECK (relation IN ('lead', 'assist', 'collab')),
  PRIMARY KEY (order_id, unit_id, relation)
) STRICT, WITHOUT ROWID;
INSERT INTO order_units_new(order_id, unit_id, relation)
  SELECT order_id, unit_id, relation FROM order_units;
DROP TABLE order_units;
ALTER TABLE order_units_new RENAME TO order_units;
CREATE INDEX order_units_unit ON order_units(unit_id, order_id);

CREATE INDEX order_events_action_at ON order_events(action, at);
)sql";

// Daily rollups of the figures (docs/metrics.md): one row per day, dimension
// and key, maintained in the transaction of each event; metric_meta records
// which definition of the figures the rows follow, so a new definition
// rebuilds them from the event log.
constexpr std::string_view kSchemaV9 = R"sql(
CREATE TABLE metric_daily (
  dim  TEXT NOT NULL,
  day  INTEGER NOT NULL,
  key  TEXT NOT NULL,
  received            INTEGER NOT NULL DEFAULT 0,
  dispatched          INTEGER NOT NULL DEFAULT 0,
  signed              INTEGER NOT NULL DEFAULT 0,
  signed_on_time      INTEGER NOT NULL DEFAULT 0,
  replied             INTEGER NOT NULL DEFAULT 0,
  replied_on_time     INTEGER NOT NULL DEFAULT 0,
  rated               INTEGER NOT NULL DEFAULT 0,
  resolved            INTEGER NOT NULL DEFAULT 0,
  satisfied           INTEGER NOT NULL DEFAULT 0,
  basically_satisfied INTEGER NOT NULL DEFAULT 0,
  dissatisfied        INTEGER NOT NULL DEFAULT 0,
  returned            INTEGER NOT NULL DEFAULT 0,
  return_approved     INTEGER NOT NULL DEFAULT 0,
  reopened            INTEGER NOT NULL DEFAULT 0,
  overdue             INTEGER NOT NULL DEFAULT 0,
  closed              INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (dim, day, key)
) STRICT, WITHOUT ROWID;

CREATE TABLE metric_meta (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
)sql";

// Versioned scoring rules (考核细则) and the generated reports (日梳理、周统计、
// 月报告、年分析), kept as history.
constexpr std::string_view kSchemaV10 = R"sql(
CREATE TABLE scoring_rules (
  version    INTEGER PRIMARY KEY,
  body       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by INTEGER
) STRICT;

CREATE TABLE reports (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('daily', 'weekly', 'monthly', 'annual', 'custom')),
  period_from  TEXT NOT NULL,
  period_to    TEXT NOT NULL,
  generated_at INTEGER NOT NULL,
  generated_by INTEGER,
  body         TEXT NOT NULL
) STRICT;
CREATE INDEX reports_kind_period ON reports(kind, period_from, generated_at);
)sql";

// 吹哨报到 figures in the daily rollups (appended after `closed`, in Measure
// order). Existing rows read 0 until the bumped kMetricFactsVersion rebuilds
// them from the event log.
constexpr std::string_view kSchemaV11 = R"sql(
ALTER TABLE metric_daily ADD COLUMN whistles          INTEGER NOT NULL DEFAULT 0;
ALTER TABLE metric_daily ADD COLUMN report_ins        INTEGER NOT NULL DEFAULT 0;
ALTER TABLE metric_daily ADD COLUMN report_ins_late   INTEGER NOT NULL DEFAULT 0;
ALTER TABLE metric_daily ADD COLUMN whistles_resolved INTEGER NOT NULL DEFAULT 0;
)sql";

// The caller's history (intake page, screen pops) looks orders up by number.
constexpr std::string_view kSchemaV12 = R"sql(
CREATE INDEX orders_caller_phone ON orders(caller_phone, created_at);
)sql";

// Full-text search (docs/search.md) and the knowledge base (知识库). The FTS
// tables are contentless: they hold only the index of a derived text (the
// character bigrams of text/search_terms.h), which the program computes and
// writes itself; search_index records which tokenisation the index follows,
// and the program (re)builds it at start when that is older than its own.
constexpr std::string_view kSchemaV13 = R"sql(
CREATE VIRTUAL TABLE orders_fts USING fts5(
  title, content, address, content = '', tokenize = 'unicode61 remove_diacritics 0');

CREATE TABLE knowledge_articles (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL
              CHECK (kind IN ('policy', 'standard_answer', 'responsibility', 'model_case')),
  title       TEXT NOT NULL,
  body        TEXT NOT NULL,
  category_id INTEGER REFERENCES categories(id),
  unit_id     INTEGER REFERENCES units(id),
  tags        TEXT NOT NULL,
  enabled     INTEGER NOT NULL,
  version     INTEGER NOT NULL,
  created_by  INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_by  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX knowledge_updated ON knowledge_articles(updated_at);

CREATE VIRTUAL TABLE knowledge_fts USING fts5(
  title, body, tags, content = '', tokenize = 'unicode61 remove_diacritics 0');

CREATE TABLE search_index (
  name    TEXT PRIMARY KEY,
  version INTEGER NOT NULL
) STRICT;
INSERT INTO search_index(name, version) VALUES ('orders', 0), ('knowledge', 0);
)sql";

// 并单 suggestions and repeat/group warnings (docs/duplicates.md): per order
// its text's MinHash signature and the keys of its caller, address,
// community and category; the in-memory LSH index is rebuilt from the rows
// of the window at start.
constexpr std::string_view kSchemaV14 = R"sql(
CREATE TABLE order_similarity (
  order_id     INTEGER PRIMARY KEY REFERENCES orders(id),
  created_at   INTEGER NOT NULL,
  caller_key   INTEGER NOT NULL,
  address_key  INTEGER NOT NULL,
  community_id INTEGER NOT NULL,
  category_id  INTEGER NOT NULL,
  signature    TEXT
);
CREATE INDEX order_similarity_created ON order_similarity(created_at);
)sql";

// Reply quality: signatures of recent replies' substance, compared to catch
// replies copied from other orders (docs/reply-quality.md).
constexpr std::string_view kSchemaV15 = R"sql(
CREATE TABLE reply_signatures (
  row       INTEGER PRIMARY KEY,
  order_id  INTEGER NOT NULL,
  seq       INTEGER NOT NULL,
  at        INTEGER NOT NULL,
  signature TEXT NOT NULL,
  UNIQUE (order_id, seq)
) STRICT;
CREATE INDEX reply_signatures_at ON reply_signatures(at);
)sql";

// Governance topics (治理专题): owner units and measures are short lists only
// ever read with their topic, so they are JSON arrays in the row.
constexpr std::string_view kSchemaV16 = R"sql(
CREATE TABLE governance_topics (
  id              INTEGER PRIMARY KEY,
  title           TEXT NOT NULL,
  description     TEXT NOT NULL,
  category_id     INTEGER NOT NULL REFERENCES categories(id),
  street_unit_id  INTEGER REFERENCES units(id),
  address_keyword TEXT NOT NULL,
  owner_unit_ids  TEXT NOT NULL,
  measures        TEXT NOT NULL,
  start_date      TEXT NOT NULL,
  end_date        TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('proposed', 'active', 'closed')),
  created_by      INTEGER NOT NULL REFERENCES users(id),
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX governance_topics_place ON governance_topics(street_unit_id, category_id);
)sql";

// Dispatch suggestions: versioned classifier models, the units' 权责清单,
// the address gazetteer, and the suggestions made (to learn how they fared).
constexpr std::string_view kSchemaV17 = R"sql(
CREATE TABLE dispatch_models (
  version          INTEGER PRIMARY KEY,
  created_at       INTEGER NOT NULL,
  trained_orders   INTEGER NOT NULL,
  category_labels  INTEGER NOT NULL,
  unit_labels      INTEGER NOT NULL,
  details          TEXT NOT NULL,
  category_model   BLOB NOT NULL,
  unit_model       BLOB NOT NULL
);
CREATE TABLE responsibilities (
  id           INTEGER PRIMARY KEY,
  unit_id      INTEGER NOT NULL REFERENCES units(id),
  phrase       TEXT NOT NULL,
  category_id  INTEGER REFERENCES categories(id),
  note         TEXT NOT NULL
);
CREATE TABLE places (
  id                 INTEGER PRIMARY KEY,
  name               TEXT NOT NULL,
  kind               TEXT NOT NULL,
  street_unit_id     INTEGER NOT NULL REFERENCES units(id),
  community_unit_id  INTEGER REFERENCES units(id),
  UNIQUE (name, street_unit_id)
);
CREATE TABLE dispatch_suggestions (
  order_id         INTEGER NOT NULL REFERENCES orders(id),
  model_version    INTEGER NOT NULL,
  top_unit_id      INTEGER,
  top_category_id  INTEGER,
  suggestion       TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  PRIMARY KEY (order_id, model_version)
);
CREATE TABLE dispatch_meta (
  id                 INTEGER PRIMARY KEY CHECK (id = 1),
  knowledge_version  INTEGER NOT NULL
);
INSERT INTO dispatch_meta(id, knowledge_version) VALUES (1, 0);
CREATE INDEX orders_closed_lead ON orders(state, closed_at) WHERE lead_unit_id IS NOT NULL;
)sql";

// Packed storage (storage/packed_json.h): the order document and the event
// payloads become BLOBs packed against a fixed dictionary, and the document
// no longer repeats the texts held in columns of their own. SQLite cannot
// change a column's type in place, so both tables are rebuilt (the
// documented create-copy-drop-rename procedure, run with foreign keys off)
// with the same columns, indexes and triggers. Ids and sequence numbers are
// copied, so the full-text index and every reference stay valid.
constexpr std::string_view kSchemaV18 = R"sql(
CREATE TABLE orders_packed (
  id                  INTEGER PRIMARY KEY,
  number              TEXT NOT NULL UNIQUE,
  state               TEXT NOT NULL,
  version             INTEGER NOT NULL,
  channel             TEXT NOT NULL,
  demand_type         TEXT NOT NULL,
  category_id         INTEGER NOT NULL,
  street_unit_id      INTEGER,
  lead_unit_id        INTEGER,
  enterprise          INTEGER NOT NULL,
  reopen_count        INTEGER NOT NULL,
  urgency             TEXT NOT NULL,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  closed_at           INTEGER,
  title               TEXT NOT NULL,
  content             TEXT NOT NULL,
  address             TEXT NOT NULL,
  caller_phone        TEXT NOT NULL,
  idempotency_key     TEXT UNIQUE,
  upstream_id         TEXT UNIQUE,
  request_hash        TEXT NOT NULL,
  doc                 BLOB NOT NULL,
  next_alarm_at       INTEGER,
  long_pending        INTEGER NOT NULL DEFAULT 0,
  dissatisfied_since  INTEGER
) STRICT;
INSERT INTO orders_packed(id, number, state, version, channel, demand_type, category_id,
  street_unit_id, lead_unit_id, enterprise, reopen_count, urgency, created_at, updated_at,
  closed_at, title, content, address, caller_phone, idempotency_key, upstream_id, request_hash,
  doc, next_alarm_at, long_pending, dissatisfied_since)
SELECT id, number, state, version, channel, demand_type, category_id,
  street_unit_id, lead_unit_id, enterprise, reopen_count, urgency, created_at, updated_at,
  closed_at, title, content, address, caller_phone, idempotency_key, upstream_id, request_hash,
  hotline_pack(json_remove(doc, '$.title', '$.content', '$.address', '$.caller_phone')),
  next_alarm_at, long_pending, dissatisfied_since
FROM orders ORDER BY id;
DROP TABLE orders;
ALTER TABLE orders_packed RENAME TO orders;
CREATE INDEX orders_created ON orders(created_at);
CREATE INDEX orders_updated ON orders(updated_at);
CREATE INDEX orders_state_created ON orders(state, created_at);
CREATE INDEX orders_street_created ON orders(street_unit_id, created_at);
CREATE INDEX orders_category_created ON orders(category_id, created_at);
CREATE INDEX orders_next_alarm ON orders(next_alarm_at) WHERE next_alarm_at IS NOT NULL;
CREATE INDEX orders_long_pending ON orders(created_at) WHERE long_pending = 1;
CREATE INDEX orders_dissatisfied ON orders(dissatisfied_since) WHERE dissatisfied_since IS NOT NULL;
CREATE INDEX orders_caller_phone ON orders(caller_phone, created_at);
CREATE INDEX orders_closed_lead ON orders(state, closed_at) WHERE lead_unit_id IS NOT NULL;

CREATE TABLE order_events_packed (
  order_id    INTEGER NOT NULL REFERENCES orders(id),
  seq         INTEGER NOT NULL,
  action      TEXT NOT NULL,
  actor_id    INTEGER NOT NULL,
  actor_name  TEXT NOT NULL,
  actor_role  TEXT NOT NULL,
  unit_id     INTEGER NOT NULL,
  at          INTEGER NOT NULL,
  payload     BLOB NOT NULL,
  state_after TEXT NOT NULL,
  PRIMARY KEY (order_id, seq)
) STRICT, WITHOUT ROWID;
INSERT INTO order_events_packed(order_id, seq, action, actor_id, actor_name, actor_role,
  unit_id, at, payload, state_after)
SELECT order_id, seq, action, actor_id, actor_name, actor_role, unit_id, at,
  hotline_pack(payload), state_after
FROM order_events ORDER BY order_id, seq;
DROP TABLE order_events;
ALTER TABLE order_events_packed RENAME TO order_events;
CREATE INDEX order_events_action_at ON order_events(action, at);
CREATE TRIGGER order_events_no_update BEFORE UPDATE ON order_events
BEGIN
  SELECT RAISE(ABORT, 'order_events is append-only');
END;
CREATE TRIGGER order_events_no_delete BEFORE DELETE ON order_events
BEGIN
  SELECT RAISE(ABORT, 'order_events is append-only');
END;
)sql";

// The work lists' flags as columns (stored_order.h: WorkListColumnsOf), so
// that 即将超期, 已超期, 待审核申请 and 吹哨 lists read only the orders that
// have the flag instead of unpacking every document. Filled from the
// documents here; the writer keeps them from then on.
constexpr std::string_view kSchemaV19 = R"sql(
ALTER TABLE orders ADD COLUMN step_alarm INTEGER;
ALTER TABLE orders ADD COLUMN pending_kind TEXT;
ALTER TABLE orders ADD COLUMN whistles INTEGER;
UPDATE orders SET (step_alarm, pending_kind, whistles) = (
  SELECT NULLIF(
           (CASE WHEN json_extract(d, '$.deadlines.sign.overdue') = 1
                   OR json_extract(d, '$.deadlines.handle.overdue') = 1 THEN 2 ELSE 0 END)
         | (CASE WHEN (json_extract(d, '$.deadlines.sign.warned') = 1
                       AND json_extract(d, '$.deadlines.sign.overdue') = 0)
                   OR (json_extract(d, '$.deadlines.handle.warned') = 1
                       AND json_extract(d, '$.deadlines.handle.overdue') = 0) THEN 1 ELSE 0 END),
           0),
         json_extract(d, '$.pending.kind'),
         NULLIF(json_array_length(d, '$.collab.whistles'), 0)
  FROM (SELECT hotline_unpack(orders.doc) AS d))
-- Only rows with something to flag are written (one unpack each to find
-- them): on a large database most orders are closed and keep three NULLs.
WHERE json_extract(hotline_unpack(doc), '$.deadlines.sign', '$.deadlines.handle', '$.pending',
                   '$.collab.whistles') <> '[null,null,null,[]]';
CREATE INDEX orders_step_alarm ON orders(step_alarm, created_at) WHERE step_alarm IS NOT NULL;
CREATE INDEX orders_pending_kind ON orders(pending_kind, created_at)
  WHERE pending_kind IS NOT NULL;
CREATE INDEX orders_whistles ON orders(created_at) WHERE whistles IS NOT NULL;
)sql";

constexpr Migration kMigrations[] = {
    {1, "initial schema", kSchemaV1},
    {2, "versioned SLA policies", kSchemaV2},
    {3, "deadline alarms, notifications, scheduler lease", kSchemaV3},
    {4, "long-pending and dissatisfied columns", kSchemaV4},
    {5, "supervision orders", kSchemaV5},
    {6, "administrator-saved working-day calendars", kSchemaV6},
    {7, "warning letters", kSchemaV7},
    {8, "collaborating units in data scopes, events by action and time", kSchemaV8},
    {9, "daily rollups of the figures", kSchemaV9},
    {10, "scoring rules and generated reports", kSchemaV10},
    {11, "whistle figures in the daily rollups", kSchemaV11},
    {12, "orders by caller number", kSchemaV12},
    {13, "full-text search index, knowledge base", kSchemaV13},
    {14, "text signatures for duplicate suggestions", kSchemaV14},
    {15, "reply signatures for the reply-quality check", kSchemaV15},
    {16, "governance topics", kSchemaV16},
    {17, "dispatch models, responsibility lists, gazetteer, suggestions", kSchemaV17},
    {18, "packed order documents and event payloads", kSchemaV18, /*rebuilds_tables=*/true},
    {19, "work-list flags as indexed columns", kSchemaV19},
};

constexpr std::string_view kCreateBookkeeping =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " applied_at INTEGER NOT NULL DEFAULT"
    " (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)))";

Result<int> ReadVersion(Connection& db) {
  auto stmt = db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!stmt) return Fail(stmt.error());
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  return static_cast<int>(stmt->Int(0));
}

Error TooNew(int found) {
  return Error{ErrorKind::kInternal, "schema_too_new",
               fmt::format("数据库结构版本 {} 高于本程序支持的版本 {}，请升级程序后再打开", found,
                           LatestSchemaVersion()),
               ""};
}

// Rows referring to a missing parent, as PRAGMA foreign_key_check reports them.
Result<void> CheckForeignKeys(Connection& db) {
  auto stmt = db.Prepare("PRAGMA foreign_key_check");
  if (!stmt) return Fail(stmt.error());
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  if (!*row) return {};
  return Fail(
      ErrorKind::kInternal, "storage_error",
      fmt::format("数据库错误：表 {} 的第 {} 行引用的记录不存在", stmt->Text(0), stmt->Int(1)));
}

// Runs one migration unless another process applied it meanwhile: the
// version is re-read under the write lock taken by BEGIN IMMEDIATE. A
// migration that rebuilds tables runs with foreign keys off (dropping the
// old table would otherwise fail) and, on a connection that enforces them,
// checks every reference before it commits.
Result<void> ApplyOne(Connection& db, const Migration& m) {
  bool foreign_keys_were_on = false;
  if (m.rebuilds_tables) {
    auto pragma = db.Prepare("PRAGMA foreign_keys");
    if (!pragma) return Fail(pragma.error());
    auto row = pragma->Step();
    if (!row) return Fail(row.error());
    foreign_keys_were_on = *row && pragma->Int(0) != 0;
  }
  if (m.rebuilds_tables) {
    if (auto r = db.Exec("PRAGMA foreign_keys = OFF"); !r) return r;
  }
  auto result = [&]() -> Result<void> {
    if (auto r = db.Exec("BEGIN IMMEDIATE"); !r) return r;
    auto body = [&]() -> Result<void> {
      auto current = ReadVersion(db);
      if (!current) return Fail(current.error());
      if (*current >= m.version) return {};
      if (auto r = db.Exec(m.sql); !r) {
        Error e = r.error();
        e.message += fmt::format("（迁移 {}：{}）", m.version, m.description);
        return Fail(std::move(e));
      }
      if (foreign_keys_were_on) {
        if (auto r = CheckForeignKeys(db); !r) return r;
      }
      auto insert = db.Prepare("INSERT INTO schema_migrations(version) VALUES (?)");
      if (!insert) return Fail(insert.error());
      return insert->BindAll(m.version).Run();
    };
    if (auto r = body(); !r) {
      (void)db.Exec("ROLLBACK");
      return r;
    }
    if (auto r = db.Exec("COMMIT"); !r) {
      (void)db.Exec("ROLLBACK");
      return r;
    }
    return {};
  }();
  if (foreign_keys_were_on) {
    if (auto r = db.Exec("PRAGMA foreign_keys = ON"); !r && result) return r;
  }
  return result;
}

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

int LatestSchemaVersion() { return kMigrations[std::size(kMigrations) - 1].version; }

Result<int> CurrentSchemaVersion(Connection& db) {
  if (auto r = db.Exec(kCreateBookkeeping); !r) return Fail(r.error());
  return ReadVersion(db);
}

Result<int> ApplyMigrations(Connection& db) {
  auto current = CurrentSchemaVersion(db);
  if (!current) return Fail(current.error());
  if (*current > LatestSchemaVersion()) return Fail(TooNew(*current));
  if (*current < LatestSchemaVersion()) {
    // A statement that changes many rows inside a transaction keeps the
    // original of every page it touches in a statement journal, held in
    // memory under temp_store=MEMORY: gigabytes for a migration that
    // rewrites a large orders table. Migrations journal to a temporary file.
    std::int64_t previous = 0;  // 0 = the compile-time default
    {
      auto temp_store = db.Prepare("PRAGMA temp_store");
      if (!temp_store) return Fail(temp_store.error());
      auto row = temp_store->Step();
      if (!row) return Fail(row.error());
      if (*row) previous = temp_store->Int(0);
    }
    if (auto r = db.Exec("PRAGMA temp_store = FILE"); !r) return Fail(r.error());
    Result<void> applied;
    for (const Migration& m : kMigrations) {
      if (m.version <= *current) continue;
      if (applied = ApplyOne(db, m); !applied) break;
    }
    auto restored = db.Exec(fmt::format("PRAGMA temp_store = {}", previous));
    if (!applied) return Fail(applied.error());
    if (!restored) return Fail(restored.error());
  }
  auto final_version = ReadVersion(db);
  if (!final_version) return Fail(final_version.error());
  if (*final_version > LatestSchemaVersion()) return Fail(TooNew(*final_version));
  return *final_version;
}

}  // namespace hotline::sqlite
