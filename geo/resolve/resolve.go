package resolve

import (
	"math"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/recognize"
)

// Choice is the resolution of one candidate.
type Choice struct {
	Place      int32   // index in the gazetteer, or -1 when unresolved
	Confidence float64 // in [0, 1]
}

// Resolver chooses places for recognised names. It is safe for
// concurrent use.
type Resolver struct {
	g   *gazetteer.Gazetteer
	cov geo.Coverage
}

// New returns a Resolver over g that favours the places of cov.
func New(g *gazetteer.Gazetteer, cov geo.Coverage) *Resolver { return &Resolver{g: g, cov: cov} }

// maxCandidates bounds the places weighed per name: common names (عين،
// تل) can have hundreds, and the best by prior are enough.
const maxCandidates = 64

// Resolve chooses a place for each candidate; the result is parallel to
// cands.
func (r *Resolver) Resolve(cands []recognize.Candidate) []Choice {
	n := len(cands)
	choices := make([]Choice, n)
	base := make([][]float64, n) // prior score per entry
	for i := range cands {
		c := &cands[i]
		if len(c.Entries) > maxCandidates {
			c.Entries = topByPrior(r.g, r.cov, c.Entries, maxCandidates)
		}
		base[i] = make([]float64, len(c.Entries))
		for j, e := range c.Entries {
			p := r.g.Place(e.Place)
			s := entryScore(p, e, r.cov)
			if c.CueKinds != nil {
				if recognize.KindFits(p.Kind, c.CueKinds) {
					s += wCueMatch
				} else {
					s += wCueMismatch
				}
			}
			if c.Skeleton {
				s += wSkeleton
			}
			base[i][j] = s
		}
		choices[i] = pick(c, base[i], nil)
	}
	// Two rounds of context: country focus, coherence and containment use
	// the current picks of the other names.
	for round := 0; round < 2; round++ {
		focus := r.focus(cands, choices)
		picks := r.picks(cands, choices)
		next := make([]Choice, n)
		for i := range cands {
			c := &cands[i]
			if len(c.Entries) == 0 {
				next[i] = Choice{Place: -1}
				continue
			}
			ctx := make([]float64, len(c.Entries))
			for j, e := range c.Entries {
				p := r.g.Place(e.Place)
				ctx[j] = wFocus*focus[p.CountryCode] + coherence(c.Key, p, picks) + r.containment(i, p, cands, choices)
			}
			next[i] = pick(c, base[i], ctx)
		}
		choices = next
	}
	r.dropStrays(cands, choices)
	return choices
}

// Beyond these distances from every other place the article names, a weak
// pick is more likely a homonym than the place meant: it is left
// unresolved (the name still counts as recognised, and extraction places
// its incidents in the area the text gives).
const (
	strayKmSkeleton = 100 // a transliteration-only match
	strayKmMinor    = 500 // a small place found by its Arabic name
)

// dropStrays unresolves weak picks far from everything else.
func (r *Resolver) dropStrays(cands []recognize.Candidate, choices []Choice) {
	picks := r.picks(cands, choices)
	for i := range choices {
		if choices[i].Place < 0 {
			continue
		}
		p := r.g.Place(choices[i].Place)
		limit := 0.0
		switch {
		case cands[i].Skeleton:
			limit = strayKmSkeleton
		case minor(p):
			limit = strayKmMinor
		default:
			continue
		}
		nearest, others := math.Inf(1), 0
		for _, q := range picks {
			if q.key == cands[i].Key || q.skeleton {
				continue
			}
			others++
			nearest = math.Min(nearest, gazetteer.ApproxKm(p, &q.point))
		}
		if cands[i].Skeleton && nearest > limit || !cands[i].Skeleton && others > 0 && nearest > limit {
			choices[i] = Choice{Place: -1}
		}
	}
}

// minor reports whether a place is small enough that a homonym elsewhere
// is likelier than a mention far from the article's other places.
func minor(p *geo.Place) bool {
	switch p.Kind {
	case geo.KindVillage, geo.KindNeighborhood, geo.KindTown, geo.KindOther, geo.KindRoad:
		return p.Population < 50000 && !strings.HasPrefix(p.ID, "curated:") && !strings.HasPrefix(p.ID, "local:")
	}
	return false
}

// pick returns the best entry and a softmax confidence.
func pick(c *recognize.Candidate, base, ctx []float64) Choice {
	if len(c.Entries) == 0 {
		return Choice{Place: -1}
	}
	best, bestScore := 0, math.Inf(-1)
	scores := make([]float64, len(base))
	for j := range base {
		s := base[j]
		if ctx != nil {
			s += ctx[j]
		}
		scores[j] = s
		if s > bestScore {
			best, bestScore = j, s
		}
	}
	// The gazetteer may lack the place meant: an unseen alternative with a
	// fixed score keeps a lone, obscure candidate from looking certain.
	sum := math.Exp(unseenScore - bestScore)
	for _, s := range scores {
		sum += math.Exp(s - bestScore)
	}
	conf := 1 / sum
	// The recognition side: a name found only by transliteration, or a
	// lone common-looking word, is less certain than a cued or long name.
	switch {
	case c.Skeleton:
		conf *= 0.55
	case c.Cue != "" || c.Last > c.First:
		conf *= 0.95
	default:
		conf *= 0.85
	}
	return Choice{Place: c.Entries[best].Place, Confidence: math.Round(conf*1000) / 1000}
}

// focus returns, per country, the share of the article's resolved names
// (weighted by confidence) that lie in it.
func (r *Resolver) focus(cands []recognize.Candidate, choices []Choice) map[string]float64 {
	f := map[string]float64{}
	var total float64
	for i, ch := range choices {
		if ch.Place < 0 {
			continue
		}
		w := ch.Confidence
		if len(cands[i].Entries) == 1 {
			w = 1
		}
		f[r.g.Place(ch.Place).CountryCode] += w
		total += w
	}
	if total > 0 {
		for k := range f {
			f[k] /= total
		}
	}
	return f
}

// pick is a point-like place the article names, for coherence.
type picked struct {
	key      string
	point    geo.Place
	skeleton bool
}

// picks returns the distinct point-like places currently chosen.
func (r *Resolver) picks(cands []recognize.Candidate, choices []Choice) []picked {
	var out []picked
	seen := map[int32]bool{}
	for k, ch := range choices {
		if ch.Place < 0 || seen[ch.Place] {
			continue
		}
		seen[ch.Place] = true
		q := r.g.Place(ch.Place)
		if q.Kind == geo.KindCountry || q.Kind == geo.KindRegion || q.Kind == geo.KindRiver {
			continue
		}
		out = append(out, picked{key: cands[k].Key, point: *q, skeleton: cands[k].Skeleton})
	}
	return out
}

// coherence rewards a place near the other places the article names.
func coherence(key string, p *geo.Place, picks []picked) float64 {
	if p.Kind == geo.KindCountry {
		return 0
	}
	nearest := math.Inf(1)
	others := 0
	for _, q := range picks {
		if q.key == key {
			continue
		}
		others++
		if d := gazetteer.ApproxKm(p, &q.point); d < nearest {
			nearest = d
		}
	}
	switch {
	case others == 0:
		return 0
	case nearest < 50:
		return wNear50
	case nearest < 150:
		return wNear150
	case nearest > 1500:
		return wFar
	}
	return 0
}

// containment rewards a place that lies in the place the text puts it in:
// a name followed within three joined words by another ("X في ريف Y",
// "X شرق Y").
func (r *Resolver) containment(i int, p *geo.Place, cands []recognize.Candidate, choices []Choice) float64 {
	if i+1 >= len(cands) || choices[i+1].Place < 0 {
		return 0
	}
	if cands[i+1].First-cands[i].Last > 4 {
		return 0
	}
	q := r.g.Place(choices[i+1].Place)
	if q == p {
		return 0
	}
	switch q.Kind {
	case geo.KindCountry:
		if p.CountryCode == q.CountryCode {
			return wContained / 2
		}
		return -wContained / 2
	case geo.KindAdmin1:
		if p.CountryCode == q.CountryCode && p.Admin1 == q.Admin1 {
			return wContained
		}
		if distanceKm(*p, *q) < 150 {
			return wContained / 2
		}
	default:
		if d := distanceKm(*p, *q); d < 60 {
			return wContained
		} else if d > 300 {
			return -wContained / 2
		}
	}
	return 0
}

func topByPrior(g *gazetteer.Gazetteer, cov geo.Coverage, es []gazetteer.Entry, n int) []gazetteer.Entry {
	type scored struct {
		e gazetteer.Entry
		s float64
	}
	all := make([]scored, len(es))
	for i, e := range es {
		all[i] = scored{e, entryScore(g.Place(e.Place), e, cov)}
	}
	// partial selection sort: n is small
	out := make([]gazetteer.Entry, 0, n)
	for len(out) < n {
		b := -1
		for i := range all {
			if all[i].s > math.Inf(-1) && (b < 0 || all[i].s > all[b].s) {
				b = i
			}
		}
		out = append(out, all[b].e)
		all[b].s = math.Inf(-1)
	}
	return out
}
