-- Schema 9: residents register themselves on the station's Wi-Fi (扫码登记).
-- A self-registered case is flagged until the resident is called to a deputy; both flags are
-- projections of the case's log like every other column (the `registered` event says
-- `self_registered`, the `called` event confirms).
ALTER TABLE cases ADD COLUMN self_registered INTEGER NOT NULL DEFAULT 0
    CHECK (self_registered IN (0, 1));
ALTER TABLE cases ADD COLUMN to_confirm INTEGER NOT NULL DEFAULT 0
    CHECK (to_confirm IN (0, 1));

-- The day's token of the self-service page: the page's address carries it, a submission
-- without it is refused. One per day; the operator may replace it. Not part of any bundle.
CREATE TABLE self_service_tokens (
    day        TEXT PRIMARY KEY,
    token      TEXT NOT NULL CHECK (length(token) >= 16),
    created_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
