-- The merge search (a report's sub-event type, a box around its point,
-- a window of days, or undated) from one index: with the box alone a
-- dense region at a million incidents hands thousands of rows of every
-- type and date to the heap (165 ms a report, measured), with the three
-- columns a few (6 ms, measured with EXPLAIN ANALYZE). btree_gist gives
-- GiST the equality of text and the ranges of dates; it is a trusted
-- extension, which the owner of the database may create.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE INDEX IF NOT EXISTS incidents_merge ON incidents USING gist (sub_event_type, geom, date);
