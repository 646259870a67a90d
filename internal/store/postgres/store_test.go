package postgres

import (
	"context"
	"os"
	"testing"

	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/store/pgtest"
	"github.com/incidentmap/incidentmap/internal/store/storetest"
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
}

func TestStore(t *testing.T) { storetest.Run(t, engine) }

func TestCrashChild(t *testing.T) { storetest.CrashChild(t, engine) }
