package server

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// TestIndexBuild: the index holds every incident, each once, with what
// the store holds of it.
func TestIndexBuild(t *testing.T) {
	incs := genIncidents(25_000)
	ms := newMemStore(genIncidents(25_000))
	ix, err := buildIndex(t.Context(), ms, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(ix.keys) {
		t.Fatal("keys not sorted")
	}
	byID := map[int64]int{}
	for i, p := range ix.pts {
		if _, dup := byID[p.id]; dup {
			t.Fatalf("incident %d indexed twice", p.id)
		}
		byID[p.id] = i
	}
	for _, inc := range incs {
		id, _ := strconv.ParseInt(inc.ID, 10, 64)
		i, ok := byID[id]
		if !ok {
			t.Fatalf("incident %s missing from the index", inc.ID)
		}
		got := ix.incident(&ix.pts[i])
		wantPoint := orb.Point{float64(float32(inc.Point[0])), float64(float32(inc.Point[1]))}
		if got.ID != inc.ID || got.SubEventType != inc.SubEventType || got.Actor2 != inc.Actor2 || !got.Date.Equal(inc.Date) ||
			got.Confidence != inc.Confidence || got.Place.Name != inc.Place.Name || got.Point != wantPoint {
			t.Fatalf("got %+v, want %+v", got, inc)
		}
	}
	if len(ix.pts) != len(incs) {
		t.Fatalf("%d points, want %d", len(ix.pts), len(incs))
	}
	// Quadkeys nest: a tile's points are one range.
	for _, z := range []int{0, 3, 9, 16} {
		tile := maptile.At(incs[123].Point, maptile.Zoom(z))
		lo, hi := ix.tileRange(tile)
		if want := inTile(incs, z, int(tile.X), int(tile.Y)); hi-lo != want {
			t.Errorf("z%d: range holds %d, %d in the tile", z, hi-lo, want)
		}
	}
}

// TestIndexFollowsChanges: the builder takes changes in place, keeps
// one point per incident, and starts over on a reset.
func TestIndexFollowsChanges(t *testing.T) {
	b := newIndexBuilder()
	p := func(id int64, lon float64, sub string) store.Point {
		return store.Point{ID: id, Lon: lon, Lat: 35, SubEventType: sub, Date: time.Date(2024, 5, 5, 0, 0, 0, 0, time.UTC)}
	}
	if !b.apply(store.Changes{Reset: true, Points: []store.Point{p(1, 39, "A"), p(2, 40, "A")}}) {
		t.Fatal("a reset changes nothing")
	}
	if b.apply(store.Changes{Points: []store.Point{p(2, 40, "A")}}) {
		t.Error("the same point again counts as a change")
	}
	if !b.apply(store.Changes{Points: []store.Point{p(2, 41, "B"), p(3, 42, "A")}}) {
		t.Error("a moved point and a new one change nothing")
	}
	ix := b.done(time.Now())
	var got []string
	for _, pt := range ix.pts {
		inc := ix.incident(&pt)
		got = append(got, fmt.Sprintf("%s@%v/%s", inc.ID, inc.Point.Lon(), inc.SubEventType))
	}
	slices.Sort(got)
	if want := []string{"1@39/A", "2@41/B", "3@42/A"}; !slices.Equal(got, want) {
		t.Errorf("index holds %v, want %v", got, want)
	}
	b.apply(store.Changes{Reset: true, Points: []store.Point{p(7, 39, "A")}})
	if ix := b.done(time.Now()); len(ix.pts) != 1 || ix.pts[0].id != 7 {
		t.Errorf("after a reset: %+v", ix.pts)
	}
}

// listProcessor derives, for an article titled with a number, the
// incident of that number in a list.
type listProcessor []geo.Incident

func (l listProcessor) Process(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
	i, err := strconv.Atoi(art.Title)
	if err != nil || i < 0 || i >= len(l) {
		return geo.Geoparse{}, nil, fmt.Errorf("no incident %q", art.Title)
	}
	inc := l[i]
	inc.ID = ""
	return geo.Geoparse{}, []geo.Incident{inc}, nil
}

// TestIndexTilesMatchStore: a tile drawn from the index has the features
// the same tile drawn from the real store has, on each engine.
func TestIndexTilesMatchStore(t *testing.T) {
	incs := genIncidents(3000)
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			st := e.open(t)
			for i, inc := range incs {
				art := geo.Article{Title: strconv.Itoa(i), Text: inc.Evidence[0].Text}
				if _, err := st.Ingest(t.Context(), art, listProcessor(incs)); err != nil {
					t.Fatal(err)
				}
			}
			fromStore, err := New(Options{Store: st, Limits: Limits{MaxTileFeatures: 50, IndexRefresh: -1}})
			if err != nil {
				t.Fatal(err)
			}
			fromIndex, err := New(Options{Store: st, Limits: Limits{MaxTileFeatures: 50, IndexRefresh: -1}})
			if err != nil {
				t.Fatal(err)
			}
			ix, err := buildIndex(t.Context(), st, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if st, _ := st.Stats(t.Context()); len(ix.pts) != st.Incidents {
				t.Fatalf("index holds %d points, the store %d incidents", len(ix.pts), st.Incidents)
			}
			fromIndex.index.Store(ix)
			at := func(i, z int) [3]int {
				tile := maptile.At(incs[i].Point, maptile.Zoom(z))
				return [3]int{z, int(tile.X), int(tile.Y)}
			}
			tiles := [][3]int{{0, 0, 0}, at(0, 4), at(500, 7), at(500, 8), at(77, 10), at(1234, 12), at(2999, 16)}
			filters := []string{"", "type=Armed+clash", "type=battles", "actor=sdf", "datetime=2024-03-01/2024-09-30", "datetime=2025-01-01/..&type=Attack"}
			for _, tile := range tiles {
				for _, f := range filters {
					t.Run(fmt.Sprintf("%v?%s", tile, f), func(t *testing.T) {
						a, _ := getTile(t, fromStore, tile[0], tile[1], tile[2], f, false)
						b, _ := getTile(t, fromIndex, tile[0], tile[1], tile[2], f, true)
						if f == "" && len(a.Features) == 0 {
							t.Error("an empty tile proves nothing")
						}
						if sa, sb := summary(a), summary(b); !slices.Equal(sa, sb) {
							t.Errorf("store:\n%v\nindex:\n%v", sa, sb)
						}
					})
				}
			}
			// Free text needs the store: the index steps aside.
			if _, ok := ix.compile(filter{Text: "قصف"}); ok {
				t.Error("the index claims to apply free text")
			}
		})
	}
}

// summary lists a tile's features comparably: the point to a few metres
// and the properties.
func summary(fc *geojson.FeatureCollection) []string {
	var out []string
	for _, f := range fc.Features {
		p := f.Point()
		out = append(out, fmt.Sprintf("%.3f,%.3f %v", p.Lon(), p.Lat(), sortedProps(f.Properties)))
	}
	slices.Sort(out)
	return out
}
