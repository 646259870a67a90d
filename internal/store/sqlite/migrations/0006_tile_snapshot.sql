-- The last snapshot of the tile index (internal/tileindex) any server
-- saved, with the cursor it was read up to: a server starting over a
-- large store loads it and reads only the changes since.
CREATE TABLE tile_snapshot (
	id    INTEGER PRIMARY KEY CHECK (id = 1),
	epoch INTEGER NOT NULL,
	pos   INTEGER NOT NULL,
	taken TEXT NOT NULL,
	data  BLOB NOT NULL
);
