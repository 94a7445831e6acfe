-- Schema 15: long work that reads only what it needs, however many years the file holds
-- (tests/plans.rs checks the plans).
--
-- Cases in order of receipt, for every station: a month's report reads its month by a range
-- of it, and `liaison cases` at the home prints the list in this order as it reads it,
-- without sorting the whole history first.
CREATE INDEX cases_received ON cases (received_at, number);

-- The calls of a year (a deputy's residents received, in `liaison duty`): a range of the
-- calls alone, the deputy read from the index.
CREATE INDEX case_events_called ON case_events (at, payload ->> '$.deputy')
    WHERE kind = 'called';

-- The latest purge's cut-off (asked before and after every restore) without reading the log.
CREATE INDEX case_events_purged ON case_events (payload ->> '$.before')
    WHERE kind = 'purged';
