package store

import (
	"strings"

	"github.com/incidentmap/incidentmap/geo/arabic"
)

// searchBody builds the text indexed for free-text search from texts
// (place names, evidence): every word folded, plus its readings without
// proclitics, each once, so that a search for "الرقة" finds "بالرقة" and
// "والرقة" and one for "رقة" finds all three.
func searchBody(texts ...string) string {
	seen := map[string]bool{}
	var b strings.Builder
	add := func(w string) {
		if w == "" || seen[w] {
			return
		}
		seen[w] = true
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	for _, t := range texts {
		for _, w := range strings.Fields(arabic.Fold(t)) {
			add(w)
			bs := arabic.Readings(w)
			for i := 0; i < bs.Len(); i++ {
				r := bs.At(i)
				add(r.Stem)
				if r.Article {
					add("ال" + r.Stem)
				}
			}
		}
	}
	return b.String()
}

// matchExpr turns a user's search text into an FTS5 expression: every
// folded word must occur, as a word or the start of one. It returns ""
// when the text has no words.
func matchExpr(q string) string {
	words := strings.Fields(arabic.Fold(q))
	for i, w := range words {
		// Folded words hold only letters and digits: quoting is safe.
		words[i] = `"` + w + `"*`
	}
	return strings.Join(words, " AND ")
}
