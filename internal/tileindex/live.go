package tileindex

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/incidentmap/incidentmap/internal/store"
)

// Source is what the index reads: a store's change cursor
// (store.Store's Points).
type Source interface {
	Points(ctx context.Context, since store.Cursor, fn func(store.Changes) error) (store.Cursor, error)
}

// Live is an index kept up to date from a Source. Readers take
// snapshots with Index; Refresh (or Follow) brings it up to date. It is
// safe for concurrent use.
type Live struct {
	src Source
	// load, when set, gives the snapshot the first refresh starts from.
	load   Loader
	loaded bool // load was tried
	// fromSnapshot is set when the index started from a snapshot.
	fromSnapshot atomic.Bool
	onLoad       func(n int, c store.Cursor, err error)
	applied      atomic.Uint64
	// lock is held by the one refresh at a time; a channel, so that
	// waiting for it ends with the waiter's context.
	lock   chan struct{}
	b      *builder
	cursor store.Cursor
	cur    atomic.Pointer[Index]
	// refreshes counts the refreshes that published a new snapshot.
	version atomic.Uint64
}

// NewLive returns an index over src, empty until the first Refresh.
func NewLive(src Source) *Live {
	return &Live{src: src, lock: make(chan struct{}, 1), b: newBuilder()}
}

// Loader returns a snapshot (Snapshot's encoding) and the cursor it was
// read up to: a store's TileSnapshot.
type Loader func(ctx context.Context) (store.Cursor, []byte, error)

// StartFrom makes the first refresh start from the snapshot load gives,
// reading only what changed since it, instead of everything; onLoad,
// when not nil, hears how it went (the incidents loaded, or why none
// were). A snapshot that cannot be used is set aside: the refresh reads
// everything. Call it before the first Refresh.
func (l *Live) StartFrom(load Loader, onLoad func(n int, c store.Cursor, err error)) {
	l.load, l.onLoad = load, onLoad
}

// FromSnapshot reports whether the index started from a snapshot
// rather than from reading every incident.
func (l *Live) FromSnapshot() bool { return l.fromSnapshot.Load() }

// Applied counts the changes taken since the index was made (a point
// new or changed, or all of them after a reset): how much a snapshot
// taken now would differ from one taken before.
func (l *Live) Applied() uint64 { return l.applied.Load() }

// Index returns the current snapshot, or nil before the first Refresh
// has finished.
func (l *Live) Index() *Index { return l.cur.Load() }

// Version counts the snapshots published: it moves whenever the index
// changes, so that what was drawn from an older one is stale.
func (l *Live) Version() uint64 { return l.version.Load() }

// ErrNotBuilt is returned by Wait when the first build does not finish
// in time.
var ErrNotBuilt = errors.New("tileindex: the index is still being built")

// Refresh reads the cursor from where the last read stopped (everything
// the first time, or after a reprocess) and publishes what changed. It
// reports whether the index changed. Concurrent calls wait for each
// other: one read at a time.
func (l *Live) Refresh(ctx context.Context) (bool, error) {
	select {
	case l.lock <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-l.lock }()
	return l.refreshLocked(ctx)
}

func (l *Live) refreshLocked(ctx context.Context) (bool, error) {
	if l.load != nil && !l.loaded && l.cur.Load() == nil {
		l.loaded = true
		l.startFromSnapshot(ctx)
	}
	changed := l.b.dirty // a snapshot loaded, not yet published
	next, err := l.src.Points(ctx, l.cursor, func(ch store.Changes) error {
		if n := l.b.apply(ch); n > 0 {
			changed = true
			l.applied.Add(uint64(n))
		}
		return nil
	})
	if err != nil {
		// A read cut short leaves the builder holding part of it; the
		// same cursor is read again next time, and a builder that was
		// loading everything starts over.
		if l.b.isLoading {
			l.b = newBuilder()
			l.cursor = store.Cursor{}
		}
		return false, fmt.Errorf("tile index: %w", err)
	}
	l.cursor = next
	last := l.cur.Load()
	if !changed && last != nil {
		return false, nil
	}
	ix := l.b.publish(last)
	if ix == last {
		return false, nil
	}
	ix.version = l.version.Add(1)
	l.cur.Store(ix)
	return true, nil
}

// startFromSnapshot puts the loaded snapshot in the builder.
func (l *Live) startFromSnapshot(ctx context.Context) {
	c, data, err := l.load(ctx)
	var b *builder
	if err == nil {
		b, err = decodeSnapshot(data)
	}
	if err == nil {
		l.b, l.cursor = b, c
		b.dirty = true
		l.fromSnapshot.Store(true)
	}
	if l.onLoad != nil {
		n := 0
		if b != nil && err == nil {
			n = b.base.len()
		}
		l.onLoad(n, c, err)
	}
}

// Wait returns the current snapshot, building it first if there is none
// yet (or waiting for the build in progress), for at most wait: then it
// fails with ErrNotBuilt, and the build goes on for the next callers.
func (l *Live) Wait(ctx context.Context, wait time.Duration) (*Index, error) {
	if ix := l.cur.Load(); ix != nil {
		return ix, nil
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	select {
	case l.lock <- struct{}{}:
	case <-ctx.Done():
		return nil, ErrNotBuilt
	}
	if ix := l.cur.Load(); ix != nil {
		<-l.lock
		return ix, nil
	}
	done := make(chan error, 1)
	go func() {
		_, err := l.refreshLocked(context.WithoutCancel(ctx))
		<-l.lock
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			return nil, err
		}
		return l.cur.Load(), nil
	case <-ctx.Done():
		return nil, ErrNotBuilt
	}
}

// Follow refreshes the index every interval, and at once when kick
// fires, until ctx ends; a failed refresh is reported to onErr and
// tried again at the next tick. The first refresh starts at once.
func (l *Live) Follow(ctx context.Context, every time.Duration, kick <-chan struct{}, onErr func(error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := l.Refresh(ctx); err != nil && ctx.Err() == nil && onErr != nil {
			onErr(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-kick:
		case <-t.C:
		}
	}
}
