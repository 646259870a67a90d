package engine

import (
	"path/filepath"
	"testing"
)

// TestSQLiteOptionalInterfaces: serve and follow find SQLite's quick
// check and WAL trimming through these interfaces; a changed signature
// would drop them silently.
func TestSQLiteOptionalInterfaces(t *testing.T) {
	st, err := Open(t.Context(), filepath.Join(t.TempDir(), "x.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, ok := st.(QuickChecker); !ok {
		t.Error("the SQLite store is no QuickChecker")
	}
	if _, ok := st.(WALTrimmer); !ok {
		t.Error("the SQLite store is no WALTrimmer")
	}
}
