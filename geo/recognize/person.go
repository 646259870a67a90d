package recognize

import (
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/arabic"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
)

// inPersonName reports whether a candidate without a cue, preposition or
// direction word stands inside a personal name: the word after a given
// name (a family name: "محمد X"); a given name, alone or after a title
// ("الشيخ حسن"), followed by a word that can be a family name or a
// name's link ("بثينة X", "خالد بن"); or a kunya of a given name ("أبو
// حسن"). Place names homonymous with given and family names are many
// (villages called after a saint, a clan, a founder); a cue, a
// preposition or a direction word still makes them places ("قرية
// بثينة", "في بثينة", "شرق بثينة").
func (r *Recognizer) inPersonName(toks []arabic.Token, c *Candidate) bool {
	if c.Cue != "" || c.Prep != 0 || c.Direction || r.namesMajor(c) {
		return false
	}
	first := toks[c.First].Key
	if c.First > 0 && toks[c.First].Joined && r.isGiven(toks[c.First-1].Key) && !strings.HasPrefix(first, "و") {
		// the family name after a given name; "X ومعرة" lists the next
		// place ("والشيخ مصطفى ومعرزيتا"), a family name has no و
		return true
	}
	if c.First > 1 && toks[c.First].Joined && toks[c.First-1].Joined && !strings.HasPrefix(first, "و") &&
		r.titles[bareStem(toks[c.First-2].Key)] && r.givenLike(toks[c.First-1].Key) {
		return true // the family name after a title and a name: "العميد سهيل X"
	}
	if c.First < c.Last && (first == "ابو" || first == "وابو") && r.given[toks[c.First+1].Key] {
		return true // a kunya: "أبو حسن"
	}
	// the given name: the candidate's last word, alone or after a title
	if !r.isGiven(toks[c.Last].Key) {
		return false
	}
	if c.First != c.Last && !(c.First+1 == c.Last && (r.titles[bareStem(first)] || r.titleHeads[bareStem(first)])) {
		return false
	}
	if c.First == c.Last && c.First > 0 && toks[c.First].Joined && r.toldBy(toks[c.First-1].Key) &&
		c.Last+1 < len(toks) && toks[c.Last+1].Joined && r.complementizer[toks[c.Last+1].Key] {
		return true // the speaker between a verb of saying and what was said: "قالت بثينة إن"
	}
	return c.Last+1 < len(toks) && toks[c.Last+1].Joined && r.nameLike(toks[c.Last+1].Key)
}

// namesMajor reports whether a candidate may name a city or region of
// a covered country, or a country: those are named far more often than any namesake ("عمران"
// is a Yemeni city before a man), so only small places yield to a name.
func (r *Recognizer) namesMajor(c *Candidate) bool {
	for _, e := range c.Entries {
		p := r.g.Place(e.Place)
		if p.CountryCode != "" && !r.cov.Has(p.CountryCode) && p.Kind != geo.KindCountry {
			continue // a city abroad ("سارة", Sarh) is no more likely than the woman
		}
		switch p.Kind {
		case geo.KindVillage, geo.KindTown, geo.KindNeighborhood, geo.KindFacility, geo.KindOther:
		default:
			return true
		}
	}
	return false
}

// givenLike reports whether a folded word after a title reads as a
// given name: one of the list, or a bare name-like word without the
// article or a feminine ending, which a noun in construct ("وزير
// خارجية", "قائد شرطة") would have.
func (r *Recognizer) givenLike(k string) bool {
	if r.given[k] {
		return true
	}
	return !strings.HasPrefix(k, "ال") && !strings.HasSuffix(k, "ه") && r.nameLike(k)
}

// isGiven reports whether a folded word is a given name, written bare
// or after a conjunction ("فيصل", "وفيصل").
func (r *Recognizer) isGiven(k string) bool {
	return r.given[k] || r.given[bareStem(k)]
}

// bareStem drops a leading conjunction و or ف from a folded word.
func bareStem(k string) string {
	if len(k) > 6 && (strings.HasPrefix(k, "و") || strings.HasPrefix(k, "ف")) {
		return k[2:]
	}
	return k
}

// toldBy reports whether a folded word is a verb of saying, with its
// feminine ending ("قال", "قالت", "وأكدت").
func (r *Recognizer) toldBy(k string) bool {
	k = bareStem(k)
	return r.speech[k] || strings.HasSuffix(k, "ت") && r.speech[strings.TrimSuffix(k, "ت")]
}

// nameLike reports whether a folded word can follow a given name inside
// a personal name: a link (بن، عبد), another given name, or a word that
// is no word of the lexicon, no number and no place word: not a cue,
// direction, link, function word or common word, and not written with a
// conjunction or a preposition on a name the gazetteer holds ("وحلب",
// "بحلب", "بريف").
func (r *Recognizer) nameLike(k string) bool {
	if k == "" || k[0] < 0x80 {
		return false
	}
	if strings.HasPrefix(k, "و") && !r.given[k] || r.function[k] || r.dirAdj[k] {
		return false // "X وY" lists; "وليد" is a name
	}
	if r.personHead[k] || r.given[k] {
		return true
	}
	if strings.HasPrefix(k, "ف") {
		return false
	}
	key, _ := gazetteer.Key(k)
	if r.notName[key] || r.words[key] || r.titles[k] {
		return false
	}
	bs := arabic.Readings(k)
	for b := 0; b < bs.Len(); b++ {
		st := bs.At(b)
		if _, cue := r.cueStem(st.Stem); cue {
			return false
		}
		if r.direction[st.Stem] || r.linkIn[st.Stem] || r.linkNear[st.Stem] || r.linkGlue[st.Stem] {
			return false
		}
		if st.Prep != 0 && len(r.g.LookupBytes([]byte(st.Stem))) > 0 {
			return false
		}
	}
	return true
}
