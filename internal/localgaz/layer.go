// Package localgaz is the gazetteer the service resolves against: a base
// (the embedded default or an imported index) plus the places operators
// add by hand, kept in the store. Adding or removing a place rebuilds the
// geoparser and reprocesses the stored articles when any of them names
// the place, so that its incidents appear on the map.
package localgaz

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/arabic"
	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/incidentmap/incidentmap/internal/pipeline"
	"github.com/incidentmap/incidentmap/internal/store"
)

// Store is what the layer needs of the store: every engine satisfies it.
type Store interface {
	// GazetteerVersion moves whenever any process changes the local
	// places: the layer reloads when it does.
	GazetteerVersion(ctx context.Context) (int64, error)
	AddLocalPlace(ctx context.Context, p geo.Place) (geo.Place, error)
	LocalPlaces(ctx context.Context) ([]geo.Place, error)
	RemoveLocalPlace(ctx context.Context, id string) error
	ArticlesNaming(ctx context.Context, keys, spellings []string) (int, error)
	Reprocess(ctx context.Context, proc store.Processor, progress func(done, total int)) (store.ReprocessResult, error)
}

// Layer holds the current geoparser over base + local places. It is safe
// for concurrent use: readers take the current parser, a change swaps it.
type Layer struct {
	opts  geoparse.Options
	base  []geo.Place
	st    Store
	x     *extract.Extractor
	mu    sync.Mutex // serialises changes
	cur   atomic.Pointer[geoparse.Parser]
	local atomic.Int64
	// version is the store's gazetteer version the parser was built at.
	version atomic.Int64
}

// New builds the layer from base and the local places already stored; its
// geoparsers are made with opts.
func New(ctx context.Context, base []geo.Place, st Store, x *extract.Extractor, opts geoparse.Options) (*Layer, error) {
	l := &Layer{opts: opts, base: base, st: st, x: x}
	if err := l.rebuild(ctx); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *Layer) rebuild(ctx context.Context) error {
	// The version first: a change between the two reads is then seen
	// again by the next Watch, never missed.
	v, err := l.st.GazetteerVersion(ctx)
	if err != nil {
		return err
	}
	local, err := l.st.LocalPlaces(ctx)
	if err != nil {
		return err
	}
	l.version.Store(v)
	all := make([]geo.Place, 0, len(l.base)+len(local))
	all = append(append(all, l.base...), local...)
	l.cur.Store(geoparse.New(gazetteer.New(all), l.opts))
	l.local.Store(int64(len(local)))
	return nil
}

// Watch reloads the gazetteer whenever another process (a replica, a
// worker, the places command) changed the local places, checking every
// interval until ctx ends. Errors are passed to report and retried.
func (l *Layer) Watch(ctx context.Context, every time.Duration, report func(error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		v, err := l.st.GazetteerVersion(ctx)
		if err == nil && v != l.version.Load() {
			l.mu.Lock()
			err = l.rebuild(ctx)
			l.mu.Unlock()
		}
		if err != nil && ctx.Err() == nil && report != nil {
			report(err)
		}
	}
}

// Parser returns the current geoparser.
func (l *Layer) Parser() *geoparse.Parser { return l.cur.Load() }

// Geoparse geoparses with the current gazetteer.
func (l *Layer) Geoparse(ctx context.Context, text string, published time.Time) (geo.Geoparse, error) {
	return l.cur.Load().Geoparse(ctx, text, published)
}

// Gazetteer returns the current gazetteer.
func (l *Layer) Gazetteer() *gazetteer.Gazetteer { return l.cur.Load().Gazetteer() }

// Process is the store's Processor over the current gazetteer.
func (l *Layer) Process(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
	return pipeline.New(l.cur.Load(), l.x).Process(ctx, art)
}

// List returns the local places.
func (l *Layer) List(ctx context.Context) ([]geo.Place, error) { return l.st.LocalPlaces(ctx) }

// Add stores p, rebuilds the geoparser and, when a stored article names
// p, reprocesses the articles so its incidents are placed.
func (l *Layer) Add(ctx context.Context, p geo.Place) (geo.Place, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	added, err := l.st.AddLocalPlace(ctx, p)
	if err != nil {
		return geo.Place{}, err
	}
	if err := l.rebuild(ctx); err != nil {
		return added, err
	}
	return added, l.reprocessIfNamed(ctx, added)
}

// Remove deletes a local place and rebuilds the same way.
func (l *Layer) Remove(ctx context.Context, id string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	var gone *geo.Place
	if places, err := l.st.LocalPlaces(ctx); err == nil {
		if i := slices.IndexFunc(places, func(p geo.Place) bool { return p.ID == id }); i >= 0 {
			gone = &places[i]
		}
	}
	if err := l.st.RemoveLocalPlace(ctx, id); err != nil {
		return err
	}
	if err := l.rebuild(ctx); err != nil {
		return err
	}
	if gone == nil {
		return nil
	}
	return l.reprocessIfNamed(ctx, *gone)
}

// reprocessIfNamed re-derives the stored articles when any names p. The
// store reprocesses in one transaction, so readers never see a mix.
func (l *Layer) reprocessIfNamed(ctx context.Context, p geo.Place) error {
	spellings := append([]string{p.NameAr, p.Name}, p.Names...)
	var keys []string
	for _, s := range spellings {
		if f := arabic.Fold(s); f != "" {
			// Unresolved names are kept as written, proclitics included.
			for _, pre := range []string{"", "و", "ف", "ب", "ل", "وب", "ول"} {
				keys = append(keys, pre+f)
			}
		}
	}
	n, err := l.st.ArticlesNaming(ctx, keys, spellings)
	if err != nil || n == 0 {
		return err
	}
	res, err := l.st.Reprocess(ctx, l, nil)
	if err != nil {
		return fmt.Errorf("localgaz: reprocess after a gazetteer change: %w", err)
	}
	if len(res.Failed) > 0 {
		return fmt.Errorf("localgaz: reprocess: %w", errors.Join(res.Failed...))
	}
	return nil
}
