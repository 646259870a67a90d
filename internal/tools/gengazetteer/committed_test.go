package main

import (
	"testing"

	"github.com/incidentmap/incidentmap/geo/gazetteer/embedded"
)

// TestCommittedTable checks the committed GeoNames table: whole, sorted,
// with its provenance, and right on a few well-known places. make
// gazetteer-check verifies that it is exactly what the generator makes.
func TestCommittedTable(t *testing.T) {
	f, err := embedded.FS().Open("data/geonames-cities500.tsv.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	places, err := embedded.AppendTable(nil, f, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(places) < 20000 {
		t.Fatalf("%d places, want over 20,000", len(places))
	}
	for i, p := range places {
		if p.Source != Source {
			t.Fatalf("%s: source %q", p.ID, p.Source)
		}
		if i > 0 && p.GeonameID <= places[i-1].GeonameID {
			t.Fatalf("%s: not sorted by geonameid", p.ID)
		}
	}
	byID := map[string]string{}
	for _, p := range places {
		byID[p.ID] = p.NameAr
	}
	tests := []struct{ id, nameAr string }{
		{"geonames:170654", "دمشق"},  // Damascus
		{"geonames:170063", "حلب"},   // Aleppo
		{"geonames:99532", "البصرة"}, // Basrah
		{"geonames:276781", "بيروت"}, // Beirut
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			if got := byID[tt.id]; got != tt.nameAr {
				t.Errorf("NameAr = %q, want %q", got, tt.nameAr)
			}
		})
	}
}
