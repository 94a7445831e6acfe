-- Migration 0017: the signed manifests of the bundles applied here, by digest. A bundle whose
-- manifest was applied before is answered "nothing to do" once its signature is checked,
-- without reading its files (the manifest signs every file's checksum). Written in the
-- transaction that applies the bundle; any other bundle is still compared event by event.
CREATE TABLE applied_manifests (
    digest BLOB PRIMARY KEY CHECK (length(digest) = 32),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
) WITHOUT ROWID;
