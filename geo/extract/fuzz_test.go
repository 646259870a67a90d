package extract_test

import (
	"context"
	"testing"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo/geoparse"
)

// FuzzIncidents feeds arbitrary text through the geoparser and the
// extractor: nothing may panic, evidence must lie inside the text on
// code-point boundaries and hold the text it claims, confidence must stay
// in [0, 1] and at most one incident may be primary.
func FuzzIncidents(f *testing.F) {
	for _, s := range []string{
		"قصف على البوكمال\nشنت طائرات مجهولة فجر اليوم غارات على مدينة البوكمال.",
		"سقطت قذائف على قرى الشعفة والسوسة، وقتل 3 مدنيين في 25 آذار/مارس 2023.",
		"دمشق - أطلق مجهولون النار... على مدني في حي الميدان؟! الليلة الماضية",
		"غارة\n\n\n؛؛ على، و و و قرى: ، ، والباغوز",
		"الخامس من الشهر ذاته تشرين الثاني 31 شباط",
		"",
	} {
		f.Add(s)
	}
	p := embeddedParser(f)
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		gp, err := p.Geoparse(t.Context(), text, thursday)
		if err != nil && geoparse.Check(text) == nil {
			t.Fatalf("Geoparse: %v", err)
		}
		runes := []rune(text)
		primaries := 0
		ins, err := extractor.Incidents(context.Background(), text, thursday, gp)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range ins {
			if in.Primary {
				primaries++
			}
			if in.Confidence < 0 || in.Confidence > 1 {
				t.Errorf("confidence %v", in.Confidence)
			}
			for _, e := range in.Evidence {
				if e.Start < 0 || e.End > len(runes) || e.Start > e.End {
					t.Fatalf("evidence [%d,%d) outside %d code points", e.Start, e.End, len(runes))
				}
				if string(runes[e.Start:e.End]) != e.Text {
					t.Errorf("evidence [%d,%d) reads %q, not %q", e.Start, e.End, string(runes[e.Start:e.End]), e.Text)
				}
			}
		}
		if primaries > 1 {
			t.Errorf("%d primary incidents", primaries)
		}
	})
}
