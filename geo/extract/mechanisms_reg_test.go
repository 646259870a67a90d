package extract_test

import (
	"testing"

	"github.com/incidentmap/incidentmap/geo"
)

// TestSidedPlaceOnlyLocates: a place named after a direction that names a
// side ("مديرية X غربي بلدة Y", also written "إلى الغرب من بلدة Y") is
// the point the side is taken from: the
// event is off that side of it, never in it, so it is no second target,
// however much finer it is than the area before it. A place listed with و
// after the side is still one.
func TestSidedPlaceOnlyLocates(t *testing.T) {
	hisn := place("hisn", "الحصن", geo.KindVillage, "YE", 43.60, 13.70)
	wadi := place("wadi", "الوادي", geo.KindAdmin2, "YE", 43.65, 13.68)
	sakhra := place("sakhra", "الصخرة", geo.KindTown, "YE", 43.90, 13.60)
	sahl := place("sahl", "السهل", geo.KindRegion, "YE", 44.20, 13.40)
	nahr := place("nahr", "النهر", geo.KindCity, "YE", 44.05, 13.55)
	rumman := place("rumman", "الرمان", geo.KindVillage, "YE", 43.95, 13.62)
	for _, tc := range []struct {
		name, text string
		places     []*geo.Place
		want       []string
	}{
		{"village in a district west of a town",
			"[untitled]\nضربت مسيّرة حوثية الخميس سوق قرية الحصن في مديرية الوادي غربي بلدة الصخرة، فقتلت بائعين اثنين.",
			[]*geo.Place{hisn, wadi, sakhra}, []string{"الحصن"}},
		{"area east of a city",
			"[untitled]\nسقطت قذائف الحوثيين الخميس على مزارع منطقة السهل شرقي مدينة النهر.",
			[]*geo.Place{sahl, nahr}, []string{"السهل"}},
		{"area lying to the east of a city",
			"[untitled]\nسقطت قذائف الحوثيين الخميس على مزارع منطقة السهل الواقعة إلى الشرق من مدينة النهر.",
			[]*geo.Place{sahl, nahr}, []string{"السهل"}},
		{"village to the north-west of a town",
			"[untitled]\nضربت مسيّرة حوثية الخميس سوق قرية الحصن في مديرية الوادي إلى الشمال الغربي من بلدة الصخرة.",
			[]*geo.Place{hisn, wadi, sakhra}, []string{"الحصن"}},
		{"a village listed after the side is hit too",
			"[untitled]\nضربت مسيّرة حوثية الخميس سوق قرية الحصن في مديرية الوادي غربي بلدة الصخرة وقرية الرمان.",
			[]*geo.Place{hisn, wadi, sakhra, rumman}, []string{"الحصن", "الرمان"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins := one(t, tc.text, thursday, tc.places...)
			var got []string
			for _, in := range ins {
				got = append(got, in.PlaceText)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("places %v, want %v:%s", got, tc.want, describe(ins))
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("places %v, want %v:%s", got, tc.want, describe(ins))
				}
			}
		})
	}
}

// TestPartsOfOneSite: two facilities one clause names as targets whose
// points lie within a kilometre (a compound inside an airport's fence)
// are one site, so one strike; facilities kilometres apart stay two.
func TestPartsOfOneSite(t *testing.T) {
	airport := place("airport", "مطار الساحل", geo.KindFacility, "SO", 45.300, 2.010)
	compound := place("compound", "مجمع النخيل", geo.KindFacility, "SO", 45.304, 2.013)
	port := place("port", "ميناء الشرق", geo.KindFacility, "SO", 45.350, 2.060)
	for _, tc := range []struct {
		name, text string
		places     []*geo.Place
		want       int
	}{
		{"a compound inside the airport",
			"[untitled]\nأطلق مسلحو الشباب الخميس قذائف هاون على مطار الساحل ومجمع النخيل المجاور له.",
			[]*geo.Place{airport, compound}, 1},
		{"an airport and a port apart",
			"[untitled]\nأطلق مسلحو الشباب الخميس قذائف هاون على مطار الساحل وميناء الشرق.",
			[]*geo.Place{airport, port}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if ins := one(t, tc.text, thursday, tc.places...); len(ins) != tc.want {
				t.Errorf("%d incidents, want %d:%s", len(ins), tc.want, describe(ins))
			}
		})
	}
}
