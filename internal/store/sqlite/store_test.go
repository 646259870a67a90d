package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/store/storetest"
)

// engine is SQLite for the conformance suite: a fresh file per database.
var engine = storetest.Engine{
	Name:   "sqlite",
	NewDSN: func(t testing.TB) string { return filepath.Join(t.TempDir(), "test.db") },
	Open: func(ctx context.Context, dsn string) (store.Store, error) {
		s, err := Open(ctx, dsn, Options{SyncNormal: !storetest.IsCrashChild()})
		if err != nil {
			return nil, err
		}
		return s, nil
	},
}

func TestStore(t *testing.T) { storetest.Run(t, engine) }

func TestCrashChild(t *testing.T) { storetest.CrashChild(t, engine) }
