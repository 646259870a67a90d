package geonames

import (
	"reflect"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
)

func TestPlace(t *testing.T) {
	tests := []struct {
		name      string
		row       Row
		keepLatin bool
		ok        bool
		want      geo.Place
	}{
		{
			name: "arabic name, latin dropped",
			row: Row{
				GeonameID: 170063, Name: "Aleppo", ASCIIName: "Aleppo", Class: "P", Code: "PPLA", CountryCode: "SY",
				Admin1: "09", Lat: 36.20124, Lon: 37.16117, Population: 1602264,
				AlternateNames: []string{"ALP", "Halab", "Ḩalab", "حلب", "حَلَب", "هلب"},
			},
			ok: true,
			want: geo.Place{
				ID: "geonames:170063", GeonameID: 170063, Name: "Aleppo", NameAr: "حلب", Names: []string{"حَلَب", "هلب"},
				Kind: geo.KindCity, FeatureCode: "PPLA", CountryCode: "SY", Admin1: "09",
				Point: orb.Point{37.16117, 36.20124}, Population: 1602264, Source: Source,
			},
		},
		{
			name: "arabic name, latin kept",
			row: Row{
				GeonameID: 170063, Name: "Aleppo", ASCIIName: "Aleppo", Class: "P", Code: "PPLA", CountryCode: "SY",
				AlternateNames: []string{"ALP", "Alep", "aleppo", "Halab", "Ḩalab", "www.aleppo.example", "Aleppo 2", "حلب", "Халеб"},
			},
			keepLatin: true,
			ok:        true,
			want: geo.Place{
				ID: "geonames:170063", GeonameID: 170063, Name: "Aleppo", NameAr: "حلب",
				Names: []string{"Alep", "Halab", "Ḩalab"},
				Kind:  geo.KindCity, FeatureCode: "PPLA", CountryCode: "SY", Source: Source,
			},
		},
		{
			name: "latin only, not kept",
			row:  Row{GeonameID: 1, Name: "Sarıkamış", ASCIIName: "Sarikamis", Class: "P", Code: "PPL", CountryCode: "TR"},
		},
		{
			name:      "latin only, kept",
			row:       Row{GeonameID: 1, Name: "Sarıkamış", ASCIIName: "Sarikamis", Class: "P", Code: "PPL", CountryCode: "TR", Population: 17000},
			keepLatin: true,
			ok:        true,
			want: geo.Place{
				ID: "geonames:1", GeonameID: 1, Name: "Sarıkamış", Names: []string{"Sarikamis"},
				Kind: geo.KindTown, FeatureCode: "PPL", CountryCode: "TR", Population: 17000, Source: Source,
			},
		},
		{
			name:      "no name at all",
			row:       Row{GeonameID: 1, Class: "P", Code: "PPL"},
			keepLatin: true,
		},
		{
			name: "tagged alternates win",
			row: Row{
				GeonameID: 2, Name: "Tall Abyad", ASCIIName: "Tall Abyad", Class: "P", Code: "PPL", CountryCode: "SY",
				AlternateNames: []string{"تل ابيض", "تل أبيض", "گرێ سپی"},
				AltNames: []AltName{
					{GeonameID: 2, Lang: "ar", Name: "تل أبيض", Preferred: true},
					{GeonameID: 2, Lang: "ckb", Name: "گرێ سپی"},
				},
			},
			ok: true,
			want: geo.Place{
				ID: "geonames:2", GeonameID: 2, Name: "Tall Abyad", NameAr: "تل أبيض", Names: []string{"گرێ سپی", "تل ابيض"},
				Kind: geo.KindVillage, FeatureCode: "PPL", CountryCode: "SY", Source: Source,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Place(tt.row, tt.keepLatin)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("place =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestAddAltNames(t *testing.T) {
	tests := []struct {
		name    string
		place   geo.Place
		alts    []AltName
		changed bool
		want    geo.Place
	}{
		{
			name:    "fills NameAr",
			place:   geo.Place{ID: "geonames:3", Name: "Hama"},
			alts:    []AltName{{Lang: "ar", Name: "حماة"}, {Lang: "fa", Name: "حماه"}, {Lang: "en", Name: "Hamah"}},
			changed: true,
			want:    geo.Place{ID: "geonames:3", Name: "Hama", NameAr: "حماة", Names: []string{"حماه"}},
		},
		{
			name:    "keeps NameAr",
			place:   geo.Place{ID: "geonames:3", Name: "Hama", NameAr: "حماه"},
			alts:    []AltName{{Lang: "ar", Name: "حماة"}, {Lang: "fa", Name: "حماه"}},
			changed: true,
			want:    geo.Place{ID: "geonames:3", Name: "Hama", NameAr: "حماه", Names: []string{"حماة"}},
		},
		{
			name:  "nothing new",
			place: geo.Place{ID: "geonames:3", Name: "Hama", NameAr: "حماة"},
			alts:  []AltName{{Lang: "ar", Name: "حماة"}},
			want:  geo.Place{ID: "geonames:3", Name: "Hama", NameAr: "حماة"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.place
			if changed := AddAltNames(&p, tt.alts); changed != tt.changed {
				t.Errorf("changed = %v, want %v", changed, tt.changed)
			}
			if !reflect.DeepEqual(p, tt.want) {
				t.Errorf("place = %+v, want %+v", p, tt.want)
			}
		})
	}
}

func TestTrimName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"حلب", "حلب"},
		{" أم بطين\u200e; ", "أم بطين"},
		{"گذار\u200e)", "گذار"},
		{"تل (الأبيض)", "تل (الأبيض)"},
		{"am alqutuf\u200e", "am alqutuf"},
		{"\u202bدمشق\u202c", "دمشق"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := trimName(tt.in); got != tt.want {
				t.Errorf("trimName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
