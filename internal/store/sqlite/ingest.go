package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// Ingest stores art with everything proc derives from it, in one
// transaction: after a crash either all of it is in the database or
// none. An article whose title and text are already stored is not
// processed again and is reported as Existed. Each incident is merged
// into a stored incident that merge.Same accepts, else stored as new.
//
// Errors wrap store.ErrInvalidArticle or store.ErrProcess when the
// article is at fault; anything else is the database's.
func (s *Store) Ingest(ctx context.Context, art geo.Article, proc store.Processor) (store.Result, error) {
	if err := store.CheckArticle(art); err != nil {
		return store.Result{}, err
	}
	hash := store.ContentHash(art.Title, art.Text)
	id, found, err := articleByHash(ctx, s.db, hash)
	if err != nil {
		return store.Result{}, fmt.Errorf("store: ingest: %w", err)
	}
	if found {
		return store.Result{ArticleID: store.FormatID(id), Existed: true}, nil
	}
	// Process outside the transaction: it is the slow part, and holding
	// the write lock through it would stall every other writer.
	gp, incs, err := proc.Process(ctx, art)
	if err != nil {
		return store.Result{}, fmt.Errorf("%w: %w", store.ErrProcess, err)
	}
	var res store.Result
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		// Another process may have stored it since the check above.
		id, found, err := articleByHash(ctx, tx, hash)
		if err != nil {
			return err
		}
		if found {
			res = store.Result{ArticleID: store.FormatID(id), Existed: true}
			return nil
		}
		id, err = insertArticle(ctx, tx, art, hash, s.now())
		if err != nil {
			return err
		}
		d := newDeriver(tx, s.stmts, nil)
		defer d.close()
		res, err = d.derive(ctx, id, art, gp, incs)
		res.ArticleID = store.FormatID(id)
		return err
	})
	if err != nil {
		if errors.Is(err, store.ErrProcess) {
			return store.Result{}, err
		}
		return store.Result{}, fmt.Errorf("store: ingest: %w", err)
	}
	return res, nil
}

func articleByHash(ctx context.Context, q querier, hash string) (int64, bool, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM articles WHERE hash = ?`, hash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("look up article: %w", err)
	}
	return id, true, nil
}

func insertArticle(ctx context.Context, tx *sql.Tx, art geo.Article, hash string, now time.Time) (int64, error) {
	r, err := tx.ExecContext(ctx, `INSERT INTO articles (hash, title, text, url, outlet, published, created)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		hash, art.Title, art.Text, art.URL, art.Outlet, nullTime(art.Published), now.UTC().Format(timeLayout))
	if err != nil {
		return 0, fmt.Errorf("insert article: %w", err)
	}
	id, err := r.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("insert article: %w", err)
	}
	return id, nil
}

// isCorrupt reports whether err is SQLite saying the file is damaged.
func isCorrupt(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "malformed") || strings.Contains(msg, "SQLITE_CORRUPT") ||
		strings.Contains(msg, "file is not a database") || strings.Contains(msg, "SQLITE_NOTADB")
}
