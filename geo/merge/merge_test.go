package merge

import (
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
)

func TestSame(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }
	field := &geo.Place{ID: "curated:field"}
	village := &geo.Place{ID: "geonames:1"}
	at := func(p *geo.Place, lon, lat float64, date time.Time, prec int) *geo.Incident {
		return &geo.Incident{SubEventType: "Air/drone strike", Place: p, Point: orb.Point{lon, lat}, Date: date, GeoPrecision: prec}
	}
	tests := []struct {
		name string
		a, b *geo.Incident
		want bool
	}{
		{"same place same day", at(field, 40.3, 35.3, day(8), 1), at(field, 40.3, 35.3, day(8), 1), true},
		{"a day apart", at(field, 40.3, 35.3, day(8), 1), at(field, 40.3, 35.3, day(9), 1), true},
		{"two days apart", at(field, 40.3, 35.3, day(8), 1), at(field, 40.3, 35.3, day(10), 1), false},
		{"3 km apart", at(field, 40.3, 35.3, day(8), 1), at(village, 40.33, 35.3, day(8), 1), true},
		{"20 km apart, precise", at(field, 40.3, 35.3, day(8), 1), at(village, 40.52, 35.3, day(8), 1), false},
		{"20 km apart, one vague", at(field, 40.3, 35.3, day(8), 1), at(village, 40.52, 35.3, day(8), 2), true},
		{"unknown date, same place", at(field, 40.3, 35.3, time.Time{}, 1), at(field, 40.3, 35.3, day(8), 1), true},
		{"unknown date, other place", at(field, 40.3, 35.3, time.Time{}, 1), at(village, 40.33, 35.3, day(8), 1), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Same(tc.a, tc.b); got != tc.want {
				t.Errorf("Same = %v, want %v", got, tc.want)
			}
		})
	}
	t.Run("other sub-event type", func(t *testing.T) {
		a, b := at(field, 40.3, 35.3, day(8), 1), at(field, 40.3, 35.3, day(8), 1)
		b.SubEventType = "Armed clash"
		if Same(a, b) {
			t.Error("merged different sub-event types")
		}
	})
}
