-- Migration 0019: whether this file's free space can hold nothing erased. Every connection
-- now deletes and overwrites with SQLite's `secure_delete` on, so freed cells and pages are
-- zeros; a file written before (by an older program, with it off) may still hold stale
-- copies of rows in its free space until it is rewritten once (`VACUUM`). `clean` is 1 when
-- that is known not to be so: a file created with this schema, or rewritten since. A purge
-- rewrites the file only while it is 0 (and then sets it).

CREATE TABLE free_space (
    only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
    clean    INTEGER NOT NULL CHECK (clean IN (0, 1))
);
INSERT INTO free_space (only_row, clean) VALUES (1, 0);
