package server

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
)

// TestIndexBuild: the index holds every incident once, though the walk
// splits boxes whose edges some points lie on.
func TestIndexBuild(t *testing.T) {
	incs := genIncidents(25_000) // more than a page: the walk splits
	ms := newMemStore(incs)
	ix, err := buildIndex(t.Context(), ms, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(ix.pts) != len(incs) {
		t.Fatalf("%d points, want %d", len(ix.pts), len(incs))
	}
	if !slices.IsSorted(ix.keys) {
		t.Fatal("keys not sorted")
	}
	ids := map[int64]bool{}
	for _, p := range ix.pts {
		ids[p.id] = true
	}
	if len(ids) != len(incs) {
		t.Fatalf("%d distinct ids", len(ids))
	}
	// Quadkeys nest: a tile's points are one range.
	for _, z := range []int{0, 3, 9, 16} {
		tile := maptile.At(incs[123].Point, maptile.Zoom(z))
		lo, hi := ix.tileRange(tile)
		if want := inTile(incs, z, int(tile.X), int(tile.Y)); hi-lo != want {
			t.Errorf("z%d: range holds %d, %d in the tile", z, hi-lo, want)
		}
	}
	// What it gives back of an incident is what the store holds.
	want := incs[4321]
	for i := range ix.pts {
		if ix.pts[i].id != 4322 {
			continue
		}
		got := ix.incident(&ix.pts[i])
		wantPoint := orb.Point{float64(float32(want.Point[0])), float64(float32(want.Point[1]))}
		if got.SubEventType != want.SubEventType || got.Actor2 != want.Actor2 || !got.Date.Equal(want.Date) ||
			got.Confidence != want.Confidence || got.Place.Name != want.Place.Name ||
			got.Point != wantPoint {
			t.Errorf("got %+v, want %+v", got, want)
		}
	}
}

// TestIndexTilesMatchStore: a tile drawn from the index has the features
// the same tile drawn from the store has.
func TestIndexTilesMatchStore(t *testing.T) {
	incs := genIncidents(3000)
	fromStore, ms := testServer(t, genIncidents(3000), func(o *Options) { o.Limits.MaxTileFeatures = 50 })
	fromIndex, _ := testServer(t, genIncidents(3000), func(o *Options) { o.Limits.MaxTileFeatures = 50 })
	ix, err := buildIndex(t.Context(), ms, time.Now())
	if err != nil {
		t.Fatal(err)
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
