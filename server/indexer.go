package server

import (
	"context"
	"errors"
	"fmt"
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
// brings it up to date before the answer. Tiles and the histogram are
// drawn from it alone; free text (q) is the store's, which hands over
// the ids that match.

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
