package postgres

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// processBatch is how many articles ProcessPending reads and processes
// at once; enqueueBatch how many Reprocess enqueues per transaction.
const (
	processBatch = 64
	enqueueBatch = 1000
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

// finisher runs inside the transaction that saves an article's derived
// rows, to take its job off the queue in the same commit.
type finisher func(ctx context.Context, tx pgx.Tx) error

// readPending reads article id, its generation and the one done.
func (s *Store) readPending(ctx context.Context, id int64) (pendingArticle, int64, bool, error) {
	var p pendingArticle
	var published *time.Time
	var done int64
	err := s.pool.QueryRow(ctx, `SELECT id, title, text, url, outlet, published, gen, done FROM articles WHERE id = $1`, id).
		Scan(&p.id, &p.art.Title, &p.art.Text, &p.art.URL, &p.art.Outlet, &published, &p.gen, &done)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, 0, false, nil
	}
	if err != nil {
		return p, 0, false, fmt.Errorf("read article %d: %w", id, err)
	}
	p.art.ID = store.FormatID(id)
	if published != nil {
		p.art.Published = published.UTC()
	}
	return p, done, true, nil
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

// processOne processes article id (its current generation) and saves
// the result, finish running in the saving transaction.
func (s *Store) processOne(ctx context.Context, id int64, proc store.Processor, finish finisher) (store.Result, error) {
	p, done, found, err := s.readPending(ctx, id)
	if err != nil {
		return store.Result{}, err
	}
	if !found {
		return store.Result{}, fmt.Errorf("%w: article %d", store.ErrNotFound, id)
	}
	if done >= p.gen {
		if err := s.writeTx(ctx, func(tx pgx.Tx) error { return finish(ctx, tx) }); err != nil {
			return store.Result{}, err
		}
		return store.Result{ArticleID: store.FormatID(id), Existed: true}, nil
	}
	return s.save(ctx, run(ctx, proc, p), finish)
}

// save writes what o derived in one transaction, idempotently: when the
// generation o was processed for is already done, nothing changes. The
// article's row is locked first, so that two workers saving it take
// turns. A processor failure (or a result that cannot be stored)
// deletes an article never processed before, as if never sent, and
// leaves one processed before without derived rows; the error, wrapping
// store.ErrProcess, is returned after the commit.
func (s *Store) save(ctx context.Context, o processed, finish finisher) (store.Result, error) {
	perr := o.err
	if perr != nil && ctx.Err() != nil {
		return store.Result{}, ctx.Err()
	}
	var res store.Result
	for {
		err := s.writeTx(ctx, func(tx pgx.Tx) error {
			res = store.Result{ArticleID: store.FormatID(o.id)}
			var gen, done int64
			var output string
			err := tx.QueryRow(ctx, `SELECT gen, done, output FROM articles WHERE id = $1 FOR UPDATE`, o.id).Scan(&gen, &done, &output)
			if errors.Is(err, pgx.ErrNoRows) {
				return errGone
			}
			if err != nil {
				return fmt.Errorf("read article %d: %w", o.id, err)
			}
			if done >= o.gen {
				res.Existed = true
				return finish(ctx, tx)
			}
			d := newDeriver(tx, s.format)
			switch {
			case perr != nil && done == 0:
				if _, err := tx.Exec(ctx, `DELETE FROM articles WHERE id = $1`, o.id); err != nil {
					return fmt.Errorf("drop article %d: %w", o.id, err)
				}
				return finish(ctx, tx)
			case perr != nil:
				if err := d.unlink(ctx, o.id, nil); err != nil {
					return err
				}
				if err := d.settle(ctx); err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, `UPDATE articles SET done = $1, output = '', failure = $2 WHERE id = $3`,
					o.gen, perr.Error(), o.id); err != nil {
					return fmt.Errorf("mark article %d: %w", o.id, err)
				}
				return finish(ctx, tx)
			case done > 0 && output == o.hash:
				res.Existed = true // derived the same as before: the rows stay
			default:
				if done > 0 {
					if err := d.unlink(ctx, o.id, o.incs); err != nil {
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
			if _, err := tx.Exec(ctx, `UPDATE articles SET done = $1, output = $2, failure = '' WHERE id = $3`,
				o.gen, o.hash, o.id); err != nil {
				return fmt.Errorf("mark article %d: %w", o.id, err)
			}
			return finish(ctx, tx)
		})
		if errors.Is(err, store.ErrProcess) && perr == nil {
			perr = err
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

// unlink removes what article derived before, ahead of deriving it
// again (as incs) in the same transaction: its mentions and unresolved
// names, and its reports of incidents. An incident it alone reported is
// deleted, its id kept for the article's new report of the same
// sub-event type; one that others report too is rebuilt from their
// reports by settle. It first takes the merge locks of both the old
// incidents and the new reports, in order, so that no ingest merges
// into an incident being deleted.
func (d *deriver) unlink(ctx context.Context, article int64, incs []geo.Incident) error {
	rows, err := d.tx.Query(ctx, `SELECT s.incident_id, i.sub_event_type, ST_X(i.geom), ST_Y(i.geom),
			(SELECT count(*) FROM incident_sources o WHERE o.incident_id = s.incident_id AND o.article_id <> s.article_id)
		FROM incident_sources s JOIN incidents i ON i.id = s.incident_id
		WHERE s.article_id = $1 ORDER BY s.incident_id`, article)
	if err != nil {
		return fmt.Errorf("read reports of article %d: %w", article, err)
	}
	var old []store.OldIncident
	var shared []int64
	var keys []int64
	for rows.Next() {
		var o store.OldIncident
		var lon, lat float64
		var others int
		if err := rows.Scan(&o.ID, &o.SubEventType, &lon, &lat, &others); err != nil {
			rows.Close()
			return fmt.Errorf("read reports of article %d: %w", article, err)
		}
		o.FirstArticle = article
		keys = append(keys, mergeLocks(&geo.Incident{SubEventType: o.SubEventType, Point: [2]float64{lon, lat}})...)
		if others == 0 {
			old = append(old, o)
		} else {
			shared = append(shared, o.ID)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read reports of article %d: %w", article, err)
	}
	for _, in := range incs {
		if inc, ok, err := store.PrepareIncident(in); err == nil && ok {
			keys = append(keys, mergeLocks(&inc)...)
		}
	}
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		if _, err := d.tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, k); err != nil {
			return fmt.Errorf("merge lock: %w", err)
		}
	}
	prow, err := d.tx.Query(ctx, `SELECT place_id FROM mentions WHERE article_id = $1
		UNION SELECT i.place_id FROM incident_sources s JOIN incidents i ON i.id = s.incident_id
		WHERE s.article_id = $1 AND i.place_id IS NOT NULL`, article)
	if err != nil {
		return fmt.Errorf("read places of article %d: %w", article, err)
	}
	places, err := pgx.CollectRows(prow, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("read places of article %d: %w", article, err)
	}
	d.oldPlaces = append(d.oldPlaces, places...)
	for _, q := range []string{
		`DELETE FROM mentions WHERE article_id = $1`,
		`DELETE FROM unresolved WHERE article_id = $1`,
		`DELETE FROM incident_sources WHERE article_id = $1`,
	} {
		if _, err := d.tx.Exec(ctx, q, article); err != nil {
			return fmt.Errorf("unlink article %d: %w", article, err)
		}
	}
	for _, o := range old {
		if _, err := d.tx.Exec(ctx, `DELETE FROM incidents WHERE id = $1`, o.ID); err != nil {
			return fmt.Errorf("drop incident %d: %w", o.ID, err)
		}
		d.deleted[o.ID] = true
	}
	for _, id := range shared {
		d.touched[id] = true
		d.dirty[id] = true // a source fewer, rebuilt or not
	}
	d.reuse = store.NewStableIDs(old, 0)
	d.refold = true
	return nil
}

// settle finishes re-deriving an article: incidents it merged into or
// left are rebuilt from their reports in article order, readers of
// Points are told to start over when incidents are gone for good (the
// sequence never hands their ids out again), and places nothing names
// any more are dropped.
func (d *deriver) settle(ctx context.Context) error {
	ids := make([]int64, 0, len(d.touched))
	for id := range d.touched {
		if !d.deleted[id] {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		if err := d.rebuild(ctx, id); err != nil {
			return err
		}
	}
	if len(d.deleted) > 0 {
		if _, err := d.tx.Exec(ctx, `UPDATE store_state SET value = value + 1 WHERE key = 'epoch'`); err != nil {
			return fmt.Errorf("bump epoch: %w", err)
		}
	}
	slices.Sort(d.oldPlaces)
	for _, p := range slices.Compact(d.oldPlaces) {
		if _, err := d.tx.Exec(ctx, `DELETE FROM places WHERE id = $1
			AND NOT EXISTS (SELECT 1 FROM mentions WHERE place_id = $1)
			AND NOT EXISTS (SELECT 1 FROM incidents WHERE place_id = $1)`, p); err != nil {
			return fmt.Errorf("drop place %s: %w", p, err)
		}
	}
	if err := d.writeFeatures(ctx); err != nil {
		return err
	}
	clear(d.touched)
	clear(d.deleted)
	d.oldPlaces = d.oldPlaces[:0]
	return nil
}

// rebuild recomputes incident id from its sources' reports; sources
// stored before reports were kept leave it as it is.
func (d *deriver) rebuild(ctx context.Context, id int64) error {
	rows, err := d.tx.Query(ctx, `SELECT reports FROM incident_sources WHERE incident_id = $1 ORDER BY article_id`, id)
	if err != nil {
		return fmt.Errorf("read reports of incident %d: %w", id, err)
	}
	reps, err := pgx.CollectRows(rows, pgx.RowTo[*string])
	if err != nil {
		return fmt.Errorf("read reports of incident %d: %w", id, err)
	}
	srcs := make([]string, 0, len(reps))
	for _, r := range reps {
		if r == nil {
			return nil
		}
		srcs = append(srcs, *r)
	}
	inc, ok, err := store.Fold(srcs)
	if err != nil || !ok {
		return err
	}
	if inc.Place != nil {
		if err := d.place(ctx, inc.Place); err != nil {
			return err
		}
	}
	if err := d.updateIncident(ctx, id, &inc); err != nil {
		return err
	}
	return d.reindex(ctx, id, &inc)
}

// ProcessPending processes every article whose processing is asked for
// and not done, oldest first, GOMAXPROCS at a time, and takes their jobs
// off the queue.
func (s *Store) ProcessPending(ctx context.Context, proc store.Processor, progress func(done, total int)) (store.ReprocessResult, error) {
	var res store.ReprocessResult
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM articles WHERE done < gen`).Scan(&total); err != nil {
		return res, fmt.Errorf("store: pending: %w", err)
	}
	var last int64
	for {
		rows, err := s.pool.Query(ctx, `SELECT id FROM articles WHERE done < gen AND id > $1 ORDER BY id LIMIT $2`, last, processBatch)
		if err != nil {
			return res, fmt.Errorf("store: pending: %w", err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return res, fmt.Errorf("store: pending: %w", err)
		}
		if len(ids) == 0 {
			break
		}
		last = ids[len(ids)-1]
		batch := make([]pendingArticle, 0, len(ids))
		for _, id := range ids {
			p, _, found, err := s.readPending(ctx, id)
			if err != nil {
				return res, fmt.Errorf("store: pending: %w", err)
			}
			if found {
				batch = append(batch, p)
			}
		}
		out := make([]processed, len(batch))
		parallel(len(batch), func(i int) { out[i] = run(ctx, proc, batch[i]) })
		for _, o := range out {
			if err := ctx.Err(); err != nil {
				return res, err
			}
			id := o.id
			_, err := s.save(ctx, o, func(ctx context.Context, tx pgx.Tx) error { return dropProcessJobs(ctx, tx, id, 0) })
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
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM incidents`).Scan(&res.Incidents); err != nil {
		return res, fmt.Errorf("store: count incidents: %w", err)
	}
	return res, nil
}

// Reprocess asks for a new generation of processing of every stored
// article (one job each, enqueued in batches), then processes them
// itself oldest first (ProcessPending); workers on the queue, in any
// process, may take some meanwhile. An article whose processor output
// is unchanged keeps its rows; one whose incidents change has them
// rebuilt, each incident keeping its id when the article still reports
// it, in one transaction per article: readers and writers go on.
func (s *Store) Reprocess(ctx context.Context, proc store.Processor, progress func(done, total int)) (store.ReprocessResult, error) {
	var last int64
	for {
		n := 0
		err := s.writeTx(ctx, func(tx pgx.Tx) error {
			rows, err := tx.Query(ctx, `UPDATE articles SET gen = gen + 1
				WHERE id IN (SELECT id FROM articles WHERE id > $1 ORDER BY id LIMIT $2) RETURNING id`, last, enqueueBatch)
			if err != nil {
				return err
			}
			ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
			if err != nil || len(ids) == 0 {
				n = 0
				return err
			}
			slices.Sort(ids)
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
	config := store.WorkConfig(opts, workers, runtime.GOMAXPROCS(0), riverLogger(opts.Logger))
	return store.RunWorkers(ctx, riverpgxv5.New(s.pool), config, opts, func(ctx context.Context) error {
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
	_, err := w.s.processOne(ctx, job.Args.ArticleID, w.proc, func(ctx context.Context, tx pgx.Tx) error {
		_, err := river.JobCompleteTx[*riverpgxv5.Driver](ctx, tx, job)
		return err
	})
	switch {
	case errors.Is(err, store.ErrProcess), errors.Is(err, store.ErrNotFound):
		return nil
	}
	return err
}

// parallel calls fn(0..n-1) on up to GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

var _ = strconv.Itoa
