package sqlite

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/store/storetest"
)

// riverTables counts river's tables in schema (main or queue).
func riverTables(t *testing.T, s *Store, schema string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM ` + schema + `.sqlite_schema WHERE type = 'table' AND name LIKE 'river%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestQueueFileKeepsReadersWarm: commits to the queue (river's lease
// renewals, jobs) do not change the store file, so its readers keep
// their page caches and memory maps; a commit to the store does.
func TestQueueFileKeepsReadersWarm(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(QueuePath(path)); err != nil {
		t.Fatalf("queue file: %v", err)
	}
	if n := riverTables(t, s, "main"); n != 0 {
		t.Errorf("%d river tables in the store file, want none", n)
	}
	if n := riverTables(t, s, queueSchema); n == 0 {
		t.Error("no river tables in the queue file")
	}
	reader, err := s.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	versions := func() (main, queue int64) {
		t.Helper()
		if err := reader.QueryRowContext(ctx, `PRAGMA main.data_version`).Scan(&main); err != nil {
			t.Fatal(err)
		}
		if err := reader.QueryRowContext(ctx, `PRAGMA queue.data_version`).Scan(&queue); err != nil {
			t.Fatal(err)
		}
		return main, queue
	}
	m0, q0 := versions()
	if err := s.Enqueue(ctx, store.ProcessArgs{ArticleID: 1}, nil); err != nil {
		t.Fatal(err)
	}
	m1, q1 := versions()
	if m1 != m0 {
		t.Errorf("a job changed the store file's data_version (%d to %d)", m0, m1)
	}
	if q1 == q0 {
		t.Error("the job did not reach the queue file")
	}
	if _, err := s.Ingest(ctx, storetest.SyntheticArticle(1), storetest.Synthetic{}); err != nil {
		t.Fatal(err)
	}
	if m2, _ := versions(); m2 == m1 {
		t.Error("an ingest left the store file's data_version as it was: the check proves nothing")
	}
}

// TestQueueFileMigratesOldStore: a store from before the queue file had
// river's tables in its own file; opening it drops them there and
// leaves the queue file's.
func TestQueueFileMigratesOldStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Enqueue(ctx, store.ProcessArgs{ArticleID: 1}, nil); err != nil {
		t.Fatal(err)
	}
	// Back to version 7, with river's tables in the store file.
	for _, q := range []string{
		`CREATE TABLE main.river_migration (line TEXT, version INTEGER)`,
		`CREATE TABLE main.river_job (id INTEGER PRIMARY KEY, kind TEXT)`,
		`CREATE TABLE main.river_leader (name TEXT)`,
		`INSERT INTO main.river_job (kind) VALUES ('process_article')`,
		`DELETE FROM schema_migrations WHERE version = 8`,
		`PRAGMA user_version = 7`,
	} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	s, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := riverTables(t, s, "main"); n != 0 {
		t.Errorf("%d river tables left in the store file", n)
	}
	var jobs int
	if err := s.db.QueryRow(`SELECT count(*) FROM queue.river_job`).Scan(&jobs); err != nil || jobs != 1 {
		t.Errorf("queue file has %d jobs (%v), want the 1 enqueued", jobs, err)
	}
}

// TestQueueFileLostJob: a crash between the two files' commits can leave
// an article whose processing job never reached the queue file; the
// first pass of any worker processes it.
func TestQueueFileLostJob(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "lost.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dying, cancel := context.WithCancel(ctx)
	proc := processorFunc(func(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
		cancel()
		return geo.Geoparse{}, nil, ctx.Err()
	})
	if _, err := s.Ingest(dying, storetest.SyntheticArticle(3), proc); !errors.Is(err, context.Canceled) {
		t.Fatalf("ingest cut short: %v", err)
	}
	if _, err := s.db.Exec(`DELETE FROM queue.river_job`); err != nil {
		t.Fatal(err)
	}
	wctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Work(wctx, storetest.Synthetic{}, store.WorkOptions{}) }()
	defer func() {
		stop()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var pending int
		if err := s.db.QueryRow(`SELECT count(*) FROM articles WHERE done < gen`).Scan(&pending); err != nil {
			t.Fatal(err)
		}
		if pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the worker did not process the article whose job was lost")
		}
	}
	if st, _ := s.Stats(ctx); st.Articles != 1 || st.Mentions == 0 {
		t.Errorf("after the worker: %+v", st)
	}
}

// processorFunc adapts a function to store.Processor.
type processorFunc func(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error)

func (f processorFunc) Process(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
	return f(ctx, art)
}
