package geoparse_test

import "testing"

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
