-- Schema 8: the purge reaches free text. A purge erases the personal numbers residents typed
-- into what they said (a phone in the content, an ID number in a note) from the case's events
-- as well as from its row. The log stays append-only for everything else: an event's text
-- may change only inside the purge's own transaction, which lists the case in `erasing`
-- (never seen outside that transaction), and nothing but the payload may change.

CREATE TABLE erasing (
    case_id BLOB PRIMARY KEY
) STRICT, WITHOUT ROWID;

DROP TRIGGER case_events_append_only_update;

CREATE TRIGGER case_events_append_only_update BEFORE UPDATE ON case_events
WHEN NOT EXISTS (SELECT 1 FROM erasing WHERE case_id = old.case_id)
  OR new.seq IS NOT old.seq OR new.id IS NOT old.id OR new.case_id IS NOT old.case_id
  OR new.at IS NOT old.at OR new.actor IS NOT old.actor OR new.kind IS NOT old.kind
  OR new.desk IS NOT old.desk OR new.epoch IS NOT old.epoch OR new.desk_seq IS NOT old.desk_seq
BEGIN
    SELECT RAISE(ABORT, 'case_events is append-only: corrections are new events');
END;
