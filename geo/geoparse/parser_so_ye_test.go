package geoparse_test

import (
	"strings"
	"testing"
)

// TestNewConjunctIsNoContainer: a place after a new conjunct ("X،
// ومخزنا في Y") locates that conjunct, not X: the district named before
// it is not lost to a village of the name near Y.
func TestNewConjunctIsNoContainer(t *testing.T) {
	gp := parse(t, "سمع دوي انفجارات في مدينة عدن. وقصفت الطائرات معسكرا في مديرية المنصورة، ومخزنا للذخيرة في مدينة مأرب.")
	p := found(gp, "المنصورة")
	if p == nil || p.Place == nil || !strings.Contains(p.Place.Name, "Mansura District") {
		t.Errorf("المنصورة not Aden's district: %v", names(gp))
	}
}

// TestTwoWordTransliteratedName: a name of two words after a cue that
// the gazetteer lacks in this Arabic spelling is found whole when a
// romanised name of the region spells it ("حي حامر ويني": Hamar Weyne),
// not cut after its first word.
func TestTwoWordTransliteratedName(t *testing.T) {
	gp := parse(t, "سقطت قذائف هاون على حي حامر ويني وسط مقديشو.")
	p := found(gp, "حامر ويني")
	if p == nil || p.Place == nil || !strings.Contains(p.Place.Name, "Hamar Weyne") {
		t.Errorf("حامر ويني not Mogadishu's Hamar Weyne: %v", names(gp))
	}
}
