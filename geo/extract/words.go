package extract

import (
	"slices"
	"strings"

	"github.com/incidentmap/incidentmap/geo/arabic"
)

// lexicon matches phrases of Arabic words against the tokens of a text.
// Entries are written in ordinary spelling; each word is folded and
// stripped of the article ال, and tokens are compared through every
// proclitic reading (و ف ب ل ك, ال, لل), so "بالقذائف" matches "قذائف".
// A word ending in '*' matches as a prefix ("استهدف*" covers استهدفت،
// استهدفوا).
type phrases[T any] struct {
	exact  map[string][]phrase[T] // by first word
	prefix []phrase[T]            // first word is a prefix
	ix     *startIndex            // records first words; nil: unindexed
	id     int                    // this lexicon's id in ix
	// definite: a phrase of several words written with the article
	// ("الرد السريع") matches only a token that carries it; written
	// bare the words are a common phrase ("في رد سريع")
	definite bool
}

type phrase[T any] struct {
	words   []string
	prefix  []bool
	val     T
	article bool // a phrase of several words whose first carries ال
}

func (l *phrases[T]) add(text string, v T) {
	var p phrase[T]
	for _, w := range strings.Fields(text) {
		pre := strings.HasSuffix(w, "*")
		w = strings.TrimSuffix(w, "*")
		p.words = append(p.words, entryWord(w))
		p.prefix = append(p.prefix, pre)
	}
	if len(p.words) == 0 {
		return
	}
	p.val = v
	p.article = len(p.words) > 1 && strings.HasPrefix(text, "ال")
	if l.ix != nil {
		l.ix.note(l.id, p.words[0], p.prefix[0])
	}
	if p.prefix[0] {
		l.prefix = append(l.prefix, p)
		return
	}
	l.exact[p.words[0]] = append(l.exact[p.words[0]], p)
}

// entryWord folds a lexicon word and drops its article, as token readings
// do.
func entryWord(w string) string {
	f := arabic.Fold(w)
	if !strings.HasPrefix(w, "ال") {
		// "ألقت" folds to القت but has no article: stripped, it would
		// read as قت, which "وقت" (time) also reads as
		return f
	}
	if rest, ok := strings.CutPrefix(f, "ال"); ok && len(rest) >= 4 {
		return rest
	}
	return f
}

// match returns the length in tokens and the value of the longest phrase
// starting at token i, or 0 (also when i lies outside the text).
func (l *phrases[T]) match(d *doc, i int) (int, T) {
	var best int
	var val T
	if i < 0 || i >= len(d.toks) {
		return 0, val
	}
	if l.ix != nil && l.ix == d.ix && !d.starts[i].has(l.id) {
		return 0, val
	}
	try := func(p *phrase[T]) {
		n := len(p.words)
		if n <= best || i+n > len(d.toks) || l.definite && p.article && !d.articled(i) {
			return
		}
		for k := range n {
			if !d.hasForm(i+k, p.words[k], p.prefix[k]) {
				return
			}
		}
		best, val = n, p.val
	}
	for _, f := range d.forms[i] {
		for j := range l.exact[f] {
			try(&l.exact[f][j])
		}
	}
	for j := range l.prefix {
		try(&l.prefix[j])
	}
	return best, val
}

// has reports whether a phrase of l starts at token i.
func (l *phrases[T]) has(d *doc, i int) bool {
	n, _ := l.match(d, i)
	return n > 0
}

// find returns the first token in [from, to) where a phrase of l starts,
// or -1.
func (l *phrases[T]) find(d *doc, from, to int) int {
	for i := max(from, 0); i < to && i < len(d.toks); i++ {
		if l.has(d, i) {
			return i
		}
	}
	return -1
}

// hasForm reports whether token i reads as w (as a prefix when prefix).
func (d *doc) hasForm(i int, w string, prefix bool) bool {
	for _, f := range d.forms[i] {
		if f == w || prefix && strings.HasPrefix(f, w) {
			return true
		}
	}
	return false
}

// readings returns the forms a token may be matched by: the folded word as
// written and every proclitic reading of it.
func readings(key string) []string {
	forms := []string{key}
	bs := arabic.Readings(key)
	for i := range bs.Len() {
		s := bs.At(i).Stem
		dup := false
		for _, f := range forms {
			if f == s {
				dup = true
				break
			}
		}
		if !dup {
			forms = append(forms, s)
		}
	}
	// Short verbs keep their conjunction in arabic.Readings ("وشن",
	// "فدك"), which spares names like وادي; lexicon words need it gone.
	for _, c := range []string{"و", "ف"} {
		if rest, ok := strings.CutPrefix(key, c); ok && len(rest) >= 4 && !slices.Contains(forms, rest) {
			forms = append(forms, rest)
		}
	}
	return forms
}

// articled reports whether token i carries the article ال (possibly after
// proclitics: والخميس، بالأمس).
func (d *doc) articled(i int) bool {
	raw := strings.TrimLeft(d.slice(d.toks[i].Start, d.toks[i].End), "وفبلك")
	if strings.HasPrefix(raw, "أ") || strings.HasPrefix(raw, "إ") || strings.HasPrefix(raw, "آ") {
		return false // "ألقت" folds to القت, but its alif is a hamza: no article
	}
	bs := arabic.Readings(d.toks[i].Key)
	for j := range bs.Len() {
		if bs.At(j).Article {
			return true
		}
	}
	return false
}
