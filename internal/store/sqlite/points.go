package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

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
	// A cursor ahead of the store comes from before a restore: start over.
	reset := since.Epoch != next.Epoch || since.Pos == 0 || since.Pos > next.Pos
	from := since.Pos
	if reset {
		from = 0
	}
	if !reset && from >= next.Pos {
		return next, nil
	}
	// Everything is one scan of the table in id order; the changes since
	// a cursor come through the index on seq. (Through that index, a
	// read of everything looked each row up by id: 9 s instead of 3 at a
	// million.) Rows written after the counters were read may come too:
	// the next read hands them over again, which readers take as no
	// change.
	// The seven names come as one column, cut at unit separators: every
	// column costs the driver as much as the row's other work (16
	// columns read a million rows in 7 s, 10 in 4).
	query := `SELECT id, lon, lat, date, killed, injured, confidence, geo_precision, is_primary,
			event_type || char(31) || sub_event_type || char(31) || actor1 || char(31) || actor2 || char(31) ||
			place_text || char(31) || place_name || char(31) || place_name_ar
		FROM incidents`
	args := []any{}
	if !reset {
		query += ` WHERE seq > ? AND seq <= ?`
		args = append(args, from, next.Pos)
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
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
		var names string
		if err := rows.Scan(&p.ID, &p.Lon, &p.Lat, &date, &killed, &injured, &p.Confidence, &p.GeoPrecision, &p.Primary, &names); err != nil {
			return since, fmt.Errorf("store: points: %w", err)
		}
		if err := splitNames(names, &p.EventType, &p.SubEventType, &p.Actor1, &p.Actor2, &p.PlaceText, &p.PlaceName, &p.PlaceNameAr); err != nil {
			return since, fmt.Errorf("store: points: incident %d: %w", p.ID, err)
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

// splitNames cuts s at unit separators (0x1f) into exactly len(dst)
// parts.
func splitNames(s string, dst ...*string) error {
	for _, d := range dst[:len(dst)-1] {
		cut := strings.IndexByte(s, 0x1f)
		if cut < 0 {
			return fmt.Errorf("%d names, want %d", strings.Count(s, "\x1f")+1, len(dst))
		}
		*d, s = s[:cut], s[cut+1:]
	}
	if strings.IndexByte(s, 0x1f) >= 0 {
		return fmt.Errorf("a name holds a unit separator")
	}
	*dst[len(dst)-1] = s
	return nil
}
