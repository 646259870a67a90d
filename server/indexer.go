package server

import (
	"context"
	"time"
)

// minIndexPause is the least time between two index rebuilds, so that a
// stream of ingests does not keep the CPU rebuilding.
const minIndexPause = 10 * time.Second

// maintainIndex builds the tile index, then rebuilds it when an ingest
// through this server made it stale or Limits.IndexRefresh has passed,
// until ctx ends. Between a change and the end of the next rebuild,
// tiles show the index as it was.
func (s *Server) maintainIndex(ctx context.Context) {
	for {
		start := time.Now()
		ix, err := buildIndex(ctx, s.store, s.now())
		took := time.Since(start)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			s.log.WarnContext(ctx, "tile index not built; tiles count incidents in the store", "err", err)
		default:
			s.index.Store(ix)
			s.gen.Add(1) // tiles drawn before are stale
			s.log.InfoContext(ctx, "tile index built", "incidents", len(ix.pts), "duration", took.Round(time.Millisecond))
		}
		// Rest at least twice as long as the build took.
		pause := max(minIndexPause, 2*took)
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		select {
		case <-ctx.Done():
			return
		case <-s.indexStale:
		case <-time.After(s.limits.IndexRefresh - pause):
		}
	}
}

// markIndexStale asks for a rebuild of the tile index; asks made while
// one is pending are one.
func (s *Server) markIndexStale() {
	select {
	case s.indexStale <- struct{}{}:
	default:
	}
}
