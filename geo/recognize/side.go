package recognize

import (
	"strings"

	"github.com/incidentmap/incidentmap/geo/arabic"
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
