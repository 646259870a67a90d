package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo"
)

// Processor derives the places and incidents of an article: the geoparser
// and the extractor, wired by the caller. It must be deterministic for
// Reprocess to rebuild what Ingest stored.
type Processor interface {
	Process(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error)
}

// Result says what Ingest did with one article.
type Result struct {
	// ArticleID is the stored article's id, also when it existed.
	ArticleID string
	// Existed is true when the same title and text were stored before:
	// nothing was changed.
	Existed bool
	// Places and Unresolved count the article's resolved and unplaced
	// toponyms.
	Places, Unresolved int
	// Incidents counts the incidents stored as new, Merged those merged
	// into an incident already stored (from another article or earlier in
	// this one), Skipped those without a location.
	Incidents, Merged, Skipped int
}

// Ingest stores art with everything proc derives from it, in one
// transaction: after a crash either all of it is in the database or
// none. An article whose title and text are already stored is not
// processed again and is reported as Existed. Each incident is merged
// into a stored incident that merge.Same accepts, else stored as new.
//
// Errors wrap ErrInvalidArticle or ErrProcess when the article is at
// fault; anything else is the database's.
func (s *Store) Ingest(ctx context.Context, art geo.Article, proc Processor) (Result, error) {
	if err := checkArticle(art); err != nil {
		return Result{}, err
	}
	hash := contentHash(art.Title, art.Text)
	id, found, err := articleByHash(ctx, s.db, hash)
	if err != nil {
		return Result{}, fmt.Errorf("store: ingest: %w", err)
	}
	if found {
		return Result{ArticleID: formatID(id), Existed: true}, nil
	}
	// Process outside the transaction: it is the slow part, and holding
	// the write lock through it would stall every other writer.
	gp, incs, err := proc.Process(ctx, art)
	if err != nil {
		return Result{}, fmt.Errorf("%w: %w", ErrProcess, err)
	}
	var res Result
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		// Another process may have stored it since the check above.
		id, found, err := articleByHash(ctx, tx, hash)
		if err != nil {
			return err
		}
		if found {
			res = Result{ArticleID: formatID(id), Existed: true}
			return nil
		}
		id, err = insertArticle(ctx, tx, art, hash, s.now())
		if err != nil {
			return err
		}
		d := newDeriver(tx, s.stmts)
		defer d.close()
		res, err = d.derive(ctx, id, art, gp, incs)
		res.ArticleID = formatID(id)
		return err
	})
	if err != nil {
		if errors.Is(err, ErrProcess) {
			return Result{}, err
		}
		return Result{}, fmt.Errorf("store: ingest: %w", err)
	}
	return res, nil
}

// checkArticle rejects what cannot be an article.
func checkArticle(art geo.Article) error {
	switch {
	case !utf8.ValidString(art.Title) || !utf8.ValidString(art.Text):
		return fmt.Errorf("%w: text is not valid UTF-8", ErrInvalidArticle)
	case strings.TrimSpace(art.Title) == "" && strings.TrimSpace(art.Text) == "":
		return fmt.Errorf("%w: no text", ErrInvalidArticle)
	}
	return nil
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

func formatID(id int64) string { return strconv.FormatInt(id, 10) }

// parseID reads an id the store handed out; anything else is not found.
func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%w: id %q", ErrNotFound, s)
	}
	return id, nil
}
