package geoparse_test

import (
	"testing"

	"github.com/incidentmap/incidentmap/geo"
)

// TestCountryAdjectiveWithArticle: "السعودية" is the country and the
// adjective "Saudi"; after a feminine or plural word with the article it
// agrees with that word ("القوات السعودية"), elsewhere it names the
// country ("إلى السعودية", "اليمن والسعودية").
func TestCountryAdjectiveWithArticle(t *testing.T) {
	for _, tt := range []struct {
		text    string
		country bool
	}{
		{"شنت القوات السعودية غارات على مواقع حدودية", false},
		{"أعلنت السلطات السعودية إغلاق المعبر", false},
		{"رست الناقلة قرب المدينة الساحلية السعودية", false},
		{"عاد الوفد إلى السعودية بعد جولة مفاوضات", true},
		{"تمتد الحدود بين اليمن والسعودية مئات الكيلومترات", true},
	} {
		t.Run(tt.text, func(t *testing.T) {
			got := false
			for _, p := range parse(t, tt.text).Places {
				got = got || p.Place.Kind == geo.KindCountry && p.Place.CountryCode == "SA"
			}
			if got != tt.country {
				t.Errorf("Saudi Arabia placed: %v, want %v", got, tt.country)
			}
		})
	}
}
