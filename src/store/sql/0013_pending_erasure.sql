-- Schema 13: an erasure that survives a crash. A purge erases the residents from the tables in
-- its own transaction; what is left to do afterwards (rewrite the file so that no free page or
-- write-ahead log frame keeps a copy, erase the same cases in every daily backup and every file
-- a restore kept aside, delete the documents printed for them) is listed in that same
-- transaction. Each step leaves the list once done; a killed purge leaves the rest listed, and
-- the next command that writes (or the terminal UI, in the background) finishes it.

-- The cases whose erasure is not finished everywhere yet.
CREATE TABLE erasure_cases (
    case_id BLOB PRIMARY KEY
) STRICT, WITHOUT ROWID;

-- What is still to do: `rewrite` (this file), `copy` (path: a backup or a file kept aside,
-- relative to the database's directory), `documents` (those printed for the cases).
CREATE TABLE erasure_steps (
    step TEXT NOT NULL CHECK (step IN ('rewrite', 'copy', 'documents')),
    path TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (step, path)
) STRICT, WITHOUT ROWID;
