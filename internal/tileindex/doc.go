// Package tileindex is the in-memory index vector tiles and the
// histogram are drawn from: every incident's point, day, types, actors,
// casualties and place names, sorted by quadkey, so that the incidents
// of a tile are one contiguous range and a low-zoom tile over a million
// incidents is counted and clustered in milliseconds.
//
// The index is fed by a store's change cursor (store.Store's Points):
// one streamed read of everything at first, then only the incidents
// written since. A Live index publishes immutable snapshots (Index):
// a large sorted base shared from one snapshot to the next, the recent
// changes in a small sorted delta, and a bitset of the base entries the
// delta replaces; the delta is merged into a new base when it grows past
// a sixteenth of it. A refresh therefore costs what changed, not the
// size of the store.
//
// One filter implementation (Filter, compiled against the index's
// dictionaries) serves tiles, the histogram and counts; one clustering
// implementation (Index.Clusters) draws every clustered tile. Free text
// needs the store's full-text index: the caller asks the store for the
// matching ids and gives them to the filter as an IDSet.
//
// Incident ids are the store's (store.FormatID and store.ParseID), not
// positions or row numbers: the index relies on nothing else about them.
package tileindex
