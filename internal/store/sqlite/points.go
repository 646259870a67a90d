package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/incidentmap/incidentmap/internal/store"
)

// pointsBatch is how many points Points hands over at once.
const pointsBatch = 4096

// Points streams the incidents written since the cursor (all of them
// from the zero cursor, or when a reprocess changed the epoch) to fn in
// batches, and returns the cursor to read from next.
//
// It reads the counters first and then the rows up to them, outside a
// transaction: a write committed in between has a higher change number,
// is left out, and comes next time.
func (s *Store) Points(ctx context.Context, since store.Cursor, fn func(store.Changes) error) (store.Cursor, error) {
	var next store.Cursor
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT value FROM store_state WHERE key = 'epoch'),
		(SELECT value FROM store_state WHERE key = 'seq')`).Scan(&next.Epoch, &next.Pos); err != nil {
		return since, fmt.Errorf("store: points: %w", err)
	}
	reset := since.Epoch != next.Epoch || since.Pos == 0
	from := since.Pos
	if reset {
		from = 0
	}
	if !reset && from >= next.Pos {
		return next, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, lon, lat, date, event_type, sub_event_type, actor1, actor2,
			killed, injured, confidence, geo_precision, is_primary, place_text, place_name, place_name_ar
		FROM incidents WHERE seq > ? AND seq <= ?`, from, next.Pos)
	if err != nil {
		return since, fmt.Errorf("store: points: %w", err)
	}
	defer rows.Close()
	batch := store.Changes{Reset: reset, Next: next, Points: make([]store.Point, 0, pointsBatch)}
	sent := false
	for rows.Next() {
		var p store.Point
		var date sql.NullString
		var killed, injured sql.NullInt64
		if err := rows.Scan(&p.ID, &p.Lon, &p.Lat, &date, &p.EventType, &p.SubEventType, &p.Actor1, &p.Actor2,
			&killed, &injured, &p.Confidence, &p.GeoPrecision, &p.Primary, &p.PlaceText, &p.PlaceName, &p.PlaceNameAr); err != nil {
			return since, fmt.Errorf("store: points: %w", err)
		}
		if p.Date, err = parseDay(date); err != nil {
			return since, fmt.Errorf("store: points: incident %d: %w", p.ID, err)
		}
		p.Killed, p.Injured = intPtr(killed), intPtr(injured)
		batch.Points = append(batch.Points, p)
		if len(batch.Points) == pointsBatch {
			if err := fn(batch); err != nil {
				return since, err
			}
			sent = true
			batch = store.Changes{Next: next, Points: make([]store.Point, 0, pointsBatch)}
		}
	}
	if err := rows.Err(); err != nil {
		return since, fmt.Errorf("store: points: %w", err)
	}
	if len(batch.Points) > 0 || !sent && reset {
		if err := fn(batch); err != nil {
			return since, err
		}
	}
	return next, nil
}

// GazetteerVersion is the count of changes to the local places: it moves
// whenever any process sharing the file adds or removes one.
func (s *Store) GazetteerVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM store_state WHERE key = 'gazetteer'`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: gazetteer version: %w", err)
	}
	return v, nil
}

// bump adds one to a counter of store_state inside tx.
func bump(ctx context.Context, tx *sql.Tx, key string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE store_state SET value = value + 1 WHERE key = ?`, key); err != nil {
		return fmt.Errorf("bump %s: %w", key, err)
	}
	return nil
}
