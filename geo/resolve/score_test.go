package resolve

import (
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/recognize"
	"github.com/paulmach/orb"
)

// TestStrippedScore: a place found by its name without its class word
// loses its main-name bonus and a little more unless the cue is that
// class word (or its plural or dual).
func TestStrippedScore(t *testing.T) {
	crossing := &geo.Place{NameAr: "معبر الوادي", Names: []string{"Wadi crossing"}}
	stripped := gazetteer.Entry{Flags: gazetteer.ClassStripped | gazetteer.Primary}
	whole := gazetteer.Entry{Flags: gazetteer.Primary}
	for _, tt := range []struct {
		name string
		e    gazetteer.Entry
		cue  string
		want float64
	}{
		{"after its own class word", stripped, "معبر", 0},
		{"after the dual of its class word", stripped, "معبري", 0},
		{"after another class word", stripped, "منطقه", wOtherClass - wPrimaryName},
		{"named whole", whole, "منطقه", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := strippedScore(crossing, tt.e, "وادي", tt.cue); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestOnSide: a place lies on the side of a settlement's point the text
// says, with some slack; a province's or a country's point is no middle
// to take sides of.
func TestOnSide(t *testing.T) {
	city := &geo.Place{Kind: geo.KindCity, Point: orb.Point{37.0, 36.0}}
	country := &geo.Place{Kind: geo.KindCountry, Point: orb.Point{37.0, 36.0}}
	north := &geo.Place{Point: orb.Point{37.0, 36.3}}
	south := &geo.Place{Point: orb.Point{37.0, 35.7}}
	nearSouth := &geo.Place{Point: orb.Point{37.0, 35.95}}
	for _, tt := range []struct {
		name  string
		p, c  *geo.Place
		sides recognize.Sides
		want  bool
	}{
		{"north of the city", north, city, recognize.North, true},
		{"south of the city", south, city, recognize.North, false},
		{"just south, within the slack", nearSouth, city, recognize.North, true},
		{"no side stated", south, city, 0, true},
		{"a country's side", south, country, recognize.North, true},
		{"north and west, on the line", north, city, recognize.North | recognize.West, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := onSide(tt.p, tt.c, tt.sides); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
