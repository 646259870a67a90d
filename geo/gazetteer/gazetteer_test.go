package gazetteer

import (
	"testing"

	"github.com/incidentmap/incidentmap/geo"
)

// TestSpellings checks that a place is found by the spellings reports
// use: run together or split, with or without the article, Maghrebi and
// Persian letters, the name without its class word only as such.
func TestSpellings(t *testing.T) {
	g := New([]geo.Place{
		{ID: "t:abushouk", NameAr: "أبوشوك", Kind: geo.KindFacility},
		{ID: "t:omdurman", NameAr: "أم درمان", Kind: geo.KindCity},
		{ID: "t:portsudan", NameAr: "بورتسودان", Kind: geo.KindCity},
		{ID: "t:guelma", NameAr: "قالمة", Kind: geo.KindCity},
		{ID: "t:darfur", NameAr: "ولاية شمال دارفور", Names: []string{"شمال دارفور"}, Kind: geo.KindAdmin1},
		{ID: "t:field", NameAr: "حقل العمر", Kind: geo.KindFacility},
	})
	tests := []struct {
		written      string
		id           string
		classRemoved bool
	}{
		{"أبو شوك", "t:abushouk", false},
		{"أبوشوك", "t:abushouk", false},
		{"أمدرمان", "t:omdurman", false},
		{"بور سودان", "t:portsudan", false},
		{"ڨالمة", "t:guelma", false},
		{"شمال دارفور", "t:darfur", false}, // also given whole: no class word needed
		{"العمر", "t:field", true},
	}
	for _, tt := range tests {
		t.Run(tt.written, func(t *testing.T) {
			key, _ := Key(tt.written)
			es := g.LookupBytes([]byte(key))
			if len(es) != 1 || g.Place(es[0].Place).ID != tt.id {
				t.Fatalf("%q (key %q) → %d entries, want %s", tt.written, key, len(es), tt.id)
			}
			if got := es[0].Flags&ClassStripped != 0; got != tt.classRemoved {
				t.Errorf("class stripped %v, want %v", got, tt.classRemoved)
			}
		})
	}
}
