package tileindex

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"github.com/incidentmap/incidentmap/geo"
)

// GridCells is how many cells a tile is divided into on each side when
// its incidents are clustered: 16 gives cells of 32 px on a 512 px tile,
// about the size of a cluster symbol. It is 2⁴, so that a cell is read
// from a point's quadkey.
const GridCells = 16

// Cluster is the incidents of one grid cell of a tile.
type Cluster struct {
	// Point is the members' centroid, or the member's point when Count
	// is 1.
	Point orb.Point
	Count int
	// One is the member when Count is 1, so that it is drawn as itself.
	One *geo.Incident
	// Top is the commonest sub-event type of the members (ties to the
	// first by name).
	Top string
}

// cell accumulates one grid cell.
type cell struct {
	sumLon, sumLat float64
	n              int
	first          *point
	subs           []int32 // members by sub-event type
}

// Clusters groups the incidents of tile t that f keeps by grid cell, on
// a GridCells×GridCells grid, then on ever coarser grids (8×8, 4×4, ...)
// until at most maxFeatures remain (0: no cap). They come out in cell
// order, row by row, so a tile's bytes do not depend on the index's
// history.
func (ix *Index) Clusters(t maptile.Tile, f *Filter, maxFeatures int) []Cluster {
	var cells [GridCells * GridCells]*cell
	lo, hi := tileKeys(t)
	shift := 2 * uint(KeyZoom-t.Z-4) // the cell: 8 quadkey bits below the tile's
	nsubs := len(ix.d.subs)
	ix.each(lo, hi, ix.compile(f), func(key uint64, p *point) {
		bits := (key >> shift) & 0xff
		var cx, cy int
		for b := range 4 {
			cx |= int(bits>>(2*b)&1) << b
			cy |= int(bits>>(2*b+1)&1) << b
		}
		c := cells[cy*GridCells+cx]
		if c == nil {
			c = &cell{first: p, subs: make([]int32, nsubs)}
			cells[cy*GridCells+cx] = c
		}
		c.sumLon += float64(p.lon)
		c.sumLat += float64(p.lat)
		c.n++
		c.subs[ix.d.subOf[p.kind]]++
	})
	grid := cells[:]
	side := GridCells
	for maxFeatures > 0 && side > 1 && occupied(grid) > maxFeatures {
		grid, side = coarser(grid, side), side/2
	}
	var out []Cluster
	for _, c := range grid {
		if c == nil {
			continue
		}
		cl := Cluster{Point: orb.Point{c.sumLon / float64(c.n), c.sumLat / float64(c.n)}, Count: c.n, Top: ix.top(c.subs)}
		if c.n == 1 {
			inc := ix.d.incident(c.first)
			cl.One, cl.Point = &inc, inc.Point
		}
		out = append(out, cl)
	}
	return out
}

func occupied(grid []*cell) int {
	n := 0
	for _, c := range grid {
		if c != nil {
			n++
		}
	}
	return n
}

// coarser merges each 2×2 block of a side×side grid into one cell.
func coarser(grid []*cell, side int) []*cell {
	half := side / 2
	out := make([]*cell, half*half)
	for y := range side {
		for x := range side {
			c := grid[y*side+x]
			if c == nil {
				continue
			}
			o := out[(y/2)*half+x/2]
			if o == nil {
				out[(y/2)*half+x/2] = c
				continue
			}
			o.sumLon += c.sumLon
			o.sumLat += c.sumLat
			o.n += c.n
			for i, k := range c.subs {
				o.subs[i] += k
			}
		}
	}
	return out
}

// top is the commonest sub-event type, ties to the first by name.
func (ix *Index) top(subs []int32) string {
	best, bestN := "", int32(0)
	for i, n := range subs {
		if s := ix.d.subs[i]; n > bestN || n == bestN && n > 0 && s < best {
			best, bestN = s, n
		}
	}
	return best
}
