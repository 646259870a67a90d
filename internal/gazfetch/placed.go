package gazfetch

import (
	"context"
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// UnresolvedStore is the part of a store NowPlaced reads.
type UnresolvedStore interface {
	Unresolved(ctx context.Context) ([]store.UnresolvedName, error)
	ArticlesNaming(ctx context.Context, keys, spellings []string) (int, error)
}

// Geoparser is a geoparser over the new gazetteer.
type Geoparser interface {
	Geoparse(ctx context.Context, text string, published time.Time) (geo.Geoparse, error)
}

// Placed says which of the names a store could not place a new gazetteer
// places.
type Placed struct {
	// Names are the names now placed, most mentioned first.
	Names []string
	// Unresolved counts the store's unresolved names, all of them.
	Unresolved int
	// Articles counts the stored articles naming one of Names: those a
	// reprocess would change.
	Articles int
}

// NowPlaced geoparses each unresolved name of the store in the sentences
// it was found in (or after its cue word, when none was kept), with p over
// the new gazetteer, and counts the names it now places and the articles
// naming them. A name counts as placed when a resolved mention folds to
// its key, as the store groups spellings.
func NowPlaced(ctx context.Context, st UnresolvedStore, p Geoparser) (Placed, error) {
	names, err := st.Unresolved(ctx)
	if err != nil {
		return Placed{}, fmt.Errorf("gazfetch: unresolved names: %w", err)
	}
	res := Placed{Unresolved: len(names)}
	var keys []string
	for _, n := range names {
		texts := n.Examples
		if len(texts) == 0 {
			texts = []string{n.Cue + " " + n.Name}
		}
		if placed, err := places(ctx, p, texts, n.Key); err != nil {
			return Placed{}, err
		} else if placed {
			res.Names = append(res.Names, n.Name)
			keys = append(keys, n.Key)
		}
	}
	if len(keys) > 0 {
		if res.Articles, err = st.ArticlesNaming(ctx, keys, nil); err != nil {
			return Placed{}, fmt.Errorf("gazfetch: articles naming the placed names: %w", err)
		}
	}
	return res, nil
}

// places reports whether p resolves, in one of texts, a mention that
// folds to key.
func places(ctx context.Context, p Geoparser, texts []string, key string) (bool, error) {
	for _, text := range texts {
		g, err := p.Geoparse(ctx, text, time.Time{})
		if err != nil {
			if ctx.Err() != nil {
				return false, ctx.Err()
			}
			continue // one sentence the parser refuses says nothing of the name
		}
		for _, t := range g.Places {
			for _, m := range t.Mentions {
				if store.UnresolvedKey(m.Text) == key {
					return true, nil
				}
			}
		}
	}
	return false, nil
}
