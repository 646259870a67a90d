-- Following outlets: the feeds followed, with the state of polling.
CREATE TABLE sources (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	url           TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL DEFAULT '',
	every_s       INTEGER NOT NULL DEFAULT 0,   -- 0: the default interval
	added         TEXT NOT NULL,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	next_poll     TEXT NOT NULL,                -- RFC 3339, UTC
	last_poll     TEXT,
	last_success  TEXT,
	last_error    TEXT NOT NULL DEFAULT '',
	failures      INTEGER NOT NULL DEFAULT 0,   -- in a row
	polls         INTEGER NOT NULL DEFAULT 0,
	poll_failures INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sources_next_poll ON sources(next_poll);

-- Every item a feed showed, saved with its fetch job in the poll's
-- transaction: the queue of pages to fetch lives here and in river_job.
CREATE TABLE items (
	id         INTEGER PRIMARY KEY,
	source_id  INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	key        TEXT NOT NULL,                  -- guid, else link
	url        TEXT NOT NULL,                  -- canonical form of the link
	title      TEXT NOT NULL DEFAULT '',
	published  TEXT,
	seen       TEXT NOT NULL,
	state      TEXT NOT NULL DEFAULT 'new',    -- new, done, duplicate, skipped, failed
	article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
	note       TEXT NOT NULL DEFAULT '',
	UNIQUE (source_id, key)
);
CREATE INDEX items_url ON items(url);
CREATE INDEX items_article ON items(article_id);
CREATE INDEX items_source_state ON items(source_id, state);

CREATE INDEX articles_url ON articles(url);

-- MinHash signatures of the articles' texts and the keys of their bands
-- (store.Signature), to find near copies of syndicated wire stories.
ALTER TABLE articles ADD COLUMN minhash BLOB;
CREATE TABLE article_bands (
	band_key   INTEGER NOT NULL,
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	PRIMARY KEY (band_key, article_id)
) WITHOUT ROWID;
CREATE INDEX article_bands_article ON article_bands(article_id);
