package geoparse_test

import (
	"testing"

	"github.com/incidentmap/incidentmap/geo"
)

// TestCollectiveCueNamesContainer: a plural cue before one name names
// that place's parts ("أحياء حلب" are Aleppo's quarters): the name is the
// city or area, not a place of the cue's kind, nor left unresolved.
func TestCollectiveCueNamesContainer(t *testing.T) {
	for _, tt := range []struct {
		text, name string
		kinds      []geo.Kind // kinds the name may resolve to
	}{
		{"واصلت المدفعية قصف أحياء حلب الشرقية طوال الليل", "حلب", []geo.Kind{geo.KindCity}},
		{"تعرضت أحياء غزة لغارات متتالية منذ الفجر", "غزة", []geo.Kind{geo.KindCity, geo.KindRegion, geo.KindAdmin1}},
		{"دمرت الغارات عددا من الخيام في مخيمات غزة", "غزة", []geo.Kind{geo.KindCity, geo.KindRegion, geo.KindAdmin1}},
		{"أغلقت المحلات أبوابها في مدن الضفة الغربية احتجاجا", "الضفة الغربية", []geo.Kind{geo.KindRegion, geo.KindAdmin1}},
		{"انتشرت وحدات الجيش في قرى القلمون بعد الاتفاق", "القلمون", []geo.Kind{geo.KindRegion, geo.KindMountain}},
	} {
		t.Run(tt.text, func(t *testing.T) {
			gp := parse(t, tt.text)
			p := found(gp, tt.name)
			if p == nil {
				t.Fatalf("%q not placed: %v", tt.name, names(gp))
			}
			ok := false
			for _, k := range tt.kinds {
				ok = ok || p.Place.Kind == k
			}
			if !ok {
				t.Errorf("%q → %s (%s), want one of %v", tt.name, p.Place.Name, p.Place.Kind, tt.kinds)
			}
		})
	}
}

// TestListAfterCollectiveCue: names listed after a plural cue are each of
// its kind, even those whose bare name is a common word the table names
// only with the cue ("حي الزيتون": الزيتون is olives).
func TestListAfterCollectiveCue(t *testing.T) {
	gp := parse(t, "قصفت المدفعية أحياء الشجاعية والزيتون والتفاح شرق مدينة غزة")
	for _, w := range []string{"الشجاعية", "والزيتون", "والتفاح"} {
		p := found(gp, w)
		if p == nil {
			t.Errorf("%q not placed: %v", w, names(gp))
			continue
		}
		if p.Place.Kind != geo.KindNeighborhood {
			t.Errorf("%q → %s (%s), want a quarter", w, p.Place.Name, p.Place.Kind)
		}
	}
}

// TestCollectiveQuarterCueNoVillage: quarters belong to a town or a city:
// "أحياء X" alone is no village X far from everything the text names.
func TestCollectiveQuarterCueNoVillage(t *testing.T) {
	gp := parse(t, "سقطت قذائف هاون على أحياء الزهراء مساء أمس")
	for _, p := range gp.Places {
		if p.Place.Kind == geo.KindVillage {
			t.Errorf("%q drawn at the village %s (%s)", p.Mentions[0].Text, p.Place.Name, p.Place.ID)
		}
	}
}
