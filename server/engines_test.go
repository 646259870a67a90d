package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/store/pgtest"
	"github.com/incidentmap/incidentmap/internal/store/postgres"
	"github.com/incidentmap/incidentmap/internal/store/sqlite"
)

// The server's tests run over the real store engines, each test once per
// engine (forEngines): the same test code, so that what the API answers
// is the same on SQLite and on PostgreSQL. Tests that only read share a
// store per engine and fixture (sharedServer); tests that write get a
// fresh one (testServer). A faultStore around the real store lets a
// test make the store fail or wait.

// pgCluster is the throwaway PostgreSQL the tests use.
var pgCluster *pgtest.Cluster

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, &pgCluster)) }

// testEngine opens real stores of one engine.
type testEngine struct {
	name string
	// open opens a fresh store, closed (and dropped) when t ends.
	open func(t testing.TB) store.Store
	// openShared opens a fresh store that lives as long as the test
	// binary; skip reports why the engine cannot run here, if it cannot.
	openShared func() (store.Store, error)
	skip       func(t testing.TB)
}

// engines are the store engines every test over a store runs on.
var engines = []testEngine{
	{
		name: "sqlite",
		open: func(t testing.TB) store.Store {
			s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), sqlite.Options{SyncNormal: true})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
		openShared: func() (store.Store, error) {
			dir, err := os.MkdirTemp("", "incidentmap-server-test-")
			if err != nil {
				return nil, err
			}
			sharedDirs = append(sharedDirs, dir)
			return sqlite.Open(context.Background(), filepath.Join(dir, "shared.db"), sqlite.Options{SyncNormal: true})
		},
		skip: func(testing.TB) {},
	},
	{
		name: "postgres",
		open: func(t testing.TB) store.Store {
			s, err := postgres.Open(context.Background(), pgCluster.Database(t), postgres.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
		openShared: func() (store.Store, error) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			dsn, _, err := pgCluster.NewDatabase(ctx)
			if err != nil {
				return nil, err
			}
			return postgres.Open(ctx, dsn, postgres.Options{})
		},
		skip: func(t testing.TB) { pgCluster.SkipUnavailable(t) },
	},
}

// sharedDirs are the directories of the shared SQLite stores (left to
// the OS's temporary directory cleaning if the binary dies).
var sharedDirs []string

// forEngines runs fn as a subtest per engine.
func forEngines(t *testing.T, fn func(t *testing.T, e testEngine)) {
	t.Helper()
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			e.skip(t)
			fn(t, e)
		})
	}
}

// fixtureArticle is how many incidents one fixture article derives:
// stores write one transaction an article.
const fixtureArticle = 500

// load stores incs in st, in order, a few hundred an article, so that
// their ids are "1", "2", ... as genIncidents numbers them (incs must
// not merge: genIncidents' never do). Each article derives its share.
func load(t testing.TB, st store.Store, incs []geo.Incident) {
	t.Helper()
	if err := loadIncidents(context.Background(), st, incs); err != nil {
		t.Fatal(err)
	}
}

func loadIncidents(ctx context.Context, st store.Store, incs []geo.Incident) error {
	for i := 0; i < len(incs); i += fixtureArticle {
		chunk := incs[i:min(len(incs), i+fixtureArticle)]
		// Titled by the first incident's evidence: loads of other
		// incidents are other articles.
		art := geo.Article{Title: "fixture: " + chunk[0].Evidence[0].Text, Text: "نص مقالة الاختبار",
			URL: fmt.Sprintf("https://example.org/fixture/%d", i/fixtureArticle+1), Outlet: "test"}
		res, err := st.Ingest(ctx, art, chunkProcessor(chunk))
		if err != nil {
			return err
		}
		if res.Incidents != len(chunk) {
			return fmt.Errorf("fixture article %d: %+v: incidents merged or skipped", i/fixtureArticle+1, res)
		}
	}
	return nil
}

// chunkProcessor derives its incidents from any article.
type chunkProcessor []geo.Incident

func (c chunkProcessor) Process(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
	out := make([]geo.Incident, len(c))
	copy(out, c)
	for i := range out {
		out[i].ID = ""
	}
	return geo.Geoparse{}, out, nil
}

// shared holds the read-only stores of genIncidents(n), per engine and n.
var shared = struct {
	sync.Mutex
	stores map[string]*sharedStore
}{stores: map[string]*sharedStore{}}

type sharedStore struct {
	once sync.Once
	st   store.Store
	err  error
}

// sharedStoreOf returns a store of engine e holding genIncidents(n),
// made once for the test binary. Tests must not write to it.
func sharedStoreOf(t testing.TB, e testEngine, n int) store.Store {
	t.Helper()
	e.skip(t)
	key := fmt.Sprintf("%s/%d", e.name, n)
	shared.Lock()
	ss := shared.stores[key]
	if ss == nil {
		ss = &sharedStore{}
		shared.stores[key] = ss
	}
	shared.Unlock()
	ss.once.Do(func() {
		ss.st, ss.err = e.openShared()
		if ss.err == nil {
			ss.err = loadIncidents(context.Background(), ss.st, genIncidents(n))
		}
	})
	if ss.err != nil {
		t.Fatal(ss.err)
	}
	return ss.st
}
