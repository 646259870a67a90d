package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// Stored features (migration 0007, store.FeatureFormat): read by items
// pages, written by every transaction that changes an incident.

const (
	loadFeaturesSQL = `SELECT id, body FROM incident_features
		WHERE id IN (SELECT value FROM json_each(?)) AND format = ?`
	saveFeatureSQL = `INSERT INTO incident_features (id, format, body) VALUES (?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET format = excluded.format, body = excluded.body`
)

// EachFeature calls fn with each of the incidents ids as its feature, in
// that order, reading loadChunk at a time; an id not stored is left out.
func (s *Store) EachFeature(ctx context.Context, ids []int64, fn func([]byte) error) error {
	return s.chunks.EachFeature(ids, loadChunk, func(ids []int64, c *store.FeatureChunk) error {
		return s.loadFeatures(ctx, ids, c)
	}, fn)
}

// loadFeatures reads the stored features of ids into c and encodes those
// missing (or of another format) from their incidents.
func (s *Store) loadFeatures(ctx context.Context, ids []int64, c *store.FeatureChunk) error {
	rows, err := s.queryPrepared(ctx, loadFeaturesSQL, idList(ids), s.format)
	if err != nil {
		return fmt.Errorf("store: features: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var body sql.RawBytes
		if err := rows.Scan(&id, &body); err != nil {
			return fmt.Errorf("store: features: %w", err)
		}
		c.Add(id, body)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: features: %w", err)
	}
	rows.Close()
	if missing := c.Missing(ids); len(missing) > 0 {
		return loadIncidents(ctx, s.queryPrepared, missing, c.Encode)
	}
	return nil
}

// writeFeatures writes the features of the incidents this transaction
// changed, and of every incident at a place whose row it changed.
func (d *deriver) writeFeatures(ctx context.Context) error {
	slices.Sort(d.movedPlaces)
	for _, p := range slices.Compact(d.movedPlaces) {
		rows, err := d.query(ctx, `SELECT id FROM incidents WHERE place_id = ?`, p)
		if err != nil {
			return fmt.Errorf("incidents at place %s: %w", p, err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("incidents at place %s: %w", p, err)
			}
			d.dirty[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("incidents at place %s: %w", p, err)
		}
	}
	d.movedPlaces = d.movedPlaces[:0]
	ids := make([]int64, 0, len(d.dirty))
	for id := range d.dirty {
		ids = append(ids, id)
	}
	clear(d.dirty)
	slices.Sort(ids)
	return writeFeatures(ctx, d.query, d.exec, ids, d.format)
}

// writeFeatures encodes the incidents ids (those still stored) in the
// snapshot run reads and saves them through exec.
func writeFeatures(ctx context.Context, run runQuery, exec func(ctx context.Context, query string, args ...any) (sql.Result, error), ids []int64, format int64) error {
	var buf []byte
	for len(ids) > 0 {
		n := min(len(ids), loadChunk)
		err := loadIncidents(ctx, run, ids[:n], func(inc *geo.Incident) error {
			id, err := store.ParseID(inc.ID)
			if err != nil {
				return err
			}
			if buf, err = store.EncodeFeature(buf[:0], inc); err != nil {
				return err
			}
			if _, err := exec(ctx, saveFeatureSQL, id, format, buf); err != nil {
				return fmt.Errorf("store feature of incident %d: %w", id, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// RefreshFeatures writes the features missing, or of another format,
// among the n incidents above id after, in one transaction, and returns
// the last id it looked at (0 when none is left) and how many it wrote.
func (s *Store) RefreshFeatures(ctx context.Context, after int64, n int) (int64, int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT i.id, coalesce(f.format = ?, 0) FROM incidents i
		LEFT JOIN incident_features f ON f.id = i.id WHERE i.id > ? ORDER BY i.id LIMIT ?`, s.format, after, n)
	if err != nil {
		return 0, 0, fmt.Errorf("store: features to refresh: %w", err)
	}
	defer rows.Close()
	var stale []int64
	last := int64(0)
	for rows.Next() {
		var id int64
		var current bool
		if err := rows.Scan(&id, &current); err != nil {
			return 0, 0, fmt.Errorf("store: features to refresh: %w", err)
		}
		last = id
		if !current {
			stale = append(stale, id)
		}
	}
	if err := rows.Err(); err != nil {
		return 0, 0, fmt.Errorf("store: features to refresh: %w", err)
	}
	rows.Close()
	if len(stale) == 0 {
		return last, 0, nil
	}
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		return writeFeatures(ctx, tx.QueryContext, tx.ExecContext, stale, s.format)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("store: refresh features: %w", err)
	}
	return last, len(stale), nil
}

// FeaturesCurrent reports whether a refresh in this build's format went
// through every incident.
func (s *Store) FeaturesCurrent(ctx context.Context) (bool, error) {
	var v int64
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM store_state WHERE key = 'features_format'`).Scan(&v); err != nil {
		return false, fmt.Errorf("store: features format: %w", err)
	}
	return v == s.format, nil
}

// MarkFeaturesCurrent records that a refresh in this build's format went
// through every incident.
func (s *Store) MarkFeaturesCurrent(ctx context.Context) error {
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE store_state SET value = ? WHERE key = 'features_format'`, s.format); err != nil {
			return fmt.Errorf("store: features format: %w", err)
		}
		return nil
	})
}
