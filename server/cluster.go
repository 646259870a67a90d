package server

import (
	"math"
	"sort"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// gridCells is how many cells a tile is divided into on each side when
// its incidents are clustered: 16 gives cells of 32 px on a 512 px tile,
// about the size of a cluster symbol.
const gridCells = 16

// cluster is the incidents of one grid cell of a tile.
type cluster struct {
	// Point is the members' centroid, or the cell's centre for a cluster
	// known only by its count.
	Point orb.Point
	Count int
	// One is the member when Count is 1, so that it is drawn as itself.
	One *geo.Incident
	// Top is the commonest sub-event type of the members, when known.
	Top string
}

// clusterIncidents groups incidents by the grid cell of tile t they fall
// in. Clusters come out in cell order, so a tile's bytes are the same
// whatever order the store returned the incidents in.
func clusterIncidents(t maptile.Tile, incs []geo.Incident) []cluster {
	type acc struct {
		sumLon, sumLat float64
		n              int
		first          int
		types          map[string]int
	}
	cells := map[int]*acc{}
	for i := range incs {
		c, ok := cellOf(t, incs[i].Point, gridCells)
		if !ok {
			continue
		}
		a := cells[c]
		if a == nil {
			a = &acc{first: i, types: map[string]int{}}
			cells[c] = a
		}
		a.sumLon += incs[i].Point.Lon()
		a.sumLat += incs[i].Point.Lat()
		a.n++
		a.types[incs[i].SubEventType]++
	}
	keys := make([]int, 0, len(cells))
	for k := range cells {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	out := make([]cluster, 0, len(keys))
	for _, k := range keys {
		a := cells[k]
		cl := cluster{
			Point: orb.Point{a.sumLon / float64(a.n), a.sumLat / float64(a.n)},
			Count: a.n,
			Top:   topType(a.types),
		}
		if a.n == 1 {
			cl.One = &incs[a.first]
			cl.Point = incs[a.first].Point
		}
		out = append(out, cl)
	}
	return out
}

// topType is the commonest key, ties broken by name for stable tiles.
func topType(types map[string]int) string {
	best, bestN := "", 0
	for t, n := range types {
		if n > bestN || n == bestN && t < best {
			best, bestN = t, n
		}
	}
	return best
}

// cellOf returns the index of the cell of an n×n grid over t that p
// falls in, false when p lies outside t.
func cellOf(t maptile.Tile, p orb.Point, n int) (int, bool) {
	f := maptile.Fraction(p, t.Z)
	fx, fy := f.X()-float64(t.X), f.Y()-float64(t.Y)
	if fx < 0 || fy < 0 || fx >= 1 || fy >= 1 || math.IsNaN(fx) || math.IsNaN(fy) {
		return 0, false
	}
	cx, cy := int(fx*float64(n)), int(fy*float64(n))
	return cy*n + cx, true
}

// capClusters merges clusters on ever coarser grids until at most max
// remain, so that no tile grows past the cap however its incidents lie.
func capClusters(t maptile.Tile, cls []cluster, max int) []cluster {
	for n := gridCells / 2; len(cls) > max && n >= 1; n /= 2 {
		type acc struct {
			sumLon, sumLat float64
			count          int
			one            *geo.Incident
			top            string
			topCount       int
		}
		cells := map[int]*acc{}
		for i := range cls {
			cl := &cls[i]
			c, ok := cellOf(t, cl.Point, n)
			if !ok {
				c = 0 // a centroid on the very edge: keep it
			}
			a := cells[c]
			if a == nil {
				a = &acc{}
				cells[c] = a
			}
			w := float64(cl.Count)
			a.sumLon += cl.Point.Lon() * w
			a.sumLat += cl.Point.Lat() * w
			a.count += cl.Count
			a.one = cl.One
			if cl.Count > a.topCount || cl.Count == a.topCount && cl.Top < a.top {
				a.top, a.topCount = cl.Top, cl.Count
			}
		}
		keys := make([]int, 0, len(cells))
		for k := range cells {
			keys = append(keys, k)
		}
		sort.Ints(keys)
		merged := make([]cluster, 0, len(keys))
		for _, k := range keys {
			a := cells[k]
			cl := cluster{Point: orb.Point{a.sumLon / float64(a.count), a.sumLat / float64(a.count)}, Count: a.count, Top: a.top}
			if a.count == 1 {
				cl.One = a.one
			}
			merged = append(merged, cl)
		}
		cls = merged
	}
	return cls
}

// cellBound is the lon/lat box of cell (cx, cy) of tile t's grid of n×n
// cells.
func cellBound(t maptile.Tile, cx, cy, n int) orb.Bound {
	// A cell of an n×n grid of tile t is a tile of zoom z+log2(n).
	shift := 0
	for 1<<shift < n {
		shift++
	}
	sub := maptile.New(t.X<<shift+uint32(cx), t.Y<<shift+uint32(cy), t.Z+maptile.Zoom(shift))
	return sub.Bound()
}
