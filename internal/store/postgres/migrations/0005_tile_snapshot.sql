-- The last snapshot of the tile index (internal/tileindex) any server
-- saved, with the cursor it was read up to: a server starting over a
-- large store loads it and reads only the changes since.
CREATE TABLE tile_snapshot (
	id    integer PRIMARY KEY CHECK (id = 1),
	epoch bigint NOT NULL,
	pos   bigint NOT NULL,
	taken timestamptz NOT NULL,
	data  bytea NOT NULL
);
