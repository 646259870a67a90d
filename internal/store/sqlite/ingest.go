package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// Ingest saves art and enqueues its processing in one transaction,
// processes it outside any transaction and saves the derived rows in a
// second one that takes the job off the queue (see store.Store). After
// a crash between the two, the job (or the next Ingest of the same
// article, or ProcessPending) finishes it. An article whose title and
// text are already stored and processed is reported as Existed. Each
// incident is merged into a stored incident that merge.Same accepts,
// else stored as new.
//
// Errors wrap store.ErrInvalidArticle or store.ErrProcess when the
// article is at fault (nothing is then stored); anything else is the
// database's.
func (s *Store) Ingest(ctx context.Context, art geo.Article, proc store.Processor) (store.Result, error) {
	if err := store.CheckArticle(art); err != nil {
		return store.Result{}, err
	}
	hash := store.ContentHash(art.Title, art.Text)
	id, found, err := articleByHash(ctx, s.db, hash)
	if err != nil {
		return store.Result{}, fmt.Errorf("store: ingest: %w", err)
	}
	var jobID int64
	if !found {
		err = s.writeTx(ctx, func(tx *sql.Tx) error {
			// Another process may have stored it since the check above.
			if id, found, err = articleByHash(ctx, tx, hash); err != nil || found {
				return err
			}
			if id, err = insertArticle(ctx, tx, art, hash, s.now()); err != nil {
				return err
			}
			jobID, err = s.enqueueProcess(ctx, tx, id)
			return err
		})
		if err != nil {
			return store.Result{}, fmt.Errorf("store: ingest: %w", err)
		}
	}
	res, err := s.processOne(ctx, id, proc, func(ctx context.Context, tx *sql.Tx) error {
		return dropProcessJobs(ctx, tx, id, jobID)
	})
	if err != nil {
		if errors.Is(err, store.ErrProcess) {
			return store.Result{}, err
		}
		return store.Result{}, fmt.Errorf("store: ingest: %w", err)
	}
	return res, nil
}

// enqueueProcess puts the processing of article id on the queue, inside
// the transaction that stores it, for a worker to run after
// store.ProcessGrace unless the saving transaction removes it first.
func (s *Store) enqueueProcess(ctx context.Context, tx *sql.Tx, id int64) (int64, error) {
	r, err := s.jobs.InsertTx(ctx, tx, store.ProcessArgs{ArticleID: id},
		&river.InsertOpts{ScheduledAt: s.now().Add(store.ProcessGrace)})
	if err != nil {
		return 0, fmt.Errorf("enqueue processing: %w", err)
	}
	return r.Job.ID, nil
}

// dropProcessJobs removes the waiting processing jobs of article id from
// the queue: the job jobID when known, else every one for the article
// (a job a worker is running is left to it: it will find the article
// done).
func dropProcessJobs(ctx context.Context, tx *sql.Tx, id, jobID int64) error {
	var err error
	if jobID != 0 {
		_, err = tx.ExecContext(ctx, `DELETE FROM queue.river_job WHERE id = ? AND state <> 'running'`, jobID)
	} else {
		_, err = tx.ExecContext(ctx, `DELETE FROM queue.river_job WHERE kind = ? AND state IN ('available', 'scheduled', 'retryable', 'pending')
			AND json_extract(args, '$.article_id') = ?`, store.ProcessArgs{}.Kind(), id)
	}
	if err != nil {
		return fmt.Errorf("dequeue processing: %w", err)
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

// insertArticle stores art with its processing asked for (generation 1)
// and not done.
func insertArticle(ctx context.Context, tx *sql.Tx, art geo.Article, hash string, now time.Time) (int64, error) {
	r, err := tx.ExecContext(ctx, `INSERT INTO articles (hash, title, text, url, outlet, published, created, gen, done)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1, 0)`,
		hash, art.Title, art.Text, art.URL, art.Outlet, nullTime(art.Published), now.UTC().Format(timeLayout))
	if err != nil {
		return 0, fmt.Errorf("insert article: %w", err)
	}
	id, err := r.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("insert article: %w", err)
	}
	if sig := store.Sign(art.Text); sig != nil {
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET minhash = ? WHERE id = ?`, sig.Bytes(), id); err != nil {
			return 0, fmt.Errorf("article signature: %w", err)
		}
		keys := sig.BandKeys()
		args := make([]any, 0, 2*len(keys))
		for _, k := range keys {
			args = append(args, k, id)
		}
		q := `INSERT OR IGNORE INTO article_bands (band_key, article_id) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?), ", len(keys)), ", ")
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return 0, fmt.Errorf("article signature: %w", err)
		}
	}
	return id, nil
}

// isCorrupt reports whether err is SQLite saying the file is damaged.
func isCorrupt(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "malformed") || strings.Contains(msg, "SQLITE_CORRUPT") ||
		strings.Contains(msg, "file is not a database") || strings.Contains(msg, "SQLITE_NOTADB")
}
