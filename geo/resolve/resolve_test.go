package resolve

import (
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/recognize"
	"github.com/paulmach/orb"
)

func TestResolve(t *testing.T) {
	places := []geo.Place{
		{ID: "t:homs", Name: "Homs", NameAr: "حمص", Kind: geo.KindCity, FeatureCode: "PPLA", CountryCode: "SY", Point: orb.Point{36.72, 34.73}, Population: 700000},
		{ID: "t:near", Name: "Near", NameAr: "قريبة", Kind: geo.KindVillage, CountryCode: "SY", Point: orb.Point{36.80, 34.80}},
		{ID: "t:far", Name: "Far", NameAr: "بعيدة", Kind: geo.KindVillage, CountryCode: "YE", Point: orb.Point{44.2, 15.3}},
		{ID: "t:twin-sy", Name: "Twin", NameAr: "توأم", Kind: geo.KindTown, CountryCode: "SY", Point: orb.Point{36.9, 34.9}},
		{ID: "t:twin-ye", Name: "Twin", NameAr: "توأم", Kind: geo.KindTown, CountryCode: "YE", Point: orb.Point{44.1, 15.4}, Population: 20000},
		{ID: "t:gov", Name: "Homs Governorate", NameAr: "حمص", Kind: geo.KindAdmin1, CountryCode: "SY", Point: orb.Point{38.0, 34.5}},
		// a village whose big homonym abroad outranks it, and a container
		{ID: "t:ain-ae", Name: "Al Ain", NameAr: "العين", Kind: geo.KindCity, CountryCode: "AE", Point: orb.Point{55.76, 24.19}, Population: 400000},
		{ID: "t:ain-lb", Name: "Al Ain (Baalbek)", NameAr: "العين", Kind: geo.KindVillage, CountryCode: "LB", Point: orb.Point{36.35, 34.18}},
		{ID: "t:baalbek", Name: "Baalbek", NameAr: "بعلبك", Kind: geo.KindCity, CountryCode: "LB", Point: orb.Point{36.21, 34.0}, Population: 80000},
		{ID: "t:dhahra-far", Name: "Far Dhahra", NameAr: "الظهرة", Kind: geo.KindVillage, CountryCode: "IL", Point: orb.Point{35.0, 32.0}},
		{ID: "t:taiz", Name: "Taiz", NameAr: "تعز", Kind: geo.KindCity, CountryCode: "YE", Point: orb.Point{44.02, 13.58}, Population: 600000},
	}
	g := gazetteer.New(places)
	idx := map[string]int32{}
	for i := range g.Places() {
		idx[g.Place(int32(i)).ID] = int32(i)
	}
	cand := func(key string, skeleton bool, cue []geo.Kind, ids ...string) recognize.Candidate {
		c := recognize.Candidate{Key: key, Skeleton: skeleton, CueKinds: cue}
		if strings.HasPrefix(key, "<") { // "<" + key: contained in the next candidate
			c.Key, c.Within = key[1:], -1
		}
		for _, id := range ids {
			c.Entries = append(c.Entries, gazetteer.Entry{Place: idx[id]})
		}
		return c
	}
	tests := []struct {
		name  string
		cands []recognize.Candidate
		want  []string // chosen ids, "" for unresolved
	}{
		{"city over its province without a cue", []recognize.Candidate{cand("حمص", false, nil, "t:gov", "t:homs")}, []string{"t:homs"}},
		{"province after محافظة", []recognize.Candidate{cand("حمص", false, []geo.Kind{geo.KindAdmin1}, "t:gov", "t:homs")}, []string{"t:gov"}},
		{"coherence picks the homonym near the others", []recognize.Candidate{cand("حمص", false, nil, "t:homs"), cand("توأم", false, nil, "t:twin-ye", "t:twin-sy")}, []string{"t:homs", "t:twin-sy"}},
		{"transliteration near the others is kept", []recognize.Candidate{cand("حمص", false, nil, "t:homs"), cand("x", true, nil, "t:near")}, []string{"t:homs", "t:near"}},
		{"transliteration far from the others is dropped", []recognize.Candidate{cand("حمص", false, nil, "t:homs"), cand("y", true, nil, "t:far")}, []string{"t:homs", ""}},
		{"a small place far from the others is dropped", []recognize.Candidate{cand("حمص", false, nil, "t:homs"), cand("بعيدة", false, nil, "t:far")}, []string{"t:homs", ""}},
		{"a small place alone is kept", []recognize.Candidate{cand("بعيدة", false, nil, "t:far")}, []string{"t:far"}},
		{"a container rules out the homonym abroad", []recognize.Candidate{cand("<العين", false, nil, "t:ain-ae", "t:ain-lb"), cand("بعلبك", false, nil, "t:baalbek")},
			[]string{"t:ain-lb", "t:baalbek"}},
		{"without the container the big homonym wins", []recognize.Candidate{cand("العين", false, nil, "t:ain-ae", "t:ain-lb")}, []string{"t:ain-ae"}},
		{"nothing inside the container: unresolved, not drawn abroad", []recognize.Candidate{cand("<الظهرة", false, nil, "t:dhahra-far"), cand("تعز", false, nil, "t:taiz")},
			[]string{"", "t:taiz"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cands := append([]recognize.Candidate(nil), tc.cands...)
			for i := range cands {
				if cands[i].Within < 0 {
					cands[i].Within = i + 2 // the next candidate, 1-based
				}
			}
			choices := New(g, geo.DefaultCoverage()).Resolve(cands)
			for i, ch := range choices {
				if cands[i].Within > 0 && ch.Container < 0 && choices[i+1].Place >= 0 {
					t.Errorf("candidate %d: no container given", i)
				}
				got := ""
				if ch.Place >= 0 {
					got = g.Place(ch.Place).ID
					if ch.Confidence <= 0 || ch.Confidence > 1 {
						t.Errorf("confidence %v out of (0, 1]", ch.Confidence)
					}
				}
				if got != tc.want[i] {
					t.Errorf("candidate %d → %q, want %q", i, got, tc.want[i])
				}
			}
		})
	}
}
