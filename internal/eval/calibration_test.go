package eval

import (
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
)

func TestCalibrate(t *testing.T) {
	a := &Article{Toponyms: []Toponym{
		{Text: "حلب", Occurrences: []Occurrence{{Start: 0, End: 3}}, Lat: 36.2, Lon: 37.16},
		{Text: "واشنطن", Occurrences: []Occurrence{{Start: 10, End: 16}}, Role: RoleMetonymic, Lat: 38.9, Lon: -77},
	}}
	place := func(lon, lat, conf float64, start, end int) geo.Toponym {
		return geo.Toponym{Place: &geo.Place{Point: orb.Point{lon, lat}}, Confidence: conf,
			Mentions: []geo.Mention{{Start: start, End: end}}}
	}
	g := &geo.Geoparse{Places: []geo.Toponym{
		place(37.16, 36.2, 0.95, 0, 3), // right, top bin
		place(40.0, 30.0, 0.3, 0, 3),   // overlaps, far: wrong, bin 1
		place(10, 10, 0.1, 20, 25),     // overlaps nothing: wrong, bin 0
		place(-77, 38.9, 0.5, 10, 16),  // metonymic only: left out
		place(37.16, 36.2, 1.0, 0, 3),  // confidence 1 falls in the top bin
	}}
	bins := newCalibration()
	calibrate(bins, a, g)
	finishCalibration(bins)
	want := []struct{ places, right int }{{1, 0}, {1, 0}, {0, 0}, {0, 0}, {2, 2}}
	for i, w := range want {
		if bins[i].Places != w.places || bins[i].Right != w.right {
			t.Errorf("bin %d: %d places, %d right; want %d, %d", i, bins[i].Places, bins[i].Right, w.places, w.right)
		}
	}
	if bins[4].Share != 1 {
		t.Errorf("top bin share %v", bins[4].Share)
	}
}

func TestCalibrateIncidents(t *testing.T) {
	sys := []geo.Incident{{Confidence: 0.1}, {Confidence: 0.5}, {Confidence: 0.95}, {Confidence: 1}}
	bins := newIncidentCalibration()
	calibrateIncidents(bins, sys, []int{2, -1, 1})
	finishIncidentCalibration(bins)
	want := []struct{ incidents, matched int }{{1, 0}, {0, 0}, {1, 1}, {0, 0}, {2, 1}}
	for i, w := range want {
		if bins[i].Incidents != w.incidents || bins[i].Matched != w.matched {
			t.Errorf("bin %d: %d incidents, %d matched; want %d and %d", i, bins[i].Incidents, bins[i].Matched, w.incidents, w.matched)
		}
	}
	if bins[4].Share != 0.5 {
		t.Errorf("share of the top bin = %v, want 0.5", bins[4].Share)
	}
}
