package geo

import "github.com/paulmach/orb"

// Kind is the class of a place, as the gold format and the API name it.
type Kind string

// The kinds of place incidentmap knows.
const (
	KindCountry      Kind = "country"
	KindAdmin1       Kind = "admin1"
	KindAdmin2       Kind = "admin2"
	KindRegion       Kind = "region"
	KindCity         Kind = "city"
	KindTown         Kind = "town"
	KindVillage      Kind = "village"
	KindNeighborhood Kind = "neighborhood"
	KindFacility     Kind = "facility"
	KindCrossing     Kind = "crossing"
	KindBridge       Kind = "bridge"
	KindRoad         Kind = "road"
	KindMountain     Kind = "mountain"
	KindRiver        Kind = "river"
	KindIsland       Kind = "island"
	KindOther        Kind = "other"
)

// Kinds lists every Kind, in the order the docs give them.
var Kinds = []Kind{
	KindCountry, KindAdmin1, KindAdmin2, KindRegion, KindCity, KindTown,
	KindVillage, KindNeighborhood, KindFacility, KindCrossing, KindBridge,
	KindRoad, KindMountain, KindRiver, KindIsland, KindOther,
}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Coarse reports whether places of this kind are areas whose point is only
// representative (scored at 161 km, never at 25 km).
func (k Kind) Coarse() bool {
	switch k {
	case KindCountry, KindAdmin1, KindAdmin2, KindRegion, KindRiver:
		return true
	}
	return false
}

// Place is one gazetteer entry.
type Place struct {
	// ID is stable across builds: "geonames:170794", "curated:sy-field-omar",
	// "osm:node/123", "local:17".
	ID string
	// GeonameID is the GeoNames id, or 0 when GeoNames does not hold the place.
	GeonameID int64
	// Name is the primary (usually Latin) name; NameAr an Arabic one.
	Name   string
	NameAr string
	// Names holds every other spelling used for matching, Arabic or Latin.
	Names       []string
	Kind        Kind
	FeatureCode string // GeoNames feature code, e.g. "PPLA2", "OILF"
	CountryCode string // ISO 3166-1 alpha-2
	Admin1      string // GeoNames admin1 code within the country, e.g. "05"
	Admin2      string
	Point       orb.Point // [lon, lat]
	Population  int64
	// Source says where a curated or imported row comes from.
	Source string
}
