//! The store's schema and every statement run on it, for SQLite and PostgreSQL side by side.
//!
//! The schema is built by numbered [`MIGRATIONS`]; the store records the number it is at in
//! `inbox_schema`. A store made before that table existed (the receiver's first schema) is at
//! version 1: its tables are there and nothing records it. The tables have the same columns and
//! keys in both databases; only the types of bodies and of generated ids are spelt in each
//! dialect. Statements that are the same text in both are one constant (SQLite reads `$1` as a
//! parameter, numbered in order of appearance); where the dialects differ, the two sit together.
//!
//! Times are text, RFC 3339 in UTC to the microsecond and of fixed width, so that they sort as
//! the instants do, in both databases and in the same form as `received_at`.

/// One step of the schema: what it adds, and its statements in each dialect.
#[derive(Clone, Copy, Debug)]
pub struct Migration {
    /// The version the store is at once this step has run.
    pub version: u32,
    /// What the step adds, as a phrase.
    pub adds: &'static str,
    /// Its statements for SQLite.
    pub sqlite: &'static str,
    /// Its statements for PostgreSQL.
    pub postgres: &'static str,
}

/// Every step, in order; the last one's version is [`LATEST`].
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        adds: "the accepted deliveries and the refused requests",
        sqlite: "
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
",
        postgres: "
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
",
    },
    Migration {
        version: 2,
        adds: "the processing state beside each delivery",
        // A row of its own beside each delivery, so that processing never rewrites a delivery's
        // row (SQLite rewrites a whole row, body included, on any update). `due_at` is when the
        // row next needs a worker: a pending delivery's next attempt, or a leased one's lease
        // end, after which any worker may claim it again; one partial index serves the claim.
        // The deliveries stored before this step are pending, oldest first, due when received.
        // A trigger queues each delivery as it is stored, whoever stores it: a receiver of the
        // first schema still running beside upgraded workers included. In PostgreSQL it runs
        // once per statement, so a batch of deliveries is queued, and idle workers woken
        // (at commit, on the channel `vibes_inbox`), by one insert. Deliveries also keep their
        // method from now on (`POST` or `PUT`, as registered), for a forward or a replay to
        // send them as they came; the ones stored before have none, and go as `POST`, the
        // default.
        sqlite: "
ALTER TABLE deliveries ADD COLUMN method TEXT;
CREATE TABLE processing (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id      TEXT NOT NULL UNIQUE REFERENCES deliveries (event_id) ON DELETE CASCADE,
    state         TEXT NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'leased', 'done', 'dead')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    due_at        TEXT NOT NULL,
    leased_by     TEXT,
    last_error    TEXT,
    finished_at   TEXT
);
INSERT INTO processing (event_id, due_at)
SELECT event_id, received_at FROM deliveries ORDER BY received_at, event_id;
CREATE INDEX processing_due ON processing (due_at, seq) WHERE state IN ('pending', 'leased');
CREATE INDEX processing_state ON processing (state, finished_at);
CREATE TRIGGER deliveries_queue AFTER INSERT ON deliveries
BEGIN
    INSERT INTO processing (event_id, due_at) VALUES (NEW.event_id, NEW.received_at);
END;
",
        postgres: "
ALTER TABLE deliveries ADD COLUMN method TEXT;
CREATE TABLE processing (
    seq           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id      TEXT NOT NULL UNIQUE REFERENCES deliveries (event_id) ON DELETE CASCADE,
    state         TEXT NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'leased', 'done', 'dead')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    due_at        TEXT NOT NULL,
    leased_by     TEXT,
    last_error    TEXT,
    finished_at   TEXT
);
INSERT INTO processing (event_id, due_at)
SELECT event_id, received_at FROM deliveries ORDER BY received_at, event_id;
CREATE INDEX processing_due ON processing (due_at, seq) WHERE state IN ('pending', 'leased');
CREATE INDEX processing_state ON processing (state, finished_at);
CREATE FUNCTION vibes_inbox_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO processing (event_id, due_at)
    SELECT event_id, received_at FROM stored ORDER BY received_at, event_id;
    PERFORM pg_notify('vibes_inbox', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER deliveries_queue AFTER INSERT ON deliveries
REFERENCING NEW TABLE AS stored FOR EACH STATEMENT EXECUTE FUNCTION vibes_inbox_queue();
",
    },
    Migration {
        version: 3,
        adds: "workers woken by the receiver after its commit rather than inside it",
        // PostgreSQL serialises the commits of transactions that notify: `NOTIFY` takes one
        // lock for the whole database at commit and holds it until the commit has been
        // flushed, so that no two notifying transactions share a flush of the write-ahead log.
        // The trigger's notification made every commit of deliveries wait for the one before
        // it. The receiver's writer now sets `vibes_inbox.notify` to `off` on its connections
        // and announces its commits itself, after them, on a connection of its own; anyone
        // else's insert (a receiver of an older version, an insert by hand) still wakes the
        // workers from the trigger. SQLite has no notifications: nothing changes there.
        sqlite: "SELECT 1;",
        postgres: "
CREATE OR REPLACE FUNCTION vibes_inbox_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO processing (event_id, due_at)
    SELECT event_id, received_at FROM stored ORDER BY received_at, event_id;
    IF current_setting('vibes_inbox.notify', true) IS DISTINCT FROM 'off' THEN
        PERFORM pg_notify('vibes_inbox', '');
    END IF;
    RETURN NULL;
END
$$;
",
    },
];

/// The version this crate writes: the last migration's.
pub const LATEST: u32 = MIGRATIONS[MIGRATIONS.len() - 1].version;

/// The table that records the version, made by the migration runner in both dialects.
pub const VERSION_TABLE: &str =
    "CREATE TABLE IF NOT EXISTS inbox_schema (version INTEGER NOT NULL)";

/// The recorded version.
pub const READ_VERSION: &str = "SELECT version FROM inbox_schema";

/// The new version, recorded in the one row of `inbox_schema`.
pub const WRITE_VERSION: [&str; 2] = [
    "DELETE FROM inbox_schema",
    "INSERT INTO inbox_schema (version) VALUES ($1)",
];

/// Whether a table exists, SQLite: among this database's tables.
pub const SQLITE_HAS_TABLE: &str =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1";

/// Whether a table exists, PostgreSQL: on the connection's search path, as the other
/// statements find it.
pub const POSTGRES_HAS_TABLE: &str = "SELECT to_regclass($1) IS NOT NULL";

/// The key of the advisory lock every PostgreSQL migration holds, so that receivers and workers
/// that start together upgrade the schema once, one after the other (concurrent `CREATE TABLE`
/// of one table can fail in PostgreSQL).
pub const POSTGRES_LOCK: i64 = 7_390_118_213;

/// The PostgreSQL channel on which each commit of new deliveries is announced to idle workers.
pub const CHANNEL: &str = "vibes_inbox";

/// PostgreSQL: what the receiver's writer sets on its connections, so that the trigger of
/// migration 3 leaves the announcement to it (see [`ANNOUNCE`]).
pub const POSTGRES_QUIET: &str = "SET vibes_inbox.notify = off";

/// PostgreSQL: how the receiver's writer announces, after they committed, that new deliveries
/// are stored, on a connection of its own whose commits do not wait for the disk (the
/// notification carries no data to keep).
pub const ANNOUNCE: [&str; 2] = ["SET synchronous_commit = off", "NOTIFY vibes_inbox"];

/// Stores a delivery unless its event id is there: one row changed, or none for a repeat. The
/// unique key decides, inside the insert, so two receivers racing on one event store it once.
pub const INSERT_DELIVERY: &str = "
INSERT INTO deliveries (event_id, callback_type, received_at, source, headers, body, method)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (event_id) DO NOTHING";

/// PostgreSQL stores a batch of deliveries in one statement, so in one commit: the deliveries
/// as arrays of columns, in the order received. It answers the event ids it stored. A repeat
/// within the batch conflicts with the first of its event id and is left out, as a repeat of a
/// stored one is. The trigger of migration 2 queues them and wakes the workers.
pub const POSTGRES_INSERT_DELIVERIES: &str = "
INSERT INTO deliveries (event_id, callback_type, received_at, source, headers, body, method)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bytea[],
                     $7::text[])
ON CONFLICT (event_id) DO NOTHING
RETURNING event_id";

/// Stores a refused request.
pub const INSERT_REJECTED: &str = "
INSERT INTO rejected (received_at, status, event_id, method, source, error, headers, body)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/// PostgreSQL stores a batch of refused requests in one statement.
pub const POSTGRES_INSERT_REJECTED: &str = "
INSERT INTO rejected (received_at, status, event_id, method, source, error, headers, body)
SELECT * FROM unnest($1::text[], $2::int4[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::text[], $8::bytea[])";

/// A write that changes nothing, committed like the rows: whether the store can commit now (a
/// full disk, a lock held elsewhere or a lost connection make it fail as a delivery's would).
pub const PROBE: &str = "UPDATE inbox_schema SET version = version";

/// The health check: a trivial query that needs every table.
pub const CHECK: &str = "
SELECT (SELECT 1 FROM deliveries LIMIT 1), (SELECT 1 FROM rejected LIMIT 1),
       (SELECT 1 FROM processing LIMIT 1)";

/// The accepted deliveries for `inbox list`, oldest first, with their processing state.
pub const LIST_DELIVERIES: &str = "
SELECT d.received_at, d.event_id, d.callback_type, length(d.body),
       p.state, p.attempts, p.due_at, p.leased_by, p.last_error, p.finished_at
FROM deliveries d JOIN processing p ON p.event_id = d.event_id
ORDER BY d.received_at, d.event_id";

/// The refused requests for `inbox list`, oldest first.
pub const LIST_REJECTED: &str = "
SELECT received_at, status, event_id, length(body) FROM rejected ORDER BY received_at, id";

/// The delivery of an event with its processing state, for `inbox show`.
pub const SHOW_DELIVERY: &str = "
SELECT d.received_at, d.callback_type, d.headers, d.body,
       p.state, p.attempts, p.due_at, p.leased_by, p.last_error, p.finished_at
FROM deliveries d JOIN processing p ON p.event_id = d.event_id WHERE d.event_id = $1";

/// The refused requests that named an event, for `inbox show`.
pub const SHOW_REJECTED: &str = "
SELECT received_at, status, error, headers, body FROM rejected WHERE event_id = $1 ORDER BY id";

/// The accepted bodies for `inbox export`, oldest first, a page of [`EXPORT_PAGE_ROWS`] at a
/// time after the delivery `($1, $2)` (its `received_at` and event id; empty texts for the
/// first page), so that a large inbox is never held whole.
pub const EXPORT_PAGE: &str = "
SELECT received_at, event_id, body FROM deliveries
WHERE (received_at, event_id) > ($1, $2)
ORDER BY received_at, event_id LIMIT $3";

/// How many bodies one page of [`EXPORT_PAGE`] holds.
pub const EXPORT_PAGE_ROWS: i64 = 256;

/// The dead deliveries for `inbox dead`, in the order they died.
pub const LIST_DEAD: &str = "
SELECT d.received_at, d.event_id, d.callback_type, length(d.body),
       p.state, p.attempts, p.due_at, p.leased_by, p.last_error, p.finished_at
FROM processing p JOIN deliveries d ON d.event_id = p.event_id
WHERE p.state = 'dead' ORDER BY p.finished_at, p.seq";

/// Makes a delivery pending again, due at `$1`, with a fresh count of attempts; a leased one is
/// left to its worker (no row changes).
pub const RETRY: &str = "
UPDATE processing SET state = 'pending', attempts = 0, due_at = $1, finished_at = NULL
WHERE event_id = $2 AND state <> 'leased'";

/// The state of one delivery, to say why `inbox retry` left it alone.
pub const STATE_OF: &str = "SELECT state FROM processing WHERE event_id = $1";

/// Makes every dead delivery pending again, due at `$1`; answers how many.
pub const RETRY_DEAD: &str = "
UPDATE processing SET state = 'pending', attempts = 0, due_at = $1, finished_at = NULL
WHERE state = 'dead'";

/// The deliveries `inbox replay` and `purge` choose among: every column a selection filters on
/// or a replay sends, oldest first, after the row of sequence number `$1` (a page at a time).
pub const SELECT_DELIVERIES: &str = "
SELECT p.seq, d.event_id, d.callback_type, d.received_at, d.headers, d.body, p.state, d.method
FROM deliveries d JOIN processing p ON p.event_id = d.event_id
WHERE p.seq > $1 ORDER BY p.seq LIMIT $2";

/// Removes the finished deliveries of one state (`done` or `dead`) that finished before `$2`;
/// answers how many. Their processing rows go first (SQLite does not enforce the cascade unless
/// asked).
pub const PURGE_FINISHED: [&str; 2] = [
    "DELETE FROM processing WHERE state = $1 AND finished_at < $2 RETURNING event_id",
    "DELETE FROM deliveries WHERE event_id = $1",
];

/// Removes the refused requests received before `$1`; answers how many.
pub const PURGE_REJECTED: &str = "DELETE FROM rejected WHERE received_at < $1";

/// The unfinished (pending or leased) deliveries received before `$1`, to purge them.
pub const PURGE_UNFINISHED: &str = "
DELETE FROM processing WHERE state IN ('pending', 'leased')
AND event_id IN (SELECT event_id FROM deliveries WHERE received_at < $1) RETURNING event_id";

/// How many deliveries are in each state, for the summary `inbox list` ends with and for
/// monitoring; and the oldest due time of a pending one.
pub const COUNT_STATES: &str = "
SELECT state, count(*), min(due_at) FROM processing GROUP BY state ORDER BY state";

/// When the oldest pending delivery was received, for monitoring the backlog.
pub const OLDEST_PENDING: &str = "
SELECT min(d.received_at) FROM processing p JOIN deliveries d ON d.event_id = p.event_id
WHERE p.state = 'pending'";

/// The deliveries the inbox page lists, newest first: of callback type `$1`, in state `$2`,
/// received at or after `$3` and before `$4`, stored before sequence number `$5` (each only
/// when given: a null parameter does not filter), `$6` at most. The casts give each parameter
/// its type in PostgreSQL and mean the same in SQLite.
pub const RECENT: &str = "
SELECT p.seq, d.received_at, d.event_id, d.callback_type, length(d.body),
       p.state, p.attempts, p.due_at, p.leased_by, p.last_error, p.finished_at
FROM processing p JOIN deliveries d ON d.event_id = p.event_id
WHERE (CAST($1 AS TEXT) IS NULL OR d.callback_type = CAST($1 AS TEXT))
  AND (CAST($2 AS TEXT) IS NULL OR p.state = CAST($2 AS TEXT))
  AND (CAST($3 AS TEXT) IS NULL OR d.received_at >= CAST($3 AS TEXT))
  AND (CAST($4 AS TEXT) IS NULL OR d.received_at < CAST($4 AS TEXT))
  AND (CAST($5 AS BIGINT) IS NULL OR p.seq < CAST($5 AS BIGINT))
ORDER BY p.seq DESC LIMIT $6";

/// The refused requests the inbox page lists, newest first: those before id `$1` (all when
/// it is null), `$2` at most.
pub const REFUSED: &str = "
SELECT id, received_at, status, event_id, method, source, error, length(body) FROM rejected
WHERE CAST($1 AS BIGINT) IS NULL OR id < CAST($1 AS BIGINT)
ORDER BY id DESC LIMIT $2";

/// One refused request with its headers and body, by its id.
pub const REFUSED_ONE: &str = "
SELECT id, received_at, status, event_id, method, source, error, length(body), headers, body
FROM rejected WHERE id = $1";

/// The earliest time a pending or leased delivery is due: when an idle worker should look
/// again.
pub const NEXT_DUE: &str = "
SELECT min(due_at) FROM processing WHERE state IN ('pending', 'leased')";

/// SQLite leases the due deliveries, in the order received, to worker `$1` until `$2`: those
/// due by `$3`, at most `$4`. SQLite has one writer at a time, so the claim is the whole
/// transaction; the bodies are read after it in the same transaction by [`CLAIMED_DELIVERY`].
pub const SQLITE_CLAIM: &str = "
UPDATE processing SET state = 'leased', leased_by = $1, due_at = $2, attempts = attempts + 1
WHERE seq IN (
    SELECT seq FROM processing WHERE state IN ('pending', 'leased') AND due_at <= $3
    ORDER BY due_at, seq LIMIT $4
)
RETURNING seq, event_id, attempts";

/// SQLite: a claimed delivery's columns.
pub const CLAIMED_DELIVERY: &str = "
SELECT callback_type, received_at, headers, body, method FROM deliveries WHERE event_id = $1";

/// PostgreSQL leases the due deliveries, in the order received, to worker `$1` until `$2`:
/// those due by `$3`, at most `$4`, skipping the rows another worker is claiming at that
/// moment, so that any number of workers on any number of hosts share one inbox. The
/// deliveries' columns come with the claim, in one round trip.
pub const POSTGRES_CLAIM: &str = "
WITH due AS (
    SELECT seq FROM processing
    WHERE state IN ('pending', 'leased') AND due_at <= $3
    ORDER BY due_at, seq LIMIT $4
    FOR UPDATE SKIP LOCKED
), claimed AS (
    UPDATE processing p
    SET state = 'leased', leased_by = $1, due_at = $2, attempts = p.attempts + 1
    FROM due WHERE p.seq = due.seq
    RETURNING p.seq, p.event_id, p.attempts
)
SELECT c.seq, c.event_id, c.attempts, d.callback_type, d.received_at, d.headers, d.body,
       d.method
FROM claimed c JOIN deliveries d ON d.event_id = c.event_id ORDER BY c.seq";

/// Marks a delivery done at `$1`, if worker `$3` still holds the lease of attempt `$4` (a
/// lease that expired and was claimed again belongs to the new claim).
pub const DONE: &str = "
UPDATE processing SET state = 'done', finished_at = $1
WHERE event_id = $2 AND state = 'leased' AND leased_by = $3 AND attempts = $4";

/// Gives a delivery back as pending, due at `$1`, with the attempt's error `$2`, if worker
/// `$4` still holds the lease of attempt `$5`.
pub const RETRY_LATER: &str = "
UPDATE processing SET state = 'pending', due_at = $1, last_error = $2
WHERE event_id = $3 AND state = 'leased' AND leased_by = $4 AND attempts = $5";

/// Declares a delivery dead at `$1` with the reason `$2`, if worker `$4` still holds the lease
/// of attempt `$5`.
pub const DEAD: &str = "
UPDATE processing SET state = 'dead', finished_at = $1, last_error = $2
WHERE event_id = $3 AND state = 'leased' AND leased_by = $4 AND attempts = $5";

/// Gives back a delivery a worker claimed but did not start (it is stopping): pending, due at
/// `$1`, and the claim's attempt not counted, if worker `$3` still holds the lease of attempt
/// `$4`.
pub const RELEASE: &str = "
UPDATE processing SET state = 'pending', due_at = $1, attempts = attempts - 1
WHERE event_id = $2 AND state = 'leased' AND leased_by = $3 AND attempts = $4";

/// Extends worker `$2`'s lease of attempt `$4` of a delivery until `$1`.
pub const EXTEND: &str = "
UPDATE processing SET due_at = $1
WHERE leased_by = $2 AND event_id = $3 AND attempts = $4 AND state = 'leased'";

/// PostgreSQL marks a batch of deliveries done in one statement: the event ids and attempts as
/// arrays, the worker `$3`, the time `$4`; answers the event ids it marked.
pub const POSTGRES_DONE_MANY: &str = "
UPDATE processing p SET state = 'done', finished_at = $4
FROM unnest($1::text[], $2::int4[]) AS f (event_id, attempts)
WHERE p.event_id = f.event_id AND p.attempts = f.attempts AND p.state = 'leased'
  AND p.leased_by = $3
RETURNING p.event_id";

/// PostgreSQL marks a batch of worker `$3`'s deliveries done at `$4` and leases it the next ones
/// until `$5`, in one statement, so one round trip and one commit: the done marks as
/// [`POSTGRES_DONE_MANY`] makes them, the claim as [`POSTGRES_CLAIM`] makes it of those due by
/// `$6`, at most `$7`. All parts of a statement see the rows as they were before it, so the
/// claim cannot see the deliveries just marked done as done; it would not take them anyway
/// (they are leased, and their lease runs past `$6`), and it leaves out their event ids, should
/// a lease have run out, so that no row is changed twice. The claimed deliveries come first, in
/// the order received, with their sequence number and columns as `POSTGRES_CLAIM` gives them;
/// then the event ids marked done, in column 1, with a null sequence number.
pub const POSTGRES_DONE_AND_CLAIM: &str = "
WITH done AS (
    UPDATE processing p SET state = 'done', finished_at = $4
    FROM unnest($1::text[], $2::int4[]) AS f (event_id, attempts)
    WHERE p.event_id = f.event_id AND p.attempts = f.attempts AND p.state = 'leased'
      AND p.leased_by = $3
    RETURNING p.event_id
), due AS (
    SELECT seq FROM processing
    WHERE state IN ('pending', 'leased') AND due_at <= $6 AND event_id <> ALL ($1::text[])
    ORDER BY due_at, seq LIMIT $7
    FOR UPDATE SKIP LOCKED
), claimed AS (
    UPDATE processing p
    SET state = 'leased', leased_by = $3, due_at = $5, attempts = p.attempts + 1
    FROM due WHERE p.seq = due.seq
    RETURNING p.seq, p.event_id, p.attempts
)
SELECT c.seq, c.event_id, c.attempts, d.callback_type, d.received_at, d.headers, d.body,
       d.method
FROM claimed c JOIN deliveries d ON d.event_id = c.event_id
UNION ALL
SELECT NULL, event_id, NULL, NULL, NULL, NULL, NULL, NULL FROM done
ORDER BY 1";

/// PostgreSQL extends a batch of worker `$3`'s leases until `$4` in one statement.
pub const POSTGRES_EXTEND_MANY: &str = "
UPDATE processing p SET due_at = $4
FROM unnest($1::text[], $2::int4[]) AS f (event_id, attempts)
WHERE p.event_id = f.event_id AND p.attempts = f.attempts AND p.state = 'leased'
  AND p.leased_by = $3";
