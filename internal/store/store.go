package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Options tune Open. The zero value is the safe default.
type Options struct {
	// BusyTimeout is how long a statement waits for another process's
	// lock before failing with "database is locked"; default 10s.
	BusyTimeout time.Duration
	// SyncNormal sets synchronous=NORMAL instead of FULL: faster commits,
	// still safe against a process crash, but the last commits may be
	// lost (never corrupted) on power loss.
	SyncNormal bool
	// Now is the clock for the articles' created time; default time.Now.
	Now func() time.Time
}

// Store is an open incidentmap database. It is safe for concurrent use;
// writes from one Store are serialised, and other processes wait for the
// write lock up to BusyTimeout.
type Store struct {
	db   *sql.DB
	path string
	now  func() time.Time
	// wmu serialises this process's write transactions, so they queue here
	// instead of spinning in SQLite's busy handler.
	wmu   sync.Mutex
	stmts *stmtCache
}

// Open opens (creating it if needed) the database at path and brings its
// schema up to date. It fails with ErrSchemaTooNew for a database written
// by a newer binary and ErrNotStore for another program's database.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	if opts.BusyTimeout <= 0 {
		opts.BusyTimeout = 10 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	db, err := sql.Open("sqlite", dsn(abs, opts))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// Connections carry per-connection pragmas; keep a few alive rather
	// than reopening them for every query.
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(0)
	s := &Store{db: db, path: abs, now: opts.Now, stmts: newStmtCache(db)}
	if err := s.migrate(ctx, migrations()); err != nil {
		db.Close()
		if errors.Is(err, ErrSchemaTooNew) || errors.Is(err, ErrNotStore) {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return s, nil
}

// dsn builds the connection string: WAL, the chosen synchronous level,
// the busy timeout and foreign keys on every pooled connection, and
// BEGIN IMMEDIATE for transactions so that a writer takes the write lock
// up front (a deferred transaction upgrading later would fail with
// SQLITE_BUSY without waiting).
func dsn(abs string, opts Options) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	if opts.SyncNormal {
		q.Add("_pragma", "synchronous(NORMAL)")
	} else {
		q.Add("_pragma", "synchronous(FULL)")
	}
	q.Add("_pragma", "foreign_keys(1)")
	// 32 MiB of page cache per connection (the default is 2 MiB): the
	// R*Tree and indexes of a million incidents are read on every query.
	q.Add("_pragma", "cache_size(-32768)")
	q.Add("_pragma", "busy_timeout("+strconv.FormatInt(opts.BusyTimeout.Milliseconds(), 10)+")")
	q.Set("_txlock", "immediate")
	u := url.URL{Scheme: "file", Path: abs, RawQuery: q.Encode()}
	return u.String()
}

// Path returns the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// Close lets SQLite refresh its planner statistics, then closes the
// database.
func (s *Store) Close() error {
	s.stmts.close()
	_, _ = s.db.Exec("PRAGMA optimize")
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// IntegrityCheck runs SQLite's integrity and foreign-key checks and
// returns the problems found, none when the file is sound.
func (s *Store) IntegrityCheck(ctx context.Context) ([]string, error) {
	var problems []string
	rows, err := s.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return nil, fmt.Errorf("store: integrity check: %w", err)
	}
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: integrity check: %w", err)
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: integrity check: %w", err)
	}
	fk, err := s.db.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, fmt.Errorf("store: foreign key check: %w", err)
	}
	defer fk.Close()
	for fk.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := fk.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return nil, fmt.Errorf("store: foreign key check: %w", err)
		}
		problems = append(problems, fmt.Sprintf("%s row %d: missing %s", table, rowid.Int64, parent))
	}
	if err := fk.Err(); err != nil {
		return nil, fmt.Errorf("store: foreign key check: %w", err)
	}
	return problems, nil
}

// writeTx runs fn in one write transaction, committed when fn returns nil.
func (s *Store) writeTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Ping checks that the database can be reached.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}
