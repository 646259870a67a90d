package gazimport

import (
	"slices"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
)

// index holds the places of the import in insertion order, by ID. It
// holds pointers: growing a slice of a million large structs would copy
// them over and over.
type index struct {
	places []*geo.Place
	byID   map[string]int
}

func newIndex(base []geo.Place) *index {
	ix := &index{places: make([]*geo.Place, 0, len(base)), byID: make(map[string]int, len(base))}
	for _, p := range base {
		p.Names = slices.Clip(p.Names) // never append into the caller's arrays
		ix.put(p)
	}
	return ix
}

// put adds p, or replaces the place with its ID while keeping the union
// of their names: a fuller source must not lose the spellings an earlier
// one (or the curated default) knew. It returns p's position.
func (ix *index) put(p geo.Place) int {
	i, ok := ix.byID[p.ID]
	if !ok {
		ix.byID[p.ID] = len(ix.places)
		ix.places = append(ix.places, &p)
		return len(ix.places) - 1
	}
	merged := gazetteer.Merge(*ix.places[i], p)
	ix.places[i] = &merged
	return i
}
