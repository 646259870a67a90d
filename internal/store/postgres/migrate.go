package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/incidentmap/incidentmap/internal/store"
)

// migrationFiles holds the schema changes, NNNN_name.sql, applied in
// order; PostgreSQL's are numbered on their own, with the same rules as
// SQLite's.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() []migration {
	entries, _ := migrationFiles.ReadDir("migrations")
	var ms []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			continue
		}
		b, _ := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms
}

// SchemaVersion is the schema version this binary writes.
func SchemaVersion() int {
	ms := migrations()
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// migrationLock is the advisory lock that serialises migrations of one
// database by several processes starting at once ("IMAP").
const migrationLock = 0x494d4150

// Version returns the schema version of the database.
func (s *Store) Version(ctx context.Context) (int, error) {
	v, err := schemaVersion(ctx, s.pool)
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	return v, nil
}

type queryRower interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// schemaVersion reads the highest applied migration, 0 for a database
// without the table.
func schemaVersion(ctx context.Context, q queryRower) (int, error) {
	var exists bool
	if err := q.QueryRow(ctx, `SELECT to_regclass('incidentmap_schema') IS NOT NULL`).Scan(&exists); err != nil {
		return 0, fmt.Errorf("read schema: %w", err)
	}
	if !exists {
		return 0, nil
	}
	var v *int
	if err := q.QueryRow(ctx, `SELECT max(version) FROM incidentmap_schema`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	if v == nil {
		return 0, nil
	}
	return *v, nil
}

// checkOwner fails for a database that holds tables of another program
// (PostGIS's own spatial_ref_sys aside).
func checkOwner(ctx context.Context, q queryRower) error {
	var tables int
	err := q.QueryRow(ctx, `SELECT count(*) FROM pg_tables
		WHERE schemaname = current_schema() AND tablename NOT IN ('spatial_ref_sys', 'incidentmap_schema')`).Scan(&tables)
	if err != nil {
		return fmt.Errorf("read schema: %w", err)
	}
	if tables > 0 {
		return fmt.Errorf("%w (schema %s has %d tables of its own)", store.ErrNotStore, "current", tables)
	}
	return nil
}

// migrate applies the migrations newer than the database, each in its
// own transaction with its incidentmap_schema row, under an advisory
// lock so that processes starting together migrate once.
func (s *Store) migrate(ctx context.Context, ms []migration, mustExist bool) error {
	cur, err := schemaVersion(ctx, s.pool)
	if err != nil {
		return err
	}
	latest := 0
	if len(ms) > 0 {
		latest = ms[len(ms)-1].version
	}
	switch {
	case cur > latest:
		return fmt.Errorf("%w: database has version %d, this binary knows up to %d", store.ErrSchemaTooNew, cur, latest)
	case cur == latest:
		return nil
	case cur == 0 && mustExist:
		return fmt.Errorf("%w: no incidentmap schema", store.ErrNoDatabase)
	case cur == 0:
		if err := checkOwner(ctx, s.pool); err != nil {
			return err
		}
	}
	for _, m := range ms {
		if m.version <= cur {
			continue
		}
		err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS incidentmap_schema (
					version integer PRIMARY KEY,
					name    text NOT NULL,
					applied timestamptz NOT NULL
				)`); err != nil {
				return err
			}
			v, err := schemaVersion(ctx, tx)
			if err != nil {
				return err
			}
			if v >= m.version {
				return nil // another process got here first
			}
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
			}
			_, err = tx.Exec(ctx, `INSERT INTO incidentmap_schema (version, name, applied) VALUES ($1, $2, $3)`,
				m.version, m.name, s.now().UTC())
			return err
		})
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return err
			}
			return fmt.Errorf("migrate: %w", err)
		}
	}
	return nil
}
