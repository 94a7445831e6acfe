-- Schema 5: desks. A database file is one desk: a writer of its station's cases, with an id,
-- a number within its station, an epoch (a new one after every restore) and a signing key.
-- Every event names the desk that wrote it and its place in that desk's epoch, so that the
-- home can take bundles from several desks of a station, and from a desk before and after a
-- restore, without confusing them.
--
-- Files from before desks upgrade in place: each station that wrote events becomes desk 1 of
-- that station, epoch 1, its outbox sequence kept. The desks' keys are made when the file is
-- next opened (SQLite's random numbers are not for keys); a home enrols each station's
-- desk 1 from its first signed bundle.

CREATE TABLE desks (
    id          INTEGER PRIMARY KEY,   -- the local handle events point at
    uuid        BLOB NOT NULL UNIQUE CHECK (length(uuid) = 16),
    station     TEXT NOT NULL REFERENCES stations (code),
    number      INTEGER NOT NULL CHECK (number BETWEEN 1 AND 99),
    -- Ed25519 public key; NULL until known (a desk from before desks, not yet enrolled).
    public_key  BLOB CHECK (public_key IS NULL OR length(public_key) = 32),
    enrolled_at TEXT
) STRICT;

INSERT INTO desks (uuid, station, number)
SELECT randomblob(16), code, 1
FROM (
    SELECT DISTINCT origin AS code FROM case_events
    UNION SELECT station FROM bundles_applied
    UNION SELECT value FROM meta WHERE key = 'station'
)
ORDER BY code;

-- Random bytes made into version-4 UUIDs, each row from its own bytes.
UPDATE desks SET uuid = unhex(
    substr(hex(uuid), 1, 12) || '4' || substr(hex(uuid), 14, 3)
    || substr('89AB', 1 + (abs(random()) % 4), 1) || substr(hex(uuid), 18, 15));

INSERT INTO meta (key, value)
SELECT 'desk', CAST(d.id AS TEXT) FROM desks d JOIN meta m ON m.key = 'station' AND m.value = d.station;
INSERT INTO meta (key, value)
SELECT 'epoch', '1' FROM meta WHERE key = 'station';

-- The log, rebuilt with the desk, epoch and per-desk sequence of each event.
DROP TRIGGER case_events_append_only_update;
DROP TRIGGER case_events_append_only_delete;

CREATE TABLE case_events_v5 (
    seq      INTEGER PRIMARY KEY,   -- the local append order (replay order)
    id       BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    case_id  BLOB NOT NULL REFERENCES cases (id),
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    kind     TEXT NOT NULL,
    payload  TEXT NOT NULL,
    desk     INTEGER NOT NULL REFERENCES desks (id),
    epoch    INTEGER NOT NULL CHECK (epoch >= 1),
    desk_seq INTEGER NOT NULL CHECK (desk_seq >= 1),
    UNIQUE (desk, epoch, desk_seq)
) STRICT;

INSERT INTO case_events_v5 (seq, id, case_id, at, actor, kind, payload, desk, epoch, desk_seq)
SELECT e.seq, e.id, e.case_id, e.at, e.actor, e.kind, e.payload, d.id, 1, e.origin_seq
FROM case_events e JOIN desks d ON d.station = e.origin AND d.number = 1
ORDER BY e.seq;

DROP TABLE case_events;
ALTER TABLE case_events_v5 RENAME TO case_events;

CREATE INDEX case_events_case ON case_events (case_id, seq);
CREATE INDEX case_events_at ON case_events (at);
-- A case found by a number it had before its desk was renumbered.
CREATE INDEX case_events_previous_number ON case_events (payload ->> '$.previous')
    WHERE kind = 'renumbered';

CREATE TRIGGER case_events_append_only_update BEFORE UPDATE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case_events is append-only: corrections are new events');
END;

CREATE TRIGGER case_events_append_only_delete BEFORE DELETE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case_events is append-only: corrections are new events');
END;

-- Per desk and epoch: the last sequence imported here, and (for this desk) exported.
CREATE TABLE desk_progress (
    desk     INTEGER NOT NULL REFERENCES desks (id),
    epoch    INTEGER NOT NULL CHECK (epoch >= 1),
    applied  INTEGER NOT NULL DEFAULT 0,
    exported INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (desk, epoch)
) STRICT, WITHOUT ROWID;

INSERT INTO desk_progress (desk, epoch, applied)
SELECT d.id, 1, b.last_seq FROM bundles_applied b JOIN desks d ON d.station = b.station AND d.number = 1;

INSERT INTO desk_progress (desk, epoch, exported)
SELECT CAST(m.value AS INTEGER), 1, max(l.to_seq)
FROM meta m JOIN bundle_log l ON l.direction = 'export' AND l.kind = 'events'
WHERE m.key = 'desk'
GROUP BY m.value
ON CONFLICT (desk, epoch) DO UPDATE SET exported = excluded.exported;

DROP TABLE bundles_applied;

-- Events a bundle brought that could not join a case's log (the case had been handled
-- differently meanwhile, or its number was taken): kept, never dropped, and listed by
-- `liaison bundle status`.
CREATE TABLE held_events (
    id       BLOB PRIMARY KEY CHECK (length(id) = 16),
    case_id  BLOB NOT NULL,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    kind     TEXT NOT NULL,
    payload  TEXT NOT NULL,
    desk     INTEGER NOT NULL REFERENCES desks (id),
    epoch    INTEGER NOT NULL,
    desk_seq INTEGER NOT NULL,
    reason   TEXT NOT NULL,
    held_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- What happened to desks: made, enrolled at the home, renumbered, a new epoch, the home's
-- key pinned.
CREATE TABLE desk_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    desk   INTEGER NOT NULL REFERENCES desks (id),
    what   TEXT NOT NULL CHECK (what IN ('created', 'enrolled', 'renumbered', 'epoch', 'pinned')),
    detail TEXT NOT NULL
) STRICT;

-- The exchange log gains the desk, the epochs' ranges and the held events; recovery bundles
-- (the home's copy of a station's cases) join events and reference bundles.
CREATE TABLE bundle_log_v5 (
    id        INTEGER PRIMARY KEY,
    direction TEXT NOT NULL CHECK (direction IN ('export', 'import')),
    kind      TEXT NOT NULL CHECK (kind IN ('events', 'reference', 'recovery')),
    station   TEXT NOT NULL,
    desk      BLOB,
    ranges    TEXT NOT NULL DEFAULT '',
    from_seq  INTEGER NOT NULL,
    to_seq    INTEGER NOT NULL,
    applied   INTEGER NOT NULL,
    skipped   INTEGER NOT NULL,
    held      INTEGER NOT NULL DEFAULT 0,
    at        TEXT NOT NULL,
    name      TEXT NOT NULL
) STRICT;

INSERT INTO bundle_log_v5 (id, direction, kind, station, ranges, from_seq, to_seq, applied, skipped, at, name)
SELECT id, direction, kind, station,
       CASE kind WHEN 'events' THEN 'A' || from_seq || '–A' || to_seq ELSE '' END,
       from_seq, to_seq, applied, skipped, at, name
FROM bundle_log ORDER BY id;

DROP TABLE bundle_log;
ALTER TABLE bundle_log_v5 RENAME TO bundle_log;
