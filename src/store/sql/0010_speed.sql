-- Schema 10: speed that does not grow with history.
--
-- Search: one full-text index over the content, the resident's name and address, which
-- answers queries of one and two characters as well as longer ones (the trigram index it
-- replaces needed three, and scanned the residents). It holds, per case, every character
-- and every pair of neighbouring characters, made by the program
-- (`domain::search_terms`): SQLite cannot split text into characters in a trigger. So the
-- triggers only note which cases changed, in `case_search_pending`, and the program indexes
-- them inside the same transaction (and at open, for a write made by another program).
-- A search also reads the pending cases directly, so none is ever missed.
--
-- Contentless: the index keeps no copy of the texts; a purge deletes a case's old terms and
-- the merge that follows (`optimize`) drops them from the file.

DROP TRIGGER case_text_insert;
DROP TRIGGER case_text_update;
DROP TRIGGER case_text_delete;
DROP TABLE case_text;

CREATE VIRTUAL TABLE case_search USING fts5(
    chars,
    pairs,
    content = '',
    contentless_delete = 1,
    tokenize = 'ascii',
    detail = full
);

CREATE TABLE case_search_pending (
    case_row INTEGER PRIMARY KEY,   -- the case's rowid, the index's rowid
    indexed  INTEGER NOT NULL       -- 1: the index may hold older terms of it
) STRICT;

INSERT INTO case_search_pending (case_row, indexed) SELECT rowid, 0 FROM cases;

CREATE TRIGGER case_search_case_insert AFTER INSERT ON cases
BEGIN
    INSERT OR IGNORE INTO case_search_pending (case_row, indexed) VALUES (new.rowid, 0);
END;

-- Case rows are rewritten by every event; only a change of text needs indexing.
CREATE TRIGGER case_search_case_update AFTER UPDATE OF content ON cases
WHEN old.content IS NOT new.content
BEGIN
    INSERT OR IGNORE INTO case_search_pending (case_row, indexed) VALUES (new.rowid, 1);
END;

CREATE TRIGGER case_search_case_delete AFTER DELETE ON cases
BEGIN
    INSERT OR IGNORE INTO case_search_pending (case_row, indexed) VALUES (old.rowid, 1);
END;

CREATE TRIGGER case_search_resident_insert AFTER INSERT ON residents
BEGIN
    INSERT OR IGNORE INTO case_search_pending (case_row, indexed)
    SELECT rowid, 1 FROM cases WHERE id = new.case_id;
END;

CREATE TRIGGER case_search_resident_update AFTER UPDATE ON residents
WHEN old.name IS NOT new.name OR old.address IS NOT new.address
BEGIN
    INSERT OR IGNORE INTO case_search_pending (case_row, indexed)
    SELECT rowid, 1 FROM cases WHERE id = new.case_id;
END;

CREATE TRIGGER case_search_resident_delete AFTER DELETE ON residents
BEGIN
    INSERT OR IGNORE INTO case_search_pending (case_row, indexed)
    SELECT rowid, 1 FROM cases WHERE id = old.case_id;
END;

-- Indexes for every list the screen shows, read in the order it shows them, so that no
-- query walks a station's whole history (tests/plans.rs checks each plan).
--
-- The board, in the home's view and in a station's: open cases by due date, ties by the
-- time received.
DROP INDEX cases_open_due;
CREATE INDEX cases_open_due ON cases (due_date, received_at)
    WHERE status IN ('assigned', 'forwarded');
CREATE INDEX cases_open_station_due ON cases (station, due_date, received_at)
    WHERE status IN ('assigned', 'forwarded');
-- A station's residents waiting from earlier days, and its cases to classify.
CREATE INDEX cases_station_status ON cases (station, status, received_at);
-- Open cases compared with a new intake (possible duplicates).
CREATE INDEX cases_live ON cases (received_at)
    WHERE status NOT IN ('answered', 'declined', 'closed') AND duplicate_of IS NULL;
