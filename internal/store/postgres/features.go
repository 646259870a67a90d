package postgres

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// Stored features (migration 0007, store.FeatureFormat): read by items
// pages, written by every transaction that changes an incident.

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
	rows, err := s.pool.Query(ctx, `SELECT id, body FROM incident_features WHERE id = ANY($1) AND format = $2`, ids, s.format)
	if err != nil {
		return fmt.Errorf("store: features: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		// The body as the driver holds it: copied once, by Add.
		body := rows.RawValues()[1]
		var id int64
		if err := rows.Scan(&id, nil); err != nil {
			return fmt.Errorf("store: features: %w", err)
		}
		c.Add(id, body)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: features: %w", err)
	}
	rows.Close()
	if missing := c.Missing(ids); len(missing) > 0 {
		return loadIncidents(ctx, s.pool, missing, c.Encode)
	}
	return nil
}

// writeFeatures writes the features of the incidents this transaction
// changed, and of every incident at a place whose row it changed.
func (d *deriver) writeFeatures(ctx context.Context) error {
	slices.Sort(d.movedPlaces)
	for _, p := range slices.Compact(d.movedPlaces) {
		rows, err := d.tx.Query(ctx, `SELECT id FROM incidents WHERE place_id = $1`, p)
		if err != nil {
			return fmt.Errorf("incidents at place %s: %w", p, err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return fmt.Errorf("incidents at place %s: %w", p, err)
		}
		for _, id := range ids {
			d.dirty[id] = true
		}
	}
	d.movedPlaces = d.movedPlaces[:0]
	ids := make([]int64, 0, len(d.dirty))
	for id := range d.dirty {
		ids = append(ids, id)
	}
	clear(d.dirty)
	slices.Sort(ids)
	return writeFeatures(ctx, d.tx, ids, d.format)
}

// writeFeatures locks the incidents ids (those still stored), reads them
// and saves their features. The lock orders this write after any other
// transaction's change to them, so that the last feature written is of
// the last state: one that changes an incident holds its row until it
// commits, and its own feature write comes before.
func writeFeatures(ctx context.Context, tx pgx.Tx, ids []int64, format int64) error {
	if len(ids) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `SELECT id FROM incidents WHERE id = ANY($1) ORDER BY id FOR UPDATE`, ids); err != nil {
		return fmt.Errorf("lock incidents: %w", err)
	}
	var buf []byte
	for len(ids) > 0 {
		n := min(len(ids), loadChunk)
		batch := &pgx.Batch{}
		err := loadIncidents(ctx, tx, ids[:n], func(inc *geo.Incident) error {
			id, err := store.ParseID(inc.ID)
			if err != nil {
				return err
			}
			start := len(buf)
			if buf, err = store.EncodeFeature(buf, inc); err != nil {
				return err
			}
			batch.Queue(`INSERT INTO incident_features (id, format, body) VALUES ($1, $2, $3)
				ON CONFLICT (id) DO UPDATE SET format = excluded.format, body = excluded.body`, id, format, buf[start:len(buf):len(buf)])
			return nil
		})
		if err != nil {
			return err
		}
		if batch.Len() > 0 {
			if err := tx.SendBatch(ctx, batch).Close(); err != nil {
				return fmt.Errorf("store features: %w", err)
			}
		}
		buf = buf[:0]
		ids = ids[n:]
	}
	return nil
}

// RefreshFeatures writes the features missing, or of another format,
// among the n incidents above id after, in one transaction, and returns
// the last id it looked at (0 when none is left) and how many it wrote.
func (s *Store) RefreshFeatures(ctx context.Context, after int64, n int) (int64, int, error) {
	rows, err := s.pool.Query(ctx, `SELECT i.id, coalesce(f.format = $1, false) FROM incidents i
		LEFT JOIN incident_features f ON f.id = i.id WHERE i.id > $2 ORDER BY i.id LIMIT $3`, s.format, after, n)
	if err != nil {
		return 0, 0, fmt.Errorf("store: features to refresh: %w", err)
	}
	var stale []int64
	last := int64(0)
	var id int64
	var current bool
	_, err = pgx.ForEachRow(rows, []any{&id, &current}, func() error {
		last = id
		if !current {
			stale = append(stale, id)
		}
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("store: features to refresh: %w", err)
	}
	if len(stale) == 0 {
		return last, 0, nil
	}
	err = s.writeTx(ctx, func(tx pgx.Tx) error { return writeFeatures(ctx, tx, stale, s.format) })
	if err != nil {
		return 0, 0, fmt.Errorf("store: refresh features: %w", err)
	}
	return last, len(stale), nil
}

// FeaturesCurrent reports whether a refresh in this build's format went
// through every incident.
func (s *Store) FeaturesCurrent(ctx context.Context) (bool, error) {
	var v int64
	if err := s.pool.QueryRow(ctx, `SELECT value FROM store_state WHERE key = 'features_format'`).Scan(&v); err != nil {
		return false, fmt.Errorf("store: features format: %w", err)
	}
	return v == s.format, nil
}

// MarkFeaturesCurrent records that a refresh in this build's format went
// through every incident.
func (s *Store) MarkFeaturesCurrent(ctx context.Context) error {
	if _, err := s.pool.Exec(ctx, `UPDATE store_state SET value = $1 WHERE key = 'features_format'`, s.format); err != nil {
		return fmt.Errorf("store: features format: %w", err)
	}
	return nil
}
