package gazetteer

import (
	"math"

	"github.com/incidentmap/incidentmap/geo"
)

// locateKm is how far the nearest place with a known country may be for
// a place without one to take its country and province.
const locateKm = 40.0

// locateOrphans gives places that lack a country code (OSM nodes, sparse
// GeoNames rows) the country and admin1 of the nearest populated place
// that has them, so the region and country-focus evidence applies to them.
// A 1° grid keeps it linear.
func locateOrphans(places []geo.Place) {
	type cell struct{ x, y int }
	cellOf := func(p orbPoint) cell { return cell{int(math.Floor(p[0])), int(math.Floor(p[1]))} }
	grid := map[cell][]int32{}
	orphans := false
	for i := range places {
		p := &places[i]
		switch {
		case p.CountryCode == "":
			orphans = true
		case p.Kind == geo.KindCity || p.Kind == geo.KindTown || p.Kind == geo.KindVillage || p.Kind == geo.KindNeighborhood:
			c := cellOf(orbPoint(p.Point))
			grid[c] = append(grid[c], int32(i))
		}
	}
	if !orphans {
		return
	}
	for i := range places {
		p := &places[i]
		if p.CountryCode != "" {
			continue
		}
		c := cellOf(orbPoint(p.Point))
		best, bestKm := int32(-1), locateKm
		for dx := -1; dx <= 1; dx++ {
			for dy := -1; dy <= 1; dy++ {
				for _, j := range grid[cell{c.x + dx, c.y + dy}] {
					if d := ApproxKm(p, &places[j]); d < bestKm {
						best, bestKm = j, d
					}
				}
			}
		}
		if best >= 0 {
			p.CountryCode, p.Admin1 = places[best].CountryCode, places[best].Admin1
		}
	}
}

type orbPoint [2]float64

// ApproxKm is the equirectangular approximation of the great-circle
// distance between two places: within a few percent up to several hundred
// kilometres, and far cheaper than haversine on hot paths.
func ApproxKm(a, b *geo.Place) float64 {
	const kmPerDeg = 111.195
	lat := (a.Point.Lat() + b.Point.Lat()) / 2 * math.Pi / 180
	dx := (b.Point.Lon() - a.Point.Lon()) * math.Cos(lat)
	dy := b.Point.Lat() - a.Point.Lat()
	return kmPerDeg * math.Sqrt(dx*dx+dy*dy)
}
