// Package gazetteer holds the places incidentmap can resolve names to: the
// record format shared by the embedded default, curated tables and imported
// indexes, and the in-memory Gazetteer with its name indexes.
package gazetteer
