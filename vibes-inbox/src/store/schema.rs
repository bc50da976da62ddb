//! The store's schema, for SQLite and PostgreSQL side by side, and the statements both run.
//!
//! The two tables have the same columns and keys in both; only the types of the body and of
//! the refusals' row id are spelt in each dialect. Every statement that reads or writes rows is
//! the same text in both (SQLite reads `$1` as a parameter, numbered in order of appearance).

/// SQLite's tables: a `BLOB` body, and an `AUTOINCREMENT` row id for refusals, so that ids are
/// never reused.
pub const SQLITE: &str = "
CREATE TABLE IF NOT EXISTS deliveries (
    event_id      TEXT NOT NULL PRIMARY KEY,
    callback_type TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    source        TEXT NOT NULL,
    headers       TEXT NOT NULL,
    body          BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS rejected (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at   TEXT NOT NULL,
    status        INTEGER NOT NULL,
    event_id      TEXT,
    method        TEXT NOT NULL,
    source        TEXT NOT NULL,
    error         TEXT NOT NULL,
    headers       TEXT NOT NULL,
    body          BLOB
);
CREATE INDEX IF NOT EXISTS rejected_event_id ON rejected (event_id);
";

/// PostgreSQL's tables: a `BYTEA` body, and an identity column for refusals. Two receivers that
/// start at once both run this: the advisory lock makes the second wait for the first, since
/// concurrent `CREATE TABLE IF NOT EXISTS` of one table can fail in PostgreSQL.
pub const POSTGRES: &str = "
BEGIN;
SELECT pg_advisory_xact_lock(7390118213);
CREATE TABLE IF NOT EXISTS deliveries (
    event_id      TEXT NOT NULL PRIMARY KEY,
    callback_type TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    source        TEXT NOT NULL,
    headers       TEXT NOT NULL,
    body          BYTEA NOT NULL
);
CREATE TABLE IF NOT EXISTS rejected (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at   TEXT NOT NULL,
    status        INTEGER NOT NULL,
    event_id      TEXT,
    method        TEXT NOT NULL,
    source        TEXT NOT NULL,
    error         TEXT NOT NULL,
    headers       TEXT NOT NULL,
    body          BYTEA
);
CREATE INDEX IF NOT EXISTS rejected_event_id ON rejected (event_id);
COMMIT;
";

/// Stores a delivery unless its event id is there: one row changed, or none for a repeat. The
/// unique key decides, inside the insert, so two receivers racing on one event store it once.
pub const INSERT_DELIVERY: &str = "
INSERT INTO deliveries (event_id, callback_type, received_at, source, headers, body)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (event_id) DO NOTHING";

/// Stores a refused request.
pub const INSERT_REJECTED: &str = "
INSERT INTO rejected (received_at, status, event_id, method, source, error, headers, body)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/// The health check: a trivial query that needs both tables.
pub const CHECK: &str =
    "SELECT (SELECT 1 FROM deliveries LIMIT 1), (SELECT 1 FROM rejected LIMIT 1)";

/// The accepted deliveries for `inbox list`, oldest first.
pub const LIST_DELIVERIES: &str = "
SELECT received_at, event_id, callback_type, length(body) FROM deliveries
ORDER BY received_at, event_id";

/// The refused requests for `inbox list`, oldest first.
pub const LIST_REJECTED: &str = "
SELECT received_at, status, event_id, length(body) FROM rejected ORDER BY received_at, id";

/// The delivery of an event, for `inbox show`.
pub const SHOW_DELIVERY: &str = "
SELECT received_at, callback_type, headers, body FROM deliveries WHERE event_id = $1";

/// The refused requests that named an event, for `inbox show`.
pub const SHOW_REJECTED: &str = "
SELECT received_at, status, error, headers, body FROM rejected WHERE event_id = $1 ORDER BY id";

/// The accepted bodies for `inbox export`, oldest first.
pub const EXPORT: &str = "SELECT body FROM deliveries ORDER BY received_at, event_id";
