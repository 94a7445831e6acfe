-- Schema 1: reference data, cases as projections of an append-only event log.
-- Case and event ids are UUIDv7 stored as 16-byte blobs (half the size of their text form,
-- which matters at a million cases); the tools print them hyphenated.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE stations (
    code    TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('home', 'station', 'point')),
    parent  TEXT REFERENCES stations (code),
    address TEXT,
    leader  TEXT,
    phone   TEXT
) STRICT;

CREATE TABLE members (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('deputy', 'representative')),
    level    TEXT CHECK (level IN ('district', 'city', 'province', 'national')),
    station  TEXT NOT NULL REFERENCES stations (code),
    initials TEXT NOT NULL,
    title    TEXT
) STRICT;

CREATE TABLE units (
    code    TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    tier    TEXT NOT NULL CHECK (tier IN ('street', 'district')),
    contact TEXT,
    phone   TEXT
) STRICT;

CREATE TABLE categories (
    code                TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    parent              TEXT REFERENCES categories (code),
    unit                TEXT NOT NULL REFERENCES units (code),
    limit_days          INTEGER NOT NULL CHECK (limit_days > 0),
    district_unit       TEXT NOT NULL REFERENCES units (code),
    district_limit_days INTEGER NOT NULL CHECK (district_limit_days > 0),
    initials            TEXT NOT NULL
) STRICT;

CREATE TABLE holiday_notices (
    year      INTEGER PRIMARY KEY,
    title     TEXT NOT NULL,
    loaded_at TEXT NOT NULL
) STRICT;

CREATE TABLE holidays (
    date   TEXT PRIMARY KEY,
    kind   TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name   TEXT NOT NULL,
    notice INTEGER NOT NULL REFERENCES holiday_notices (year) ON DELETE CASCADE
) STRICT;

-- A station may move any month's reception day by hand.
CREATE TABLE reception_overrides (
    station TEXT NOT NULL REFERENCES stations (code),
    month   TEXT NOT NULL,          -- YYYY-MM
    date    TEXT NOT NULL,
    reason  TEXT,
    PRIMARY KEY (station, month)
) STRICT, WITHOUT ROWID;

CREATE TABLE roster (
    date           TEXT NOT NULL,
    station        TEXT NOT NULL REFERENCES stations (code),
    member         TEXT NOT NULL REFERENCES members (id),
    checked_in_at  TEXT,
    checked_out_at TEXT,
    PRIMARY KEY (date, station, member)
) STRICT, WITHOUT ROWID;

-- The current row of each case: a projection of case_events, rewritten by every event.
CREATE TABLE cases (
    id            BLOB PRIMARY KEY CHECK (length(id) = 16),
    number        TEXT NOT NULL UNIQUE,
    station       TEXT NOT NULL REFERENCES stations (code),
    received_at   TEXT NOT NULL,
    source        TEXT NOT NULL,
    content       TEXT NOT NULL,
    deputy        TEXT REFERENCES members (id),
    category      TEXT REFERENCES categories (code),
    nature        TEXT,
    level         TEXT,
    unit          TEXT REFERENCES units (code),
    status        TEXT NOT NULL,
    due_date      TEXT,
    due_uncertain INTEGER NOT NULL DEFAULT 0,
    supervision   TEXT,
    answer        TEXT,
    reply         TEXT,
    replied_on    TEXT,
    closed_at     TEXT,
    satisfaction  TEXT,
    resolved      INTEGER,
    repeats       INTEGER NOT NULL DEFAULT 0,
    duplicate_of  BLOB REFERENCES cases (id),
    events        INTEGER NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

CREATE INDEX cases_station_received ON cases (station, received_at);
CREATE INDEX cases_status ON cases (status, received_at);
-- The supervision board reads only the open cases, by due date.
CREATE INDEX cases_open_due ON cases (due_date) WHERE status IN ('assigned', 'forwarded');

-- Personal data, apart from the log so that retention can erase it.
CREATE TABLE residents (
    case_id    BLOB PRIMARY KEY REFERENCES cases (id),
    name       TEXT,
    phone      TEXT,
    phone_tail TEXT,
    address    TEXT
) STRICT, WITHOUT ROWID;

CREATE INDEX residents_phone_tail ON residents (phone_tail) WHERE phone_tail IS NOT NULL;

-- The append-only log. `seq` is the local append order (replay order); `origin` and
-- `origin_seq` number the events each station's desk wrote, for the outbox.
CREATE TABLE case_events (
    seq        INTEGER PRIMARY KEY,
    id         BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    case_id    BLOB NOT NULL REFERENCES cases (id),
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    origin     TEXT NOT NULL,
    origin_seq INTEGER NOT NULL,
    UNIQUE (origin, origin_seq)
) STRICT;

CREATE INDEX case_events_case ON case_events (case_id, seq);

CREATE TRIGGER case_events_append_only_update BEFORE UPDATE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case_events is append-only: corrections are new events');
END;

CREATE TRIGGER case_events_append_only_delete BEFORE DELETE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case_events is append-only: corrections are new events');
END;
