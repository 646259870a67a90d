package osm

import (
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	osmapi "github.com/paulmach/osm"
)

func tagsOf(kv ...string) osmapi.Tags {
	var ts osmapi.Tags
	for i := 0; i+1 < len(kv); i += 2 {
		ts = append(ts, osmapi.Tag{Key: kv[i], Value: kv[i+1]})
	}
	return ts
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		tags osmapi.Tags
		want Feature
		ok   bool
	}{
		{"city", tagsOf("place", "city"), Feature{geo.KindCity, "PPL"}, true},
		{"town", tagsOf("place", "town"), Feature{geo.KindTown, "PPL"}, true},
		{"hamlet", tagsOf("place", "hamlet"), Feature{geo.KindVillage, "PPL"}, true},
		{"suburb", tagsOf("place", "suburb"), Feature{geo.KindNeighborhood, "PPLX"}, true},
		{"quarter", tagsOf("place", "quarter"), Feature{geo.KindNeighborhood, "PPLX"}, true},
		{"locality", tagsOf("place", "locality"), Feature{geo.KindOther, "LCTY"}, true},
		{"unknown place", tagsOf("place", "plot"), Feature{}, false},
		{"military base", tagsOf("military", "base"), Feature{geo.KindFacility, "MILB"}, true},
		{"military landuse", tagsOf("landuse", "military"), Feature{geo.KindFacility, "MILB"}, true},
		{"military no", tagsOf("military", "no"), Feature{}, false},
		{"airbase", tagsOf("aeroway", "aerodrome", "military", "airfield"), Feature{geo.KindFacility, "AIRB"}, true},
		{"airport", tagsOf("aeroway", "aerodrome"), Feature{geo.KindFacility, "AIRP"}, true},
		{"oil", tagsOf("landuse", "industrial", "industrial", "oil"), Feature{geo.KindFacility, "OILF"}, true},
		{"gas", tagsOf("industrial", "gas"), Feature{geo.KindFacility, "GASF"}, true},
		{"field by name", tagsOf("landuse", "industrial", "name:ar", "حقل الورد"), Feature{geo.KindFacility, "OILF"}, true},
		{"gas field by name", tagsOf("landuse", "industrial", "name", "حقل غاز الشاعر"), Feature{geo.KindFacility, "GASF"}, true},
		{"industrial estate", tagsOf("landuse", "industrial", "name", "المدينة الصناعية"), Feature{}, false},
		{"dam", tagsOf("waterway", "dam"), Feature{geo.KindFacility, "DAM"}, true},
		{"border crossing", tagsOf("barrier", "border_control"), Feature{geo.KindCrossing, "PSTB"}, true},
		{"man_made bridge", tagsOf("man_made", "bridge"), Feature{geo.KindBridge, "BDG"}, true},
		{"bridge named as one", tagsOf("highway", "primary", "bridge", "yes", "name:ar", "جسر الحديد"), Feature{geo.KindBridge, "BDG"}, true},
		{"bridge:name", tagsOf("highway", "primary", "bridge", "viaduct", "bridge:name", "Old Bridge"), Feature{geo.KindBridge, "BDG"}, true},
		{"road on a bridge", tagsOf("highway", "primary", "bridge", "yes", "name", "طريق المطار"), Feature{}, false},
		{"peak", tagsOf("natural", "peak"), Feature{geo.KindMountain, "PK"}, true},
		{"ridge", tagsOf("natural", "ridge"), Feature{geo.KindMountain, "RDGE"}, true},
		{"river", tagsOf("waterway", "river"), Feature{geo.KindRiver, "STM"}, true},
		{"stream", tagsOf("waterway", "stream"), Feature{}, false},
		{"refugee site", tagsOf("amenity", "refugee_site"), Feature{geo.KindFacility, "CMP"}, true},
		{"refugee camp", tagsOf("refugee", "yes"), Feature{geo.KindFacility, "CMP"}, true},
		{"cafe", tagsOf("amenity", "cafe"), Feature{}, false},
		{"untagged", nil, Feature{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Classify(tt.tags)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Classify = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}
