-- Schema 2: full-text search over what residents said. The trigram tokenizer finds any run
-- of three or more characters, which suits Chinese (no spaces between words); one- and
-- two-character queries are answered by a scan instead.

CREATE VIRTUAL TABLE case_text USING fts5(
    content,
    content = 'cases',
    content_rowid = 'rowid',
    tokenize = 'trigram'
);

INSERT INTO case_text (case_text) VALUES ('rebuild');

CREATE TRIGGER case_text_insert AFTER INSERT ON cases
BEGIN
    INSERT INTO case_text (rowid, content) VALUES (new.rowid, new.content);
END;

-- Case rows are rewritten by every event; the index only follows a real change of text.
CREATE TRIGGER case_text_update AFTER UPDATE OF content ON cases
WHEN old.content IS NOT new.content
BEGIN
    INSERT INTO case_text (case_text, rowid, content) VALUES ('delete', old.rowid, old.content);
    INSERT INTO case_text (rowid, content) VALUES (new.rowid, new.content);
END;

CREATE TRIGGER case_text_delete AFTER DELETE ON cases
BEGIN
    INSERT INTO case_text (case_text, rowid, content) VALUES ('delete', old.rowid, old.content);
END;

-- Duplicates are found by their master.
CREATE INDEX cases_duplicate_of ON cases (duplicate_of) WHERE duplicate_of IS NOT NULL;
