package lexicon

import (
	"slices"
	"testing"
)

func TestInflect(t *testing.T) {
	tests := []struct {
		form, spec string
		want       []string // must be among the forms
		not        []string // must not be
	}{
		{"قصف", "verb", []string{"قصف", "قصفت", "قصفوا", "قصفا", "يقصف", "تقصف", "يقصفون", "قصفها", "قصفوه", "قصفتهم"}, nil},
		{"استهدف", "verb", []string{"استهدفت", "يستهدف", "تستهدفان", "استهدفتها", "يستهدفون"}, []string{"ياستهدف"}},
		{"أطلق النار", "verb", []string{"أطلق النار", "أطلقت النار", "أطلقوا النار", "يطلق النار", "تطلق النار"}, nil},
		{"هاجم", "verb", []string{"هاجمت", "يهاجم", "يهاجمون", "هاجموا"}, nil},
		{"أصاب", "verb:صيب", []string{"أصابت", "يصيب", "تصيب"}, []string{"يصاب"}},
		{"تصدى", "verb", []string{"تصدى", "تصدت", "تصدوا", "يتصدى", "تتصدى", "يتصدون"}, nil},
		{"غارة", "noun", []string{"غارة", "غارتين", "غارتان", "غارتها", "غارته"}, []string{"غارةا"}},
		{"غارات", "noun", []string{"غارات", "غاراتها"}, []string{"غاراتين"}},
		{"هجوم", "noun", []string{"هجوما", "هجومين", "هجومها"}, nil},
		{"إسرائيلي", "nisba", []string{"إسرائيلية", "إسرائيليين", "إسرائيليا", "إسرائيليتين", "إسرائيليات"}, nil},
		{"قوات", "", []string{"قوات"}, []string{"قواتها"}},
	}
	for _, tt := range tests {
		t.Run(tt.form+"/"+tt.spec, func(t *testing.T) {
			got, err := Inflect(tt.form, tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("%q missing from %q", w, got)
				}
			}
			for _, w := range tt.not {
				if slices.Contains(got, w) {
					t.Errorf("%q should not be among %q", w, got)
				}
			}
		})
	}
	for _, bad := range [][2]string{{"قصف", "verbs"}, {"عسكري", "noun:x"}, {"عسكر", "nisba"}} {
		if _, err := Inflect(bad[0], bad[1]); err == nil {
			t.Errorf("Inflect(%q, %q): no error", bad[0], bad[1])
		}
	}
}
