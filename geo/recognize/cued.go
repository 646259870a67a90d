package recognize

import (
	"strings"

	"github.com/incidentmap/incidentmap/geo"

	"github.com/incidentmap/incidentmap/geo/arabic"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
)

// matchCued returns a candidate for a name the gazetteer does not hold by
// its Arabic spelling but that a strong cue word introduces ("قرية X"):
// found by transliteration when a romanised name fits, else unresolved.
func (r *Recognizer) matchCued(toks []arabic.Token, i int, inherited string) (Candidate, int) {
	if toks[i].Tanween {
		return Candidate{}, 0 // "وصولًا": an indefinite common word, no name
	}
	cue := r.cueBefore(toks, i, true)
	first := toks[i].Key
	joinedNext := i+1 < len(toks) && toks[i+1].Joined
	if cue == "" && inherited != "" {
		if !r.nameWord(first) && !strings.HasPrefix(first, "و") {
			return Candidate{}, 0 // "، فيما": the list is over
		}
		cue = inherited
		if strings.HasPrefix(first, "و") {
			first = first[len("و"):] // the conjunction joins the list, not the name
		}
	}
	if cue == "" {
		// "كفر X", "خربة X": a village name even with no cue before it.
		if !r.lonelyAt(toks, i) || !joinedNext || !r.nameWord(toks[i+1].Key) {
			return Candidate{}, 0
		}
	} else if first != toks[i].Key && possessive(first) {
		return Candidate{}, 0
	} else if !r.nameWord(first) && !(r.isHead(first) && joinedNext && r.nameWord(toks[i+1].Key)) {
		return Candidate{}, 0 // a head that is also a cue ("وخربة X") still starts a name
	}
	n := 1
	if joinedNext {
		next := toks[i+1].Key
		head := r.isHead(first)
		articled := strings.HasPrefix(next, "ال") && r.nameWord(next)
		if head && r.nameWord(next) || articled && !r.dirAdj[next] || r.dirAdj[next] && strings.HasPrefix(first, "ال") {
			n = 2
		} else if r.nameWord(next) && r.known(first, next) {
			// "قاعدة عثمان دقنة": a name the gazetteer holds for another
			// feature spans both words, though it is not that feature
			n = 2
		} else if r.nameWord(next) && len(r.transliterated(first+" "+next, cue)) > 0 {
			// "حي حامر ويني": a name of two words that a romanised
			// name of the region spells (Hamar Weyne); a foreign
			// name's words are no Arabic heads
			n = 2
		}
	}
	c := Candidate{
		Start: toks[i].Start, End: toks[i+n-1].End, First: i, Last: i + n - 1,
		Cue: cue, CueKinds: r.cues[cue],
	}
	if cue != "" && cue != inherited || r.cueBefore(toks, i, true) != "" {
		c.CueStart, c.CueEnd = toks[i-1].Start, toks[i-1].End
	}
	name := first
	if n == 2 {
		name += " " + toks[i+1].Key
	}
	c.Key, _ = gazetteer.Key(name)
	if es, key := r.withSingularCue(name, cue); len(es) > 0 {
		// "مخيمي كلمة وعطاش": the second camp is "مخيم عطاش"
		c.Key, c.Entries = key, es
		r.context(toks, &c)
		return c, n
	}
	c.Entries = r.transliterated(name, cue)
	c.Skeleton = len(c.Entries) > 0
	r.context(toks, &c)
	return c, n
}

// withSingularCue returns the places named by a list cue's singular and
// the name ("مخيم" + "عطاش"), of a kind the cue allows, and their key:
// tables name camps, fields and bases with their head word.
func (r *Recognizer) withSingularCue(name, cue string) ([]gazetteer.Entry, string) {
	one := r.singular[cue]
	if one == "" {
		return nil, ""
	}
	key, _ := gazetteer.Key(one + " " + name)
	var out []gazetteer.Entry
	for _, e := range r.g.LookupBytes([]byte(key)) {
		if kinds := r.cues[cue]; kinds == nil || KindFits(r.g.Place(e.Place).Kind, kinds) {
			out = append(out, e)
		}
	}
	return out, key
}

// transliterated returns the places of the region whose romanised name
// spells a folded name the gazetteer lacks in Arabic script, of a kind
// the cue allows. Transliteration is weak evidence: only small places of
// the region, never countries or provinces.
func (r *Recognizer) transliterated(name, cue string) []gazetteer.Entry {
	sk := arabic.Skeleton(name)
	if len(sk) < 3 {
		return nil
	}
	var out []gazetteer.Entry
	for _, e := range r.g.LookupSkeleton(sk) {
		p := r.g.Place(e.Place)
		if r.cov.Has(p.CountryCode) && p.Kind != geo.KindCountry && p.Kind != geo.KindAdmin1 &&
			(r.cues[cue] == nil || KindFits(p.Kind, r.cues[cue])) {
			out = append(out, e)
		}
	}
	return out
}

// nameWord reports whether a folded word can be (part of) a name after a
// cue: not a function word, generic adjective, number or stop name.
func (r *Recognizer) nameWord(w string) bool {
	if len(w) < 4 || w[0] < 0x80 || r.titles[w] || strings.HasPrefix(w, "لل") {
		return false
	}
	bs := arabic.Readings(w)
	for b := 0; b < bs.Len(); b++ {
		st := bs.At(b)
		k := st.Stem
		if r.notName[k] || r.generic[adjStem(k)] || r.direction[k] {
			return false
		}
		if _, cue := r.cueStem(k); cue {
			return false
		}
	}
	return true
}

// adjStem removes the feminine and plural endings of a nisba adjective.
func adjStem(k string) string {
	if t, ok := strings.CutSuffix(k, "ا"); ok && len(t) > 4 {
		k = t // accusative: عسكرياً
	}
	for _, suf := range []string{"يين", "يون", "يه", "ه"} {
		if strings.HasSuffix(k, suf) && len(k) > len(suf)+4 {
			if suf == "يين" || suf == "يون" {
				return k[:len(k)-len(suf)] + "ي"
			}
			if suf == "يه" {
				return k[:len(k)-len("ه")]
			}
			return k[:len(k)-len(suf)]
		}
	}
	return k
}

// lonelyAt reports whether token i, as written, is a head that makes a
// name with the next word even without a cue.
func (r *Recognizer) lonelyAt(toks []arabic.Token, i int) bool {
	k, art := gazetteer.Key(toks[i].Key)
	return r.lonely[stopKey(k, art)]
}

// possessive reports whether a word ends in a possessive pronoun
// ("وحلفائها"): in a list of names such a word has left the list.
func possessive(w string) bool {
	for _, suf := range []string{"ها", "هم", "هما", "كم", "نا"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// isHead reports whether a folded word, as written, is a compound head.
func (r *Recognizer) isHead(w string) bool {
	k, art := gazetteer.Key(w)
	return r.heads[stopKey(k, art)]
}

// otherFeature reports whether a facility the text names without its
// class word after a cue of one feature ("قاعدة X" for a base) bears the
// name only with the class word of another ("ميناء X", a port) and no
// name of its own with the cue's: two facilities that share a name, of
// which the gazetteer holds the other. A field also named "معمل غاز X"
// is still the field after "حقل".
func (r *Recognizer) otherFeature(p *geo.Place, key, cue string) bool {
	want := r.feature[cue]
	if want == "" {
		return false
	}
	other := false
	for _, n := range append([]string{p.NameAr}, p.Names...) {
		k, _ := gazetteer.Key(n)
		head, rest, ok := strings.Cut(k, " ")
		if !ok {
			continue
		}
		got := r.feature[head]
		if got == want {
			return false
		}
		if rk, _ := gazetteer.Key(rest); rk == key && got != "" {
			other = true
		}
	}
	return other
}

// known reports whether the gazetteer holds a place by the name of two
// folded words.
func (r *Recognizer) known(first, next string) bool {
	var buf [96]byte
	k := append(append(append(buf[:0], foldedKey(first)...), ' '), next...)
	return len(r.g.LookupBytes(k)) > 0
}

// foldedKey is gazetteer.Key of a folded name, without folding it again:
// the article dropped from its first word.
func foldedKey(f string) string {
	first := f
	if i := strings.IndexByte(f, ' '); i >= 0 {
		first = f[:i]
	}
	if strings.HasPrefix(first, "ال") && len(first) >= len("ال")+4 {
		return f[len("ال"):]
	}
	return f
}

// toldBefore reports whether a word of saying stands within the two
// words before token i, in the same phrase ("قال مصدر لـ", "مصادر مطلعة
// لـ"): the name after ل is who was told. Further back the ل may be of
// motion ("أكد وصول التعزيزات للميادين").
func (r *Recognizer) toldBefore(toks []arabic.Token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		if !toks[k+1].Joined {
			return false
		}
		bs := arabic.Readings(toks[k].Key)
		for b := 0; b < bs.Len(); b++ {
			if st := bs.At(b); r.speech[st.Stem] || st.Article && r.speech["ال"+st.Stem] {
				return true
			}
		}
	}
	return false
}
