// Package merge decides when two reports describe the same incident:
// the same sub-event type, places within a few kilometres (or one inside
// the area the other names), and dates at most a day apart. Reports
// without a date need stronger evidence: nothing else ties them in time.
package merge

import (
	"math"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/arabic"
	orbgeo "github.com/paulmach/orb/geo"
)

// MaxKm is how far apart two reports' places may be for one incident.
const MaxKm = 5.0

// MaxKmVague applies when either report places the event only near a
// place or in part of a region (geo precision 2): outlets then name
// different reference points for one event.
const MaxKmVague = 25.0

// MaxKmProvince applies when a report names only the province (geo
// precision 3) and the other a place in it.
const MaxKmProvince = 150.0

// SamePointKm is how close two places are to be one place when their
// gazetteer rows differ (a curated row and a GeoNames one, an imported
// village and its embedded namesake).
const SamePointKm = 2.0

// MaxDays is how far apart their dates may be.
const MaxDays = 1

// Same reports whether a and b describe the same incident.
//
// Dated reports: the same sub-event type, dates at most MaxDays apart,
// and places within MaxKm (MaxKmVague when either is vague, or the
// precise one inside the province the other names).
//
// A report without a date merges only with one at the very same place,
// not a whole province, that does not contradict it: the same attacker
// where both name one. Reports of different events at one town by
// different sides on unknown days are kept apart; outlets' tolls differ
// too often to tell events apart.
func Same(a, b *geo.Incident) bool {
	if a.SubEventType != b.SubEventType {
		return false
	}
	if located(a) && located(b) && fold(a.PlaceText) != fold(b.PlaceText) {
		return false // two villages the gazetteer lacks, placed by one town
	}
	if a.Date.IsZero() || b.Date.IsZero() {
		return sameUndated(a, b)
	}
	if days := math.Abs(a.Date.Sub(b.Date).Hours()) / 24; days > MaxDays {
		return false
	}
	if a.Place != nil && b.Place != nil && a.Place.ID == b.Place.ID {
		return true
	}
	d := distanceKm(a, b)
	switch {
	case a.GeoPrecision >= 3 || b.GeoPrecision >= 3:
		return d <= MaxKmProvince && sameProvince(a, b)
	case a.GeoPrecision >= 2 || b.GeoPrecision >= 2:
		return d <= MaxKmVague
	}
	return d <= MaxKm
}

// sameUndated is Same when a date is missing.
func sameUndated(a, b *geo.Incident) bool {
	if a.GeoPrecision > 2 || b.GeoPrecision > 2 {
		return false // a province says too little without a day
	}
	if !(a.Place != nil && b.Place != nil && a.Place.ID == b.Place.ID) && distanceKm(a, b) > SamePointKm {
		return false
	}
	known := func(s string) bool { return s != "" && s != "Unidentified" }
	if !known(a.Actor1) || !known(b.Actor1) || a.Actor1 == b.Actor1 {
		return true
	}
	// in a clash both sides fight: reports name them in either order
	return a.SubEventType == "Armed clash" && (a.Actor1 == b.Actor2 || a.Actor2 == b.Actor1)
}

// located reports whether an incident's place is the area an unplaced
// name lies in: its text is not one of the place's names.
func located(in *geo.Incident) bool {
	if in.Place == nil || in.PlaceText == "" || in.GeoPrecision < 2 {
		return false
	}
	t := fold(in.PlaceText)
	if t == fold(in.Place.NameAr) || t == fold(in.Place.Name) {
		return false
	}
	for _, n := range in.Place.Names {
		if t == fold(n) {
			return false
		}
	}
	return true
}

// sameProvince reports whether the two places are not known to lie in
// different countries or provinces.
func sameProvince(a, b *geo.Incident) bool {
	if a.Place == nil || b.Place == nil {
		return true
	}
	pa, pb := a.Place, b.Place
	if pa.CountryCode != "" && pb.CountryCode != "" && pa.CountryCode != pb.CountryCode {
		return false
	}
	return pa.Admin1 == "" || pb.Admin1 == "" || pa.Admin1 == pb.Admin1
}

// fold compares names: folded, without the article.
func fold(s string) string {
	return strings.TrimPrefix(arabic.Fold(strings.TrimSpace(s)), "ال")
}

func distanceKm(a, b *geo.Incident) float64 {
	return orbgeo.DistanceHaversine(a.Point, b.Point) / 1000
}
