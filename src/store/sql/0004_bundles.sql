-- Schema 4: moving the log between desks on USB sticks. Each station exports the events its
-- desk wrote (its outbox, numbered by origin_seq); the home imports them, skipping what it has,
-- and remembers the last sequence applied per station so that a missing bundle is noticed.

CREATE TABLE bundles_applied (
    station    TEXT PRIMARY KEY REFERENCES stations (code),
    last_seq   INTEGER NOT NULL,
    applied_at TEXT NOT NULL
) STRICT;

-- Every export and import, for the record.
CREATE TABLE bundle_log (
    id        INTEGER PRIMARY KEY,
    direction TEXT NOT NULL CHECK (direction IN ('export', 'import')),
    kind      TEXT NOT NULL CHECK (kind IN ('events', 'reference')),
    station   TEXT NOT NULL,
    from_seq  INTEGER NOT NULL,
    to_seq    INTEGER NOT NULL,
    applied   INTEGER NOT NULL,
    skipped   INTEGER NOT NULL,
    at        TEXT NOT NULL,
    name      TEXT NOT NULL
) STRICT;
