package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// unlink removes what article derived before, ahead of deriving it
// again in the same transaction: its mentions and unresolved names, and
// its reports of incidents. An incident it alone reported is deleted,
// its id kept for the article's new report of the same sub-event type
// (store.StableIDs); one that others report too is rebuilt from their
// reports by settle.
func (d *deriver) unlink(ctx context.Context, article int64) error {
	rows, err := d.tx.QueryContext(ctx, `SELECT s.incident_id, i.sub_event_type,
			(SELECT count(*) FROM incident_sources o WHERE o.incident_id = s.incident_id AND o.article_id <> s.article_id)
		FROM incident_sources s JOIN incidents i ON i.id = s.incident_id
		WHERE s.article_id = ? ORDER BY s.incident_id`, article)
	if err != nil {
		return fmt.Errorf("read reports of article %d: %w", article, err)
	}
	var old []store.OldIncident
	var shared []int64
	for rows.Next() {
		var o store.OldIncident
		var others int
		if err := rows.Scan(&o.ID, &o.SubEventType, &others); err != nil {
			rows.Close()
			return fmt.Errorf("read reports of article %d: %w", article, err)
		}
		o.FirstArticle = article
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
	places, err := d.articlePlaces(ctx, article)
	if err != nil {
		return err
	}
	d.oldPlaces = append(d.oldPlaces, places...)
	for _, q := range []string{
		`DELETE FROM mentions WHERE article_id = ?`,
		`DELETE FROM unresolved WHERE article_id = ?`,
		`DELETE FROM incident_sources WHERE article_id = ?`,
	} {
		if _, err := d.tx.ExecContext(ctx, q, article); err != nil {
			return fmt.Errorf("unlink article %d: %w", article, err)
		}
	}
	for _, o := range old {
		for _, q := range []string{
			`DELETE FROM incidents_fts WHERE rowid = ?`,
			`DELETE FROM incidents_rtree WHERE id = ?`,
			`DELETE FROM incidents WHERE id = ?`,
		} {
			if _, err := d.tx.ExecContext(ctx, q, o.ID); err != nil {
				return fmt.Errorf("drop incident %d: %w", o.ID, err)
			}
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

// articlePlaces lists the places article's mentions and incidents name.
func (d *deriver) articlePlaces(ctx context.Context, article int64) ([]string, error) {
	rows, err := d.tx.QueryContext(ctx, `SELECT place_id FROM mentions WHERE article_id = ?
		UNION SELECT i.place_id FROM incident_sources s JOIN incidents i ON i.id = s.incident_id
		WHERE s.article_id = ? AND i.place_id IS NOT NULL`, article, article)
	if err != nil {
		return nil, fmt.Errorf("read places of article %d: %w", article, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, fmt.Errorf("read places of article %d: %w", article, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// settle finishes re-deriving an article: incidents it merged into or
// left are rebuilt from their reports in article order (as a fresh
// ingest would have merged them), the ids of incidents gone for good
// are retired (never handed out again) and readers of Points told to
// start over, and places nothing names any more are dropped.
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
	gone := int64(0)
	for id := range d.deleted {
		gone = max(gone, id)
	}
	if gone > 0 {
		if _, err := d.tx.ExecContext(ctx, `UPDATE store_state SET value = max(value, ?) WHERE key = 'incident_hwm'`, gone); err != nil {
			return fmt.Errorf("retire incident ids: %w", err)
		}
		if err := bump(ctx, d.tx, "epoch"); err != nil {
			return err
		}
	}
	slices.Sort(d.oldPlaces)
	for _, p := range slices.Compact(d.oldPlaces) {
		if _, err := d.tx.ExecContext(ctx, `DELETE FROM places WHERE id = ?
			AND NOT EXISTS (SELECT 1 FROM mentions WHERE place_id = ?)
			AND NOT EXISTS (SELECT 1 FROM incidents WHERE place_id = ?)`, p, p, p); err != nil {
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

// rebuild recomputes incident id from its sources' reports. Sources
// stored before reports were kept (an older schema) leave it as it is.
func (d *deriver) rebuild(ctx context.Context, id int64) error {
	rows, err := d.tx.QueryContext(ctx, `SELECT reports FROM incident_sources WHERE incident_id = ? ORDER BY article_id`, id)
	if err != nil {
		return fmt.Errorf("read reports of incident %d: %w", id, err)
	}
	var srcs []string
	legacy := false
	for rows.Next() {
		var r sql.NullString
		if err := rows.Scan(&r); err != nil {
			rows.Close()
			return fmt.Errorf("read reports of incident %d: %w", id, err)
		}
		legacy = legacy || !r.Valid
		srcs = append(srcs, r.String)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read reports of incident %d: %w", id, err)
	}
	if legacy || len(srcs) == 0 {
		return nil
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
	return d.index(ctx, id, &inc, true)
}

// stored is an article as read back, with its row id.
type stored struct {
	id  int64
	art geo.Article
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
