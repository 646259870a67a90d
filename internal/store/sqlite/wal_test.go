package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestTrimWAL: a burst of writes while a reader holds an old snapshot
// leaves the WAL far past its limit, and nothing in SQLite shrinks it
// when no write follows; TrimWAL checkpoints and truncates it once the
// reader is gone (issue 12: the WAL grew to 76 MB under load and stayed).
func TestTrimWAL(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "wal.db")
	s, err := Open(ctx, path, Options{SyncNormal: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE pad (b BLOB)`); err != nil {
		t.Fatal(err)
	}
	// A reader in a connection of its own, inside a transaction that has
	// read: its snapshot pins the WAL.
	reader, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	tx, err := reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pad`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	blob := bytes.Repeat([]byte{0x5a}, 1<<20)
	for range 12 {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO pad (b) VALUES (?)`, blob); err != nil {
			t.Fatal(err)
		}
	}
	walSize := func() int64 {
		fi, err := os.Stat(path + "-wal")
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	// While the reader holds its snapshot, TrimWAL cannot finish, and
	// says nothing: it tries again.
	if done, err := s.truncateWAL(ctx); done || err != nil {
		t.Fatalf("a checkpoint under a reader: done %v, %v", done, err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	// The burst is over; with no further write, the WAL keeps its size.
	time.Sleep(100 * time.Millisecond)
	if got := walSize(); got <= walLimit {
		t.Fatalf("the WAL is %d bytes after the burst; the test needs it past %d", got, walLimit)
	}
	tctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.TrimWAL(tctx, 10*time.Millisecond, func(err error) { t.Errorf("TrimWAL: %v", err) })
	}()
	deadline := time.Now().Add(10 * time.Second)
	for walSize() > walLimit && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	if got := walSize(); got > walLimit {
		t.Errorf("the WAL is still %d bytes", got)
	}
	// The connection the checkpoint used went back with the store's
	// busy timeout.
	var busy int64
	for range 4 {
		if err := s.db.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&busy); err != nil {
			t.Fatal(err)
		}
		if busy != s.busy.Milliseconds() {
			t.Errorf("busy_timeout %d, want %d", busy, s.busy.Milliseconds())
		}
	}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM pad`).Scan(&n); err != nil || n != 12 {
		t.Errorf("%d rows, %v", n, err)
	}
}
