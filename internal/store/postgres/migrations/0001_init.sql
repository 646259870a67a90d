-- incidentmap on PostgreSQL 15+ with PostGIS 3: the same tables as the
-- SQLite engine, with geometry, full text and change tracking of
-- PostgreSQL's own.
CREATE EXTENSION IF NOT EXISTS postgis;

-- Articles are the durable truth; every other table is derived from them
-- and rebuilt by Reprocess, except local_places.
CREATE TABLE articles (
	id        bigserial PRIMARY KEY,
	hash      text NOT NULL UNIQUE,  -- sha256 of the normalised title and text
	title     text NOT NULL,
	text      text NOT NULL,
	url       text NOT NULL DEFAULT '',
	outlet    text NOT NULL DEFAULT '',
	published timestamptz,
	created   timestamptz NOT NULL
);

-- Gazetteer places that some article names; the latest gazetteer wins.
CREATE TABLE places (
	id           text PRIMARY KEY,
	geonameid    bigint,
	name         text NOT NULL,
	name_ar      text NOT NULL,
	kind         text NOT NULL,
	feature_code text NOT NULL,
	country      text NOT NULL,
	admin1       text NOT NULL,
	admin2       text NOT NULL,
	lon          double precision NOT NULL,
	lat          double precision NOT NULL,
	population   bigint NOT NULL,
	source       text NOT NULL
);
CREATE INDEX places_lon_lat ON places (lon, lat);

CREATE TABLE mentions (
	article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	place_id   text NOT NULL REFERENCES places (id),
	start_pos  integer NOT NULL,
	end_pos    integer NOT NULL,
	text       text NOT NULL,
	confidence double precision NOT NULL,
	cue        text NOT NULL
);
CREATE INDEX mentions_article ON mentions (article_id);
CREATE INDEX mentions_place ON mentions (place_id, article_id);

CREATE TABLE unresolved (
	article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	key        text NOT NULL,
	name       text NOT NULL,
	cue        text NOT NULL,
	start_pos  integer NOT NULL,
	end_pos    integer NOT NULL,
	sentence   text NOT NULL
);
CREATE INDEX unresolved_key ON unresolved (key, article_id);
CREATE INDEX unresolved_article ON unresolved (article_id);

-- Incidents: a point with a GiST index for boxes, the date with a B-tree
-- in listing order, the folded search body (store.SearchBody) as a
-- tsvector with a GIN index, and txid, the transaction that last wrote
-- the row, for the Points cursor.
CREATE TABLE incidents (
	id             bigserial PRIMARY KEY,
	event_type     text NOT NULL,
	sub_event_type text NOT NULL,
	place_id       text REFERENCES places (id),
	place_name     text NOT NULL,
	place_name_ar  text NOT NULL,
	place_text     text NOT NULL,
	geom           geometry(Point, 4326) NOT NULL,
	geo_precision  integer NOT NULL,
	date           date,
	date_precision integer NOT NULL,
	actor1         text NOT NULL,
	actor2         text NOT NULL,
	killed         integer,
	injured        integer,
	confidence     double precision NOT NULL,
	is_primary     boolean NOT NULL,
	search         tsvector NOT NULL,
	txid           xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX incidents_geom ON incidents USING gist (geom);
CREATE INDEX incidents_date ON incidents (date DESC NULLS LAST, id);
CREATE INDEX incidents_sub_event ON incidents (lower(sub_event_type), date);
CREATE INDEX incidents_event ON incidents (lower(event_type), date);
CREATE INDEX incidents_place ON incidents (place_id);
CREATE INDEX incidents_search ON incidents USING gin (search);
CREATE INDEX incidents_txid ON incidents (txid);

CREATE TABLE incident_sources (
	incident_id bigint NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
	article_id  bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	evidence    text NOT NULL,  -- JSON array of geo.Evidence
	PRIMARY KEY (incident_id, article_id)
);
CREATE INDEX incident_sources_article ON incident_sources (article_id);

-- The local gazetteer layer: durable truth, like articles.
CREATE TABLE local_places (
	id           bigserial PRIMARY KEY,
	name         text NOT NULL DEFAULT '',
	name_ar      text NOT NULL DEFAULT '',
	names        text NOT NULL DEFAULT '[]',
	kind         text NOT NULL,
	feature_code text NOT NULL DEFAULT '',
	country      text NOT NULL DEFAULT '',
	admin1       text NOT NULL DEFAULT '',
	admin2       text NOT NULL DEFAULT '',
	lon          double precision NOT NULL,
	lat          double precision NOT NULL,
	population   bigint NOT NULL DEFAULT 0,
	source       text NOT NULL DEFAULT '',
	created      timestamptz NOT NULL
);

-- 'epoch' counts the reprocesses (Points readers start over), and
-- 'gazetteer' the changes of the local places.
CREATE TABLE store_state (
	key   text PRIMARY KEY,
	value bigint NOT NULL
);
INSERT INTO store_state (key, value) VALUES ('epoch', 1), ('gazetteer', 1);
