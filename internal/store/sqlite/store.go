// Package sqlite is the embedded store engine: one SQLite file
// (modernc.org/sqlite, pure Go), for one analyst on a laptop or one
// server process.
//
// Crash safety: the database runs in WAL mode and every article is
// ingested in one transaction together with everything derived from it.
// With synchronous=FULL (the default) the WAL is synced at every commit,
// so an acknowledged article survives a process kill and a power loss;
// Options.SyncNormal syncs only at checkpoints, which still survives a
// process kill (the commit is in the OS page cache) but may lose the
// last commits on power loss. The file is never left inconsistent.
// River's job queue is in a file of its own beside it (queuefile.go).
//
// SQLite allows one writer at a time, which is what makes merging safe
// here: every merge decision is taken inside the write transaction.
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	msqlite "modernc.org/sqlite"

	"github.com/incidentmap/incidentmap/internal/store"
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
	// MustExist refuses a file that does not exist (ErrNoDatabase)
	// instead of creating it: for commands that only read.
	MustExist bool
	// QuickCheckTimeout bounds the quick_check Open runs on an existing
	// file; default 5s, negative for none. A check cut short by it is not
	// an error.
	QuickCheckTimeout time.Duration
	// MaxReaders caps the connections reading at once; default
	// 2×GOMAXPROCS (SQLite reads use a core each).
	MaxReaders int
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
	busy time.Duration // Options.BusyTimeout
	// wmu serialises this process's write transactions, so they queue here
	// instead of spinning in SQLite's busy handler.
	wmu   sync.Mutex
	stmts *stmtCache
	// jobs inserts and removes jobs on the queue in this database
	// (river, insert-only: Work runs the workers).
	jobs *river.Client[*sql.Tx]
	// format is this build's stored-feature format (store.FeatureFormat).
	format int64
	// chunks lends items pages their feature buffers.
	chunks store.FeatureChunks
}

// Open opens (creating it if needed) the database at path and brings its
// schema up to date. It fails with store.ErrSchemaTooNew for a database
// written by a newer binary, store.ErrNotStore for another program's
// database, and store.ErrCorrupt when SQLite's quick_check finds damage.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	_, statErr := os.Stat(abs)
	existed := statErr == nil
	if opts.MustExist && !existed {
		return nil, fmt.Errorf("%w: %s", store.ErrNoDatabase, path)
	}
	if opts.BusyTimeout <= 0 {
		opts.BusyTimeout = 10 * time.Second
	}
	if opts.QuickCheckTimeout == 0 {
		opts.QuickCheckTimeout = 5 * time.Second
	}
	if opts.MaxReaders <= 0 {
		opts.MaxReaders = 2 * runtime.GOMAXPROCS(0)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	base, err := msqlite.NewConnector(dsn(abs, opts))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db := sql.OpenDB(queueAttacher{Connector: base, path: QueuePath(abs), pragmas: queuePragmas()})
	// Connections carry per-connection pragmas and page caches: keep them
	// alive, and bound them, so that a burst of readers queues here
	// rather than opening a connection (and 32 MiB of cache) each.
	db.SetMaxOpenConns(opts.MaxReaders + 1)
	db.SetMaxIdleConns(opts.MaxReaders + 1)
	db.SetConnMaxIdleTime(0)
	s := &Store{db: db, path: abs, now: opts.Now, busy: opts.BusyTimeout, stmts: newStmtCache(db),
		format: store.FeatureFormat()}
	if existed && opts.QuickCheckTimeout > 0 {
		if err := s.quickCheck(ctx, opts.QuickCheckTimeout); err != nil {
			db.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	if err := s.migrate(ctx, migrations()); err != nil {
		db.Close()
		if errors.Is(err, store.ErrSchemaTooNew) || errors.Is(err, store.ErrNotStore) {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := s.openQueue(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return s, nil
}

// openQueue brings river's tables up to date (under the write lock, so
// that processes opening the file at once do not race) and makes the
// insert-only client.
func (s *Store) openQueue(ctx context.Context) error {
	driver := riversqlite.New(s.db)
	m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: riverLogger(nil), Schema: queueSchema})
	if err != nil {
		return fmt.Errorf("queue migrations: %w", err)
	}
	// Read first, and take the write lock only when there is something
	// to migrate: a process opening the store beside busy writers (a
	// check beside a running worker) must not queue for the lock, where a
	// stream of their transactions can starve it past the busy timeout.
	current, err := queueCurrent(ctx, m)
	if err != nil {
		return fmt.Errorf("queue migrations: %w", err)
	}
	if !current {
		if err := s.writeTx(ctx, func(tx *sql.Tx) error {
			_, err := m.MigrateTx(ctx, tx, rivermigrate.DirectionUp, nil)
			return err
		}); err != nil {
			return fmt.Errorf("queue migrations: %w", err)
		}
	}
	s.jobs, err = river.NewClient(driver, &river.Config{Logger: riverLogger(nil), Schema: queueSchema})
	if err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	return nil
}

// queueCurrent reports whether river's tables are at the newest version
// this binary knows, reading only.
func queueCurrent(ctx context.Context, m *rivermigrate.Migrator[*sql.Tx]) (bool, error) {
	have, err := m.ExistingVersions(ctx)
	if err != nil {
		return false, err
	}
	top := func(ms []rivermigrate.Migration) int {
		v := 0
		for _, m := range ms {
			v = max(v, m.Version)
		}
		return v
	}
	return top(have) >= top(m.AllVersions()), nil
}

// riverLogger is log for river, or one that keeps only its warnings and
// errors: river logs every job at info.
func riverLogger(log *slog.Logger) *slog.Logger {
	if log != nil {
		return log
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// QuickCheck runs SQLite's quick_check to the end (or until ctx ends):
// damage found is store.ErrCorrupt. serve runs it beside serving rather
// than at Open, where a large file never finishes within Open's bound.
func (s *Store) QuickCheck(ctx context.Context) error {
	return s.quickCheck(ctx, 24*time.Hour)
}

// quickCheck runs SQLite's quick_check for at most timeout: damage found
// is store.ErrCorrupt; a check cut short proves nothing either way.
func (s *Store) quickCheck(ctx context.Context, timeout time.Duration) error {
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	rows, err := s.db.QueryContext(cctx, `PRAGMA quick_check(5)`)
	if err != nil {
		if cctx.Err() != nil && ctx.Err() == nil {
			return nil
		}
		if isCorrupt(err) {
			return fmt.Errorf("%w: %v", store.ErrCorrupt, err)
		}
		return fmt.Errorf("store: quick check: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			break
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
	}
	if err := rows.Err(); err != nil {
		if cctx.Err() != nil && ctx.Err() == nil {
			return nil
		}
		if isCorrupt(err) {
			return fmt.Errorf("%w: %v", store.ErrCorrupt, err)
		}
		return fmt.Errorf("store: quick check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %v", store.ErrCorrupt, problems)
	}
	return nil
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
	// After a checkpoint resets the WAL, truncate it back to 4 MiB: a
	// burst of writes must not leave a file of its size behind.
	q.Add("_pragma", "journal_size_limit("+strconv.Itoa(walLimit)+")")
	// Reads through a memory map of the file (up to 2 GiB): a page of
	// items at a million incidents reads a hundred rows scattered over
	// the file, and pread system calls were a fifth of its cost. The
	// mapped pages are the OS's page cache, shared by every connection
	// (they count in the process's RSS, not in its own memory).
	q.Add("_pragma", "mmap_size(2147418112)")
	q.Add("_pragma", "busy_timeout("+strconv.FormatInt(opts.BusyTimeout.Milliseconds(), 10)+")")
	q.Set("_txlock", "immediate")
	u := url.URL{Scheme: "file", Path: abs, RawQuery: q.Encode()}
	return u.String()
}

// Path returns the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// Name is the database's path, for logs.
func (s *Store) Name() string { return s.path }

// Close checkpoints the WAL back into the file and truncates it, lets
// SQLite refresh its planner statistics, then closes the database.
func (s *Store) Close() error {
	s.stmts.close()
	_, _ = s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	_, _ = s.db.Exec("PRAGMA optimize")
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Checkpoint copies the WAL back into the database file and truncates
// it, when no reader holds it.
func (s *Store) Checkpoint(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("store: checkpoint: %w", err)
	}
	return nil
}

// walLimit is the size a reset WAL is truncated back to
// (journal_size_limit), and the size past which TrimWAL checkpoints it.
const walLimit = 4 << 20

// trimBusy is how long one TrimWAL checkpoint waits for readers and
// other processes' writers: this process's writers wait for it.
const trimBusy = 250 * time.Millisecond

// TrimWAL keeps the write-ahead log from staying large after load: every
// interval, while the WAL file of the store or of its queue is larger
// than walLimit, it checkpoints both WALs into their files and truncates
// them. SQLite's own automatic
// checkpoints cannot finish while readers hold old snapshots, and leave
// the file its size until a later write starts it over, which may never
// come (a burst of ingest, then only reads). A checkpoint that cannot
// finish within trimBusy is tried again at the next tick; other failures
// go to onErr. TrimWAL returns when ctx ends.
func (s *Store) TrimWAL(ctx context.Context, interval time.Duration, onErr func(error)) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if !walLarge(s.path) && !walLarge(QueuePath(s.path)) {
			continue
		}
		if _, err := s.truncateWAL(ctx); err != nil && ctx.Err() == nil && onErr != nil {
			onErr(err)
		}
	}
}

// walLarge reports whether the WAL of the database file path is larger
// than walLimit.
func walLarge(path string) bool {
	fi, err := os.Stat(path + "-wal")
	return err == nil && fi.Size() > walLimit
}

// truncateWAL runs one TRUNCATE checkpoint on a connection of its own
// whose busy timeout is trimBusy, and reports whether it finished.
func (s *Store) truncateWAL(ctx context.Context) (done bool, err error) {
	// This process's writers queue here rather than in the busy handler.
	s.wmu.Lock()
	defer s.wmu.Unlock()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("store: checkpoint: %w", err)
	}
	defer conn.Close()
	setBusy := func(ctx context.Context, d time.Duration) error {
		_, err := conn.ExecContext(ctx, "PRAGMA busy_timeout("+strconv.FormatInt(d.Milliseconds(), 10)+")")
		return err
	}
	if err := setBusy(ctx, trimBusy); err != nil {
		return false, fmt.Errorf("store: checkpoint: %w", err)
	}
	defer func() {
		if rerr := setBusy(context.WithoutCancel(ctx), s.busy); rerr != nil {
			// The connection must not go back to the pool with the short
			// timeout.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
			if err == nil {
				err = fmt.Errorf("store: checkpoint: %w", rerr)
			}
		}
	}()
	var busy, logPages, copied int
	if err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logPages, &copied); err != nil {
		return false, fmt.Errorf("store: checkpoint: %w", err)
	}
	return busy == 0, nil
}

// IntegrityCheck runs SQLite's integrity and foreign-key checks and
// checks the derived rows (every incident has a source, a box in the
// R*Tree and an entry in the text index); it returns the problems found,
// none when the file is sound.
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
	var orphans, unindexed, unsearchable int
	if err := s.db.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM incident_sources s WHERE s.incident_id = i.id)),
			(SELECT count(*) FROM incidents) - (SELECT count(*) FROM incidents_rtree r JOIN incidents i ON i.id = r.id),
			(SELECT count(*) FROM incidents) - (SELECT count(*) FROM incidents_fts)`).
		Scan(&orphans, &unindexed, &unsearchable); err != nil {
		return nil, fmt.Errorf("store: integrity check: %w", err)
	}
	if orphans+unindexed+unsearchable != 0 {
		problems = append(problems, fmt.Sprintf("%d incidents without sources, %d not in the R*Tree, %d not searchable", orphans, unindexed, unsearchable))
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

// Check answers a real query through the indexes reads use: the newest
// incident by the date index, and a box of the R*Tree.
func (s *Store) Check(ctx context.Context) error {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM (SELECT id FROM incidents ORDER BY date DESC, id LIMIT 1)) +
		(SELECT count(*) FROM (SELECT id FROM incidents_rtree WHERE min_lon <= 0 AND max_lon >= -1000 AND min_lat <= 0 AND max_lat >= -1000 LIMIT 1)) +
		(SELECT count(*) FROM (SELECT id FROM articles ORDER BY id DESC LIMIT 1))`).Scan(&n)
	if err != nil {
		if isCorrupt(err) {
			return fmt.Errorf("store: check: %w: %v", store.ErrCorrupt, err)
		}
		return fmt.Errorf("store: check: %w", err)
	}
	return nil
}
