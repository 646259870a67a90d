package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/incidentmap/incidentmap/internal/store"
)

// pointsBatch is how many points Points hands over at once.
const pointsBatch = 4096

// Points streams the incidents written since the cursor to fn in
// batches, and returns the cursor to read from next.
//
// Each incident row holds the id of the transaction that last wrote it
// (txid). Transaction ids are handed out when transactions start, not
// when they commit, so "above the last id seen" would miss a slow
// writer. The cursor is instead the oldest transaction still running
// when the read's snapshot was taken (pg_snapshot_xmin): every writer
// older than it has finished, and every row it wrote is in this read;
// rows of younger writers are read again next time, which the reader
// takes as updates.
func (s *Store) Points(ctx context.Context, since store.Cursor, fn func(store.Changes) error) (store.Cursor, error) {
	var next store.Cursor
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT (SELECT value FROM store_state WHERE key = 'epoch'),
				pg_snapshot_xmin(pg_current_snapshot())::text::bigint`).Scan(&next.Epoch, &next.Pos); err != nil {
			return err
		}
		// A cursor ahead of the store comes from before a restore (or
		// another cluster): start over.
		reset := since.Epoch != next.Epoch || since.Pos == 0 || since.Pos > next.Pos
		from := since.Pos
		if reset {
			from = 0
		}
		rows, err := tx.Query(ctx, `SELECT id, ST_X(geom), ST_Y(geom), date, event_type, sub_event_type, actor1, actor2,
				killed, injured, confidence, geo_precision, is_primary, place_text, place_name, place_name_ar
			FROM incidents WHERE txid >= $1::text::xid8`, fmt.Sprint(from))
		if err != nil {
			return err
		}
		defer rows.Close()
		batch := store.Changes{Reset: reset, Next: next, Points: make([]store.Point, 0, pointsBatch)}
		sent := false
		for rows.Next() {
			var p store.Point
			var date *time.Time
			var killed, injured *int32
			if err := rows.Scan(&p.ID, &p.Lon, &p.Lat, &date, &p.EventType, &p.SubEventType, &p.Actor1, &p.Actor2,
				&killed, &injured, &p.Confidence, &p.GeoPrecision, &p.Primary, &p.PlaceText, &p.PlaceName, &p.PlaceNameAr); err != nil {
				return err
			}
			if date != nil {
				p.Date = dayOf(*date)
			}
			p.Killed, p.Injured = intPtr(killed), intPtr(injured)
			batch.Points = append(batch.Points, p)
			if len(batch.Points) == pointsBatch {
				if err := fn(batch); err != nil {
					return err
				}
				sent = true
				batch = store.Changes{Next: next, Points: make([]store.Point, 0, pointsBatch)}
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(batch.Points) > 0 || !sent && reset {
			return fn(batch)
		}
		return nil
	})
	if err != nil {
		return since, fmt.Errorf("store: points: %w", err)
	}
	return next, nil
}
