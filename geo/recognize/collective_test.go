package recognize

import (
	"slices"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/arabic"
)

// TestCollectiveCue: a plural cue before one name says the name holds
// places of the cue's kind, so a city or an area fits it; before a list
// each item is of the cue's kind; a singular cue keeps its kind.
func TestCollectiveCue(t *testing.T) {
	r := testRecognizer(t)
	for _, tt := range []struct {
		name, text string
		key        string
		kind       geo.Kind
		fits       bool // whether a place of that kind fits the name's cue
	}{
		{"quarters of a city", "قصف الطيران أحياء حلب الشرقية", "حلب", geo.KindCity, true},
		{"camps of a city", "نزح السكان من مخيمات الرقة", "رقه", geo.KindCity, true},
		{"towns of a province", "تجول الوفد في مدن العزيز", "عزيز", geo.KindAdmin1, true},
		{"a quarter alone", "قصف الطيران حي حلب", "حلب", geo.KindCity, false},
		{"a list of quarters", "قصف الطيران أحياء حلب والرقة", "حلب", geo.KindCity, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cands := r.Recognize(tt.text, arabic.Tokens(tt.text))
			i := slices.IndexFunc(cands, func(c Candidate) bool { return c.Key == tt.key })
			if i < 0 {
				t.Fatalf("%q: %s not found", tt.text, tt.key)
			}
			if got := KindFits(tt.kind, cands[i].CueKinds); got != tt.fits {
				t.Errorf("%q: %s fits %v: %v, want %v", tt.text, tt.kind, cands[i].CueKinds, got, tt.fits)
			}
		})
	}
}

// TestDualListsTwo: a dual cue names two places; a word after the second
// ("، وفق مصادر", "، لملاحقة") is no third name of the list, while a
// plural cue's list goes on.
func TestDualListsTwo(t *testing.T) {
	r := testRecognizer(t)
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"قصفت المدفعية قريتي الضيعة والكرمة، وفق مصادر محلية", []string{"ضيعه", "كرمه"}},
		{"تواصل القوات عملياتها في مدينتي الرقة وحلب، لملاحقة فلول التنظيم", []string{"رقه", "حلب"}},
		{"قصفت المدفعية قرى الضيعة والكرمة وزبدين", []string{"ضيعه", "كرمه", "زبدين"}},
	} {
		t.Run(tt.text, func(t *testing.T) {
			if got := recognized(r, tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
