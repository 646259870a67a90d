package geoparse_test

import (
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// coverageCase is one sentence we wrote that names a place of a curated
// class: the geoparser must find the name and place it within km of the
// point.
type coverageCase struct {
	sentence string
	name     string // as the sentence writes it, proclitics excluded
	lat, lon float64
	km       float64
}

// checkCoverage runs each case as a subtest named after its place.
func checkCoverage(t *testing.T, cases []coverageCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			gp := parse(t, c.sentence)
			tp := mentionOf(gp, c.name)
			if tp == nil {
				t.Fatalf("%q not found in %q; found %v", c.name, c.sentence, names(gp))
			}
			if tp.Place == nil {
				t.Fatalf("%q found but not placed", c.name)
			}
			want := orb.Point{c.lon, c.lat}
			if d := orbgeo.DistanceHaversine(tp.Place.Point, want) / 1000; d > c.km {
				t.Errorf("%q placed at %s %v, %.1f km from %v (limit %.0f km)", c.name, tp.Place.ID, tp.Place.Point, d, want, c.km)
			}
		})
	}
}

// mentionOf returns the resolved place one of whose mentions holds name
// (the mention may include a cue word or a proclitic).
func mentionOf(gp geo.Geoparse, name string) *geo.Toponym {
	for i := range gp.Places {
		for _, m := range gp.Places[i].Mentions {
			if strings.Contains(m.Text, name) {
				return &gp.Places[i]
			}
		}
	}
	return nil
}
