-- The local gazetteer layer: places operators add by hand (villages no
-- imported gazetteer holds). Unlike everything derived, these are durable
-- truth, like articles: reprocess never clears them.
CREATE TABLE local_places (
	id           INTEGER PRIMARY KEY,
	name         TEXT NOT NULL DEFAULT '',
	name_ar      TEXT NOT NULL DEFAULT '',
	names        TEXT NOT NULL DEFAULT '[]', -- JSON array of other spellings
	kind         TEXT NOT NULL,
	feature_code TEXT NOT NULL DEFAULT '',
	country      TEXT NOT NULL DEFAULT '',
	admin1       TEXT NOT NULL DEFAULT '',
	admin2       TEXT NOT NULL DEFAULT '',
	lon          REAL NOT NULL,
	lat          REAL NOT NULL,
	population   INTEGER NOT NULL DEFAULT 0,
	source       TEXT NOT NULL DEFAULT '',
	created      TEXT NOT NULL
);
