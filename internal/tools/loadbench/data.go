package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite" // the "sqlite" driver, to clear a snapshot

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/benchdata"
	"github.com/incidentmap/incidentmap/internal/samples"
	"github.com/incidentmap/incidentmap/internal/store/engine"
)

// prepare returns the --db value of a store of engine holding at least
// n generated incidents, filling it the first time (the same stream on
// both engines: the same incidents under the same ids). SQLite files
// live in dir, PostgreSQL databases on the server pgAdmin names.
func prepare(ctx context.Context, eng, dir, pgAdmin string, n, from int) (string, error) {
	var dsn string
	switch eng {
	case "sqlite":
		dsn = filepath.Join(dir, fmt.Sprintf("bench-%d.db", n))
		if _, err := os.Stat(dsn); from > 0 && os.IsNotExist(err) {
			if n%from != 0 || n/from < 2 {
				return "", fmt.Errorf("-from %d: %d is no multiple of it", from, n)
			}
			src, err := prepare(ctx, eng, dir, pgAdmin, from, 0)
			if err != nil {
				return "", err
			}
			if err := fillByCopies(ctx, src, dsn, n/from); err != nil {
				os.Remove(dsn)
				return "", err
			}
		}
	case "postgres":
		name := fmt.Sprintf("incidentmap_bench_%d", n)
		dsn = withDatabase(pgAdmin, name)
		exists, err := databaseExists(ctx, pgAdmin, name)
		if err != nil {
			return "", err
		}
		if from > 0 && !exists {
			if n%from != 0 || n/from < 2 {
				return "", fmt.Errorf("-from %d: %d is no multiple of it", from, n)
			}
			if _, err := prepare(ctx, eng, dir, pgAdmin, from, 0); err != nil {
				return "", err
			}
			if err := createDatabase(ctx, pgAdmin, name, fmt.Sprintf("incidentmap_bench_%d", from)); err != nil {
				return "", err
			}
			if err := fillByCopiesPG(ctx, dsn, n/from); err != nil {
				_ = dropDatabase(context.WithoutCancel(ctx), pgAdmin, name)
				return "", err
			}
		}
		if err := createDatabase(ctx, pgAdmin, name, ""); err != nil {
			return "", err
		}
	default:
		return "", fmt.Errorf("no engine %q", eng)
	}
	st, err := engine.Open(ctx, dsn, engine.Options{})
	if err != nil {
		return "", err
	}
	defer st.Close()
	stats, err := st.Stats(ctx)
	if err != nil {
		return "", err
	}
	if stats.Incidents >= n {
		return dsn, nil
	}
	log.Printf("%s: generating %d incidents (it holds %d; once, kept for later runs)", eng, n, stats.Incidents)
	start, last := time.Now(), time.Now()
	err = benchdata.Fill(ctx, st, n, func(have int) {
		if time.Since(last) > time.Minute {
			last = time.Now()
			log.Printf("%s: %d incidents after %v", eng, have, time.Since(start).Round(time.Second))
		}
	})
	if err != nil {
		return "", err
	}
	log.Printf("%s: generated in %v", eng, time.Since(start).Round(time.Second))
	return dsn, nil
}

// withDatabase is the URL u with its database replaced.
func withDatabase(u, name string) string {
	p, _ := url.Parse(u)
	p.Path = "/" + name
	return p.String()
}

// createDatabase creates name on the server admin names, as a copy of
// template when given, unless it exists.
func createDatabase(ctx context.Context, admin, name, template string) error {
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil || exists {
		return err
	}
	q := `CREATE DATABASE ` + pgx.Identifier{name}.Sanitize()
	if template != "" {
		q += ` TEMPLATE ` + pgx.Identifier{template}.Sanitize()
	}
	_, err = conn.Exec(ctx, q)
	return err
}

// databaseExists reports whether the server admin names holds name.
func databaseExists(ctx context.Context, admin, name string) (bool, error) {
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return false, err
	}
	defer conn.Close(ctx)
	var exists bool
	err = conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists)
	return exists, err
}

// dropDatabase drops name on the server admin names.
func dropDatabase(ctx context.Context, admin, name string) error {
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`)
	return err
}

// scratchCopy returns a copy of the store dsn to write into, and the
// function that removes it.
func scratchCopy(ctx context.Context, eng, dsn, dir, pgAdmin string) (string, func(), error) {
	switch eng {
	case "sqlite":
		to := filepath.Join(dir, "scratch.db")
		for _, s := range sqliteFiles() {
			os.Remove(to + s)
		}
		if err := copyFile(dsn, to); err != nil {
			return "", nil, err
		}
		return to, func() {
			for _, s := range sqliteFiles() {
				os.Remove(to + s)
			}
		}, nil
	default:
		u, _ := url.Parse(dsn)
		name := u.Path[1:] + "_scratch"
		_ = dropDatabase(ctx, pgAdmin, name)
		if err := createDatabase(ctx, pgAdmin, name, u.Path[1:]); err != nil {
			return "", nil, err
		}
		return withDatabase(pgAdmin, name), func() { _ = dropDatabase(context.Background(), pgAdmin, name) }, nil
	}
}

// copyFile copies from to to and syncs the copy, so that the server
// measured over it does not share the disk with the kernel's write-back
// of the copy's gigabytes (a commit's sync can wait behind it).
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// articleFile writes k articles for `incidentmap ingest`: the sample
// articles we wrote, again and again, each copy retitled and dated a day
// after the one before from 2031 on (so that their incidents, dated
// from their publication, neither meet each other nor the generated
// ones), numbered from first.
func articleFile(path string, first, k int) error {
	arts, err := samples.Articles()
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	for i := range k {
		if err := enc.Encode(benchArticle(arts, first+i)); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}

// benchArticle is the n-th article written for ingest: a sample
// article under a title, address and day of its own (days from 2031 on,
// after every generated incident, cycling over ten years so that any n
// gives a date the API takes), so that each is a new article.
func benchArticle(arts []geo.Article, n int) map[string]string {
	a := arts[n%len(arts)]
	return map[string]string{
		"title":     fmt.Sprintf("%s (%d)", a.Title, n),
		"text":      a.Text,
		"url":       fmt.Sprintf("https://example.org/bench/%d", n),
		"source":    samples.Outlet,
		"published": time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n%3650).Format(time.DateOnly),
	}
}

// clearSnapshot removes the tile index snapshot a store keeps, so that
// the next server reads every incident.
func clearSnapshot(ctx context.Context, eng, dsn string) error {
	if eng == "postgres" {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, `DELETE FROM tile_snapshot`)
		return err
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, `DELETE FROM tile_snapshot`)
	return err
}

// sqliteFiles are the suffixes of a SQLite store's files: the database,
// its WAL and shared memory, and the queue's file with its own.
func sqliteFiles() []string {
	return []string{"", "-wal", "-shm", "-queue", "-queue-wal", "-queue-shm"}
}
