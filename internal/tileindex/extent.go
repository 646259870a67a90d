package tileindex

import (
	"math"
	"sync"
	"time"

	"github.com/paulmach/orb"
)

// Extent is where and when the indexed incidents lie: what a collection
// and a TileJSON publish as their extent, so that "zoom to layer" shows
// the data and not the world.
type Extent struct {
	// Bound contains every indexed point: the float32 the index keeps,
	// widened by its rounding and then outward to 6 decimals, so that it
	// holds the stored coordinates too.
	Bound orb.Bound
	// First and Last are the days of the oldest and newest dated
	// incidents (UTC midnight); zero when none is dated.
	First, Last time.Time
	// N is how many incidents the extent covers; 0 when the index is
	// empty (and Bound means nothing).
	N int
}

// extentOnce computes an Index's extent once, when first asked: a
// snapshot is immutable, so its extent is too.
type extentOnce struct {
	once sync.Once
	acc  extentAcc
}

// Extent returns the extent of the incidents indexed. It is computed
// on the first call for a snapshot, in one pass over its points (some
// 10 ms a million), and kept: a snapshot that only added incidents to a
// base without replaced entries reuses the base's, so the pass over the
// base is made once per base.
func (ix *Index) Extent() Extent {
	if ix.extent == nil { // the zero Index
		return Extent{}
	}
	ix.extent.once.Do(func() {
		acc := &ix.extent.acc
		if ix.dead.count() == 0 && ix.baseExtent != nil {
			ix.baseExtent.once.Do(func() {
				for i := range ix.base.pts {
					ix.baseExtent.acc.add(&ix.base.pts[i])
				}
			})
			acc.merge(&ix.baseExtent.acc)
		} else {
			for i := range ix.base.pts {
				if !ix.dead.has(i) {
					acc.add(&ix.base.pts[i])
				}
			}
		}
		for i := range ix.delta.pts {
			acc.add(&ix.delta.pts[i])
		}
	})
	return ix.extent.acc.extent()
}

// extentAcc accumulates an extent.
type extentAcc struct {
	minLon, minLat, maxLon, maxLat float32
	first, last                    int32
	n                              int
	dated                          bool
}

func (a *extentAcc) add(p *point) {
	if a.n == 0 {
		a.minLon, a.maxLon, a.minLat, a.maxLat = p.lon, p.lon, p.lat, p.lat
	} else {
		a.minLon, a.maxLon = min(a.minLon, p.lon), max(a.maxLon, p.lon)
		a.minLat, a.maxLat = min(a.minLat, p.lat), max(a.maxLat, p.lat)
	}
	a.n++
	if p.day == noDay {
		return
	}
	if !a.dated {
		a.first, a.last, a.dated = p.day, p.day, true
		return
	}
	a.first, a.last = min(a.first, p.day), max(a.last, p.day)
}

// merge adds what b accumulated.
func (a *extentAcc) merge(b *extentAcc) {
	if b.n == 0 {
		return
	}
	if a.n == 0 {
		*a = *b
		return
	}
	a.minLon, a.maxLon = min(a.minLon, b.minLon), max(a.maxLon, b.maxLon)
	a.minLat, a.maxLat = min(a.minLat, b.minLat), max(a.maxLat, b.maxLat)
	a.n += b.n
	switch {
	case !b.dated:
	case !a.dated:
		a.first, a.last, a.dated = b.first, b.last, true
	default:
		a.first, a.last = min(a.first, b.first), max(a.last, b.last)
	}
}

func (a *extentAcc) extent() Extent {
	if a.n == 0 {
		return Extent{}
	}
	down := func(v float32, lo float64) float64 {
		w := float64(math.Nextafter32(v, float32(math.Inf(-1))))
		return max(lo, math.Floor(w*1e6)/1e6)
	}
	up := func(v float32, hi float64) float64 {
		w := float64(math.Nextafter32(v, float32(math.Inf(1))))
		return min(hi, math.Ceil(w*1e6)/1e6)
	}
	e := Extent{
		Bound: orb.Bound{
			Min: orb.Point{down(a.minLon, -180), down(a.minLat, -90)},
			Max: orb.Point{up(a.maxLon, 180), up(a.maxLat, 90)},
		},
		N: a.n,
	}
	if a.dated {
		e.First, e.Last = dayTime(a.first), dayTime(a.last)
	}
	return e
}
