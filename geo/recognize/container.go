package recognize

import (
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/arabic"
)

// maxLinkWords bounds the words between a name and the place it lies in
// ("X الواقعة في ريف Y": three).
const maxLinkWords = 4

// containers sets Within and Near: the place each name is stated to lie
// in or near. Y contains X when only link words stand between them ("X
// في Y", "X بريف Y", "X شرق Y", "X التابعة لمحافظة Y") or when X is
// joined to Y by a preposition written on Y ("X بدمشق"). Names listed
// together share the container of the last one ("قريتي X وY بريف Z").
func (r *Recognizer) containers(toks []arabic.Token, cands []Candidate) {
	for i := 0; i+1 < len(cands); i++ {
		if near, ok := r.link(toks, &cands[i], &cands[i+1]); ok {
			cands[i].Within, cands[i].Near = i+2, near
			cands[i].Sides = r.sides(toks, &cands[i], &cands[i+1])
		}
		cands[i+1].Apart = r.apart(toks, &cands[i], &cands[i+1])
	}
	for i := len(cands) - 2; i >= 0; i-- {
		if cands[i].Within == 0 && cands[i+1].Within > 0 && listed(toks, &cands[i], &cands[i+1]) &&
			!r.facility(&cands[cands[i+1].Within-1]) {
			cands[i].Within, cands[i].Near, cands[i].Sides = cands[i+1].Within, cands[i+1].Near, cands[i+1].Sides
		}
	}
}

// facility reports whether a candidate can only be a facility (a field,
// a base, an airport): it holds the one name before it ("القرية الخضراء
// في حقل العمر"), never a list of places named with it.
func (r *Recognizer) facility(c *Candidate) bool {
	if len(c.CueKinds) > 0 {
		for _, k := range c.CueKinds {
			if k != geo.KindFacility {
				return false
			}
		}
		return true
	}
	if len(c.Entries) == 0 {
		return false
	}
	for _, e := range c.Entries {
		if r.g.Place(e.Place).Kind != geo.KindFacility {
			return false
		}
	}
	return true
}

// link reports whether the text puts a in b, and whether only near it.
func (r *Recognizer) link(toks []arabic.Token, a, b *Candidate) (near, ok bool) {
	from, to := a.Last+1, b.First // the words between them, b's cue included
	if to-from > maxLinkWords || !toks[b.First].Joined {
		return false, false
	}
	if from == to {
		// adjacent: only "X بدمشق", the preposition written on Y
		return false, b.Prep == 'ب'
	}
	core := false
	for i := from; i < to; i++ {
		t := toks[i]
		switch {
		case i == from && t.Sep == ',':
			// "X، شمال شرقي Y": an apposition that locates, only when
			// a direction opens it ("X، في Y" starts another phrase)
			if r.linkWord(t.Key) != linkNear {
				return false, false
			}
		case !t.Joined:
			return false, false // a full stop, a parenthesis, a line break
		}
		if i == from && r.coordinated(t.Key) {
			return false, false // "X وناحية Y" lists; it does not locate
		}
		switch r.linkWord(t.Key) {
		case linkNone:
			return false, false
		case linkNear:
			near, core = true, true
		case linkIn:
			core = true
		}
	}
	if !core {
		return false, false
	}
	// "في البقاع الشمالي": a part of the area, so near it
	return near || b.Direction, true
}

// apart reports whether b locates a new conjunct between a and b ("المنصورة،
// ومخزنا في مأرب": a word with و that names no place, then a link word
// right before b), not a. A list of names the gazetteer lacks ("X وتل
// الورد والخربة Y") has no link word before b.
func (r *Recognizer) apart(toks []arabic.Token, a, b *Candidate) bool {
	i := b.First - 1
	if b.CueEnd > 0 {
		i-- // b's cue ("بمحافظة") is b's, not a link
	}
	if i <= a.Last {
		return false
	}
	if k := r.linkWord(toks[i].Key); k != linkIn && k != linkNear {
		return false
	}
	for i--; i > a.Last; i-- {
		// "ومخزنا", "ومعسكر": a conjunct, even one a cue word heads (a cue
		// with no name after it); "وسط" is a link word of its own
		key := toks[i].Key
		if strings.HasPrefix(key, "و") && (r.linkWord(key) == linkNone || r.coordinated(key)) {
			return true
		}
	}
	return false
}

// coordinated reports whether a word is a link word only after its
// conjunction و is removed ("وناحية"; not "وسط").
func (r *Recognizer) coordinated(key string) bool {
	rest, ok := strings.CutPrefix(key, "و")
	return ok && r.linkWord(key) != linkNone && r.linkWord(rest) != linkNone && !r.linkIn[key] && !r.linkNear[key]
}

type linkKind uint8

const (
	linkNone linkKind = iota
	linkIn
	linkNear
	linkGlue
)

// linkWord classifies a folded word that may stand between a name and
// its container, reading through its proclitics ("بريف", "والتابعة").
func (r *Recognizer) linkWord(key string) linkKind {
	bs := arabic.Readings(key)
	glue := false
	for b := 0; b < bs.Len(); b++ {
		st := bs.At(b)
		stem := st.Stem
		if st.Article {
			stem = "ال" + stem
		}
		for _, k := range []string{st.Stem, stem} {
			switch {
			case r.linkNear[k]:
				return linkNear
			case r.linkIn[k]:
				return linkIn
			}
		}
		if _, cue := r.cueStem(st.Stem); cue && !st.Article {
			return linkIn // "بمحافظة", "في مدينة"
		}
		if r.linkGlue[st.Stem] || r.dirAdj[key] {
			glue = true
		}
	}
	if glue {
		return linkGlue
	}
	if st, ok := shortClitic(key); ok {
		if _, cue := r.cueStem(st.Stem); cue {
			return linkIn // "X بحي Y"
		}
	}
	return linkNone
}

// listed reports whether b is listed right after a: joined by و or a
// comma, nothing else between them.
func listed(toks []arabic.Token, a, b *Candidate) bool {
	if b.First != a.Last+1 && !(b.CueEnd > 0 && b.First == a.Last+2) {
		return false
	}
	t := toks[a.Last+1]
	return t.Sep == ',' || t.Joined && strings.HasPrefix(t.Key, "و")
}

// idiomAt reports whether an idiom that names no place starts at token i.
func (r *Recognizer) idiomAt(toks []arabic.Token, i int) bool {
	bs := arabic.Readings(toks[i].Key)
	for b := 0; b < bs.Len(); b++ {
		for _, idiom := range r.idioms[bs.At(b).Stem] {
			words := strings.Fields(idiom)
			if i+len(words) > len(toks) {
				continue
			}
			ok := true
			for k := 1; k < len(words); k++ {
				if toks[i+k].Key != words[k] || !toks[i+k].Joined {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}
