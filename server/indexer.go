package server

import (
	"context"
	"time"

	"github.com/incidentmap/incidentmap/internal/store"
)

// maintainIndex builds the tile index from the store's Points cursor,
// then reads the cursor again every Limits.IndexRefresh, or at once when
// an ingest through this server made the index stale, until ctx ends.
// A read brings only what changed since the last (all of it after a
// reprocess, which renumbers incidents), so replicas and workers sharing
// the database reach every server's tiles within IndexRefresh. Between a
// change and the next read, tiles show the index as it was.
func (s *Server) maintainIndex(ctx context.Context) {
	st, ok := s.store.(PointsReader)
	if !ok {
		s.log.WarnContext(ctx, "the store has no Points cursor: tiles are counted in the store")
		return
	}
	b := newIndexBuilder()
	var cursor store.Cursor
	for {
		start := time.Now()
		next, changed, err := b.readPoints(ctx, st, cursor)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			s.log.WarnContext(ctx, "tile index not brought up to date", "err", err)
		case changed || s.index.Load() == nil:
			cursor = next
			ix := b.done(s.now())
			s.index.Store(ix)
			s.gen.Add(1) // tiles drawn before are stale
			s.log.DebugContext(ctx, "tile index updated", "incidents", len(ix.pts), "duration", time.Since(start).Round(time.Millisecond))
		default:
			cursor = next
		}
		select {
		case <-ctx.Done():
			return
		case <-s.indexStale:
		case <-time.After(s.limits.IndexRefresh):
		}
	}
}

// markIndexStale asks for a read of the cursor now; asks made while one
// is pending are one.
func (s *Server) markIndexStale() {
	select {
	case s.indexStale <- struct{}{}:
	default:
	}
}
