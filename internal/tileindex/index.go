package tileindex

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"github.com/incidentmap/incidentmap/geo"
)

// Index is one immutable snapshot of the index: safe for any number of
// readers. The zero Index is empty.
type Index struct {
	base, delta run
	dead        bitset // base positions the delta replaces
	d           dicts
	n           int
	version     uint64
	// extent is this snapshot's, baseExtent its base's (shared by the
	// snapshots over one base), each computed when first asked.
	extent, baseExtent *extentOnce
}

// Len is the number of incidents indexed.
func (ix *Index) Len() int { return ix.n }

// Version numbers the snapshots of a Live index from 1: what was drawn
// from a snapshot of a lower version is stale.
func (ix *Index) Version() uint64 { return ix.version }

// span is the positions [lo, hi) of a key range in a run.
func (r *run) span(lo, hi uint64) (int, int) {
	i, _ := slices.BinarySearch(r.keys, lo)
	j, _ := slices.BinarySearch(r.keys[i:], hi)
	return i, i + j
}

// tileKeys is the quadkey range [lo, hi) of tile t.
func tileKeys(t maptile.Tile) (uint64, uint64) {
	shift := 2 * uint(KeyZoom-t.Z)
	return t.Quadkey() << shift, (t.Quadkey() + 1) << shift
}

// each calls fn with every point of key range [lo, hi) m keeps (all of
// them when m is nil), base first, then delta.
func (ix *Index) each(lo, hi uint64, m *matcher, fn func(key uint64, p *point)) {
	i, j := ix.base.span(lo, hi)
	for k := i; k < j; k++ {
		p := &ix.base.pts[k]
		if ix.dead != nil && ix.dead.has(k) || m != nil && !m.keep(p) {
			continue
		}
		fn(ix.base.keys[k], p)
	}
	i, j = ix.delta.span(lo, hi)
	for k := i; k < j; k++ {
		p := &ix.delta.pts[k]
		if m != nil && !m.keep(p) {
			continue
		}
		fn(ix.delta.keys[k], p)
	}
}

// Count returns how many incidents of tile t f keeps.
func (ix *Index) Count(t maptile.Tile, f *Filter) int {
	lo, hi := tileKeys(t)
	n := 0
	ix.each(lo, hi, ix.compile(f), func(uint64, *point) { n++ })
	return n
}

// Incidents returns the incidents f keeps whose point lies in b, looking
// in tile t and its eight neighbours (b is t's bound with a buffer of at
// most a tile), in the stores' listing order: newest first, undated
// last, then by id. They carry what a map draws, not sources or
// evidence.
func (ix *Index) Incidents(t maptile.Tile, b orb.Bound, f *Filter) []geo.Incident {
	m := ix.compile(f)
	var pts []*point
	n := int64(1) << t.Z
	for dy := int64(-1); dy <= 1; dy++ {
		for dx := int64(-1); dx <= 1; dx++ {
			x, y := int64(t.X)+dx, int64(t.Y)+dy
			if x < 0 || y < 0 || x >= n || y >= n {
				continue // b is clamped to the world: nothing across its edges
			}
			lo, hi := tileKeys(maptile.New(uint32(x), uint32(y), t.Z))
			ix.each(lo, hi, m, func(_ uint64, p *point) {
				if b.Contains(orb.Point{float64(p.lon), float64(p.lat)}) {
					pts = append(pts, p)
				}
			})
		}
	}
	slices.SortFunc(pts, listingOrder)
	out := make([]geo.Incident, len(pts))
	for i, p := range pts {
		out[i] = ix.d.incident(p)
	}
	return out
}

// listingOrder is the stores' order: newest first, undated last, then
// by id.
func listingOrder(a, b *point) int {
	if a.day != b.day {
		return cmp.Compare(b.day, a.day) // noDay is the smallest: last
	}
	return cmp.Compare(a.id, b.id)
}

// DayCount is how many incidents fall on one day (days from
// 1970-01-01, see DayOf).
type DayCount struct {
	Day   int32
	Count int
}

// maxCoverTiles bounds the tiles a box is covered with when counting:
// enough that the cover is hardly larger than the box.
const maxCoverTiles = 16

// Days counts by day the incidents f keeps, oldest first, and the
// undated ones. With a box, it reads only the points of the tiles
// covering it, so its cost is bounded by the points near the box.
func (ix *Index) Days(f *Filter) ([]DayCount, int) {
	m := ix.compile(f)
	byDay := map[int32]int{}
	undated := 0
	count := func(_ uint64, p *point) {
		if p.day == noDay {
			undated++
		} else {
			byDay[p.day]++
		}
	}
	if f.BBox == nil {
		ix.each(0, 1<<(2*KeyZoom), m, count)
	} else {
		for _, t := range coverTiles(*f.BBox) {
			lo, hi := tileKeys(t)
			ix.each(lo, hi, m, count)
		}
	}
	days := make([]DayCount, 0, len(byDay))
	for d, n := range byDay {
		days = append(days, DayCount{Day: d, Count: n})
	}
	slices.SortFunc(days, func(a, b DayCount) int { return cmp.Compare(a.Day, b.Day) })
	return days, undated
}

// coverTiles returns the tiles of the deepest zoom (up to KeyZoom) at
// which at most maxCoverTiles cover b.
func coverTiles(b orb.Bound) []maptile.Tile {
	const maxLat = 85.05112877980659
	clampLat := func(v float64) float64 { return max(-maxLat, min(maxLat, v)) }
	nw := orb.Point{b.Min.Lon(), clampLat(b.Max.Lat())}
	se := orb.Point{b.Max.Lon(), clampLat(b.Min.Lat())}
	corners := func(z maptile.Zoom) (x0, y0, x1, y1 uint32) {
		last := uint32(1)<<z - 1
		a, c := maptile.At(nw, z), maptile.At(se, z)
		return min(a.X, last), min(a.Y, last), min(c.X, last), min(c.Y, last)
	}
	z := maptile.Zoom(0)
	for z < KeyZoom {
		x0, y0, x1, y1 := corners(z + 1)
		if (x1-x0+1)*(y1-y0+1) > maxCoverTiles {
			break
		}
		z++
	}
	x0, y0, x1, y1 := corners(z)
	var out []maptile.Tile
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			out = append(out, maptile.New(x, y, z))
		}
	}
	return out
}

// Page returns the ids of one page of the incidents f keeps, in the
// stores' listing order (newest first, undated last, then by id), and
// how many it keeps in all, exactly. With a box it reads only the points
// of the tiles covering it; without one, every point.
func (ix *Index) Page(f *Filter, limit, offset int) ([]int64, int) {
	m := ix.compile(f)
	var pts []*point
	collect := func(_ uint64, p *point) { pts = append(pts, p) }
	if f.BBox == nil {
		ix.each(0, 1<<(2*KeyZoom), m, collect)
	} else {
		for _, t := range coverTiles(*f.BBox) {
			lo, hi := tileKeys(t)
			ix.each(lo, hi, m, collect)
		}
	}
	total := len(pts)
	if offset >= total || limit <= 0 {
		return []int64{}, total
	}
	end := min(total, offset+limit)
	// Only the first end matter: sort them alone when they are few.
	if end < total/8 {
		selectFirst(pts, end)
		pts = pts[:end]
	}
	slices.SortFunc(pts, listingOrder)
	ids := make([]int64, 0, end-offset)
	for _, p := range pts[offset:end] {
		ids = append(ids, p.id)
	}
	return ids, total
}

// selectFirst moves the k first points in listing order to the front,
// in no order (quickselect).
func selectFirst(pts []*point, k int) {
	lo, hi := 0, len(pts)-1
	for lo < hi {
		// Median of three as the pivot.
		mid := lo + (hi-lo)/2
		if listingOrder(pts[mid], pts[lo]) < 0 {
			pts[mid], pts[lo] = pts[lo], pts[mid]
		}
		if listingOrder(pts[hi], pts[lo]) < 0 {
			pts[hi], pts[lo] = pts[lo], pts[hi]
		}
		if listingOrder(pts[hi], pts[mid]) < 0 {
			pts[hi], pts[mid] = pts[mid], pts[hi]
		}
		pivot := pts[mid]
		i, j := lo, hi
		for i <= j {
			for listingOrder(pts[i], pivot) < 0 {
				i++
			}
			for listingOrder(pts[j], pivot) > 0 {
				j--
			}
			if i <= j {
				pts[i], pts[j] = pts[j], pts[i]
				i++
				j--
			}
		}
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			return
		}
	}
}
