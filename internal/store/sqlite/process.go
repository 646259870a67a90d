package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// processBatch is how many articles ProcessPending reads and processes
// at once, and Reprocess enqueues per transaction.
const (
	processBatch = 64
	enqueueBatch = 500
)

// errGone: the article was deleted while it was processed (its first
// processing failed elsewhere).
var errGone = errors.New("article gone")

// pendingArticle is a stored article with the generation of processing
// asked for.
type pendingArticle struct {
	stored
	gen int64
}

// processed is a pending article with what the processor made of it.
type processed struct {
	pendingArticle
	gp   geo.Geoparse
	incs []geo.Incident
	hash string
	err  error
}

// readPending reads article id and its generation; found is false when
// it is not stored.
func readPending(ctx context.Context, q querier, id int64) (pendingArticle, bool, error) {
	var p pendingArticle
	var published sql.NullString
	err := q.QueryRowContext(ctx, `SELECT id, title, text, url, outlet, published, gen FROM articles WHERE id = ?`, id).
		Scan(&p.id, &p.art.Title, &p.art.Text, &p.art.URL, &p.art.Outlet, &published, &p.gen)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("read article %d: %w", id, err)
	}
	p.art.ID = store.FormatID(id)
	if p.art.Published, err = parseTime(published); err != nil {
		return p, false, fmt.Errorf("article %d: %w", id, err)
	}
	return p, true, nil
}

// run processes p outside any transaction.
func run(ctx context.Context, proc store.Processor, p pendingArticle) processed {
	o := processed{pendingArticle: p}
	o.gp, o.incs, o.err = proc.Process(ctx, p.art)
	if o.err == nil {
		o.hash, o.err = store.OutputHash(o.gp, o.incs)
	}
	return o
}

// finisher runs inside the transaction that saves an article's derived
// rows, to take its job off the queue in the same commit.
type finisher func(ctx context.Context, tx *sql.Tx) error

// processOne processes article id (its current generation) and saves
// the result, finish running in the saving transaction.
func (s *Store) processOne(ctx context.Context, id int64, proc store.Processor, finish finisher) (store.Result, error) {
	p, found, err := readPending(ctx, s.db, id)
	if err != nil {
		return store.Result{}, err
	}
	if !found {
		return store.Result{}, fmt.Errorf("%w: article %d", store.ErrNotFound, id)
	}
	var done int64
	if err := s.db.QueryRowContext(ctx, `SELECT done FROM articles WHERE id = ?`, id).Scan(&done); err != nil {
		return store.Result{}, fmt.Errorf("read article %d: %w", id, err)
	}
	if done >= p.gen {
		// Nothing to do but take any job off the queue.
		if err := s.writeTx(ctx, func(tx *sql.Tx) error { return finish(ctx, tx) }); err != nil {
			return store.Result{}, err
		}
		return store.Result{ArticleID: store.FormatID(id), Existed: true}, nil
	}
	return s.save(ctx, run(ctx, proc, p), finish)
}

// save writes what o derived in one transaction, idempotently: when the
// generation o was processed for is already done, nothing changes. A
// processor failure (or a result that cannot be stored) deletes an
// article never processed before, as if never sent, and leaves one
// processed before without derived rows; the error, wrapping
// store.ErrProcess, is returned after the commit.
func (s *Store) save(ctx context.Context, o processed, finish finisher) (store.Result, error) {
	perr := o.err
	if perr != nil && ctx.Err() != nil {
		return store.Result{}, ctx.Err() // cut short: not the article's fault
	}
	var res store.Result
	for {
		err := s.writeTx(ctx, func(tx *sql.Tx) error {
			res = store.Result{ArticleID: store.FormatID(o.id)}
			var gen, done int64
			var output string
			err := tx.QueryRowContext(ctx, `SELECT gen, done, output FROM articles WHERE id = ?`, o.id).Scan(&gen, &done, &output)
			if errors.Is(err, sql.ErrNoRows) {
				return errGone
			}
			if err != nil {
				return fmt.Errorf("read article %d: %w", o.id, err)
			}
			if done >= o.gen {
				res.Existed = true
				return finish(ctx, tx)
			}
			d := newDeriver(tx, s.stmts, s.format)
			defer d.close()
			switch {
			case perr != nil && done == 0:
				if _, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, o.id); err != nil {
					return fmt.Errorf("drop article %d: %w", o.id, err)
				}
				return finish(ctx, tx)
			case perr != nil:
				if err := d.unlink(ctx, o.id); err != nil {
					return err
				}
				if err := d.settle(ctx); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE articles SET done = ?, output = '', failure = ? WHERE id = ?`,
					o.gen, perr.Error(), o.id); err != nil {
					return fmt.Errorf("mark article %d: %w", o.id, err)
				}
				return finish(ctx, tx)
			case done > 0 && output == o.hash:
				// Derived the same as before: the rows stay as they are.
				res.Existed = true
			default:
				if done > 0 {
					if err := d.unlink(ctx, o.id); err != nil {
						return err
					}
				}
				r, err := d.derive(ctx, o.id, o.art, o.gp, o.incs)
				if err != nil {
					return err
				}
				if err := d.settle(ctx); err != nil {
					return err
				}
				r.ArticleID = res.ArticleID
				res = r
			}
			if _, err := tx.ExecContext(ctx, `UPDATE articles SET done = ?, output = ?, failure = '' WHERE id = ?`,
				o.gen, o.hash, o.id); err != nil {
				return fmt.Errorf("mark article %d: %w", o.id, err)
			}
			return finish(ctx, tx)
		})
		if errors.Is(err, store.ErrProcess) && perr == nil {
			perr = err // unstorable: store the failure instead
			continue
		}
		if errors.Is(err, errGone) {
			return store.Result{}, fmt.Errorf("%w: article %d", store.ErrNotFound, o.id)
		}
		if err != nil {
			return store.Result{}, err
		}
		break
	}
	if perr != nil {
		if errors.Is(perr, store.ErrProcess) {
			return store.Result{}, perr
		}
		return store.Result{}, fmt.Errorf("%w: %w", store.ErrProcess, perr)
	}
	return res, nil
}

// ProcessPending processes every article whose processing is asked for
// and not done, oldest first, GOMAXPROCS at a time (saving one at a
// time), and takes their jobs off the queue.
func (s *Store) ProcessPending(ctx context.Context, proc store.Processor, progress func(done, total int)) (store.ReprocessResult, error) {
	var res store.ReprocessResult
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM articles WHERE done < gen`).Scan(&total); err != nil {
		return res, fmt.Errorf("store: pending: %w", err)
	}
	var last int64
	for {
		batch, err := s.pendingBatch(ctx, last)
		if err != nil {
			return res, fmt.Errorf("store: pending: %w", err)
		}
		if len(batch) == 0 {
			break
		}
		last = batch[len(batch)-1].id
		for _, o := range runAll(ctx, proc, batch) {
			if err := ctx.Err(); err != nil {
				return res, err
			}
			id := o.id
			_, err := s.save(ctx, o, func(ctx context.Context, tx *sql.Tx) error { return dropProcessJobs(ctx, tx, id, 0) })
			switch {
			case errors.Is(err, store.ErrProcess):
				res.Failed = append(res.Failed, fmt.Errorf("%w: article %d: %w", store.ErrProcess, o.id, err))
			case errors.Is(err, store.ErrNotFound):
			case err != nil:
				return res, fmt.Errorf("store: process article %d: %w", o.id, err)
			}
			res.Articles++
		}
		if progress != nil {
			progress(res.Articles, max(total, res.Articles))
		}
	}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM incidents`).Scan(&res.Incidents); err != nil {
		return res, fmt.Errorf("store: count incidents: %w", err)
	}
	return res, nil
}

// pendingBatch reads the next articles waiting for processing.
func (s *Store) pendingBatch(ctx context.Context, after int64) ([]pendingArticle, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM articles WHERE done < gen AND id > ? ORDER BY id LIMIT ?`, after, processBatch)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []pendingArticle
	for _, id := range ids {
		p, found, err := readPending(ctx, s.db, id)
		if err != nil {
			return nil, err
		}
		if found {
			out = append(out, p)
		}
	}
	return out, nil
}

// Reprocess asks for a new generation of processing of every stored
// article (one job each, enqueued in batches), then processes them
// itself oldest first (ProcessPending); workers on the queue may take
// some meanwhile. An article whose processor output is unchanged keeps
// its rows; one whose incidents change has them rebuilt, each incident
// keeping its id when the article still reports it (store.StableIDs),
// in one transaction per article.
func (s *Store) Reprocess(ctx context.Context, proc store.Processor, progress func(done, total int)) (store.ReprocessResult, error) {
	var last int64
	for {
		n := 0
		err := s.writeTx(ctx, func(tx *sql.Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?`, last, enqueueBatch)
			if err != nil {
				return err
			}
			var ids []int64
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				ids = append(ids, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if len(ids) == 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, `UPDATE articles SET gen = gen + 1 WHERE id > ? AND id <= ?`, last, ids[len(ids)-1]); err != nil {
				return err
			}
			if _, err := s.jobs.InsertManyFastTx(ctx, tx, store.ProcessJobs(ids, s.now())); err != nil {
				return fmt.Errorf("enqueue: %w", err)
			}
			n, last = len(ids), ids[len(ids)-1]
			return nil
		})
		if err != nil {
			return store.ReprocessResult{}, fmt.Errorf("store: reprocess: %w", err)
		}
		if n == 0 {
			break
		}
	}
	return s.ProcessPending(ctx, proc, progress)
}

// runAll runs proc over batch on up to GOMAXPROCS goroutines and returns
// the results in batch order, so that merging stays deterministic.
func runAll(ctx context.Context, proc store.Processor, batch []pendingArticle) []processed {
	out := make([]processed, len(batch))
	parallel(len(batch), func(i int) { out[i] = run(ctx, proc, batch[i]) })
	return out
}

// Enqueue inserts a job on the store's queue.
func (s *Store) Enqueue(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	if _, err := s.jobs.Insert(ctx, args, opts); err != nil {
		return fmt.Errorf("store: enqueue %s: %w", args.Kind(), err)
	}
	return nil
}

// Work runs river workers on the store's queue until ctx ends: the
// processing of articles whose saving transaction never came (a process
// died), reprocess jobs no one took, and opts' own workers.
func (s *Store) Work(ctx context.Context, proc store.Processor, opts store.WorkOptions) error {
	workers := opts.Workers
	if workers == nil {
		workers = river.NewWorkers()
	}
	river.AddWorker(workers, &processWorker{s: s, proc: proc})
	config := store.WorkConfig(opts, workers, 1, riverLogger(opts.Logger)) // one writer: more would only queue on the write lock
	config.Schema = queueSchema
	return store.RunWorkers(ctx, riversqlite.New(s.db), config, opts, func(ctx context.Context) error {
		_, err := s.ProcessPending(ctx, proc, nil)
		return err
	})
}

// processWorker runs ProcessArgs jobs: the article's derived rows and
// the job's completion commit together.
type processWorker struct {
	river.WorkerDefaults[store.ProcessArgs]
	s    *Store
	proc store.Processor
}

func (w *processWorker) Work(ctx context.Context, job *river.Job[store.ProcessArgs]) error {
	_, err := w.s.processOne(ctx, job.Args.ArticleID, w.proc, func(ctx context.Context, tx *sql.Tx) error {
		_, err := river.JobCompleteTx[*riversqlite.Driver](ctx, tx, job)
		return err
	})
	switch {
	case errors.Is(err, store.ErrProcess), errors.Is(err, store.ErrNotFound):
		return nil // recorded (or gone): trying again would do the same
	}
	return err
}
