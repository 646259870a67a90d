package arabic

import "strings"

// Base is one reading of a word with its proclitics removed: the stem
// that gazetteer names are indexed by (their first word without ال).
type Base struct {
	Stem    string // the word without proclitics and without ال
	Clitics int    // number of proclitic letters removed (و ف ب ل ك), ال not counted
	Article bool   // whether the word carried ال (or the لل contraction)
	// Prep is the preposition removed (ب ل ك), 0 when none: "بدمشق" puts
	// a place in Damascus, "كدمشق" only compares with it.
	Prep rune
}

// Bases holds the readings of one word, fewest proclitics first.
type Bases struct {
	n int
	b [6]Base
}

// Len returns the number of readings.
func (bs *Bases) Len() int { return bs.n }

// At returns the i-th reading.
func (bs *Bases) At(i int) Base { return bs.b[i] }

func (bs *Bases) add(stem string, clitics int, article bool, prep rune) {
	if bs.n == len(bs.b) || len(stem) < 2*2 { // at least two Arabic letters
		return
	}
	for i := 0; i < bs.n; i++ {
		if bs.b[i].Stem == stem {
			return
		}
	}
	bs.b[bs.n] = Base{Stem: stem, Clitics: clitics, Article: article, Prep: prep}
	bs.n++
}

// Arabic letters are two bytes in UTF-8; these are the folded forms.
const (
	alefLam = "ال"
	lamLam  = "لل"
)

// Readings returns the possible readings of a folded word: as written,
// without a conjunction (و ف), without a preposition (ب ل ك), and with
// the article ال (or لل, ل + ال) split off. "والبوكمال" reads as
// "بوكمال" with article; "بدير" as "دير"; "للميادين" as "ميادين".
func Readings(word string) Bases {
	var bs Bases
	addArticle := func(w string, clitics int, prep rune) {
		if strings.HasPrefix(w, alefLam) && len(w) >= len(alefLam)+4 {
			bs.add(w[len(alefLam):], clitics, true, prep)
			return
		}
		bs.add(w, clitics, false, prep)
	}
	addArticle(word, 0, 0)
	if len(word) < 8 || !isArabicStart(word) {
		return bs
	}
	w, c := word, 0
	if strings.HasPrefix(w, "و") || strings.HasPrefix(w, "ف") {
		w, c = w[2:], 1
		addArticle(w, c, 0)
	}
	for _, p := range []rune{'ب', 'ل', 'ك'} {
		if rest, ok := strings.CutPrefix(w, string(p)); ok {
			addArticle(rest, c+1, p)
			break
		}
	}
	if strings.HasPrefix(w, lamLam) && len(w) >= len(lamLam)+4 {
		bs.add(w[len(lamLam):], c+1, true, 'ل') // ل + ال written لل
	}
	return bs
}

func isArabicStart(w string) bool {
	return len(w) >= 2 && w[0] >= 0xD8 && w[0] <= 0xDB
}
