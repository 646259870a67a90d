package recognize

import (
	"strings"

	"github.com/incidentmap/incidentmap/geo/arabic"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
)

// Sides is a set of compass sides: where the text puts a name relative to
// its container ("X شرق Y", "X بريف Y الشمالي").
type Sides uint8

// The sides.
const (
	North Sides = 1 << iota
	South
	East
	West
)

// sidesOf reads a lexicon value: comma-separated side names.
func sidesOf(v string) Sides {
	var s Sides
	for _, w := range strings.Split(v, ",") {
		switch strings.TrimSpace(w) {
		case "north":
			s |= North
		case "south":
			s |= South
		case "east":
			s |= East
		case "west":
			s |= West
		}
	}
	return s
}

// sides returns the sides the text puts a on relative to its container b:
// the direction words between them ("شمال شرق") and the direction
// adjectives after b ("بريف حلب الشمالي الغربي").
func (r *Recognizer) sides(toks []arabic.Token, a, b *Candidate) Sides {
	var s Sides
	for i := a.Last + 1; i < b.First; i++ {
		bs := arabic.Readings(toks[i].Key)
		for k := 0; k < bs.Len(); k++ {
			if st := bs.At(k); !st.Article {
				s |= r.sideWords[st.Stem]
			}
		}
	}
	for i := b.Last + 1; i < len(toks) && i <= b.Last+2 && toks[i].Joined; i++ {
		side, ok := r.sideAdj[toks[i].Key]
		if !ok {
			break
		}
		s |= side
	}
	return s
}

// otherSide drops the places whose name is the key and a direction
// adjective of another side than the one the text writes after it:
// "الضفة" is short for "الضفة الغربية", so "الضفة الشرقية للنهر" is a
// river's east bank, not the West Bank.
func (r *Recognizer) otherSide(es []gazetteer.Entry, key string, side Sides) []gazetteer.Entry {
	out := es[:0:0]
	for _, e := range es {
		p := r.g.Place(e.Place)
		other := false
		for k := -1; k < len(p.Names); k++ {
			n := p.NameAr
			if k >= 0 {
				n = p.Names[k]
			}
			// most names end in no direction adjective: look at the last
			// word as written before folding the name
			i := strings.LastIndexByte(n, ' ')
			if i < 0 || r.sideAdjWritten[n[i+1:]] == 0 {
				continue
			}
			if foldedKey(arabic.Fold(n[:i])) != key {
				continue
			}
			if s := r.sideAdjWritten[n[i+1:]]; s&side == 0 {
				other = true
			} else if s != 0 {
				other = false
				break
			}
		}
		if !other {
			out = append(out, e)
		}
	}
	return out
}
