package store

import (
	"strings"

	"github.com/incidentmap/incidentmap/geo/arabic"
)

// SearchBody builds the text indexed for free-text search from texts
// (place names, evidence): every word folded, plus its readings without
// proclitics, each once, so that a search for "الرقة" finds "بالرقة" and
// "والرقة" and one for "رقة" finds all three.
func SearchBody(texts ...string) string {
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

// SearchWords are the folded words of a user's search text: an incident
// matches when every one occurs in its SearchBody as a word or the start
// of one. Folded words hold only letters and digits, so engines may quote
// them in their own match syntax safely.
func SearchWords(q string) []string {
	return strings.Fields(arabic.Fold(q))
}

func arabicFold(s string) string { return arabic.Fold(s) }
