package postgres

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/jackc/pgx/v5"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// reprocessBatch is how many articles Reprocess reads and processes at
// once.
const reprocessBatch = 64

// Reprocess runs proc over every stored article, oldest first, and
// rebuilds all derived tables from what it returns. It is one
// transaction: readers see the old tables until it commits and the new
// ones after. Writers, in every process, wait: it locks the articles and
// incidents tables against writes, so that no ingest merges into tables
// being rebuilt. An incident the new pipeline finds again keeps its id
// (store.StableIDs). progress, when not nil, is called after every batch.
func (s *Store) Reprocess(ctx context.Context, proc store.Processor, progress func(done, total int)) (store.ReprocessResult, error) {
	var res store.ReprocessResult
	err := s.writeTx(ctx, func(tx pgx.Tx) error {
		res = store.ReprocessResult{}
		if _, err := tx.Exec(ctx, `LOCK TABLE articles, places, incidents, incident_sources, mentions, unresolved IN EXCLUSIVE MODE`); err != nil {
			return fmt.Errorf("lock tables: %w", err)
		}
		ids, err := oldIncidents(ctx, tx)
		if err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM incident_sources`, `DELETE FROM incidents`, `DELETE FROM mentions`,
			`DELETE FROM unresolved`, `DELETE FROM places`,
			`UPDATE store_state SET value = value + 1 WHERE key = 'epoch'`,
		} {
			if _, err := tx.Exec(ctx, q); err != nil {
				return fmt.Errorf("clear derived tables: %s: %w", q, err)
			}
		}
		var total int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM articles`).Scan(&total); err != nil {
			return fmt.Errorf("count articles: %w", err)
		}
		d := &deriver{tx: tx, ids: ids}
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
				if err := deriveAtomically(ctx, d, o, &res); err != nil {
					return err
				}
			}
			res.Articles += len(batch)
			if progress != nil {
				progress(res.Articles, total)
			}
		}
		// New incidents after this one take ids above every old one.
		if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence('incidents', 'id'), $1, false)`, ids.Next()); err != nil {
			return fmt.Errorf("incident ids: %w", err)
		}
		return tx.QueryRow(ctx, `SELECT count(*) FROM incidents`).Scan(&res.Incidents)
	})
	if err != nil {
		return store.ReprocessResult{}, fmt.Errorf("store: reprocess: %w", err)
	}
	return res, nil
}

// deriveAtomically stores one article's derived rows under a savepoint,
// so that an unstorable result (store.ErrProcess) is undone alone.
func deriveAtomically(ctx context.Context, d *deriver, o processed, res *store.ReprocessResult) error {
	sp, err := d.tx.Begin(ctx)
	if err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	outer := d.tx
	d.tx = sp
	_, err = d.derive(ctx, o.id, o.art, o.gp, o.incs)
	d.tx = outer
	if errors.Is(err, store.ErrProcess) {
		if err := sp.Rollback(ctx); err != nil {
			return fmt.Errorf("rollback to savepoint: %w", err)
		}
		res.Failed = append(res.Failed, fmt.Errorf("article %d: %w", o.id, err))
		return nil
	}
	if err != nil {
		_ = sp.Rollback(ctx)
		return err
	}
	return sp.Commit(ctx)
}

// oldIncidents reads what keeps incident ids stable across a reprocess.
func oldIncidents(ctx context.Context, tx pgx.Tx) (*store.StableIDs, error) {
	rows, err := tx.Query(ctx, `SELECT i.id, coalesce((SELECT min(s.article_id) FROM incident_sources s
			WHERE s.incident_id = i.id), 0), i.sub_event_type
		FROM incidents i ORDER BY i.id`)
	if err != nil {
		return nil, fmt.Errorf("read incidents: %w", err)
	}
	defer rows.Close()
	var old []store.OldIncident
	for rows.Next() {
		var o store.OldIncident
		if err := rows.Scan(&o.ID, &o.FirstArticle, &o.SubEventType); err != nil {
			return nil, fmt.Errorf("read incidents: %w", err)
		}
		old = append(old, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read incidents: %w", err)
	}
	var last int64
	if err := tx.QueryRow(ctx, `SELECT last_value FROM incidents_id_seq`).Scan(&last); err != nil {
		return nil, fmt.Errorf("read incident ids: %w", err)
	}
	return store.NewStableIDs(old, last), nil
}

// readArticles reads up to n articles with ids above after, in id order.
func readArticles(ctx context.Context, tx pgx.Tx, after int64, n int) ([]stored, error) {
	rows, err := tx.Query(ctx, `SELECT id, title, text, url, outlet, published FROM articles
		WHERE id > $1 ORDER BY id LIMIT $2`, after, n)
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
