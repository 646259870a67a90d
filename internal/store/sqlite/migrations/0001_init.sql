-- Articles are the durable truth; every other table is derived from them
-- and rebuilt by Reprocess.
CREATE TABLE articles (
	id        INTEGER PRIMARY KEY,
	hash      TEXT NOT NULL UNIQUE,  -- sha256 of the normalised title and text
	title     TEXT NOT NULL,
	text      TEXT NOT NULL,
	url       TEXT NOT NULL DEFAULT '',
	outlet    TEXT NOT NULL DEFAULT '',
	published TEXT,                  -- RFC 3339, UTC; NULL when unknown
	created   TEXT NOT NULL          -- RFC 3339, UTC
);

-- Gazetteer places that some article names; the latest gazetteer wins.
CREATE TABLE places (
	id           TEXT PRIMARY KEY,
	geonameid    INTEGER,
	name         TEXT NOT NULL,
	name_ar      TEXT NOT NULL,
	kind         TEXT NOT NULL,
	feature_code TEXT NOT NULL,
	country      TEXT NOT NULL,
	admin1       TEXT NOT NULL,
	admin2       TEXT NOT NULL,
	lon          REAL NOT NULL,
	lat          REAL NOT NULL,
	population   INTEGER NOT NULL,
	source       TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX places_lon_lat ON places(lon, lat);

-- One row per mention of a resolved place; offsets are code points of the
-- article's full text (headline included).
CREATE TABLE mentions (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	place_id   TEXT NOT NULL REFERENCES places(id),
	start_pos  INTEGER NOT NULL,
	end_pos    INTEGER NOT NULL,
	text       TEXT NOT NULL,
	confidence REAL NOT NULL,
	cue        TEXT NOT NULL
);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_place ON mentions(place_id, article_id);

-- One row per mention of a name the geoparser recognised but could not
-- place, with the sentence it stands in.
CREATE TABLE unresolved (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	key        TEXT NOT NULL,        -- folded name: groups spellings
	name       TEXT NOT NULL,
	cue        TEXT NOT NULL,
	start_pos  INTEGER NOT NULL,
	end_pos    INTEGER NOT NULL,
	sentence   TEXT NOT NULL
);
CREATE INDEX unresolved_key ON unresolved(key, article_id);
CREATE INDEX unresolved_article ON unresolved(article_id);

CREATE TABLE incidents (
	id             INTEGER PRIMARY KEY,
	event_type     TEXT NOT NULL,
	sub_event_type TEXT NOT NULL,
	place_id       TEXT REFERENCES places(id),
	place_name     TEXT NOT NULL,
	place_name_ar  TEXT NOT NULL,
	place_text     TEXT NOT NULL,
	lon            REAL NOT NULL,
	lat            REAL NOT NULL,
	geo_precision  INTEGER NOT NULL,
	date           TEXT,             -- YYYY-MM-DD; NULL when unknown
	date_precision INTEGER NOT NULL,
	actor1         TEXT NOT NULL,
	actor2         TEXT NOT NULL,
	killed         INTEGER,
	injured        INTEGER,
	confidence     REAL NOT NULL,
	is_primary     INTEGER NOT NULL
);
-- date DESC, id is the order of every listing: NULL dates sort last.
CREATE INDEX incidents_date ON incidents(date DESC, id);
CREATE INDEX incidents_sub_event ON incidents(sub_event_type COLLATE NOCASE, date);
CREATE INDEX incidents_event ON incidents(event_type COLLATE NOCASE, date);
CREATE INDEX incidents_place ON incidents(place_id);

-- Space and time of every incident, for bbox+time queries and merge
-- candidates. Integers, so that it answers exactly and queries need not
-- look at the incidents rows: longitude and latitude in microdegrees
-- (0.1 m), days from 1970-01-01, an unknown date as the day -10,000,000,
-- below every interval a query asks for and last in date order.
CREATE VIRTUAL TABLE incidents_rtree USING rtree_i32(
	id, min_lon, max_lon, min_lat, max_lat, min_day, max_day
);

-- Which articles report an incident, with the passages that say so (a
-- JSON array of geo.Evidence).
CREATE TABLE incident_sources (
	incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	evidence    TEXT NOT NULL,
	PRIMARY KEY (incident_id, article_id)
) WITHOUT ROWID;
CREATE INDEX incident_sources_article ON incident_sources(article_id);

-- Free-text search over place names and evidence, rowid = incident id.
-- The body is folded Arabic with proclitic readings added, so that
-- "الرقة" finds "بالرقة"; it is not stored, only indexed.
CREATE VIRTUAL TABLE incidents_fts USING fts5(
	body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
);
