-- Following outlets: the feeds followed, with the state of polling.
CREATE TABLE sources (
	id            bigserial PRIMARY KEY,
	url           text NOT NULL UNIQUE,
	name          text NOT NULL DEFAULT '',
	every_s       bigint NOT NULL DEFAULT 0,   -- 0: the default interval
	added         timestamptz NOT NULL,
	etag          text NOT NULL DEFAULT '',
	last_modified text NOT NULL DEFAULT '',
	next_poll     timestamptz NOT NULL,
	last_poll     timestamptz,
	last_success  timestamptz,
	last_error    text NOT NULL DEFAULT '',
	failures      integer NOT NULL DEFAULT 0,  -- in a row
	polls         integer NOT NULL DEFAULT 0,
	poll_failures integer NOT NULL DEFAULT 0
);
CREATE INDEX sources_next_poll ON sources (next_poll);

-- Every item a feed showed, saved with its fetch job in the poll's
-- transaction.
CREATE TABLE items (
	id         bigserial PRIMARY KEY,
	source_id  bigint NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
	key        text NOT NULL,
	url        text NOT NULL,
	title      text NOT NULL DEFAULT '',
	published  timestamptz,
	seen       timestamptz NOT NULL,
	state      text NOT NULL DEFAULT 'new',
	article_id bigint REFERENCES articles (id) ON DELETE SET NULL,
	note       text NOT NULL DEFAULT '',
	UNIQUE (source_id, key)
);
CREATE INDEX items_url ON items (url);
CREATE INDEX items_article ON items (article_id);
CREATE INDEX items_source_state ON items (source_id, state);

CREATE INDEX articles_url ON articles (url);

-- MinHash signatures of the articles' texts and their band keys.
ALTER TABLE articles ADD COLUMN minhash bytea;
CREATE TABLE article_bands (
	band_key   bigint NOT NULL,
	article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	PRIMARY KEY (band_key, article_id)
);
CREATE INDEX article_bands_article ON article_bands (article_id);
