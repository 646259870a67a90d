package resolve

import (
	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/recognize"
)

// scope weighs the countries an article is about: each resolved name
// counts by its confidence, twice in the headline, and a country's own
// name half (it is as often a government or a backer as a place).
type scope struct {
	weight map[string]float64
	total  float64
	top    string
}

// minScopeShare is the share of the article's weight that puts a country
// in its scope.
const minScopeShare = 0.15

// minScopeEvidence is the least weight the other names must have to say
// what an article is about: a country named bare ("قصفت إسرائيل") has
// less, and leaves a name alone in its own scope.
const minScopeEvidence = 0.2

func (r *Resolver) scope(cands []recognize.Candidate, choices []Choice) scope {
	sc := scope{weight: map[string]float64{}}
	for i, ch := range choices {
		if ch.Place < 0 {
			continue
		}
		p := r.g.Place(ch.Place)
		if p.CountryCode == "" {
			continue
		}
		w := scopeWeight(&cands[i], p, ch)
		sc.weight[p.CountryCode] += w
		sc.total += w
		if sc.top == "" || sc.weight[p.CountryCode] > sc.weight[sc.top] {
			sc.top = p.CountryCode
		}
	}
	return sc
}

// scopeWeight is what one resolved name adds to its country's weight.
func scopeWeight(c *recognize.Candidate, p *geo.Place, ch Choice) float64 {
	w := ch.Confidence
	if len(c.Entries) == 1 {
		w = 1
	}
	if c.Headline {
		w *= 2
	}
	if p.Kind == geo.KindCountry {
		w /= 2
		if !c.Locative {
			// "قصفت تركيا مواقع في سنجار": a country named bare is
			// more likely the actor than the place
			w /= 4
		}
	}
	return w
}

// inOthers reports whether the article is about country cc by the
// evidence of its other names: a name's own weight w (already counted)
// does not put its country in scope. A name alone in its article, or
// with only countries named bare beside it, is its own scope.
func (sc scope) inOthers(cc string, w float64) bool {
	rest := sc.total - w
	if rest < minScopeEvidence {
		return true
	}
	return (sc.weight[cc]-w)/rest >= minScopeShare
}

// share is the share of the article's weight in country cc.
func (sc scope) share(cc string) float64 {
	if sc.total == 0 {
		return 0
	}
	return sc.weight[cc] / sc.total
}

// in reports whether the article is about country cc.
func (sc scope) in(cc string) bool {
	return cc == sc.top || sc.share(cc) >= minScopeShare
}
