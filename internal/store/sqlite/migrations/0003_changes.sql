-- Counters shared by every process on the file: 'seq' numbers the
-- transactions that change incidents (the Points cursor), 'epoch' counts
-- the reprocesses that delete and renumber them, 'gazetteer' the changes
-- of the local places (other processes reload their gazetteer when it
-- moves).
CREATE TABLE store_state (
	key   TEXT PRIMARY KEY,
	value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO store_state (key, value) VALUES ('seq', 1), ('epoch', 1), ('gazetteer', 1);

-- The change number of the transaction that last wrote each incident.
ALTER TABLE incidents ADD COLUMN seq INTEGER NOT NULL DEFAULT 1;
CREATE INDEX incidents_seq ON incidents(seq);
