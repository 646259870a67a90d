package resolve

import (
	"math"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	orbgeo "github.com/paulmach/orb/geo"
)

// Weights of the evidence. Tuned on the principle of each feature, checked
// on the dev set; see the README for the scores they give.
const (
	wCueMatch    = 2.0  // the cue word implies this kind
	wCueMismatch = -1.5 // it implies another kind
	wPrimaryName = 0.3  // the text uses the place's main Arabic name
	wCurated     = 0.4  // rows we curate name the places reporting names
	wRegion      = 0.8  // places in the region we cover
	wFocus       = 1.5  // × share of the article's places in the same country
	wNear50      = 1.5  // another named place within 50 km
	wNear150     = 0.7  // within 150 km
	wFar         = -0.6 // every other named place more than 1,500 km away
	wContained   = 2.0  // inside the place the text says contains it
	wSkeleton    = -0.8 // found only by transliteration
	// a name the place bears only after another class word than the
	// text's ("التنف" after منطقة, for "معبر التنف")
	wOtherClass = -0.5

	// unseenScore is the score of "a place the gazetteer lacks": about a
	// village of the region with no other evidence.
	unseenScore = 2.0
)

// prominence scores a place by kind, feature code and population.
func prominence(p *geo.Place) float64 {
	var s float64
	switch p.Kind {
	case geo.KindCountry:
		s = 3.5
	case geo.KindAdmin1:
		// Below its capital: a province and its main city share a name,
		// and the city is right at both 25 and 161 km when the text means
		// the province, while the province's centroid is wrong at 25 km
		// when it means the city. Cues (محافظة) still pick the province.
		s = 1.6
	case geo.KindCity:
		s = 2.0
	case geo.KindAdmin2:
		s = 1.0
	case geo.KindRegion, geo.KindRiver:
		s = 1.2
	case geo.KindTown:
		s = 1.0
	case geo.KindFacility, geo.KindCrossing, geo.KindMountain, geo.KindBridge, geo.KindIsland:
		s = 0.8
	case geo.KindVillage:
		s = 0.4
	case geo.KindNeighborhood, geo.KindRoad:
		s = 0.3
	default:
		s = 0.3
	}
	switch p.FeatureCode {
	case "SEA", "GULF", "STRT", "OCN":
		// A sea, a gulf, a strait, an ocean: as well known as a
		// country, and named bare ("في خليج عدن"), while the
		// provinces named after them take their cue ("ولاية البحر
		// الأحمر").
		s = 3.5
	case "PPLC":
		s += 1.0
	case "PPLA":
		s += 0.6
	case "PPLA2":
		s += 0.3
	}
	if p.Population > 0 {
		s += 0.25 * math.Log10(float64(p.Population))
	}
	return s
}

// entryScore is a candidate's prior: its prominence, whether the text
// uses its main name, whether we curate it, and whether the coverage
// holds it (a mild prior, never a filter).
func entryScore(p *geo.Place, e gazetteer.Entry, cov geo.Coverage) float64 {
	s := prominence(p)
	if e.Flags&gazetteer.Primary != 0 {
		s += wPrimaryName
	}
	if len(p.ID) > 8 && p.ID[:8] == "curated:" {
		s += wCurated
	}
	if cov.Has(p.CountryCode) {
		s += wRegion
	}
	return s
}

// classWordOf returns, for an entry found without its class word, that
// word (folded) in the name of p the key is left of ("معبر" for "تنف" in
// "معبر التنف"), or "" when p bears the key with none.
func classWordOf(p *geo.Place, e gazetteer.Entry, key string) string {
	if e.Flags&gazetteer.ClassStripped == 0 {
		return ""
	}
	word := ""
	for _, n := range append([]string{p.NameAr}, p.Names...) {
		k, _ := gazetteer.Key(n)
		head, rest, ok := strings.Cut(k, " ")
		if !ok {
			continue
		}
		if r, _ := gazetteer.Key(rest); r == key && gazetteer.ClassWord(head) {
			if word == "" {
				word = head
			}
		}
	}
	return word
}

// strippedScore is the change to an entry's prior when the text names it
// without its class word: none when the cue is that word ("حقل العمر"
// read as حقل + "العمر"); else its main name is not what the text wrote,
// and a place that bears the bare name is likelier ("بمنطقة التنف" is the
// garrison at al-Tanf, not "معبر التنف").
func strippedScore(p *geo.Place, e gazetteer.Entry, key, cue string) float64 {
	w := classWordOf(p, e, key)
	if w == "" || w == cue || strings.TrimSuffix(cue, "ات") == w || strings.TrimSuffix(cue, "ي") == w {
		return 0
	}
	s := wOtherClass
	if e.Flags&gazetteer.Primary != 0 {
		s -= wPrimaryName
	}
	return s
}

// distanceKm is the great-circle distance between two places.
func distanceKm(a, b geo.Place) float64 { return orbgeo.DistanceHaversine(a.Point, b.Point) / 1000 }
