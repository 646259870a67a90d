package recognize

import (
	"slices"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/arabic"
)

// markCollective reads the name a collective cue introduces alone ("أحياء
// حلب", "قرى درعا", "مخيمات غزة"): the cue names that place's parts, so
// the name may be a place that holds them, a settlement or an area, as
// well as one of the cue's kind ("حقول العمر" are the al-Omar fields).
// A list after the cue ("أحياء X وY") names places of the cue's kind, and
// a singular or a dual cue ("حي X", "حيي X وY") always does.
func (r *Recognizer) markCollective(toks []arabic.Token, cands []Candidate) {
	for i := range cands {
		c := &cands[i]
		if c.CueKinds == nil || !r.collective[c.Cue] || c.First == 0 || c.CueEnd != toks[c.First-1].End {
			continue
		}
		if i+1 < len(cands) && cands[i+1].CueStart == c.CueStart && cands[i+1].CueEnd == c.CueEnd {
			continue // the first of a list
		}
		kinds := slices.Clone(c.CueKinds)
		for _, k := range holders(c.CueKinds) {
			if !slices.Contains(kinds, k) {
				kinds = append(kinds, k)
			}
		}
		c.CueKinds = kinds
	}
}

// holders returns the kinds of place that hold places of the given kinds:
// settlements and areas larger than the largest of them. Quarters are a
// town's or a city's, not a village's: "أحياء الزهراء" names quarters.
func holders(kinds []geo.Kind) []geo.Kind {
	all := []geo.Kind{geo.KindVillage, geo.KindTown, geo.KindCity, geo.KindAdmin2, geo.KindMountain, geo.KindIsland,
		geo.KindRiver, geo.KindRegion, geo.KindAdmin1, geo.KindCountry}
	from := 0
	if slices.Contains(kinds, geo.KindNeighborhood) {
		from = 1
	}
	for i, k := range all {
		if slices.Contains(kinds, k) {
			from = i + 1
		}
	}
	return all[from:]
}
