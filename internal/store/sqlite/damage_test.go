package sqlite

import (
	"bytes"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/store/storetest"
)

// TestDamageFound: a database with a damaged page of the index that
// listings read is refused at Open (quick_check, issue 12), and, when
// the checks are left for later, Check (what /readyz asks) fails with
// store.ErrCorrupt where a mere Ping still answers.
func TestDamageFound(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "damaged.db")
	s, err := Open(ctx, path, Options{SyncNormal: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		if _, err := s.Ingest(ctx, storetest.SyntheticArticle(i), storetest.Synthetic{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Check(ctx); err != nil {
		t.Fatalf("Check of a sound database: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Scribble over the root page of the date index.
	conn, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	var root, pageSize int64
	if err := conn.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = 'incidents_date'`).Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(bytes.Repeat([]byte{0x55}, int(pageSize)), (root-1)*pageSize); err != nil {
		t.Fatal(err)
	}
	f.Close()

	if s, err := Open(ctx, path, Options{}); !errors.Is(err, store.ErrCorrupt) {
		if err == nil {
			s.Close()
		}
		t.Errorf("Open of a damaged database: %v, want store.ErrCorrupt", err)
	}
	s, err = Open(ctx, path, Options{QuickCheckTimeout: -1})
	if err != nil {
		t.Fatalf("Open without the check: %v", err)
	}
	defer s.Close()
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if err := s.Check(ctx); !errors.Is(err, store.ErrCorrupt) {
		t.Errorf("Check of a damaged index: %v, want store.ErrCorrupt", err)
	}
}
