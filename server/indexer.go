package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/tileindex"
)

// The tile index (internal/tileindex) is read from the store's change
// cursor: Serve follows it every Limits.IndexRefresh, so that ingests
// by other servers and workers sharing the database reach this server's
// tiles within that; an ingest or a local place through this server
// brings it up to date before the answer; on PostgreSQL, LISTEN/NOTIFY
// says at once when any process wrote incidents. Tiles and the
// histogram are drawn from it alone, and pages of items with a box are
// found in it; free text (q) is the store's, which hands over the ids
// that match. The store keeps a snapshot of it, which servers start
// from.

// tileIndex returns the current snapshot of the index, building it
// first if this is the first request (or waiting for the build under
// way) for at most Limits.IndexWait: a replica just started answers 503
// with Retry-After until its index is built.
func (s *Server) tileIndex(ctx context.Context) (*tileindex.Index, error) {
	ix, err := s.index.Wait(ctx, s.limits.IndexWait)
	switch {
	case err == nil:
		return ix, nil
	case errors.Is(err, tileindex.ErrNotBuilt):
		p := problemf(http.StatusServiceUnavailable, "the tile index is still being built from the database; retry after the Retry-After delay")
		p.retryAfter = 2
		return nil, p
	case ctx.Err() != nil:
		return nil, ctx.Err()
	}
	return nil, fmt.Errorf("tile index: %w", err)
}

// refreshIndex brings the index up to date after a write through this
// server, so that its answer and the tiles asked for next agree. A
// failure is logged: the next refresh catches up.
func (s *Server) refreshIndex(ctx context.Context) {
	if _, err := s.index.Refresh(ctx); err != nil && ctx.Err() == nil {
		s.log.WarnContext(ctx, "tile index not brought up to date", "err", err)
	}
}

// followIndex builds the index and keeps it up to date until ctx ends.
func (s *Server) followIndex(ctx context.Context) {
	start := time.Now()
	if _, err := s.index.Refresh(ctx); err == nil {
		s.log.InfoContext(ctx, "tile index ready", "incidents", s.index.Index().Len(), "after", time.Since(start).Round(time.Millisecond))
	}
	s.index.Follow(ctx, s.limits.IndexRefresh, s.indexKick, func(err error) {
		s.log.WarnContext(ctx, "tile index not brought up to date", "err", err)
	})
}

// indexFilter turns the request's filter (and box) into the index's,
// asking the store for the ids that match free text.
func (s *Server) indexFilter(ctx context.Context, ix *tileindex.Index, f filter, bbox *orb.Bound) (*tileindex.Filter, error) {
	xf := &tileindex.Filter{BBox: bbox, From: f.When.From, To: f.When.To, Type: f.Type, Actor: f.Actor}
	if f.Text != "" {
		ids, err := s.texts.ids(ctx, s.store, f.Text, ix.Version())
		if err != nil {
			return nil, err
		}
		xf.IDs = ids
	}
	return xf, nil
}

// textMatches keeps the ids of the last few free-text queries, per
// index version: a map view asks a dozen tiles with one q at once.
type textMatches struct {
	mu      sync.Mutex
	version uint64
	byText  map[string]*textMatch
}

// textMatch is one query's ids, read once however many ask at once.
type textMatch struct {
	once sync.Once
	ids  *tileindex.IDSet
	err  error
}

// maxTextMatches bounds the queries kept.
const maxTextMatches = 16

// textMatchTimeout bounds the store's answer to one free-text query.
const textMatchTimeout = 30 * time.Second

func (tm *textMatches) ids(ctx context.Context, st Store, text string, version uint64) (*tileindex.IDSet, error) {
	tm.mu.Lock()
	if tm.version != version || len(tm.byText) >= maxTextMatches {
		tm.version, tm.byText = version, map[string]*textMatch{}
	}
	m, ok := tm.byText[text]
	if !ok {
		m = &textMatch{}
		tm.byText[text] = m
	}
	tm.mu.Unlock()
	m.once.Do(func() {
		// Others may wait for this read: it must not end with the
		// client that started it.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), textMatchTimeout)
		defer cancel()
		ids, err := st.IncidentIDs(ctx, store.Query{Text: text})
		if err != nil {
			m.err = fmt.Errorf("incidents matching q: %w", err)
			return
		}
		m.ids = tileindex.NewIDSet(ids)
	})
	if m.err != nil {
		tm.mu.Lock()
		if tm.byText[text] == m {
			delete(tm.byText, text) // not kept: the next request asks again
		}
		tm.mu.Unlock()
	}
	return m.ids, m.err
}

// kickIndex asks the follower for a read of the cursor now; asks made
// while one is pending are one.
func (s *Server) kickIndex() {
	select {
	case s.indexKick <- struct{}{}:
	default:
	}
}

// watchChanges kicks the index whenever the store says another process
// wrote incidents, until ctx ends; a lost connection is retried.
func (s *Server) watchChanges(ctx context.Context, w ChangeWatcher) {
	for ctx.Err() == nil {
		err := w.WatchChanges(ctx, s.kickIndex)
		if ctx.Err() != nil {
			return
		}
		if errors.Is(err, store.ErrReadOnly) {
			s.log.InfoContext(ctx, "the database is a read-only standby: the tile index polls it", "every", s.limits.IndexRefresh)
			return
		}
		s.log.WarnContext(ctx, "change notifications lost; the tile index polls until they are back", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(5 * time.Second):
		}
	}
}

// NewTileIndex returns the tile index over st for a Server with these
// limits (Options.TileIndex): it starts from the store's snapshot when
// the store keeps one, and says how that went to log. Building it (its
// first Refresh) may start before the Server.
func NewTileIndex(st Store, lim Limits, log *slog.Logger) *tileindex.Live {
	lim = lim.withDefaults()
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	l := tileindex.NewLive(st)
	if ts, ok := st.(TileSnapshots); ok && lim.IndexSnapshotEvery > 0 {
		l.StartFrom(ts.TileSnapshot, func(n int, c store.Cursor, err error) {
			switch {
			case err == nil:
				log.Info("tile index loaded from the store's snapshot; reading the changes since", "incidents", n, "cursor", c)
			case errors.Is(err, store.ErrNotFound):
				log.Info("no tile index snapshot in the store yet: reading every incident")
			default:
				log.Warn("tile index snapshot not used: reading every incident", "err", err)
			}
		})
	}
	return l
}

// snapshotShare is the share of the index that must have changed since
// the last snapshot for the periodic save to write a new one.
const snapshotShare = 100

// keepSnapshots saves snapshots of the index into the store: once the
// index is built from every incident (so the next start is quick), then
// every IndexSnapshotEvery when it changed enough, and when ctx ends
// (shutdown) if it changed at all. Replicas may all save; the store keeps
// the newest.
func (s *Server) keepSnapshots(ctx context.Context, ts TileSnapshots) {
	if _, err := s.index.Wait(ctx, 24*time.Hour); err != nil {
		return
	}
	// saved is the changes the store's snapshot holds; a save cut short
	// (a shutdown during the first one) leaves it, so that the save at
	// shutdown happens.
	saved := uint64(0)
	if !s.index.FromSnapshot() {
		if n, ok := s.saveSnapshot(ctx, ts); ok {
			saved = n
		}
	} else {
		saved = s.index.Applied()
	}
	t := time.NewTicker(s.limits.IndexSnapshotEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			if s.index.Applied() != saved {
				sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), snapshotSaveTimeout)
				s.saveSnapshot(sctx, ts)
				cancel()
			}
			return
		case <-t.C:
			n := uint64(0)
			if ix := s.index.Index(); ix != nil {
				n = uint64(ix.Len())
			}
			if applied := s.index.Applied(); applied-saved >= max(1, n/snapshotShare) {
				if n, ok := s.saveSnapshot(ctx, ts); ok {
					saved = n
				}
			}
		}
	}
}

// snapshotSaveTimeout bounds a save (at shutdown, within its grace).
const snapshotSaveTimeout = 10 * time.Second

// saveSnapshot saves the index as it stands and returns the changes it
// holds (Applied) and whether it was saved, logging how it went.
func (s *Server) saveSnapshot(ctx context.Context, ts TileSnapshots) (uint64, bool) {
	start := time.Now()
	applied := s.index.Applied()
	c, data, err := s.index.Snapshot(ctx)
	if err == nil && data != nil {
		var saved bool
		saved, err = ts.SaveTileSnapshot(ctx, c, data)
		if err == nil {
			s.log.Info("tile index snapshot", "saved", saved, "bytes", len(data), "cursor", c, "took", time.Since(start).Round(time.Millisecond))
		}
	}
	if err != nil && !errors.Is(err, store.ErrReadOnly) && ctx.Err() == nil {
		s.log.Warn("tile index snapshot not saved", "err", err)
	}
	return applied, err == nil && data != nil
}
