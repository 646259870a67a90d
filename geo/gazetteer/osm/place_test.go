package osm

import (
	"reflect"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
	osmapi "github.com/paulmach/osm"
)

func TestPlace(t *testing.T) {
	always := func(string) bool { return true }
	pt := orb.Point{38.1, 35.9}
	tests := []struct {
		name      string
		tags      osmapi.Tags
		keepLatin func(string) bool
		ok        bool
		want      geo.Place
	}{
		{
			name: "arabic town",
			tags: tagsOf("place", "town", "name", "الميادين", "name:ar", "الميادين", "name:en", "Al Mayadin",
				"alt_name:ar", "الميادين الجديدة;ميادين", "population", "44,000", "is_in:country_code", "sy"),
			ok: true,
			want: geo.Place{
				ID: "osm:node/1", Name: "Al Mayadin", NameAr: "الميادين", Names: []string{"الميادين الجديدة", "ميادين"},
				Kind: geo.KindTown, FeatureCode: "PPL", CountryCode: "SY", Point: pt, Population: 44000, Source: Source,
			},
		},
		{
			name:      "arabic town keeps latin names when asked",
			tags:      tagsOf("place", "village", "name", "تل أبيض", "name:en", "Tell Abyad", "int_name", "Tall Abyad"),
			keepLatin: always,
			ok:        true,
			want: geo.Place{
				ID: "osm:node/1", Name: "Tell Abyad", NameAr: "تل أبيض", Names: []string{"Tall Abyad"},
				Kind: geo.KindVillage, FeatureCode: "PPL", Point: pt, Source: Source,
			},
		},
		{
			name: "latin only dropped",
			tags: tagsOf("place", "village", "name", "Akçakale"),
		},
		{
			name:      "latin only kept for its country",
			tags:      tagsOf("place", "village", "name", "Akçakale", "addr:country", "TR", "population", "about 30000"),
			keepLatin: func(c string) bool { return c == "TR" },
			ok:        true,
			want: geo.Place{
				ID: "osm:node/1", Name: "Akçakale", Kind: geo.KindVillage, FeatureCode: "PPL",
				CountryCode: "TR", Point: pt, Source: Source,
			},
		},
		{
			name:      "latin only, other country",
			tags:      tagsOf("place", "village", "name", "Akçakale", "addr:country", "TR"),
			keepLatin: func(c string) bool { return c == "SY" },
		},
		{
			name: "bridge named by bridge:name",
			tags: tagsOf("highway", "primary", "bridge", "yes", "name", "طريق الكورنيش", "bridge:name:ar", "الجسر المعلق"),
			ok:   true,
			want: geo.Place{
				ID: "osm:node/1", NameAr: "الجسر المعلق",
				Kind: geo.KindBridge, FeatureCode: "BDG", Point: pt, Source: Source,
			},
		},
		{
			name:      "no name",
			tags:      tagsOf("place", "hamlet"),
			keepLatin: always,
		},
		{
			name: "not a place",
			tags: tagsOf("shop", "bakery", "name", "فرن"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Place("osm:node/1", tt.tags, pt, tt.keepLatin)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v (%+v)", ok, tt.ok, got)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("place =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestPopulationAndCountry(t *testing.T) {
	tests := []struct {
		tags    osmapi.Tags
		pop     int64
		country string
	}{
		{tagsOf("population", "1200"), 1200, ""},
		{tagsOf("population", "1 200 000"), 1200000, ""},
		{tagsOf("population", "~500"), 0, ""},
		{tagsOf("addr:country", "iq"), 0, "IQ"},
		{tagsOf("addr:country", "Iraq", "is_in:country_code", "IQ"), 0, "IQ"},
		{tagsOf("addr:country", "Iraq"), 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.tags.Find("population")+tt.tags.Find("addr:country"), func(t *testing.T) {
			if got := Population(tt.tags); got != tt.pop {
				t.Errorf("Population = %d, want %d", got, tt.pop)
			}
			if got := Country(tt.tags); got != tt.country {
				t.Errorf("Country = %q, want %q", got, tt.country)
			}
		})
	}
}
