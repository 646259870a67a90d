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
	StoredFeatures: func(ctx context.Context, s store.Store) (map[int64][]byte, error) {
		st := s.(*Store)
		rows, err := st.db.QueryContext(ctx, `SELECT id, body FROM incident_features WHERE format = ?`, st.format)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := map[int64][]byte{}
		for rows.Next() {
			var id int64
			var b []byte
			if err := rows.Scan(&id, &b); err != nil {
				return nil, err
			}
			out[id] = b
		}
		return out, rows.Err()
	},
	SpoilFeatures: func(ctx context.Context, s store.Store) error {
		_, err := s.(*Store).db.ExecContext(ctx, `DELETE FROM incident_features WHERE id = (SELECT min(id) FROM incident_features);
			UPDATE incident_features SET format = format + 1, body = 'old' WHERE id = (SELECT max(id) FROM incident_features)`)
		return err
	},
}

func TestStore(t *testing.T) { storetest.Run(t, engine) }

func TestCrashChild(t *testing.T) { storetest.CrashChild(t, engine) }
