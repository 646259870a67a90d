package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/incidentmap/incidentmap/internal/store"
)

// changesChannel is the NOTIFY channel a transaction that wrote
// incidents signals on at commit: a statement trigger on incidents
// (migration 0004) notifies it.
const changesChannel = "incidentmap_incidents"

// WatchChanges calls changed after every transaction, in any process,
// that wrote incidents (and after a reprocess), until ctx ends or the
// connection is lost: a reader of Points then reads at once instead of
// polling. It holds a connection of its own, outside the pool. On a hot
// standby, which cannot LISTEN, it fails at once with store.ErrReadOnly.
func (s *Store) WatchChanges(ctx context.Context, changed func()) error {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return fmt.Errorf("store: watch changes: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `LISTEN `+changesChannel); err != nil {
		if readOnly(err) {
			return fmt.Errorf("store: watch changes: %w: %v", store.ErrReadOnly, err)
		}
		return fmt.Errorf("store: watch changes: %w", err)
	}
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("store: watch changes: %w", err)
		}
		changed()
	}
}
