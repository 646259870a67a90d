package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/merge"
	"github.com/incidentmap/incidentmap/internal/store"
)

// Ingest saves art and enqueues its processing in one transaction,
// processes it outside any transaction and saves the derived rows in a
// second one that takes the job off the queue (see store.Store). After
// a crash between the two, the job (or the next Ingest of the same
// article, or ProcessPending) finishes it. An article whose title and
// text are already stored and processed, by this process or another, is
// reported as Existed; two processes storing it at once end with one
// copy.
//
// Errors wrap store.ErrInvalidArticle or store.ErrProcess when the
// article is at fault (nothing is then stored); anything else is the
// database's.
func (s *Store) Ingest(ctx context.Context, art geo.Article, proc store.Processor) (store.Result, error) {
	if err := store.CheckArticle(art); err != nil {
		return store.Result{}, err
	}
	hash := store.ContentHash(art.Title, art.Text)
	var id, jobID int64
	err := s.pool.QueryRow(ctx, `SELECT id FROM articles WHERE hash = $1`, hash).Scan(&id)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		err = s.writeTx(ctx, func(tx pgx.Tx) error {
			jobID = 0
			// Inserted first: a second worker with the same article waits
			// here for the first's commit, then finds it.
			err := tx.QueryRow(ctx, `INSERT INTO articles (hash, title, text, url, outlet, published, created, gen, done)
				VALUES ($1, $2, $3, $4, $5, $6, $7, 1, 0) ON CONFLICT (hash) DO NOTHING RETURNING id`,
				hash, art.Title, art.Text, art.URL, art.Outlet, nullTime(art.Published), s.now().UTC()).Scan(&id)
			if errors.Is(err, pgx.ErrNoRows) {
				if err := tx.QueryRow(ctx, `SELECT id FROM articles WHERE hash = $1`, hash).Scan(&id); err != nil {
					return fmt.Errorf("look up article: %w", err)
				}
				return nil
			}
			if err != nil {
				return fmt.Errorf("insert article: %w", err)
			}
			if sig := store.Sign(art.Text); sig != nil {
				if _, err := tx.Exec(ctx, `UPDATE articles SET minhash = $1 WHERE id = $2`, sig.Bytes(), id); err != nil {
					return fmt.Errorf("article signature: %w", err)
				}
				if _, err := tx.Exec(ctx, `INSERT INTO article_bands (band_key, article_id) SELECT DISTINCT k, $2::bigint FROM unnest($1::bigint[]) k`,
					sig.BandKeys(), id); err != nil {
					return fmt.Errorf("article signature: %w", err)
				}
			}
			r, err := s.jobs.InsertTx(ctx, tx, store.ProcessArgs{ArticleID: id},
				&river.InsertOpts{ScheduledAt: s.now().Add(store.ProcessGrace)})
			if err != nil {
				return fmt.Errorf("enqueue processing: %w", err)
			}
			jobID = r.Job.ID
			return nil
		})
		if err != nil {
			return store.Result{}, fmt.Errorf("store: ingest: %w", err)
		}
	case err != nil:
		return store.Result{}, fmt.Errorf("store: ingest: %w", err)
	}
	res, err := s.processOne(ctx, id, proc, func(ctx context.Context, tx pgx.Tx) error {
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

// dropProcessJobs removes the waiting processing jobs of article id from
// the queue: the job jobID when known, else every one for the article
// (a job a worker is running is left to it: it will find the article
// done).
func dropProcessJobs(ctx context.Context, tx pgx.Tx, id, jobID int64) error {
	var err error
	if jobID != 0 {
		_, err = tx.Exec(ctx, `DELETE FROM river_job WHERE id = $1 AND state <> 'running'`, jobID)
	} else {
		_, err = tx.Exec(ctx, `DELETE FROM river_job WHERE kind = $1 AND state IN ('available', 'scheduled', 'retryable', 'pending')
			AND args->>'article_id' = $2`, store.ProcessArgs{}.Kind(), strconv.FormatInt(id, 10))
	}
	if err != nil {
		return fmt.Errorf("dequeue processing: %w", err)
	}
	return nil
}

// deriver writes what a processor derived from an article inside one
// transaction.
type deriver struct {
	tx pgx.Tx
	// When an article is derived again (unlink): reuse gives its
	// incidents back the ids they had, deleted holds the incidents it
	// alone reported (until one takes its id back), touched those to
	// rebuild from their reports, oldPlaces the places it named, and
	// refold says merges are rebuilt from reports rather than combined.
	reuse     *store.StableIDs
	deleted   map[int64]bool
	touched   map[int64]bool
	oldPlaces []string
	refold    bool
	// dirty holds the incidents whose feature this transaction must
	// write again (stored features, see store.FeatureFormat), format
	// the format to write, movedPlaces the places whose row changed
	// (every incident there is dirty).
	dirty       map[int64]bool
	format      int64
	movedPlaces []string
}

func newDeriver(tx pgx.Tx, format int64) *deriver {
	return &deriver{tx: tx, deleted: map[int64]bool{}, touched: map[int64]bool{}, dirty: map[int64]bool{}, format: format}
}

// derive stores the places, mentions, unresolved names and incidents of
// the stored article id. It takes its locks in one order, the same in
// every transaction, so that writers wait for each other rather than
// deadlock: the merge cells, then the places by id, then the incidents.
func (d *deriver) derive(ctx context.Context, id int64, art geo.Article, gp geo.Geoparse, incs []geo.Incident) (store.Result, error) {
	var res store.Result
	prepared := make([]geo.Incident, 0, len(incs))
	var keys []int64
	places := map[string]*geo.Place{}
	for _, in := range incs {
		inc, ok, err := store.PrepareIncident(in)
		if err != nil {
			return res, err
		}
		if !ok {
			res.Skipped++
			continue
		}
		prepared = append(prepared, inc)
		keys = append(keys, mergeLocks(&inc)...)
		if inc.Place != nil {
			places[inc.Place.ID] = inc.Place
		}
	}
	for _, t := range gp.Places {
		if t.Place != nil {
			if t.Place.ID == "" {
				return res, fmt.Errorf("%w: place %q without an id", store.ErrProcess, t.Place.Name)
			}
			if _, ok := places[t.Place.ID]; !ok {
				places[t.Place.ID] = t.Place
			}
		}
	}
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		if _, err := d.tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, k); err != nil {
			return res, fmt.Errorf("merge lock: %w", err)
		}
	}
	ids := make([]string, 0, len(places))
	for pid := range places {
		ids = append(ids, pid)
	}
	slices.Sort(ids)
	for _, pid := range ids {
		if err := d.place(ctx, places[pid]); err != nil {
			return res, err
		}
	}
	text := []rune(art.FullText())
	batch := &pgx.Batch{}
	for _, t := range gp.Places {
		if t.Place == nil {
			continue
		}
		for _, m := range t.Mentions {
			batch.Queue(`INSERT INTO mentions (article_id, place_id, start_pos, end_pos, text, confidence, cue)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, t.Place.ID, m.Start, m.End, m.Text, t.Confidence, t.Cue)
		}
		res.Places++
	}
	for _, t := range gp.Unresolved {
		if len(t.Mentions) == 0 {
			continue
		}
		key := store.UnresolvedKey(t.Mentions[0].Text)
		for _, m := range t.Mentions {
			batch.Queue(`INSERT INTO unresolved (article_id, key, name, cue, start_pos, end_pos, sentence)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, key, m.Text, t.Cue, m.Start, m.End, store.SentenceAround(text, m.Start, m.End))
		}
		res.Unresolved++
	}
	if batch.Len() > 0 {
		if err := d.tx.SendBatch(ctx, batch).Close(); err != nil {
			return res, fmt.Errorf("insert mentions: %w", err)
		}
	}
	for i := range prepared {
		if err := d.incident(ctx, id, &prepared[i], &res); err != nil {
			return res, err
		}
	}
	return res, nil
}

// mergeCell is the side, in degrees, of the grid cells merge locks are
// taken on: two reports that may merge (their points within
// store.MergeSearchKm) lock at least one cell in common, since each
// locks every cell its merge box touches.
const mergeCell = 0.5

// mergeLocks are the advisory lock keys a report takes before looking
// for the incident it reports again: its sub-event type in the high
// bits, a grid cell in the low ones.
func mergeLocks(inc *geo.Incident) []int64 {
	h := fnv.New32a()
	h.Write([]byte(inc.SubEventType))
	typ := int64(h.Sum32()) << 32
	b := store.MergeBox(inc.Point)
	cell := func(v, origin float64) int64 { return int64(math.Floor((v + origin) / mergeCell)) }
	x0, x1 := cell(max(b.Min.Lon(), -180), 180), cell(min(b.Max.Lon(), 180), 180)
	y0, y1 := cell(max(b.Min.Lat(), -90), 90), cell(min(b.Max.Lat(), 90), 90)
	if x1-x0 > 16 { // near a pole: one lock for the whole band
		x0, x1 = 0, 0
	}
	var keys []int64
	for x := x0; x <= x1; x++ {
		for y := y0; y <= y1; y++ {
			keys = append(keys, typ|x<<12|y)
		}
	}
	return keys
}

// place stores p, or refreshes it from the current gazetteer.
func (d *deriver) place(ctx context.Context, p *geo.Place) error {
	var gid *int64
	if p.GeonameID != 0 {
		gid = &p.GeonameID
	}
	tag, err := d.tx.Exec(ctx, `INSERT INTO places (id, geonameid, name, name_ar, kind, feature_code, country,
			admin1, admin2, lon, lat, population, source)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (id) DO UPDATE SET geonameid = excluded.geonameid, name = excluded.name,
			name_ar = excluded.name_ar, kind = excluded.kind, feature_code = excluded.feature_code,
			country = excluded.country, admin1 = excluded.admin1, admin2 = excluded.admin2,
			lon = excluded.lon, lat = excluded.lat, population = excluded.population, source = excluded.source
		WHERE (places.geonameid, places.name, places.name_ar, places.kind, places.feature_code, places.country,
			places.admin1, places.admin2, places.lon, places.lat, places.population, places.source)
			IS DISTINCT FROM (excluded.geonameid, excluded.name, excluded.name_ar, excluded.kind, excluded.feature_code,
			excluded.country, excluded.admin1, excluded.admin2, excluded.lon, excluded.lat, excluded.population, excluded.source)`,
		p.ID, gid, p.Name, p.NameAr, string(p.Kind), p.FeatureCode, p.CountryCode,
		p.Admin1, p.Admin2, p.Point.Lon(), p.Point.Lat(), p.Population, p.Source)
	if err != nil {
		return fmt.Errorf("store place %s: %w", p.ID, err)
	}
	// A row inserted or changed: the features of incidents there show
	// its names. The row stays locked to the end of the transaction
	// (also when the upsert changed nothing), so a writer that puts an
	// incident there and one that renames the place take turns.
	if tag.RowsAffected() > 0 {
		d.movedPlaces = append(d.movedPlaces, p.ID)
	}
	return nil
}

// incident merges inc into a stored incident or stores it as new, and
// records article as one of its sources. The merge locks are held.
func (d *deriver) incident(ctx context.Context, article int64, inc *geo.Incident, res *store.Result) error {
	target, found, err := d.mergeTarget(ctx, inc)
	if err != nil {
		return err
	}
	if !found {
		id, err := d.insertIncident(ctx, article, inc)
		if err != nil {
			return err
		}
		res.Incidents++
		return d.addSource(ctx, id, article, inc, inc)
	}
	id, _ := store.ParseID(target.ID)
	store.Combine(&target, inc)
	if err := d.updateIncident(ctx, id, &target); err != nil {
		return err
	}
	if d.refold {
		d.touched[id] = true
	}
	res.Merged++
	return d.addSource(ctx, id, article, &target, inc)
}

// mergeTarget finds the stored incident that inc reports again, if any,
// and locks its row.
func (d *deriver) mergeTarget(ctx context.Context, inc *geo.Incident) (geo.Incident, bool, error) {
	b := store.MergeBox(inc.Point)
	q := `SELECT ` + incidentColumns + incidentFrom + `
		WHERE i.sub_event_type = $1 AND i.geom && ST_MakeEnvelope($2, $3, $4, $5, 4326)`
	args := []any{inc.SubEventType, b.Min.Lon(), b.Min.Lat(), b.Max.Lon(), b.Max.Lat()}
	if !inc.Date.IsZero() {
		// Undated candidates pass too. Written as an OR so that the
		// planner scans the merge index (type, box, days) twice, for
		// the window and for the undated, and visits only rows that
		// pass (migration 0006).
		q += ` AND (i.date BETWEEN $6 AND $7 OR i.date IS NULL)`
		args = append(args, inc.Date.AddDate(0, 0, -merge.MaxDays), inc.Date.AddDate(0, 0, merge.MaxDays))
	}
	rows, err := d.tx.Query(ctx, q, args...)
	if err != nil {
		return geo.Incident{}, false, fmt.Errorf("merge candidates: %w", err)
	}
	var best geo.Incident
	var bestID int64
	found := false
	for rows.Next() {
		c, id, err := scanIncident(rows)
		if err != nil {
			rows.Close()
			return geo.Incident{}, false, err
		}
		if !merge.Same(&c, inc) {
			continue
		}
		if !found || store.BetterTarget(inc, &c, id, &best, bestID) {
			best, bestID, found = c, id, true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return geo.Incident{}, false, fmt.Errorf("merge candidates: %w", err)
	}
	if !found {
		return best, false, nil
	}
	// Re-read it locked: a report merged into it from beyond our cells
	// may have changed it since.
	rows, err = d.tx.Query(ctx, `SELECT `+incidentColumns+incidentFrom+` WHERE i.id = $1 FOR UPDATE OF i`, bestID)
	if err != nil {
		return geo.Incident{}, false, fmt.Errorf("lock incident %d: %w", bestID, err)
	}
	defer rows.Close()
	if !rows.Next() {
		return geo.Incident{}, false, fmt.Errorf("incident %d vanished: %w", bestID, rows.Err())
	}
	best, _, err = scanIncident(rows)
	return best, err == nil, err
}

// incidentValues are the values of an incident's columns, in the order
// of insertIncident.
func incidentValues(inc *geo.Incident) []any {
	var placeID *string
	var name, nameAr string
	if inc.Place != nil {
		placeID = &inc.Place.ID
		name, nameAr = inc.Place.Name, inc.Place.NameAr
	}
	return []any{inc.EventType, inc.SubEventType, placeID, name, nameAr, inc.PlaceText,
		inc.Point.Lon(), inc.Point.Lat(), inc.GeoPrecision, nullDay(inc.Date), inc.DatePrecision,
		inc.Actor1, inc.Actor2, inc.Killed, inc.Injured, inc.Confidence, inc.Primary}
}

func (d *deriver) insertIncident(ctx context.Context, article int64, inc *geo.Incident) (int64, error) {
	var want *int64
	if id, ok := d.reuse.Reuse(article, inc.SubEventType); ok {
		want = &id
		delete(d.deleted, id)
	}
	var id int64
	err := d.tx.QueryRow(ctx, `INSERT INTO incidents (id, event_type, sub_event_type, place_id, place_name,
			place_name_ar, place_text, geom, geo_precision, date, date_precision,
			actor1, actor2, killed, injured, confidence, is_primary, search)
		VALUES (coalesce($1, nextval(pg_get_serial_sequence('incidents', 'id'))), $2, $3, $4, $5, $6, $7,
			ST_SetSRID(ST_MakePoint($8, $9), 4326), $10, $11, $12, $13, $14, $15, $16, $17, $18, ''::tsvector)
		RETURNING id`, append([]any{want}, incidentValues(inc)...)...).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert incident: %w", err)
	}
	d.dirty[id] = true
	return id, nil
}

func (d *deriver) updateIncident(ctx context.Context, id int64, inc *geo.Incident) error {
	_, err := d.tx.Exec(ctx, `UPDATE incidents SET event_type = $1, sub_event_type = $2, place_id = $3,
			place_name = $4, place_name_ar = $5, place_text = $6, geom = ST_SetSRID(ST_MakePoint($7, $8), 4326),
			geo_precision = $9, date = $10, date_precision = $11, actor1 = $12, actor2 = $13, killed = $14,
			injured = $15, confidence = $16, is_primary = $17, txid = pg_current_xact_id()
		WHERE id = $18`, append(incidentValues(inc), id)...)
	if err != nil {
		return fmt.Errorf("update incident %d: %w", id, err)
	}
	d.dirty[id] = true
	return nil
}

// addSource records that article reports incident id (now inc) as rep,
// with its evidence and report appended when the same article already
// reported it, and rewrites the incident's search body from all its
// sources' evidence.
func (d *deriver) addSource(ctx context.Context, id, article int64, inc, rep *geo.Incident) error {
	ev := rep.Evidence
	var old, oldReports *string
	err := d.tx.QueryRow(ctx, `SELECT evidence, reports FROM incident_sources WHERE incident_id = $1 AND article_id = $2`, id, article).Scan(&old, &oldReports)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("read source: %w", err)
	}
	if old != nil {
		var prev []geo.Evidence
		if err := json.Unmarshal([]byte(*old), &prev); err != nil {
			return fmt.Errorf("incident %d: stored evidence: %w", id, err)
		}
		ev = store.AppendEvidence(prev, ev)
	}
	b, err := marshalEvidence(ev)
	if err != nil {
		return err
	}
	prev := ""
	if oldReports != nil {
		prev = *oldReports
	}
	reports, err := store.AppendReport(prev, rep)
	if err != nil {
		return fmt.Errorf("incident %d: %w", id, err)
	}
	if _, err := d.tx.Exec(ctx, `INSERT INTO incident_sources (incident_id, article_id, evidence, reports) VALUES ($1, $2, $3, $4)
		ON CONFLICT (incident_id, article_id) DO UPDATE SET evidence = excluded.evidence, reports = excluded.reports`, id, article, b, reports); err != nil {
		return fmt.Errorf("store source: %w", err)
	}
	d.dirty[id] = true
	return d.reindex(ctx, id, inc)
}

// reindex rewrites the search body of incident id (now inc) from its
// place names and every source's evidence.
func (d *deriver) reindex(ctx context.Context, id int64, inc *geo.Incident) error {
	texts := []string{inc.PlaceText}
	if inc.Place != nil {
		texts = append(texts, inc.Place.Name, inc.Place.NameAr)
	}
	rows, err := d.tx.Query(ctx, `SELECT evidence FROM incident_sources WHERE incident_id = $1`, id)
	if err != nil {
		return fmt.Errorf("read evidence: %w", err)
	}
	for rows.Next() {
		var js string
		var evs []geo.Evidence
		if err := rows.Scan(&js); err != nil {
			rows.Close()
			return fmt.Errorf("read evidence: %w", err)
		}
		if err := json.Unmarshal([]byte(js), &evs); err != nil {
			rows.Close()
			return fmt.Errorf("incident %d: stored evidence: %w", id, err)
		}
		for _, e := range evs {
			texts = append(texts, e.Text)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read evidence: %w", err)
	}
	if _, err := d.tx.Exec(ctx, `UPDATE incidents SET search = array_to_tsvector($2::text[]) WHERE id = $1`,
		id, searchWords(texts)); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

func marshalEvidence(ev []geo.Evidence) (string, error) {
	if ev == nil {
		ev = []geo.Evidence{}
	}
	b, err := json.Marshal(ev)
	if err != nil {
		return "", fmt.Errorf("encode evidence: %w", err)
	}
	return string(b), nil
}
