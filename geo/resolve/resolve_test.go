package resolve

import (
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
	}
	g := gazetteer.New(places)
	idx := map[string]int32{}
	for i := range g.Places() {
		idx[g.Place(int32(i)).ID] = int32(i)
	}
	cand := func(key string, skeleton bool, cue []geo.Kind, ids ...string) recognize.Candidate {
		c := recognize.Candidate{Key: key, Skeleton: skeleton, CueKinds: cue}
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
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			choices := New(g, geo.DefaultCoverage()).Resolve(tc.cands)
			for i, ch := range choices {
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
