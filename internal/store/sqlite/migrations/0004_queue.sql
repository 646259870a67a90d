-- Processing on the job queue (river's tables are added by its own
-- migrations after these). gen is the generation of processing asked
-- for, done the one whose derived rows are stored (0: none yet); a
-- transaction saving a generation already done changes nothing, so a
-- job run twice writes its result once. output fingerprints what the
-- processor derived (a reprocess deriving the same leaves the rows
-- alone), failure says why the last processing failed.
ALTER TABLE articles ADD COLUMN gen INTEGER NOT NULL DEFAULT 1;
ALTER TABLE articles ADD COLUMN done INTEGER NOT NULL DEFAULT 1;
ALTER TABLE articles ADD COLUMN output TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN failure TEXT NOT NULL DEFAULT '';
CREATE INDEX articles_pending ON articles(id) WHERE done < gen;

-- Each article's reports of an incident (a JSON array), so that an
-- incident is rebuilt from the others' when one article is reprocessed;
-- NULL for sources stored before.
ALTER TABLE incident_sources ADD COLUMN reports TEXT;

-- The highest incident id ever deleted: new incidents take ids above it.
INSERT INTO store_state (key, value) VALUES ('incident_hwm', 0);
