package recognize

import (
	"slices"

	"github.com/incidentmap/incidentmap/geo"
)

// KindFits reports whether a place of kind k fits the kinds a cue implies,
// loosely: villages, towns and cities are told apart by population only.
func KindFits(k geo.Kind, kinds []geo.Kind) bool {
	if slices.Contains(kinds, k) {
		return true
	}
	// A city or town is what most cues loosely mean; villages and towns
	// are told apart by population only.
	for _, c := range kinds {
		switch {
		case c == geo.KindTown && (k == geo.KindVillage || k == geo.KindCity),
			c == geo.KindVillage && k == geo.KindTown,
			c == geo.KindCity && k == geo.KindTown,
			c == geo.KindAdmin2 && (k == geo.KindTown || k == geo.KindCity || k == geo.KindVillage),
			c == geo.KindNeighborhood && k == geo.KindVillage:
			return true
		}
	}
	return false
}
