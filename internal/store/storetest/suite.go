// Package storetest is the conformance suite of the store engines: the
// same tests of ingestion, merging, queries, reprocessing, local places,
// the Points cursor, concurrency and crash safety, run against each
// engine, as river's riverdrivertest does for its drivers. An engine's
// package calls Run from one of its tests, and CrashChild from a test
// named TestCrashChild.
package storetest

import (
	"context"
	"testing"

	"github.com/incidentmap/incidentmap/internal/store"
)

// Engine is how the suite makes stores of one engine.
type Engine struct {
	// Name names the engine in test names: "sqlite", "postgres".
	Name string
	// NewDSN returns where a fresh, empty database can be opened: a file
	// path, a postgres:// URL. It is removed when t ends.
	NewDSN func(t testing.TB) string
	// Open opens the database at dsn, creating its schema if needed. The
	// suite opens a database more than once, also from several
	// goroutines at a time, as several processes would.
	Open func(ctx context.Context, dsn string) (store.Store, error)
	// StoredFeatures returns the stored features of s of this build's
	// format, by incident id, as the engine keeps them; SpoilFeatures
	// deletes some and marks others of another format, as a database
	// from before the features or from another build would have them.
	// Both optional: without them the suite checks what EachFeature
	// gives only.
	StoredFeatures func(ctx context.Context, s store.Store) (map[int64][]byte, error)
	SpoilFeatures  func(ctx context.Context, s store.Store) error
}

// open returns an open store over a fresh database, closed when t ends.
func (e Engine) open(t testing.TB) store.Store {
	t.Helper()
	s, err := e.Open(context.Background(), e.NewDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Run runs the whole suite against e, one subtest per behaviour.
func Run(t *testing.T, e Engine) {
	tests := []struct {
		name string
		fn   func(*testing.T, Engine)
	}{
		{"IngestIdempotent", testIngestIdempotent},
		{"IngestRejects", testIngestRejects},
		{"IngestSkipsUnplacedIncidents", testIngestSkipsUnplacedIncidents},
		{"Merge", testMerge},
		{"MergeCombines", testMergeCombines},
		{"MergeWithinArticle", testMergeWithinArticle},
		{"IncidentsFilters", testIncidentsFilters},
		{"IncidentsPaging", testIncidentsPaging},
		{"Incident", testIncident},
		{"QueryInvalid", testQueryInvalid},
		{"Places", testPlaces},
		{"IncidentDays", testIncidentDays},
		{"Unresolved", testUnresolved},
		{"Reprocess", testReprocess},
		{"ReprocessUnstorable", testReprocessUnstorable},
		{"ReprocessKeepsIDs", testReprocessKeepsIDs},
		{"LocalPlaces", testLocalPlaces},
		{"Points", testPoints},
		{"TileSnapshot", testTileSnapshot},
		{"ConcurrentIngest", testConcurrentIngest},
		{"ConcurrentMerge", testConcurrentMerge},
		{"QueueWorker", testQueueWorker},
		{"Sources", testSources},
		{"NearDuplicate", testNearDuplicate},
		{"ReprocessConcurrent", testReprocessConcurrent},
		{"Features", testFeatures},
		{"Crash", testCrash},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, e) })
	}
}
