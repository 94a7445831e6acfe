-- Migration 0018: 微心愿, residents' small wishes. Not cases: a table of their own, numbers of
-- their own (HF-W-20261117-001), outside every case figure. As with cases, the row is a
-- projection of an append-only log, and the personal data (the resident, a volunteer's
-- name) is kept apart from both so that a purge erases it.

CREATE TABLE wishes (
    id            BLOB PRIMARY KEY CHECK (length(id) = 16),
    number        TEXT NOT NULL UNIQUE,
    station       TEXT NOT NULL REFERENCES stations (code),
    registered_at TEXT NOT NULL,
    content       TEXT NOT NULL,
    public        TEXT,
    state         TEXT NOT NULL CHECK (state IN ('open', 'claimed', 'fulfilled', 'withdrawn')),
    claimed_at    TEXT,
    member        TEXT REFERENCES members (id),
    by_volunteer  INTEGER NOT NULL DEFAULT 0,
    fulfilled_on  TEXT,
    note          TEXT,
    withdrawn_at  TEXT,
    reason        TEXT,
    purged_before TEXT,
    events        INTEGER NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

CREATE INDEX wishes_state ON wishes (state, registered_at);
CREATE INDEX wishes_member ON wishes (member, fulfilled_on) WHERE member IS NOT NULL;

-- Personal data: the resident's and the volunteer's. Erased by a purge.
CREATE TABLE wish_people (
    wish_id   BLOB PRIMARY KEY REFERENCES wishes (id),
    name      TEXT,
    phone     TEXT,
    address   TEXT,
    volunteer TEXT
) STRICT, WITHOUT ROWID;

-- The wishes' log: what happened, in the order it was written here. Every event names the
-- desk and epoch that wrote it.
CREATE TABLE wish_events (
    seq     INTEGER PRIMARY KEY,
    id      BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    wish_id BLOB NOT NULL REFERENCES wishes (id),
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    kind    TEXT NOT NULL,
    payload TEXT NOT NULL,
    desk    INTEGER NOT NULL REFERENCES desks (id),
    epoch   INTEGER NOT NULL CHECK (epoch >= 1)
) STRICT;

CREATE INDEX wish_events_wish ON wish_events (wish_id, seq);
CREATE INDEX wish_events_at ON wish_events (at);

-- A purge lists here the wishes whose texts it is erasing, inside its own transaction.
CREATE TABLE wish_erasing (
    wish_id BLOB PRIMARY KEY
) STRICT, WITHOUT ROWID;

-- Append-only: outside a purge (which may erase personal numbers from a payload, nothing
-- else) no column changes and no event goes.
CREATE TRIGGER wish_events_append_only_update BEFORE UPDATE ON wish_events
WHEN new.seq IS NOT old.seq OR new.id IS NOT old.id OR new.wish_id IS NOT old.wish_id
  OR new.at IS NOT old.at OR new.actor IS NOT old.actor OR new.kind IS NOT old.kind
  OR new.desk IS NOT old.desk OR new.epoch IS NOT old.epoch
  OR (new.payload IS NOT old.payload
      AND NOT EXISTS (SELECT 1 FROM wish_erasing WHERE wish_id = old.wish_id))
BEGIN
    SELECT RAISE(ABORT, 'wish_events is append-only: corrections are new events');
END;

CREATE TRIGGER wish_events_append_only_delete BEFORE DELETE ON wish_events
BEGIN
    SELECT RAISE(ABORT, 'wish_events is append-only: corrections are new events');
END;
