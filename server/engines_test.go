package server

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/store/pgtest"
	"github.com/incidentmap/incidentmap/internal/store/postgres"
	"github.com/incidentmap/incidentmap/internal/store/sqlite"
)

// pgCluster is the throwaway PostgreSQL the tests over real stores use.
var pgCluster *pgtest.Cluster

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, &pgCluster)) }

// testEngine opens a fresh real store of one engine.
type testEngine struct {
	name string
	open func(t testing.TB) store.Store
}

// engines are the store engines the tests over real stores run on, each
// test once per engine.
var engines = []testEngine{
	{"sqlite", func(t testing.TB) store.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), sqlite.Options{SyncNormal: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}},
	{"postgres", func(t testing.TB) store.Store {
		s, err := postgres.Open(context.Background(), pgCluster.Database(t), postgres.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}},
}
