package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"github.com/incidentmap/incidentmap/internal/store"
)

func TestMigrationFiles(t *testing.T) {
	ms := migrations()
	if len(ms) == 0 {
		t.Fatal("no migrations embedded")
	}
	entries, _ := migrationFiles.ReadDir("migrations")
	if len(entries) != len(ms) {
		t.Errorf("%d files in migrations/, %d parsed: name them NNNN_name.sql", len(entries), len(ms))
	}
	for i, m := range ms {
		if m.version != i+1 {
			t.Errorf("migration %d has version %d: versions must run 1, 2, 3…", i, m.version)
		}
	}
	if SchemaVersion() != len(ms) {
		t.Errorf("SchemaVersion() = %d, want %d", SchemaVersion(), len(ms))
	}
}

func TestMigrations(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		prepare func(t *testing.T, path string) // before Open
		wantErr error
	}{
		{name: "fresh file"},
		{name: "reopen is a no-op", prepare: func(t *testing.T, path string) {
			s, err := Open(ctx, path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
		}},
		{name: "newer schema refused", prepare: func(t *testing.T, path string) {
			s, err := Open(ctx, path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.db.Exec(`INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01T00:00:00Z')`); err != nil {
				t.Fatal(err)
			}
			s.Close()
		}, wantErr: store.ErrSchemaTooNew},
		{name: "another program's database refused", prepare: func(t *testing.T, path string) {
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(`CREATE TABLE customers (id INTEGER PRIMARY KEY)`); err != nil {
				t.Fatal(err)
			}
		}, wantErr: store.ErrNotStore},
		{name: "foreign application id refused", prepare: func(t *testing.T, path string) {
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(`PRAGMA application_id = 42`); err != nil {
				t.Fatal(err)
			}
		}, wantErr: store.ErrNotStore},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "m.db")
			if tt.prepare != nil {
				tt.prepare(t, path)
			}
			s, err := Open(ctx, path, Options{})
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Open: err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			v, err := s.Version(ctx)
			if err != nil || v != SchemaVersion() {
				t.Fatalf("Version = %d, %v; want %d", v, err, SchemaVersion())
			}
			var rows, uv int
			if err := s.db.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&rows); err != nil || rows != SchemaVersion() {
				t.Errorf("schema_migrations has %d rows (%v), want %d", rows, err, SchemaVersion())
			}
			if err := s.db.QueryRow(`PRAGMA user_version`).Scan(&uv); err != nil || uv != SchemaVersion() {
				t.Errorf("user_version = %d (%v), want %d", uv, err, SchemaVersion())
			}
			var mode string
			if err := s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
				t.Errorf("journal_mode = %q (%v), want wal", mode, err)
			}
			var fk int
			if err := s.db.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
				t.Errorf("foreign_keys = %d (%v), want 1", fk, err)
			}
		})
	}
}

// TestMigrationAtomic: a failing migration leaves the file at the last
// whole version, and a later good run picks up from there.
func TestMigrationAtomic(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "m.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	base := migrations()
	bad := append(append([]migration(nil), base...),
		migration{version: len(base) + 1, name: "half", sql: `CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);`})
	if err := s.migrate(ctx, bad); err == nil {
		t.Fatal("migrate with a broken migration: no error")
	}
	if v, _ := s.Version(ctx); v != len(base) {
		t.Errorf("version after failed migration = %d, want %d", v, len(base))
	}
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name = 'half'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("table of the failed migration exists (%d, %v)", n, err)
	}
	good := append(append([]migration(nil), base...),
		migration{version: len(base) + 1, name: "whole", sql: `CREATE TABLE whole (x)`})
	if err := s.migrate(ctx, good); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Version(ctx); v != len(base)+1 {
		t.Errorf("version after good migration = %d, want %d", v, len(base)+1)
	}
}
