package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// reprocessBatch is how many articles Reprocess reads and processes at once.
const reprocessBatch = 64

// Reprocess runs proc over every stored article, oldest first, and
// rebuilds all derived tables from what it returns, so that a better
// geoparser or extractor reaches old articles. Process is called
// concurrently, on up to GOMAXPROCS articles at a time.
//
// It is one transaction: readers see the old tables until it commits and
// the new ones after, never a mix, and a crash or an error leaves the old
// tables. Other writers wait meanwhile (in this process on a mutex, in
// others up to the busy timeout). An incident the new pipeline finds
// again keeps its id (see store.StableIDs).
// progress, when not nil, is called after every batch.
func (s *Store) Reprocess(ctx context.Context, proc store.Processor, progress func(done, total int)) (store.ReprocessResult, error) {
	var res store.ReprocessResult
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		res = store.ReprocessResult{}
		ids, err := oldIncidents(ctx, tx)
		if err != nil {
			return err
		}
		if err := clearDerived(ctx, tx); err != nil {
			return err
		}
		if err := bump(ctx, tx, "epoch"); err != nil {
			return err
		}
		var total int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&total); err != nil {
			return fmt.Errorf("count articles: %w", err)
		}
		d := newDeriver(tx, s.stmts, ids)
		defer d.close()
		var last int64
		for {
			batch, err := readArticles(ctx, tx, last, reprocessBatch)
			if err != nil {
				return err
			}
			if len(batch) == 0 {
				break
			}
			last = batch[len(batch)-1].id
			for _, o := range processAll(ctx, proc, batch) {
				if err := ctx.Err(); err != nil {
					return err
				}
				if o.err != nil {
					res.Failed = append(res.Failed, fmt.Errorf("%w: article %d: %w", store.ErrProcess, o.id, o.err))
					continue
				}
				if err := d.deriveAtomically(ctx, o, &res); err != nil {
					return err
				}
			}
			res.Articles += len(batch)
			if progress != nil {
				progress(res.Articles, total)
			}
		}
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM incidents`).Scan(&res.Incidents)
	})
	if err != nil {
		return store.ReprocessResult{}, fmt.Errorf("store: reprocess: %w", err)
	}
	return res, nil
}

// deriveAtomically stores one article's derived rows under a savepoint,
// so that an unstorable result (store.ErrProcess) is undone alone and counted
// as failed.
func (d *deriver) deriveAtomically(ctx context.Context, o processed, res *store.ReprocessResult) error {
	if _, err := d.tx.ExecContext(ctx, `SAVEPOINT article`); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	_, err := d.derive(ctx, o.id, o.art, o.gp, o.incs)
	if errors.Is(err, store.ErrProcess) {
		if _, err := d.tx.ExecContext(ctx, `ROLLBACK TO article`); err != nil {
			return fmt.Errorf("rollback to savepoint: %w", err)
		}
		clear(d.places) // their upserts were rolled back too
		res.Failed = append(res.Failed, fmt.Errorf("article %d: %w", o.id, err))
	} else if err != nil {
		return err
	}
	if _, err := d.tx.ExecContext(ctx, `RELEASE article`); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}

// oldIncidents reads what keeps incident ids stable across a reprocess.
func oldIncidents(ctx context.Context, tx *sql.Tx) (*store.StableIDs, error) {
	rows, err := tx.QueryContext(ctx, `SELECT i.id, coalesce((SELECT min(s.article_id) FROM incident_sources s
			WHERE s.incident_id = i.id), 0), i.sub_event_type
		FROM incidents i ORDER BY i.id`)
	if err != nil {
		return nil, fmt.Errorf("read incidents: %w", err)
	}
	defer rows.Close()
	var old []store.OldIncident
	var maxID int64
	for rows.Next() {
		var o store.OldIncident
		if err := rows.Scan(&o.ID, &o.FirstArticle, &o.SubEventType); err != nil {
			return nil, fmt.Errorf("read incidents: %w", err)
		}
		old = append(old, o)
		maxID = max(maxID, o.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read incidents: %w", err)
	}
	return store.NewStableIDs(old, maxID), nil
}

// clearDerived empties every derived table, children first.
func clearDerived(ctx context.Context, tx *sql.Tx) error {
	for _, q := range []string{
		`DELETE FROM incident_sources`,
		`DELETE FROM incidents_fts`,
		`DELETE FROM incidents_rtree`,
		`DELETE FROM incidents`,
		`DELETE FROM mentions`,
		`DELETE FROM unresolved`,
		`DELETE FROM places`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("clear derived tables: %s: %w", q, err)
		}
	}
	return nil
}

// stored is an article as read back, with its row id.
type stored struct {
	id  int64
	art geo.Article
}

// readArticles reads up to n articles with ids above after, in id order.
func readArticles(ctx context.Context, tx *sql.Tx, after int64, n int) ([]stored, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, title, text, url, outlet, published FROM articles
		WHERE id > ? ORDER BY id LIMIT ?`, after, n)
	if err != nil {
		return nil, fmt.Errorf("read articles: %w", err)
	}
	defer rows.Close()
	var out []stored
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read articles: %w", err)
	}
	return out, nil
}

func scanArticle(sc scanner) (stored, error) {
	var a stored
	var published sql.NullString
	if err := sc.Scan(&a.id, &a.art.Title, &a.art.Text, &a.art.URL, &a.art.Outlet, &published); err != nil {
		return stored{}, fmt.Errorf("read article: %w", err)
	}
	a.art.ID = store.FormatID(a.id)
	t, err := parseTime(published)
	if err != nil {
		return stored{}, fmt.Errorf("article %d: %w", a.id, err)
	}
	a.art.Published = t
	return a, nil
}

// processed is one article with what the processor made of it.
type processed struct {
	stored
	gp   geo.Geoparse
	incs []geo.Incident
	err  error
}

// processAll runs proc over batch on up to GOMAXPROCS goroutines and
// returns the results in batch order, so that merging stays
// deterministic.
func processAll(ctx context.Context, proc store.Processor, batch []stored) []processed {
	out := make([]processed, len(batch))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(batch)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				o := &out[i]
				o.stored = batch[i]
				o.gp, o.incs, o.err = proc.Process(ctx, batch[i].art)
			}
		}()
	}
	for i := range batch {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
