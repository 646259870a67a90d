package geoparse_test

import (
	"testing"

	"github.com/incidentmap/incidentmap/geo"
)

// TestNameWithoutItsClassWord: a table's "معبر X" is found by the bare X
// after a cue, but the text that writes X after another class word
// ("منطقة X") names the place that bears X bare; after its own class
// word it is still that feature.
func TestNameWithoutItsClassWord(t *testing.T) {
	for _, tt := range []struct{ text, name, id string }{
		{"حلقت طائرات استطلاع فوق منطقة التنف طوال النهار", "التنف", "curated:mil-sy-tanf"},
		{"أغلقت السلطات معبر التنف أمام الشاحنات", "معبر التنف", "curated:xing-sy-tanf"},
	} {
		t.Run(tt.text, func(t *testing.T) {
			gp := parse(t, tt.text)
			p := found(gp, tt.name)
			if p == nil || p.Place.ID != tt.id {
				t.Errorf("%q: want %s, got %v", tt.name, tt.id, names(gp))
			}
		})
	}
}

// TestFacilityOfAnotherFeature: a facility the gazetteer names only with
// the class word of another feature ("ميناء X", a port) is not the one a
// cue of a base introduces ("قاعدة X الجوية"): the name stays unresolved,
// whole. A facility that also bears the cue's class word is still found.
func TestFacilityOfAnotherFeature(t *testing.T) {
	// Khor al-Zubair is held only as a port ("ميناء خور الزبير"); Osman
	// Digna, the earlier example, now has its air base row.
	gp := parse(t, "أعلن الجيش إسقاط مسيرات حاولت ضرب قاعدة خور الزبير بعد منتصف الليل")
	if p := found(gp, "خور الزبير"); p != nil {
		t.Errorf("the base drawn at %s (%s)", p.Place.Name, p.Place.ID)
	}
	if len(gp.Unresolved) != 1 || gp.Unresolved[0].Mentions[0].Text != "خور الزبير" {
		t.Errorf("want the base unresolved, whole: %v", names(gp))
	}
	gp = parse(t, "سقطت قذائف قرب حقل غاز كونيكو مساء أمس")
	if p := found(gp, "غاز كونيكو"); p == nil || p.Place.ID != "curated:en-sy-conoco" {
		t.Errorf("want the Conoco field: %v", names(gp))
	}
}

// TestFeatureNamedForCityAbroad: a feature named by its class word and a
// prominent city it lies by ("مطار بغداد") is placed even in an article
// about another country, as the city would be.
func TestFeatureNamedForCityAbroad(t *testing.T) {
	gp := parse(t, "قصف متبادل في ريف حلب وإدلب\n"+
		"قصفت المدفعية مواقع في ريف حلب الغربي وأطراف إدلب.\n"+
		"وسقطت قذائف على سراقب ومعرة النعمان وأريحا وجسر الشغور.\n"+
		"وشهدت حماة وحمص اشتباكات متقطعة، فيما حلق الطيران فوق دمشق ودرعا.\n"+
		"وجاء التصعيد بعد أيام من هجوم صاروخي استهدف محيط مطار بغداد.")
	if p := found(gp, "مطار بغداد"); p == nil || p.Place.ID != "curated:airp-iq-baghdad" {
		t.Errorf("want Baghdad's airport: %v", names(gp))
	}
}

// TestAreaNamedAfterRiver: an area or a town a cue introduces under a
// river's name ("إقليم الفرات", "ناحية الخابور") is not the river; a
// bridge named after one is on it.
func TestAreaNamedAfterRiver(t *testing.T) {
	for _, text := range []string{
		"حمّل مسؤولو إقليم الفرات القوات التركية المسؤولية",
		"سيطرت القوات على ناحية الخابور",
	} {
		t.Run(text, func(t *testing.T) {
			for _, p := range parse(t, text).Places {
				if p.Place.Kind == geo.KindRiver {
					t.Errorf("%q drawn at the river %s", p.Mentions[0].Text, p.Place.Name)
				}
			}
		})
	}
	if p := found(parse(t, "تضرر جسر وادي غزة جراء القصف"), "وادي غزة"); p == nil {
		t.Errorf("the bridge is on the wadi")
	}
}
