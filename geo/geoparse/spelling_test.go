package geoparse_test

import (
	"testing"

	"github.com/incidentmap/incidentmap/geo"
)

// TestHamzaBelowIsNoCue: "إحياء" (a commemoration) folds as the cue
// "أحياء" (quarters) does; the country after it is the country.
func TestHamzaBelowIsNoCue(t *testing.T) {
	gp := parse(t, "جاء الهجوم عقب إحياء إيران ذكرى الحرب")
	p := found(gp, "إيران")
	if p == nil || p.Place.Kind != geo.KindCountry {
		t.Fatalf("إيران not the country: %v", names(gp))
	}
	if p.Cue != "" {
		t.Errorf("إيران after the cue %q", p.Cue)
	}
}
