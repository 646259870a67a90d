package merge

import (
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
)

func TestSame(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }
	field := &geo.Place{ID: "curated:field", NameAr: "حقل"}
	village := &geo.Place{ID: "geonames:1", NameAr: "قرية", CountryCode: "SY", Admin1: "07"}
	province := &geo.Place{ID: "curated:province", NameAr: "محافظة", Kind: geo.KindAdmin1, CountryCode: "SY", Admin1: "07"}
	otherProvince := &geo.Place{ID: "curated:other", NameAr: "أخرى", Kind: geo.KindAdmin1, CountryCode: "SY", Admin1: "01"}
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
		{"unknown dates, one vague", at(field, 40.3, 35.3, time.Time{}, 2), at(field, 40.3, 35.3, time.Time{}, 1), true},
		{"unknown date, the province", at(province, 40.9, 35.0, time.Time{}, 3), at(province, 40.9, 35.0, day(8), 3), false},
		{"the province and a place in it", at(province, 40.9, 35.0, day(8), 3), at(village, 40.33, 35.3, day(8), 1), true},
		{"a province next door", at(otherProvince, 40.9, 35.0, day(8), 3), at(village, 40.33, 35.3, day(8), 1), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Same(tc.a, tc.b); got != tc.want {
				t.Errorf("Same = %v, want %v", got, tc.want)
			}
		})
	}
	// Undated reports of different events at one town (issue 9): another
	// attacker or another toll keeps them apart.
	t.Run("undated, other attacker", func(t *testing.T) {
		a, b := at(field, 40.3, 35.3, time.Time{}, 1), at(field, 40.3, 35.3, time.Time{}, 1)
		a.Actor1, b.Actor1 = "Israel", "Hezbollah"
		if Same(a, b) {
			t.Error("merged two attackers' undated strikes")
		}
		b.Actor1 = "Unidentified"
		if !Same(a, b) {
			t.Error("an unknown attacker contradicts nothing")
		}
	})
	t.Run("two unplaced villages near one town", func(t *testing.T) {
		a, b := at(village, 40.33, 35.3, day(8), 2), at(village, 40.33, 35.3, day(8), 2)
		a.PlaceText, b.PlaceText = "الضيعة", "الكرمة"
		if Same(a, b) {
			t.Error("merged two villages located by one town")
		}
		b.PlaceText = "ضيعة"
		if !Same(a, b) {
			t.Error("the same village spelt with and without the article did not merge")
		}
	})
	t.Run("other sub-event type", func(t *testing.T) {
		a, b := at(field, 40.3, 35.3, day(8), 1), at(field, 40.3, 35.3, day(8), 1)
		b.SubEventType = "Armed clash"
		if Same(a, b) {
			t.Error("merged different sub-event types")
		}
	})
}
