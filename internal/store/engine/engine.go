// Package engine opens the store a --db value names: a postgres:// (or
// postgresql://) URL is PostgreSQL with PostGIS, anything else is the
// path of an SQLite file. It is the one place that chooses.
package engine

import (
	"context"
	"strings"

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
}

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
	s, err := sqlite.Open(ctx, dsn, sqlite.Options{MustExist: opts.MustExist})
	if err != nil {
		return nil, err
	}
	return s, nil
}
