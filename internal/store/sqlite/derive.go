package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// deriver writes what a processor derived from one or more articles
// inside one transaction.
type deriver struct {
	tx     *sql.Tx
	cache  *stmtCache
	stmts  map[string]*sql.Stmt // the cache's statements bound to tx
	places map[string]bool      // upserted in this transaction
	// seq is this transaction's position in the stream of incident
	// changes (Points), taken at the first change.
	seq int64
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

func newDeriver(tx *sql.Tx, cache *stmtCache, format int64) *deriver {
	return &deriver{tx: tx, cache: cache, stmts: map[string]*sql.Stmt{}, places: map[string]bool{},
		deleted: map[int64]bool{}, touched: map[int64]bool{}, dirty: map[int64]bool{}, format: format}
}

// nextSeq returns this transaction's change number, taking it from the
// counter the first time: SQLite has one writer, so numbers commit in
// order and a reader that saw n has seen everything up to n.
func (d *deriver) nextSeq(ctx context.Context) (int64, error) {
	if d.seq != 0 {
		return d.seq, nil
	}
	if err := d.tx.QueryRowContext(ctx, `UPDATE store_state SET value = value + 1 WHERE key = 'seq' RETURNING value`).Scan(&d.seq); err != nil {
		return 0, fmt.Errorf("change number: %w", err)
	}
	return d.seq, nil
}

func (d *deriver) close() {
	for _, st := range d.stmts {
		st.Close()
	}
}

// stmt returns query prepared for this transaction: SQLite compiles each
// statement once per connection, not once per article.
func (d *deriver) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := d.stmts[query]; ok {
		return st, nil
	}
	shared, err := d.cache.get(ctx, query)
	if err != nil {
		return nil, err
	}
	st := d.tx.StmtContext(ctx, shared)
	d.stmts[query] = st
	return st, nil
}

func (d *deriver) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := d.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (d *deriver) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := d.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// derive stores the places, mentions, unresolved names and incidents of
// the stored article id.
func (d *deriver) derive(ctx context.Context, id int64, art geo.Article, gp geo.Geoparse, incs []geo.Incident) (store.Result, error) {
	var res store.Result
	text := []rune(art.FullText())
	for _, t := range gp.Places {
		if t.Place == nil {
			continue
		}
		if err := d.place(ctx, t.Place); err != nil {
			return res, err
		}
		for _, m := range t.Mentions {
			_, err := d.exec(ctx, `INSERT INTO mentions (article_id, place_id, start_pos, end_pos, text, confidence, cue)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, id, t.Place.ID, m.Start, m.End, m.Text, t.Confidence, t.Cue)
			if err != nil {
				return res, fmt.Errorf("insert mention: %w", err)
			}
		}
		res.Places++
	}
	for _, t := range gp.Unresolved {
		if len(t.Mentions) == 0 {
			continue
		}
		key := store.UnresolvedKey(t.Mentions[0].Text)
		for _, m := range t.Mentions {
			_, err := d.exec(ctx, `INSERT INTO unresolved (article_id, key, name, cue, start_pos, end_pos, sentence)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, id, key, m.Text, t.Cue, m.Start, m.End, store.SentenceAround(text, m.Start, m.End))
			if err != nil {
				return res, fmt.Errorf("insert unresolved name: %w", err)
			}
		}
		res.Unresolved++
	}
	for i := range incs {
		if err := d.incident(ctx, id, &incs[i], &res); err != nil {
			return res, err
		}
	}
	return res, nil
}

// place stores p, or refreshes it from the current gazetteer.
func (d *deriver) place(ctx context.Context, p *geo.Place) error {
	if d.places[p.ID] {
		return nil
	}
	if p.ID == "" {
		return fmt.Errorf("%w: place %q without an id", store.ErrProcess, p.Name)
	}
	var gid sql.NullInt64
	if p.GeonameID != 0 {
		gid = sql.NullInt64{Int64: p.GeonameID, Valid: true}
	}
	r, err := d.exec(ctx, `INSERT INTO places (id, geonameid, name, name_ar, kind, feature_code, country,
			admin1, admin2, lon, lat, population, source)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET geonameid = excluded.geonameid, name = excluded.name,
			name_ar = excluded.name_ar, kind = excluded.kind, feature_code = excluded.feature_code,
			country = excluded.country, admin1 = excluded.admin1, admin2 = excluded.admin2,
			lon = excluded.lon, lat = excluded.lat, population = excluded.population, source = excluded.source
		WHERE (geonameid, name, name_ar, kind, feature_code, country, admin1, admin2, lon, lat, population, source)
			IS NOT (excluded.geonameid, excluded.name, excluded.name_ar, excluded.kind, excluded.feature_code,
			excluded.country, excluded.admin1, excluded.admin2, excluded.lon, excluded.lat, excluded.population, excluded.source)`,
		p.ID, gid, p.Name, p.NameAr, string(p.Kind), p.FeatureCode, p.CountryCode,
		p.Admin1, p.Admin2, p.Point.Lon(), p.Point.Lat(), p.Population, p.Source)
	if err != nil {
		return fmt.Errorf("store place %s: %w", p.ID, err)
	}
	// A row inserted or changed: the features of incidents there show
	// its names.
	if n, err := r.RowsAffected(); err != nil || n > 0 {
		d.movedPlaces = append(d.movedPlaces, p.ID)
	}
	d.places[p.ID] = true
	return nil
}

// incident merges in into a stored incident or stores it as new, and
// records article id as one of its sources.
func (d *deriver) incident(ctx context.Context, article int64, in *geo.Incident, res *store.Result) error {
	inc, ok, err := store.PrepareIncident(*in)
	if err != nil {
		return err
	}
	if !ok {
		res.Skipped++ // nowhere to put it on a map
		return nil
	}
	if inc.Place != nil {
		if err := d.place(ctx, inc.Place); err != nil {
			return err
		}
	}
	target, found, err := d.mergeTarget(ctx, &inc)
	if err != nil {
		return err
	}
	if !found {
		id, err := d.insertIncident(ctx, article, &inc)
		if err != nil {
			return err
		}
		if err := d.addSource(ctx, id, article, &inc); err != nil {
			return err
		}
		res.Incidents++
		return d.index(ctx, id, &inc, false)
	}
	id, err := store.ParseID(target.ID)
	if err != nil {
		return err
	}
	store.Combine(&target, &inc)
	if err := d.updateIncident(ctx, id, &target); err != nil {
		return err
	}
	if err := d.addSource(ctx, id, article, &inc); err != nil {
		return err
	}
	if d.refold {
		d.touched[id] = true
	}
	res.Merged++
	return d.index(ctx, id, &target, true)
}

// incidentArgs are the values of the incidents columns after id, in
// table order.
func incidentArgs(inc *geo.Incident) []any {
	var placeID sql.NullString
	var name, nameAr string
	if inc.Place != nil {
		placeID = sql.NullString{String: inc.Place.ID, Valid: true}
		name, nameAr = inc.Place.Name, inc.Place.NameAr
	}
	return []any{inc.EventType, inc.SubEventType, placeID, name, nameAr, inc.PlaceText,
		inc.Point.Lon(), inc.Point.Lat(), inc.GeoPrecision, nullDay(inc.Date), inc.DatePrecision,
		inc.Actor1, inc.Actor2, nullInt(inc.Killed), nullInt(inc.Injured), inc.Confidence, inc.Primary}
}

// rtreeArgs are the R*Tree box of an incident: its point and its day.
func rtreeArgs(inc *geo.Incident) []any {
	day := int64(noDay)
	if !inc.Date.IsZero() {
		day = dayNumber(inc.Date)
	}
	lon, lat := micro(inc.Point.Lon()), micro(inc.Point.Lat())
	return []any{lon, lon, lat, lat, day, day}
}

// insertIncident stores inc as new, reported first by article; during
// a reprocess it takes back the id it had.
func (d *deriver) insertIncident(ctx context.Context, article int64, inc *geo.Incident) (int64, error) {
	seq, err := d.nextSeq(ctx)
	if err != nil {
		return 0, err
	}
	var want sql.NullInt64
	if id, ok := d.reuse.Reuse(article, inc.SubEventType); ok {
		want = sql.NullInt64{Int64: id, Valid: true}
		delete(d.deleted, id)
	} else {
		// Above every id handed out before, also of incidents deleted
		// since: a permalink never comes to show another incident.
		if err := d.tx.QueryRowContext(ctx, `SELECT max(coalesce((SELECT max(id) FROM incidents), 0),
				(SELECT value FROM store_state WHERE key = 'incident_hwm')) + 1`).Scan(&want.Int64); err != nil {
			return 0, fmt.Errorf("incident id: %w", err)
		}
		want.Valid = true
	}
	r, err := d.exec(ctx, `INSERT INTO incidents (id, event_type, sub_event_type, place_id, place_name,
			place_name_ar, place_text, lon, lat, geo_precision, date, date_precision,
			actor1, actor2, killed, injured, confidence, is_primary, seq)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(append([]any{want}, incidentArgs(inc)...), seq)...)
	if err != nil {
		return 0, fmt.Errorf("insert incident: %w", err)
	}
	id, err := r.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("insert incident: %w", err)
	}
	d.dirty[id] = true
	_, err = d.exec(ctx, `INSERT INTO incidents_rtree (id, min_lon, max_lon, min_lat, max_lat, min_day, max_day)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, append([]any{id}, rtreeArgs(inc)...)...)
	if err != nil {
		return 0, fmt.Errorf("index incident %d: %w", id, err)
	}
	return id, nil
}

func (d *deriver) updateIncident(ctx context.Context, id int64, inc *geo.Incident) error {
	seq, err := d.nextSeq(ctx)
	if err != nil {
		return err
	}
	_, err = d.exec(ctx, `UPDATE incidents SET event_type = ?, sub_event_type = ?, place_id = ?, place_name = ?,
			place_name_ar = ?, place_text = ?, lon = ?, lat = ?, geo_precision = ?, date = ?, date_precision = ?,
			actor1 = ?, actor2 = ?, killed = ?, injured = ?, confidence = ?, is_primary = ?, seq = ?
		WHERE id = ?`, append(incidentArgs(inc), seq, id)...)
	if err != nil {
		return fmt.Errorf("update incident %d: %w", id, err)
	}
	d.dirty[id] = true
	_, err = d.exec(ctx, `UPDATE incidents_rtree SET min_lon = ?, max_lon = ?, min_lat = ?, max_lat = ?,
			min_day = ?, max_day = ?
		WHERE id = ?`, append(rtreeArgs(inc), id)...)
	if err != nil {
		return fmt.Errorf("index incident %d: %w", id, err)
	}
	return nil
}

// addSource records that article reports incident id (as inc), with its
// evidence and report appended when the same article already reported
// it.
func (d *deriver) addSource(ctx context.Context, id, article int64, inc *geo.Incident) error {
	ev := inc.Evidence
	var old, oldReports sql.NullString
	rows, err := d.query(ctx, `SELECT evidence, reports FROM incident_sources WHERE incident_id = ? AND article_id = ?`, id, article)
	if err != nil {
		return fmt.Errorf("read source: %w", err)
	}
	if rows.Next() {
		err = rows.Scan(&old, &oldReports)
	}
	rows.Close()
	if err == nil {
		err = rows.Err()
	}
	if err != nil {
		return fmt.Errorf("read source: %w", err)
	}
	if old.Valid {
		var prev []geo.Evidence
		if err := json.Unmarshal([]byte(old.String), &prev); err != nil {
			return fmt.Errorf("incident %d: stored evidence: %w", id, err)
		}
		ev = store.AppendEvidence(prev, ev)
	}
	b, err := marshalEvidence(ev)
	if err != nil {
		return err
	}
	reports, err := store.AppendReport(oldReports.String, inc)
	if err != nil {
		return fmt.Errorf("incident %d: %w", id, err)
	}
	_, err = d.exec(ctx, `INSERT INTO incident_sources (incident_id, article_id, evidence, reports) VALUES (?, ?, ?, ?)
		ON CONFLICT (incident_id, article_id) DO UPDATE SET evidence = excluded.evidence, reports = excluded.reports`, id, article, b, reports)
	if err != nil {
		return fmt.Errorf("store source: %w", err)
	}
	d.dirty[id] = true
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

// index (re)writes the free-text entry of incident id: its place names and
// the evidence of every source.
func (d *deriver) index(ctx context.Context, id int64, inc *geo.Incident, replace bool) error {
	texts := []string{inc.PlaceText}
	if inc.Place != nil {
		texts = append(texts, inc.Place.Name, inc.Place.NameAr)
	}
	if !replace {
		// A new incident has one source: this one.
		for _, e := range inc.Evidence {
			texts = append(texts, e.Text)
		}
		if _, err := d.exec(ctx, `INSERT INTO incidents_fts (rowid, body) VALUES (?, ?)`, id, store.SearchBody(texts...)); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		return nil
	}
	rows, err := d.query(ctx, `SELECT evidence FROM incident_sources WHERE incident_id = ?`, id)
	if err != nil {
		return fmt.Errorf("read evidence: %w", err)
	}
	for rows.Next() {
		var js string
		var ev []geo.Evidence
		if err = rows.Scan(&js); err != nil {
			break
		}
		if err = json.Unmarshal([]byte(js), &ev); err != nil {
			break
		}
		for _, e := range ev {
			texts = append(texts, e.Text)
		}
	}
	rows.Close()
	if err == nil {
		err = rows.Err()
	}
	if err != nil {
		return fmt.Errorf("read evidence of incident %d: %w", id, err)
	}
	if _, err := d.exec(ctx, `DELETE FROM incidents_fts WHERE rowid = ?`, id); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if _, err := d.exec(ctx, `INSERT INTO incidents_fts (rowid, body) VALUES (?, ?)`, id, store.SearchBody(texts...)); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}
