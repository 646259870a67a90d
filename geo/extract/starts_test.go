package extract

import (
	"fmt"
	"testing"
)

// TestStartIndexAgreesWithPlainMatching checks that the start index only
// saves work: every lexicon answers the same with it as without it, for
// exact and prefix first words, phrases of several words, and tokens
// read through proclitics.
func TestStartIndexAgreesWithPlainMatching(t *testing.T) {
	entries := [][]string{
		{"قصف", "غارة جوية", "استهدف*"},
		{"قذيفة هاون", "مسيرة*", "طائرة مسيرة"},
		{"الخميس", "يوم الجمعة"},
	}
	ix := newStartIndex()
	var indexed, plain []*phrases[int]
	for k, es := range entries {
		a, b := newPhrases[int](ix), newPhrases[int](nil)
		for j, e := range es {
			a.add(e, 10*k+j+1)
			b.add(e, 10*k+j+1)
		}
		indexed, plain = append(indexed, a), append(plain, b)
	}
	texts := []string{
		"وقصفت الطائرات القرية بغارة جوية يوم الجمعة",
		"قصفت مسيرة شاحنة، وسقطت قذيفة هاون بالخميس",
		"والمسيرات فوق البلدة، لا شيء هنا",
	}
	for _, text := range texts {
		t.Run(text, func(t *testing.T) {
			d, d0 := newDoc(text, ix), newDoc(text, nil)
			for k := range indexed {
				for i := range d.toks {
					n, v := indexed[k].match(d, i)
					n0, v0 := plain[k].match(d0, i)
					if n != n0 || v != v0 {
						t.Errorf("lexicon %d at token %d: indexed %d,%d, plain %d,%d", k, i, n, v, n0, v0)
					}
				}
			}
		})
	}
	t.Run("some phrases match", func(t *testing.T) {
		d := newDoc(texts[1], ix)
		var got []string
		for k := range indexed {
			for i := range d.toks {
				if n, v := indexed[k].match(d, i); n > 0 {
					got = append(got, fmt.Sprintf("%d@%d", v, i))
				}
			}
		}
		if len(got) < 3 {
			t.Errorf("matches %v, want at least استهدف*, طائرة مسيرة, قذيفة هاون, الخميس", got)
		}
	})
}
