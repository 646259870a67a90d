package main

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"time"

	"github.com/incidentmap/incidentmap/internal/store/engine"
)

// fillByCopies makes the SQLite store dst of k times the incidents of
// the SQLite store src: src's file, and k-1 copies of each of its
// incidents (ids shifted by 2,000,000 a copy, points moved by up to
// 0.1° in each direction, same days, same sources), then the stored
// features of the copies written through the store. Generating ten
// million incidents through the store would take ten hours here; the
// copies keep the generated mix of places, days and types, and make each
// place ten times as busy. The tile snapshot is dropped: the first start
// reads every incident.
func fillByCopies(ctx context.Context, src, dst string, k int) error {
	if err := copyFile(src, dst); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", dst)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // the pragmas and the temp table are per connection
	var maxID int64
	if err := db.QueryRowContext(ctx, `SELECT max(id) FROM incidents`).Scan(&maxID); err != nil {
		return err
	}
	if maxID >= copyStride {
		return fmt.Errorf("%s: ids up to %d, beyond the copies' stride of %d", src, maxID, copyStride)
	}
	start := time.Now()
	stride := fmt.Sprint(copyStride)
	for _, st := range []struct {
		q    string
		args []any
	}{
		{q: `PRAGMA journal_mode=DELETE`}, // one large transaction: no WAL of its size
		{q: `PRAGMA synchronous=OFF`},
		{q: `PRAGMA cache_size=-2000000`},
		{q: `DELETE FROM tile_snapshot`},
		{q: `UPDATE store_state SET value = 0 WHERE key = 'features_format'`},
		{q: `CREATE TEMP TABLE copies AS WITH RECURSIVE k(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM k WHERE k < ?)
			SELECT k.k, i.id, ((i.id*7919 + k.k*104729) % 200001) - 100000 AS dlon,
				((i.id*104723 + k.k*7907) % 200001) - 100000 AS dlat FROM incidents i, k`, args: []any{k - 1}},
		{q: `BEGIN`},
		{q: `INSERT INTO incidents (id, event_type, sub_event_type, place_id, place_name, place_name_ar, place_text,
			lon, lat, geo_precision, date, date_precision, actor1, actor2, killed, injured, confidence, is_primary, seq)
		SELECT i.id + c.k*` + stride + `, event_type, sub_event_type, place_id, place_name, place_name_ar, place_text,
			lon + c.dlon/1e6, lat + c.dlat/1e6, geo_precision, date, date_precision, actor1, actor2, killed, injured,
			confidence, is_primary, seq
		FROM copies c JOIN incidents i ON i.id = c.id ORDER BY c.k, i.id`},
		{q: `INSERT INTO incidents_rtree SELECT r.id + c.k*` + stride + `, r.min_lon + c.dlon, r.max_lon + c.dlon,
			r.min_lat + c.dlat, r.max_lat + c.dlat, r.min_day, r.max_day
		FROM copies c JOIN incidents_rtree r ON r.id = c.id ORDER BY c.k, r.id`},
		{q: `INSERT INTO incident_sources (incident_id, article_id, evidence, reports)
		SELECT s.incident_id + c.k*` + stride + `, s.article_id, s.evidence, s.reports
		FROM copies c JOIN incident_sources s ON s.incident_id = c.id ORDER BY c.k, s.incident_id`},
		{q: `COMMIT`},
		{q: `PRAGMA journal_mode=WAL`},
	} {
		if _, err := db.ExecContext(ctx, st.q, st.args...); err != nil {
			return fmt.Errorf("copies: %w", err)
		}
	}
	db.Close()
	log.Printf("sqlite: %d copies of every incident in %v; writing their features", k-1, time.Since(start).Round(time.Second))
	st, err := engine.Open(ctx, dst, engine.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	for after := int64(0); ; {
		next, _, err := st.RefreshFeatures(ctx, after, 5000)
		if err != nil {
			return err
		}
		if next == 0 {
			break
		}
		after = next
	}
	if err := st.MarkFeaturesCurrent(ctx); err != nil {
		return err
	}
	log.Printf("sqlite: filled by copies in %v", time.Since(start).Round(time.Second))
	return nil
}

// copyStride is how far apart the ids of an incident's copies are.
const copyStride = 2_000_000
