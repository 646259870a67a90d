package store

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/merge"
	orbgeo "github.com/paulmach/orb/geo"
)

// Merge candidates come from the R*Tree: the same sub-event type within
// ±searchKm of the point and, for a dated report, within ±merge.MaxDays
// or undated. merge.Same has the last word.
const (
	candidatesDated = `SELECT ` + incidentColumns + incidentFrom + `
		WHERE i.sub_event_type = ?1 AND i.id IN (
			SELECT id FROM incidents_rtree WHERE min_lon <= ?3 AND max_lon >= ?2
				AND min_lat <= ?5 AND max_lat >= ?4 AND min_day <= ?7 AND max_day >= ?6
			UNION ALL
			SELECT id FROM incidents_rtree WHERE min_lon <= ?3 AND max_lon >= ?2
				AND min_lat <= ?5 AND max_lat >= ?4 AND max_day <= ?8)`
	candidatesUndated = `SELECT ` + incidentColumns + incidentFrom + `
		WHERE i.sub_event_type = ?1 AND i.id IN (
			SELECT id FROM incidents_rtree WHERE min_lon <= ?3 AND max_lon >= ?2
				AND min_lat <= ?5 AND max_lat >= ?4)`
)

// kmPerDegree is the length of a degree of latitude.
const kmPerDegree = 111.32

// searchKm is the widest distance merge.Same may accept: a stored
// report's precision is not known before it is read, so the search
// allows for a vague one.
const searchKm = max(merge.MaxKm, merge.MaxKmVague)

// mergeTarget finds the stored incident that inc reports again, if any:
// among those merge.Same accepts, the one at the same place, then the
// nearest, then the closest in time, then the oldest.
func (d *deriver) mergeTarget(ctx context.Context, inc *geo.Incident) (geo.Incident, bool, error) {
	lon, lat := inc.Point.Lon(), inc.Point.Lat()
	dLat := searchKm / kmPerDegree
	dLon := searchKm / (kmPerDegree * math.Max(math.Cos(lat*math.Pi/180), 0.01))
	box := []any{inc.SubEventType, micro(lon - dLon), micro(lon + dLon), micro(lat - dLat), micro(lat + dLat)}
	query := candidatesUndated
	if !inc.Date.IsZero() {
		day := dayNumber(inc.Date)
		query = candidatesDated
		box = append(box, day-merge.MaxDays, day+merge.MaxDays, noDay)
	}
	rows, err := d.query(ctx, query, box...)
	if err != nil {
		return geo.Incident{}, false, fmt.Errorf("merge candidates: %w", err)
	}
	defer rows.Close()
	var best geo.Incident
	var bestID int64
	found := false
	for rows.Next() {
		c, id, err := scanIncident(rows)
		if err != nil {
			return geo.Incident{}, false, err
		}
		if !merge.Same(&c, inc) {
			continue
		}
		if !found || better(inc, &c, id, &best, bestID) {
			best, bestID, found = c, id, true
		}
	}
	if err := rows.Err(); err != nil {
		return geo.Incident{}, false, fmt.Errorf("merge candidates: %w", err)
	}
	return best, found, nil
}

// better reports whether candidate a (id ai) fits inc better than b.
func better(inc, a *geo.Incident, ai int64, b *geo.Incident, bi int64) bool {
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

// combine folds a new report of the same incident into the stored one:
// the more precise place and date win, missing actors and counts are
// filled in, counts take the higher figure (later reports revise tolls
// upward), and each report raises confidence.
func combine(old, in *geo.Incident) {
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
