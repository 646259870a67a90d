package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/incidentmap/incidentmap/internal/store"
)

// SaveTileSnapshot keeps data, the tile index read up to c, unless the
// snapshot kept already is as new (same epoch, a cursor at or past c);
// it reports whether it saved. Replicas may all save: the newest wins.
func (s *Store) SaveTileSnapshot(ctx context.Context, c store.Cursor, data []byte) (bool, error) {
	tag, err := s.pool.Exec(ctx, `INSERT INTO tile_snapshot (id, epoch, pos, taken, data) VALUES (1, $1, $2, $3, $4)
		ON CONFLICT (id) DO UPDATE SET epoch = excluded.epoch, pos = excluded.pos, taken = excluded.taken, data = excluded.data
		WHERE tile_snapshot.epoch <> excluded.epoch OR tile_snapshot.pos < excluded.pos`,
		c.Epoch, c.Pos, s.now().UTC(), data)
	if readOnly(err) {
		return false, fmt.Errorf("store: save tile snapshot: %w: %v", store.ErrReadOnly, err)
	}
	if err != nil {
		return false, fmt.Errorf("store: save tile snapshot: %w", err)
	}
	return tag.RowsAffected() > 0, nil
}

// TileSnapshot returns the tile index snapshot kept and its cursor, or
// an error wrapping store.ErrNotFound.
func (s *Store) TileSnapshot(ctx context.Context) (store.Cursor, []byte, error) {
	var c store.Cursor
	var data []byte
	err := s.pool.QueryRow(ctx, `SELECT epoch, pos, data FROM tile_snapshot WHERE id = 1`).Scan(&c.Epoch, &c.Pos, &data)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Cursor{}, nil, fmt.Errorf("%w: no tile snapshot", store.ErrNotFound)
	}
	if err != nil {
		return store.Cursor{}, nil, fmt.Errorf("store: tile snapshot: %w", err)
	}
	return c, data, nil
}
