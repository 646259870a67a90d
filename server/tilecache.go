package server

import (
	"container/list"
	"context"
	"fmt"
	"sync"
	"time"
)

// tileCache keeps recently rendered tiles. A map pans over the same tiles
// again and again, and the low-zoom ones cost the store a count over many
// incidents. Entries die when the data changes through this server
// (generation) or after a TTL, which bounds how stale a tile can be after
// an ingest by another process.
type tileCache struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	now   func() time.Time
	ll    *list.List
	items map[string]*list.Element
	// rendering holds the renders in progress, so that clients asking
	// for the same tile at once wait for one render instead of each
	// starting its own (a low-zoom tile costs the store the most).
	rendering map[string]*render
}

// render is a render in progress; done is closed when tile or err is set.
type render struct {
	done chan struct{}
	tile *cachedTile
	err  error
}

// cachedTile is one rendered tile: its MVT bytes, gzipped too.
type cachedTile struct {
	key    string
	gen    uint64
	born   time.Time
	raw    []byte
	gzip   []byte
	etag   string
	counts tileCounts
}

// tileCounts says what a tile holds, for tests and logs.
type tileCounts struct {
	Features  int
	Clustered bool
}

func newTileCache(max int, ttl time.Duration, now func() time.Time) *tileCache {
	return &tileCache{max: max, ttl: ttl, now: now, ll: list.New(), items: map[string]*list.Element{}, rendering: map[string]*render{}}
}

// getOrRender returns the cached tile under key, or renders it once
// however many ask for it at the same time. A waiter whose context ends
// stops waiting; the render goes on for the others.
func (c *tileCache) getOrRender(ctx context.Context, key string, gen uint64, fn func() (*cachedTile, error)) (*cachedTile, error) {
	rkey := fmt.Sprintf("%d|%s", gen, key)
	c.mu.Lock()
	// Looked up under the same lock as the renders in progress, so that
	// a render finishing in between is not started again.
	if t, ok := c.getLocked(key, gen); ok {
		c.mu.Unlock()
		return t, nil
	}
	r, busy := c.rendering[rkey]
	if !busy {
		r = &render{done: make(chan struct{})}
		c.rendering[rkey] = r
	}
	c.mu.Unlock()
	if busy {
		select {
		case <-r.done:
			return r.tile, r.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	r.tile, r.err = fn()
	if r.err == nil {
		r.tile.key, r.tile.gen = key, gen
		c.put(r.tile)
	}
	c.mu.Lock()
	delete(c.rendering, rkey)
	c.mu.Unlock()
	close(r.done)
	return r.tile, r.err
}

// get returns the tile under key if it is of generation gen and fresh.
func (c *tileCache) get(key string, gen uint64) (*cachedTile, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.getLocked(key, gen)
}

func (c *tileCache) getLocked(key string, gen uint64) (*cachedTile, bool) {
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	t := el.Value.(*cachedTile)
	if t.gen != gen || c.now().Sub(t.born) > c.ttl {
		c.ll.Remove(el)
		delete(c.items, key)
		return nil, false
	}
	c.ll.MoveToFront(el)
	return t, true
}

// put stores t, evicting the least recently used tile when full.
func (c *tileCache) put(t *cachedTile) {
	if c.max <= 0 {
		return
	}
	t.born = c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[t.key]; ok {
		el.Value = t
		c.ll.MoveToFront(el)
		return
	}
	c.items[t.key] = c.ll.PushFront(t)
	for c.ll.Len() > c.max {
		el := c.ll.Back()
		c.ll.Remove(el)
		delete(c.items, el.Value.(*cachedTile).key)
	}
}
