package extract_test

import (
	"testing"

	"github.com/incidentmap/incidentmap/geo"
)

// TestKickerAboveHeadline: a section or outlet label above the headline
// ("أخبار عربية", "تقارير") is no headline; the line under it is, so a
// headline that only sums the body's events up at a country is dropped
// for the precise ones, as when the headline is the first line.
func TestKickerAboveHeadline(t *testing.T) {
	const headline = "مواجهات بين الجيش ومسلحين في سوريا تخلف قتلى\n"
	const body = "وقالت مصادر ميدانية إن مسلحين هاجموا حاجزا للجيش عند مدخل مدينة الصنمين فجر الخميس، واشتبكوا مع عناصره لساعتين.\n"
	for _, tc := range []struct{ name, kicker string }{
		{"no kicker", ""},
		{"a kicker of two words", "تقارير ميدانية\n"},
		{"a kicker of one word", "عاجل\n\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins := incidents(t, tc.kicker+headline+body, thursday)
			precise := false
			for _, in := range ins {
				if in.Place != nil && in.Place.Kind == geo.KindCountry {
					t.Errorf("an incident at the country the headline sums up:%s", describe(ins))
				}
				precise = precise || in.PlaceText == "الصنمين"
			}
			if !precise {
				t.Errorf("no incident at الصنمين:%s", describe(ins))
			}
		})
	}
}
