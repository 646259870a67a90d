// Package engine opens the store a --db value names: a postgres:// (or
// postgresql://) URL is PostgreSQL with PostGIS, anything else is the
// path of an SQLite file. It is the one place that chooses.
package engine

import (
	"context"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/store/postgres"
	"github.com/incidentmap/incidentmap/internal/store/sqlite"
)

// Options tune Open, whichever the engine.
type Options struct {
	// MustExist refuses a database that does not exist yet
	// (store.ErrNoDatabase) instead of creating it: for commands that
	// only read.
	MustExist bool
	// LaterChecks skips the checks an engine runs at open that take time
	// on a large database (SQLite's quick_check, bounded to 5 s): the
	// caller runs them itself (serve, beside serving; see QuickChecker).
	LaterChecks bool
}

// QuickChecker is implemented by engines with a check of the database's
// own structures worth running beside serving (SQLite's quick_check);
// damage found is store.ErrCorrupt.
type QuickChecker interface {
	QuickCheck(ctx context.Context) error
}

// WALTrimmer is implemented by engines whose write-ahead log a long-
// running process must keep small (SQLite's, which load leaves large):
// TrimWAL works every interval until ctx ends, and reports failures to
// onErr.
type WALTrimmer interface {
	TrimWAL(ctx context.Context, interval time.Duration, onErr func(error))
}

// WALTrimInterval is how often serve and follow look at the WAL.
const WALTrimInterval = 30 * time.Second

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database dsn names and brings its schema up to date.
func Open(ctx context.Context, dsn string, opts Options) (store.Store, error) {
	if IsPostgres(dsn) {
		s, err := postgres.Open(ctx, dsn, postgres.Options{MustExist: opts.MustExist})
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	so := sqlite.Options{MustExist: opts.MustExist}
	if opts.LaterChecks {
		so.QuickCheckTimeout = -1
	}
	s, err := sqlite.Open(ctx, dsn, so)
	if err != nil {
		return nil, err
	}
	return s, nil
}
