-- Schema 3: what deputies do besides reception days (activities), and the street's yearly
-- livelihood projects voted by the congress (民生实事), with their progress, inspections and
-- the issues deputies raise about them.

CREATE TABLE activities (
    id      BLOB PRIMARY KEY CHECK (length(id) = 16),
    date    TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('volunteer', 'inspection', 'training', 'exchange', 'other')),
    title   TEXT NOT NULL,
    place   TEXT,
    station TEXT REFERENCES stations (code),
    note    TEXT
) STRICT;

CREATE INDEX activities_date ON activities (date);

CREATE TABLE activity_members (
    activity BLOB NOT NULL REFERENCES activities (id),
    member   TEXT NOT NULL REFERENCES members (id),
    PRIMARY KEY (activity, member)
) STRICT, WITHOUT ROWID;

CREATE TABLE projects (
    code   TEXT PRIMARY KEY,            -- 2026-01
    year   INTEGER NOT NULL,
    title  TEXT NOT NULL,
    unit   TEXT NOT NULL REFERENCES units (code),
    target TEXT NOT NULL,
    votes  INTEGER                      -- deputies voting for it (人大票决)
) STRICT;

CREATE TABLE project_progress (
    project TEXT NOT NULL REFERENCES projects (code),
    date    TEXT NOT NULL,
    percent INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    note    TEXT NOT NULL
) STRICT;

CREATE TABLE project_inspections (
    project  TEXT NOT NULL REFERENCES projects (code),
    date     TEXT NOT NULL,
    members  TEXT NOT NULL,             -- member ids, comma separated
    findings TEXT NOT NULL
) STRICT;

CREATE TABLE project_issues (
    project TEXT NOT NULL REFERENCES projects (code),
    date    TEXT NOT NULL,
    member  TEXT NOT NULL REFERENCES members (id),
    text    TEXT NOT NULL,
    case_id BLOB REFERENCES cases (id)  -- when the issue became a case
) STRICT;

CREATE INDEX project_progress_project ON project_progress (project, date);
CREATE INDEX project_inspections_project ON project_inspections (project, date);
CREATE INDEX project_issues_project ON project_issues (project, date);
-- Reception-day reports read the roster by day.
CREATE INDEX roster_member ON roster (member, date);
-- Monthly reports and the day's hand-over slips read the log by time.
CREATE INDEX case_events_at ON case_events (at);
