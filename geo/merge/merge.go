// Package merge decides when two reports describe the same incident:
// the same sub-event type, places within a few kilometres, and dates at
// most a day apart.
package merge

import (
	"math"

	"github.com/incidentmap/incidentmap/geo"
	orbgeo "github.com/paulmach/orb/geo"
)

// MaxKm is how far apart two reports' places may be for one incident.
const MaxKm = 5.0

// MaxKmVague applies when either report places the event only near a
// place or in part of a region (geo precision 2 or 3): outlets then name
// different reference points for one event.
const MaxKmVague = 25.0

// MaxDays is how far apart their dates may be.
const MaxDays = 1

// Same reports whether a and b describe the same incident. Reports with
// an unknown date merge only with reports at the very same place, since
// nothing else ties them in time.
func Same(a, b *geo.Incident) bool {
	if a.SubEventType != b.SubEventType {
		return false
	}
	samePlace := a.Place != nil && b.Place != nil && a.Place.ID == b.Place.ID
	limit := MaxKm
	if a.GeoPrecision >= 2 || b.GeoPrecision >= 2 {
		limit = MaxKmVague
	}
	if !samePlace && distanceKm(a, b) > limit {
		return false
	}
	if a.Date.IsZero() || b.Date.IsZero() {
		return samePlace || distanceKm(a, b) < 0.5
	}
	days := math.Abs(a.Date.Sub(b.Date).Hours()) / 24
	return days <= MaxDays
}

func distanceKm(a, b *geo.Incident) float64 {
	return orbgeo.DistanceHaversine(a.Point, b.Point) / 1000
}
