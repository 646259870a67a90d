package tileindex

import (
	"math"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// KeyZoom is the zoom of the quadkeys points are sorted by: deep enough
// that a 16×16 grid over a tile of zoom 20 is still whole cells.
const KeyZoom = 24

// noDay is the day of an undated incident: outside every interval.
const noDay = math.MinInt32

// point is what the index holds of an incident: 48 bytes, its strings
// as positions in the index's dictionaries.
type point struct {
	id              int64
	lon, lat        float32
	day             int32
	place           uint32 // in dicts.places
	kind            uint32 // in dicts.kinds: event and sub-event type
	actors          uint32 // in dicts.actors: actor1 and actor2
	killed, injured int32  // -1: not stated
	confidence      float32
	geoPrecision    uint8
	primary         bool
}

// placeNames is the place an incident names, shared by its incidents.
type placeNames struct {
	text, name, nameAr string
}

// kind is an incident's types.
type kind struct {
	event, sub string
}

// actorPair is an incident's actors.
type actorPair struct {
	actor1, actor2 string
}

// DayOf counts days from 1970-01-01 (UTC); an unknown date is before
// every day.
func DayOf(t time.Time) int32 {
	if t.IsZero() {
		return noDay
	}
	y, m, d := t.Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// dayTime is the UTC midnight of a day number.
func dayTime(d int32) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// keyOf is the quadkey a point is sorted by.
func keyOf(lon, lat float64) uint64 {
	return maptile.At(orb.Point{lon, lat}, KeyZoom).Quadkey()
}

// dicts are the strings points refer to. They only grow: a snapshot
// holds slices of them as they were, and the builder appends beyond.
type dicts struct {
	places []placeNames
	kinds  []kind
	actors []actorPair
	// subs are the distinct sub-event types, subOf a kind's position in
	// them: clusters count their members by sub-event type.
	subs  []string
	subOf []uint16
}

// incident is what the index knows of p, enough to draw it.
func (d *dicts) incident(p *point) geo.Incident {
	pl, k, a := d.places[p.place], d.kinds[p.kind], d.actors[p.actors]
	inc := geo.Incident{
		ID: store.FormatID(p.id), SubEventType: k.sub, EventType: k.event,
		Actor1: a.actor1, Actor2: a.actor2, PlaceText: pl.text,
		Point:        orb.Point{float64(p.lon), float64(p.lat)},
		GeoPrecision: int(p.geoPrecision), Primary: p.primary,
		// Confidence went through float32: round it back to what was
		// stored (three decimals).
		Confidence: math.Round(float64(p.confidence)*1000) / 1000,
	}
	if pl.name != "" || pl.nameAr != "" {
		inc.Place = &geo.Place{Name: pl.name, NameAr: pl.nameAr}
	}
	if p.day != noDay {
		inc.Date = dayTime(p.day)
	}
	if p.killed >= 0 {
		k := int(p.killed)
		inc.Killed = &k
	}
	if p.injured >= 0 {
		n := int(p.injured)
		inc.Injured = &n
	}
	return inc
}
