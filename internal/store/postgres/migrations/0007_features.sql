-- Every incident as its GeoJSON feature (store.EncodeFeature), written in
-- the transaction that changes the incident, its sources or its place:
-- an items page reads one row an incident instead of the incident, its
-- place, its sources and their articles. format is the encoding's
-- (store.FeatureFormat): a reader takes rows of its own format only.
-- The rows of incidents stored before this migration are written by
-- RefreshFeatures; until then pages encode those incidents as they go.
CREATE TABLE incident_features (
	id     bigint PRIMARY KEY REFERENCES incidents(id) ON DELETE CASCADE,
	format bigint NOT NULL,
	body   bytea NOT NULL
);
-- The format of the last refresh that went through every incident.
INSERT INTO store_state (key, value) VALUES ('features_format', 0);
