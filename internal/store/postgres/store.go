// Package postgres is the scale-out store engine: PostgreSQL 15+ with
// PostGIS 3, through pgx. Any number of servers and ingest workers share
// one database.
//
// What SQLite gets from its single writer, this engine gets from
// PostgreSQL: an article is inserted with ON CONFLICT on its content
// hash, so two workers ingesting it end with one; a report merges under
// transaction-scoped advisory locks on its sub-event type and the grid
// cells its merge search covers, so two reports of one incident written
// at the same moment end as one incident; the incident a report merges
// into is re-read FOR UPDATE; and transactions that fail with a
// serialisation failure or a deadlock are retried.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"os"
	"runtime"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/incidentmap/incidentmap/internal/store"
)

// Options tune Open. The zero value is the default.
type Options struct {
	// MustExist refuses a database without incidentmap's schema
	// (store.ErrNoDatabase) instead of creating it: for commands that
	// only read.
	MustExist bool
	// MaxConns caps the pool's connections; default 4×GOMAXPROCS, at
	// least 8: enough to keep the database's cores busy, few enough that
	// a burst of requests queues in the pool rather than in PostgreSQL.
	// A pool_max_conns in the URL wins.
	MaxConns int32
	// Now is the clock for the articles' created time; default time.Now.
	Now func() time.Time
}

// Store is an open incidentmap database on PostgreSQL. It is safe for
// concurrent use, also by several processes.
type Store struct {
	pool *pgxpool.Pool
	name string
	now  func() time.Time
	// jobs inserts jobs on the queue in this database (river,
	// insert-only: Work runs the workers).
	jobs *river.Client[pgx.Tx]
	// format is this build's stored-feature format (store.FeatureFormat).
	format int64
	// chunks lends items pages their feature buffers.
	chunks store.FeatureChunks
}

// Open connects to the database at the postgres:// URL and brings its
// schema up to date (creating the PostGIS extension needs the right to;
// see the README). It fails with store.ErrSchemaTooNew for a database
// written by a newer binary and store.ErrNotStore for a database that
// holds other tables.
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", redact(dsn), err)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if u, err := url.Parse(dsn); err != nil || u.Query().Get("pool_max_conns") == "" {
		cfg.MaxConns = opts.MaxConns
		if cfg.MaxConns <= 0 {
			cfg.MaxConns = int32(max(8, 4*runtime.GOMAXPROCS(0)))
		}
	}
	cfg.MaxConnIdleTime = 5 * time.Minute
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", redact(dsn), err)
	}
	s := &Store{pool: pool, name: redact(dsn), now: opts.Now, format: store.FeatureFormat()}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: %s: %w", s.name, err)
	}
	if err := s.migrate(ctx, migrations(), opts.MustExist); err != nil {
		pool.Close()
		if errors.Is(err, store.ErrSchemaTooNew) || errors.Is(err, store.ErrNotStore) || errors.Is(err, store.ErrNoDatabase) {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		return nil, fmt.Errorf("store: open %s: %w", s.name, err)
	}
	if err := s.openQueue(ctx, opts.MustExist); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: open %s: %w", s.name, err)
	}
	return s, nil
}

// openQueue brings river's tables up to date, under the migration lock
// so that processes starting together migrate once, and makes the
// insert-only client.
func (s *Store) openQueue(ctx context.Context, mustExist bool) error {
	driver := riverpgxv5.New(s.pool)
	m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: riverLogger(nil)})
	if err != nil {
		return fmt.Errorf("queue migrations: %w", err)
	}
	// River adds enum values and uses them in later versions, which
	// PostgreSQL refuses in one transaction: each version runs in its
	// own, under a session lock that processes starting together share.
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("queue migrations: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(migrationLock)); err != nil {
		return fmt.Errorf("queue migrations: %w", err)
	}
	_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if _, uerr := conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(migrationLock)); uerr != nil && err == nil {
		err = uerr
	}
	if err != nil {
		return fmt.Errorf("queue migrations: %w", err)
	}
	s.jobs, err = river.NewClient(driver, &river.Config{Logger: riverLogger(nil)})
	if err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	return nil
}

// riverLogger is log for river, or one that keeps only its warnings and
// errors: river logs every job at info.
func riverLogger(log *slog.Logger) *slog.Logger {
	if log != nil {
		return log
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// redact drops the password from a URL, for logs and errors.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://(unparseable URL)"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Name is the database's URL without its password, for logs.
func (s *Store) Name() string { return s.name }

// Close closes the pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Ping checks that the database can be reached.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// Check answers a real query through the indexes reads use.
func (s *Store) Check(ctx context.Context) error {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM (SELECT id FROM incidents ORDER BY date DESC NULLS LAST, id LIMIT 1) a) +
		(SELECT count(*) FROM (SELECT id FROM incidents WHERE geom && ST_MakeEnvelope(-1, -1, 0, 0, 4326) LIMIT 1) b) +
		(SELECT count(*) FROM (SELECT id FROM articles ORDER BY id DESC LIMIT 1) c)`).Scan(&n)
	if err != nil {
		return fmt.Errorf("store: check: %w", err)
	}
	return nil
}

// IntegrityCheck checks the derived rows: every incident has a source
// and a search body, every source and mention an article.
func (s *Store) IntegrityCheck(ctx context.Context) ([]string, error) {
	var orphans, invalid int
	err := s.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM incident_sources s WHERE s.incident_id = i.id)),
		(SELECT count(*) FROM incidents WHERE NOT ST_IsValid(geom) OR ST_SRID(geom) <> 4326)`).Scan(&orphans, &invalid)
	if err != nil {
		return nil, fmt.Errorf("store: integrity check: %w", err)
	}
	var problems []string
	if orphans+invalid > 0 {
		problems = append(problems, fmt.Sprintf("%d incidents without sources, %d with an invalid point", orphans, invalid))
	}
	return problems, nil
}

// maxAttempts bounds the retries of a transaction that failed with a
// serialisation failure or a deadlock.
const maxAttempts = 8

// retryable reports whether err is a conflict a retry resolves.
func retryable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "40001", "40P01": // serialization_failure, deadlock_detected
			return true
		}
	}
	return false
}

// readOnly reports whether err says the database takes no writes (a
// hot standby).
func readOnly(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "25006" // read_only_sql_transaction
}

// writeTx runs fn in a read-committed transaction, committed when fn
// returns nil, and runs it again after a serialisation failure or a
// deadlock.
func (s *Store) writeTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	var err error
	for attempt := range maxAttempts {
		err = pgx.BeginFunc(ctx, s.pool, fn)
		if readOnly(err) {
			return fmt.Errorf("%w: %v", store.ErrReadOnly, err)
		}
		if err == nil || !retryable(err) {
			return err
		}
		// Back off a little, at random, so that the two sides of a
		// deadlock do not meet again.
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(1+rand.IntN(10<<attempt)) * time.Millisecond):
		}
	}
	return fmt.Errorf("gave up after %d conflicts: %w", maxAttempts, err)
}
