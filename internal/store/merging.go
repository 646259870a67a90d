package store

import (
	"fmt"
	"math"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/merge"
	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// How engines merge a new report into the incidents stored, the same on
// each: candidates are the incidents of the same sub-event type within
// MergeSearchKm of the report's point and, for a dated report, within
// merge.MaxDays or undated; merge.Same has the last word; among those it
// accepts, BetterTarget picks one; Combine folds the report into it.

// MergeSearchKm is the widest distance merge.Same may accept: a stored
// report's precision is not known before it is read, so the search
// allows for a vague one.
const MergeSearchKm = max(merge.MaxKm, merge.MaxKmVague, merge.MaxKmProvince)

// KmPerDegree is the length of a degree of latitude.
const KmPerDegree = 111.32

// MergeBox is the box around p that holds every point within
// MergeSearchKm of it.
func MergeBox(p orb.Point) orb.Bound {
	dLat := MergeSearchKm / KmPerDegree
	dLon := MergeSearchKm / (KmPerDegree * math.Max(math.Cos(p.Lat()*math.Pi/180), 0.01))
	return orb.Bound{Min: orb.Point{p.Lon() - dLon, p.Lat() - dLat}, Max: orb.Point{p.Lon() + dLon, p.Lat() + dLat}}
}

// PrepareIncident readies a processor's incident for storing: its point
// from its place when it has none, its date at UTC midnight. It returns
// false for an incident with nowhere to put on a map (to be skipped), and
// an error wrapping ErrProcess for one that cannot be stored.
func PrepareIncident(in geo.Incident) (geo.Incident, bool, error) {
	inc := in
	if inc.Point == (orb.Point{}) && inc.Place != nil {
		inc.Point = inc.Place.Point
	}
	switch {
	case inc.Point == (orb.Point{}) && inc.Place == nil:
		return inc, false, nil
	case !ValidPoint(inc.Point):
		return inc, false, fmt.Errorf("%w: incident %q at %v: coordinates out of range", ErrProcess, inc.SubEventType, inc.Point)
	case inc.SubEventType == "":
		return inc, false, fmt.Errorf("%w: incident at %v without a sub-event type", ErrProcess, inc.Point)
	case inc.Place != nil && inc.Place.ID == "":
		return inc, false, fmt.Errorf("%w: place %q without an id", ErrProcess, inc.Place.Name)
	}
	if !inc.Date.IsZero() {
		y, m, d := inc.Date.Date()
		inc.Date = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	return inc, true, nil
}

// ValidPoint reports whether p is a longitude and latitude.
func ValidPoint(p orb.Point) bool {
	lon, lat := p.Lon(), p.Lat()
	return !math.IsNaN(lon) && !math.IsNaN(lat) && lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90
}

// BetterTarget reports whether candidate a (id ai) fits report inc better
// than candidate b (id bi): the same place, then the nearest, then the
// closest in time, then the oldest.
func BetterTarget(inc, a *geo.Incident, ai int64, b *geo.Incident, bi int64) bool {
	sa, sb := samePlace(inc, a), samePlace(inc, b)
	if sa != sb {
		return sa
	}
	da, db := orbgeo.DistanceHaversine(inc.Point, a.Point), orbgeo.DistanceHaversine(inc.Point, b.Point)
	if da != db {
		return da < db
	}
	ta, tb := dayGap(inc.Date, a.Date), dayGap(inc.Date, b.Date)
	if ta != tb {
		return ta < tb
	}
	return ai < bi
}

func samePlace(a, b *geo.Incident) bool {
	return a.Place != nil && b.Place != nil && a.Place.ID == b.Place.ID
}

// dayGap is the distance in days, an unknown date counting as far.
func dayGap(a, b time.Time) time.Duration {
	if a.IsZero() || b.IsZero() {
		return math.MaxInt64
	}
	g := a.Sub(b)
	if g < 0 {
		g = -g
	}
	return g
}

// Combine folds a new report of the same incident into the stored one:
// the more precise place and date win, missing actors and counts are
// filled in, counts take the higher figure (later reports revise tolls
// upward), and each report raises confidence.
func Combine(old, in *geo.Incident) {
	if old.EventType == "" {
		old.EventType = in.EventType
	}
	if in.GeoPrecision > 0 && (old.GeoPrecision == 0 || in.GeoPrecision < old.GeoPrecision) {
		old.Place, old.PlaceText, old.Point, old.GeoPrecision = in.Place, in.PlaceText, in.Point, in.GeoPrecision
	}
	if !in.Date.IsZero() && (old.Date.IsZero() ||
		in.DatePrecision > 0 && (old.DatePrecision == 0 || in.DatePrecision < old.DatePrecision)) {
		old.Date, old.DatePrecision = in.Date, in.DatePrecision
	}
	old.Actor1 = betterActor(old.Actor1, in.Actor1)
	old.Actor2 = betterActor(old.Actor2, in.Actor2)
	old.Killed = maxCount(old.Killed, in.Killed)
	old.Injured = maxCount(old.Injured, in.Injured)
	old.Confidence = math.Round((1-(1-old.Confidence)*(1-in.Confidence))*1000) / 1000
	old.Primary = old.Primary || in.Primary
}

// unidentified is the actor label that says nothing about who acted.
const unidentified = "Unidentified"

func betterActor(old, in string) string {
	if old == "" || old == unidentified && in != "" {
		return in
	}
	return old
}

func maxCount(a, b *int) *int {
	switch {
	case a == nil:
		return b
	case b == nil || *a >= *b:
		return a
	}
	return b
}

// AppendEvidence adds the passages of more that prev lacks.
func AppendEvidence(prev, more []geo.Evidence) []geo.Evidence {
	out := append([]geo.Evidence(nil), prev...)
next:
	for _, e := range more {
		for _, p := range out {
			if p == e {
				continue next
			}
		}
		out = append(out, e)
	}
	return out
}

// UnresolvedKey groups the spellings of an unplaced name: its folded
// form, or the text itself when folding leaves nothing.
func UnresolvedKey(text string) string {
	if k := arabicFold(text); k != "" {
		return k
	}
	return text
}
