package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/incidentmap/incidentmap/internal/store"
)

// applicationID marks incidentmap databases in the SQLite header ("IMAP"),
// so that Open refuses another program's file instead of migrating it.
const applicationID = 0x494d4150

// migrationFiles holds the schema changes, NNNN_name.sql, applied in order.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in version order. A
// malformed file name is a build mistake, caught by the tests.
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

// Version returns the schema version of the open database.
func (s *Store) Version(ctx context.Context) (int, error) {
	v, err := schemaVersion(ctx, s.db)
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	return v, nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// schemaVersion reads the highest applied migration, 0 for a new file.
func schemaVersion(ctx context.Context, q querier) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("read schema: %w", err)
	}
	if n == 0 {
		return 0, nil
	}
	var v sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return int(v.Int64), nil
}

// checkOwner fails for a database that belongs to another program.
func checkOwner(ctx context.Context, q querier) error {
	var app int64
	if err := q.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return fmt.Errorf("read application id: %w", err)
	}
	if app == applicationID {
		return nil
	}
	if app != 0 {
		return fmt.Errorf("%w (application id %#x)", store.ErrNotStore, app)
	}
	var tables int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'`).Scan(&tables); err != nil {
		return fmt.Errorf("read schema: %w", err)
	}
	if tables > 0 {
		return fmt.Errorf("%w (it has %d tables of its own)", store.ErrNotStore, tables)
	}
	return nil
}

// migrate applies the migrations newer than the database, each in its own
// transaction together with its schema_migrations row, so that a crash
// leaves the file at a whole version. Another process migrating at the
// same time is harmless: each transaction re-reads the version under the
// write lock.
func (s *Store) migrate(ctx context.Context, ms []migration) error {
	if err := checkOwner(ctx, s.db); err != nil {
		return err
	}
	cur, err := schemaVersion(ctx, s.db)
	if err != nil {
		return err
	}
	latest := 0
	if len(ms) > 0 {
		latest = ms[len(ms)-1].version
	}
	if cur > latest {
		return fmt.Errorf("%w: file has version %d, this binary knows up to %d", store.ErrSchemaTooNew, cur, latest)
	}
	for _, m := range ms {
		if m.version <= cur {
			continue
		}
		err := s.writeTx(ctx, func(tx *sql.Tx) error {
			v, err := schemaVersion(ctx, tx)
			if err != nil {
				return err
			}
			if v >= m.version {
				return nil
			}
			stmts := []string{
				`CREATE TABLE IF NOT EXISTS schema_migrations (
					version INTEGER PRIMARY KEY,
					name    TEXT NOT NULL,
					applied TEXT NOT NULL
				)`,
				m.sql,
				fmt.Sprintf("PRAGMA application_id = %d", applicationID),
				fmt.Sprintf("PRAGMA user_version = %d", m.version),
			}
			for _, q := range stmts {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
				}
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)`,
				m.version, m.name, s.now().UTC().Format(timeLayout))
			if err != nil {
				return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
			}
			return nil
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
