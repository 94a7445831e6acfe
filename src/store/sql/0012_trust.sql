-- Schema 12: trust by approval, never on sight.
--
-- The home takes a desk's bundles only once it approved the desk by the fingerprint the desk
-- shows (read out by phone); a station takes the home's only once its operator typed the
-- home's fingerprint. Bundles that wait for that trust are kept aside from the case data, in
-- a capped store. Every event keeps the digest it was first written with, so that an event
-- id seen again with other content is refused, and an honest copy of an event erased since
-- (a purge) is still recognised.

-- Where each desk stands with the home (see `domain::trust::DeskTrust`); a retired desk's
-- last event the home takes.
ALTER TABLE desks ADD COLUMN trust TEXT NOT NULL DEFAULT 'known'
    CHECK (trust IN ('approved', 'to_confirm', 'retired', 'refused', 'known'));
ALTER TABLE desks ADD COLUMN retired_epoch INTEGER;
ALTER TABLE desks ADD COLUMN retired_seq INTEGER;

UPDATE desks SET trust = 'approved'
WHERE id = (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'desk');

-- At a home, the desks an older liaison enrolled on sight, or knew from before desks, are to
-- be confirmed: their new bundles wait until the home confirms their fingerprints.
UPDATE desks SET trust = 'to_confirm'
WHERE trust = 'known' AND EXISTS (
    SELECT 1 FROM meta m JOIN stations s ON s.code = m.value
    WHERE m.key = 'station' AND s.kind = 'home'
);

-- At a station, the home's key an older liaison pinned from the first bundle it saw: kept,
-- to be confirmed by its fingerprint (`desk trust-home`).
UPDATE meta SET key = 'home_key_unconfirmed' WHERE key = 'home_key';

-- Fingerprints the home decided on without (or before) a desk of its own: a desk approved
-- before its first bundle arrived, a key refused.
CREATE TABLE key_decisions (
    fingerprint TEXT PRIMARY KEY CHECK (length(fingerprint) = 40),
    station     TEXT NOT NULL,
    number      INTEGER NOT NULL CHECK (number BETWEEN 1 AND 99),
    decision    TEXT NOT NULL CHECK (decision IN ('approved', 'refused')),
    at          TEXT NOT NULL
) STRICT;

-- Every approval, confirmation, refusal, retirement and new key, and every trust given to a
-- home: the record of who trusted what, never changed.
CREATE TABLE trust_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    what        TEXT NOT NULL CHECK (what IN ('approved', 'confirmed', 'refused', 'retired',
                                              'rekeyed', 'new_key', 'trusted_home')),
    station     TEXT NOT NULL,
    number      INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    detail      TEXT NOT NULL
) STRICT;

CREATE TRIGGER trust_log_append_only_update BEFORE UPDATE ON trust_log
BEGIN
    SELECT RAISE(ABORT, 'trust_log is append-only');
END;

CREATE TRIGGER trust_log_append_only_delete BEFORE DELETE ON trust_log
BEGIN
    SELECT RAISE(ABORT, 'trust_log is append-only');
END;

-- Bundles waiting for trust: as read from the stick (manifest and files), with whom they
-- claim to come from. Deleted once applied, or when their desk is refused.
CREATE TABLE waiting_bundles (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('events', 'reference', 'recovery')),
    fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 40),
    key         BLOB NOT NULL CHECK (length(key) = 32),
    desk        BLOB NOT NULL CHECK (length(desk) = 16),
    station     TEXT NOT NULL,
    number      INTEGER NOT NULL,
    name        TEXT NOT NULL,
    ranges      TEXT NOT NULL,
    first_epoch INTEGER NOT NULL,
    first_seq   INTEGER NOT NULL,
    manifest    TEXT NOT NULL UNIQUE,
    bytes       INTEGER NOT NULL,
    received_at TEXT NOT NULL
) STRICT;

CREATE INDEX waiting_bundles_fingerprint ON waiting_bundles (fingerprint, first_epoch, first_seq);

CREATE TABLE waiting_files (
    bundle  INTEGER NOT NULL REFERENCES waiting_bundles (id) ON DELETE CASCADE,
    name    TEXT NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (bundle, name)
) STRICT, WITHOUT ROWID;

-- The events the home holds aside for this station's cases, as its last reference bundle
-- listed them: shown at every desk of the station, with what to do.
CREATE TABLE held_at_home (
    id      BLOB PRIMARY KEY CHECK (length(id) = 16),
    case_id BLOB NOT NULL,
    number  TEXT,
    kind    TEXT NOT NULL,
    at      TEXT NOT NULL,
    desk    INTEGER NOT NULL,
    reason  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- The digest of each event as first written (SHA-256 of its id, case, time, actor, kind and
-- payload); filled for the events already here by the program, once.
ALTER TABLE case_events ADD COLUMN digest BLOB CHECK (digest IS NULL OR length(digest) = 32);
ALTER TABLE held_events ADD COLUMN digest BLOB CHECK (digest IS NULL OR length(digest) = 32);

-- The log stays append-only: outside a purge's transaction (which may erase the payload's
-- personal numbers, and nothing else) no column changes, but for a digest given once.
DROP TRIGGER case_events_append_only_update;

CREATE TRIGGER case_events_append_only_update BEFORE UPDATE ON case_events
WHEN new.seq IS NOT old.seq OR new.id IS NOT old.id OR new.case_id IS NOT old.case_id
  OR new.at IS NOT old.at OR new.actor IS NOT old.actor OR new.kind IS NOT old.kind
  OR new.desk IS NOT old.desk OR new.epoch IS NOT old.epoch OR new.desk_seq IS NOT old.desk_seq
  OR (old.digest IS NOT NULL AND new.digest IS NOT old.digest)
  OR (new.payload IS NOT old.payload
      AND NOT EXISTS (SELECT 1 FROM erasing WHERE case_id = old.case_id))
BEGIN
    SELECT RAISE(ABORT, 'case_events is append-only: corrections are new events');
END;
