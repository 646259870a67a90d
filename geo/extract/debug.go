package extract

import (
	"fmt"
	"io"
	"time"

	"github.com/incidentmap/incidentmap/geo"
)

// Explain writes, for each clause of text, what the extractor reads in
// it: its kind, whether it is background or anchored, the votes and the
// type decided. It is for developers tuning the lexicon.
func (x *Extractor) Explain(w io.Writer, text string, published time.Time, gp geo.Geoparse) {
	d := newDoc(text, x.ix)
	d.houthiVoice = x.houthiVoice.find(d, 0, len(d.toks)) >= 0
	country := mainCountry(gp)
	pms := x.mentions(d, gp)
	d.placeAt, d.placeEnd = make([]bool, len(d.toks)), make([]bool, len(d.toks))
	for _, pm := range pms {
		d.placeAt[pm.t0], d.placeEnd[pm.t1-1] = true, true
	}
	for _, c := range x.clauses(d) {
		acts := x.actors(d, c.t0, c.t1, country)
		a1, a2, _ := x.markedRoles(d, acts, c.t0)
		var places []string
		for _, t := range x.targets(d, c, pms, acts, country) {
			places = append(places, fmt.Sprintf("%s(p%d)", t.text, t.prec))
		}
		v := x.clauseVotes(d, c, x.seizesVessel(d, c))
		sub, ok := x.decide(v, a1, targetFacts{state: x.states[a1], authority: x.authorities[a1]})
		var words []string
		for i := c.t0; i < c.t1; {
			if n, tw := x.typeLex.match(d, i); n > 0 {
				words = append(words, fmt.Sprintf("%s=%d:%d", d.slice(d.toks[i].Start, d.toks[i+n-1].End), tw.c, tw.w))
				i += n
				continue
			}
			i++
		}
		fmt.Fprintf(w, "[%d] kind=%d bg=%v anchored=%v %s→%s sub=%q ok=%v words=%v at=%v\n    %s\n", c.sent, c.kind,
			x.background(d, c), x.anchored(d, c), a1, a2, sub, ok, words, places, d.slice(d.toks[c.t0].Start, d.toks[c.t1-1].End))
	}
}
