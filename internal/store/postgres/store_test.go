package postgres

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/store/pgtest"
	"github.com/incidentmap/incidentmap/internal/store/storetest"
	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
)

// cluster is the throwaway PostgreSQL the package's tests run against.
var cluster *pgtest.Cluster

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, &cluster)) }

// engine is PostgreSQL for the conformance suite: a fresh database per
// test.
var engine = storetest.Engine{
	Name:   "postgres",
	NewDSN: func(t testing.TB) string { return cluster.Database(t) },
	Open: func(ctx context.Context, dsn string) (store.Store, error) {
		s, err := Open(ctx, dsn, Options{})
		if err != nil {
			return nil, err
		}
		return s, nil
	},
	StoredFeatures: func(ctx context.Context, s store.Store) (map[int64][]byte, error) {
		st := s.(*Store)
		rows, err := st.pool.Query(ctx, `SELECT id, body FROM incident_features WHERE format = $1`, st.format)
		if err != nil {
			return nil, err
		}
		out := map[int64][]byte{}
		var id int64
		var b []byte
		_, err = pgx.ForEachRow(rows, []any{&id, &b}, func() error {
			out[id] = bytes.Clone(b)
			return nil
		})
		return out, err
	},
	SpoilFeatures: func(ctx context.Context, s store.Store) error {
		_, err := s.(*Store).pool.Exec(ctx, `DELETE FROM incident_features WHERE id = (SELECT min(id) FROM incident_features);
			UPDATE incident_features SET format = format + 1, body = 'old' WHERE id = (SELECT max(id) FROM incident_features)`)
		return err
	},
}

func TestStore(t *testing.T) { storetest.Run(t, engine) }

func TestCrashChild(t *testing.T) { storetest.CrashChild(t, engine) }

// TestWatchChanges: a write of incidents by another handle (another
// process) is announced to a watcher once committed, and only then.
func TestWatchChanges(t *testing.T) {
	ctx := t.Context()
	dsn := cluster.Database(t)
	watcher, err := Open(ctx, dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer watcher.Close()
	writer, err := Open(ctx, dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	changed := make(chan struct{}, 16)
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- watcher.WatchChanges(wctx, func() { changed <- struct{}{} }) }()
	// The watcher listens once its connection is up: write until heard.
	inc := geo.Incident{EventType: "Battles", SubEventType: "Armed clash", Point: orb.Point{38, 35}, GeoPrecision: 1,
		Evidence: []geo.Evidence{{Start: 0, End: 4, Text: "نص"}}}
	heard := false
	for i := 0; i < 50 && !heard; i++ {
		art := geo.Article{Title: fmt.Sprintf("مقالة %d", i), Text: "نص"}
		inc.Point = orb.Point{38 + float64(i), 35}
		if _, err := writer.Ingest(ctx, art, fixed{inc}); err != nil {
			t.Fatal(err)
		}
		select {
		case <-changed:
			heard = true
		case <-time.After(200 * time.Millisecond):
		}
	}
	if !heard {
		t.Fatal("no notification after ingests by another handle")
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("WatchChanges after its context ended: %v", err)
	}
}

// fixed derives the same incidents from any article.
type fixed []geo.Incident

func (f fixed) Process(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
	return geo.Geoparse{}, f, nil
}
