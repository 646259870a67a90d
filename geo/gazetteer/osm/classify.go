package osm

import (
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	osmapi "github.com/paulmach/osm"
)

// Feature is what a tagged element is to the gazetteer: its kind and a
// GeoNames-like feature code.
type Feature struct {
	Kind geo.Kind
	Code string
}

// placeFeatures maps place=* values to features.
var placeFeatures = map[string]Feature{
	"city":              {geo.KindCity, "PPL"},
	"town":              {geo.KindTown, "PPL"},
	"village":           {geo.KindVillage, "PPL"},
	"hamlet":            {geo.KindVillage, "PPL"},
	"isolated_dwelling": {geo.KindVillage, "PPL"},
	"farm":              {geo.KindVillage, "PPL"},
	"suburb":            {geo.KindNeighborhood, "PPLX"},
	"neighbourhood":     {geo.KindNeighborhood, "PPLX"},
	"quarter":           {geo.KindNeighborhood, "PPLX"},
	"city_block":        {geo.KindNeighborhood, "PPLX"},
	"borough":           {geo.KindNeighborhood, "PPLX"},
	"locality":          {geo.KindOther, "LCTY"},
	"island":            {geo.KindIsland, "ISL"},
	"islet":             {geo.KindIsland, "ISL"},
	"state":             {geo.KindAdmin1, "ADM1"},
	"province":          {geo.KindAdmin1, "ADM1"},
	"county":            {geo.KindAdmin2, "ADM2"},
	"district":          {geo.KindAdmin2, "ADM2"},
	"municipality":      {geo.KindAdmin2, "ADM2"},
	"region":            {geo.KindRegion, "RGN"},
	"country":           {geo.KindCountry, "PCLI"},
}

// Classify tells what a tagged element is, and false when the gazetteer
// does not want it. Settlements (place=*) come first, then military
// features, then the others.
func Classify(tags osmapi.Tags) (Feature, bool) {
	if f, ok := placeFeatures[tags.Find("place")]; ok {
		return f, true
	}
	switch mil := tags.Find("military"); {
	case mil == "airfield" || tags.Find("aeroway") == "aerodrome" && mil != "" && mil != "no":
		return Feature{geo.KindFacility, "AIRB"}, true
	case mil != "" && mil != "no" || tags.Find("landuse") == "military":
		return Feature{geo.KindFacility, "MILB"}, true
	}
	switch {
	case tags.Find("aeroway") == "aerodrome":
		return Feature{geo.KindFacility, "AIRP"}, true
	case tags.Find("industrial") == "oil":
		return Feature{geo.KindFacility, "OILF"}, true
	case tags.Find("industrial") == "gas":
		return Feature{geo.KindFacility, "GASF"}, true
	case tags.Find("landuse") == "industrial":
		return fieldFeature(tags)
	case tags.Find("waterway") == "dam":
		return Feature{geo.KindFacility, "DAM"}, true
	case tags.Find("barrier") == "border_control":
		return Feature{geo.KindCrossing, "PSTB"}, true
	case tags.Find("man_made") == "bridge" || isNamedBridge(tags):
		return Feature{geo.KindBridge, "BDG"}, true
	case tags.Find("natural") == "peak":
		return Feature{geo.KindMountain, "PK"}, true
	case tags.Find("natural") == "ridge":
		return Feature{geo.KindMountain, "RDGE"}, true
	case tags.Find("natural") == "mountain_range":
		return Feature{geo.KindMountain, "MTS"}, true
	case tags.Find("waterway") == "river":
		return Feature{geo.KindRiver, "STM"}, true
	case tags.Find("amenity") == "refugee_site" || tags.Find("refugee") == "yes":
		return Feature{geo.KindFacility, "CMP"}, true
	}
	return Feature{}, false
}

// fieldFeature keeps landuse=industrial areas named as oil or gas fields
// ("حقل العمر", "Omar oil field"); other industrial estates are not places
// a report locates an incident by.
func fieldFeature(tags osmapi.Tags) (Feature, bool) {
	var gas, field bool
	for _, k := range []string{"name:ar", "name", "name:en"} {
		n := strings.ToLower(tags.Find(k))
		field = field || strings.Contains(n, "حقل") || strings.Contains(n, "field")
		gas = gas || strings.Contains(n, "غاز") || strings.Contains(n, "gas")
	}
	switch {
	case !field:
		return Feature{}, false
	case gas:
		return Feature{geo.KindFacility, "GASF"}, true
	}
	return Feature{geo.KindFacility, "OILF"}, true
}

// isNamedBridge reports whether a bridge=* element is named as a bridge.
// Bridge segments of roads usually carry the road's name ("طريق حلب"), so
// only bridge:name or a name that says bridge counts.
func isNamedBridge(tags osmapi.Tags) bool {
	if b := tags.Find("bridge"); b == "" || b == "no" {
		return false
	}
	if tags.Find("bridge:name") != "" || tags.Find("bridge:name:ar") != "" {
		return true
	}
	for _, k := range []string{"name:ar", "name", "name:en"} {
		n := strings.ToLower(tags.Find(k))
		if strings.Contains(n, "جسر") || strings.Contains(n, "bridge") || strings.Contains(n, "köprü") {
			return true
		}
	}
	return false
}
