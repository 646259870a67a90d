package gazimport

import (
	"slices"

	"github.com/incidentmap/incidentmap/geo"
)

// index holds the places of the import in insertion order, by ID.
type index struct {
	places []geo.Place
	byID   map[string]int
}

func newIndex(base []geo.Place) *index {
	ix := &index{places: make([]geo.Place, 0, len(base)), byID: make(map[string]int, len(base))}
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
		ix.places = append(ix.places, p)
		return len(ix.places) - 1
	}
	ix.places[i] = mergeNames(p, ix.places[i])
	return i
}

// mergeNames returns p with the names of old that it lacks: old's Arabic
// name if p has none, and every other spelling in Names.
func mergeNames(p, old geo.Place) geo.Place {
	if p.NameAr == "" {
		p.NameAr = old.NameAr
	}
	seen := make(map[string]bool, len(p.Names)+len(old.Names)+2)
	seen[p.Name], seen[p.NameAr] = true, true
	names := make([]string, 0, len(p.Names)+len(old.Names)+2)
	for _, group := range [][]string{p.Names, {old.Name, old.NameAr}, old.Names} {
		for _, n := range group {
			if n != "" && !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	p.Names = names
	if len(p.Names) == 0 {
		p.Names = nil
	}
	return p
}
