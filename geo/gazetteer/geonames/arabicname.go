package geonames

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// candidate is one Arabic-script spelling of a place, with what is known
// of it: GeoNames dumps give bare names, alternateNamesV2 adds a language
// and flags.
type candidate struct {
	name      string
	lang      string // "" when untagged
	preferred bool
	historic  bool
}

// spelling is one way of writing a name, with what plainer compares.
type spelling struct {
	text   string
	marks  int // diacritics and other marks
	oneLtr int // one-letter words other than و
	words  int
}

func newSpelling(name string) spelling {
	plain := stripMarks(name)
	sp := spelling{text: name, marks: utf8.RuneCountInString(name) - utf8.RuneCountInString(plain)}
	for _, w := range strings.Fields(plain) {
		sp.words++
		if utf8.RuneCountInString(w) == 1 && w != "و" {
			sp.oneLtr++
		}
	}
	return sp
}

// nameGroup gathers the spellings that differ only by diacritics or spaces.
type nameGroup struct {
	key         string   // the spelling without diacritics nor spaces
	rep         spelling // the spelling to show: the plainest one
	pure        bool     // only letters of the Arabic alphabet proper
	arPreferred bool     // tagged ar and preferred
	arCurrent   bool     // tagged ar and not historic
	ar          bool     // tagged ar
	count       int      // distinct (language, spelling) pairs
	spelled     int      // how closely it spells the romanised name (spellingLike), when the name is one
	like        int      // similarity to the Latin name, in thousandths
	allHistoric bool
	variants    map[string]bool
}

// bestArabic chooses the Arabic name of a place among its Arabic-script
// spellings. Names written only with Arabic letters beat Persian or Urdu
// ones (which an Arabic text would not use); then names GeoNames tags as
// Arabic (preferred, then current, then any); then, when latin is GeoNames'
// BGN/PCGN romanisation of the Arabic name (romanised, see
// romanisesArabic), the spelling it was made from, long vowels and article
// included (Al Qāmishlī is القامشلي, not القامشلو; Ālbū Kamāl is
// البو كمال, not أبو كمال): the standard spelling, the one Arabic media
// use; then the spelling most variants share once diacritics and spaces
// are removed; then the one that sounds most like latin; then current over
// historic; ties go to the smallest spelling, so that the choice does not
// depend on the order of the input.
func bestArabic(cands []candidate, latin string, romanised bool) string {
	groups := map[string]*nameGroup{}
	latinSk := latinSkeleton(latin)
	var roman string
	var romanHasArticle bool
	if romanised {
		roman, romanHasArticle = romanSpelling(latin), romanArticle(latin)
	}
	for _, c := range cands {
		key := groupKey(c.name)
		if key == "" {
			continue
		}
		sp := newSpelling(c.name)
		g := groups[key]
		if g == nil {
			g = &nameGroup{
				key: key, rep: sp, pure: onlyArabicLetters(key), allHistoric: true,
				like: similarity(arabicSkeleton(key), latinSk), variants: map[string]bool{},
			}
			if romanised {
				g.spelled = spellingLike(c.name, roman, romanHasArticle)
			}
			groups[key] = g
		}
		if v := c.lang + "\x00" + c.name; !g.variants[v] {
			g.variants[v] = true
			g.count++
		}
		if plainer(sp, g.rep) {
			g.rep = sp
		}
		if c.lang == "ar" {
			g.ar = true
			g.arPreferred = g.arPreferred || c.preferred
			g.arCurrent = g.arCurrent || !c.historic
		}
		g.allHistoric = g.allHistoric && c.historic
	}
	var best *nameGroup
	for _, g := range groups {
		if best == nil || g.better(best) {
			best = g
		}
	}
	if best == nil {
		return ""
	}
	return strings.TrimSpace(best.rep.text)
}

// groupKey is a spelling without diacritics, spaces, hyphens or joiners.
func groupKey(name string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' {
			return -1
		}
		return r
	}, stripMarks(name))
}

// plainer reports whether spelling a should be shown rather than b: fewer
// diacritics; no stray one-letter word ("د مشق"); words kept apart rather
// than run together; then the smaller string.
func plainer(a, b spelling) bool {
	switch {
	case a.marks != b.marks:
		return a.marks < b.marks
	case a.oneLtr != b.oneLtr:
		return a.oneLtr < b.oneLtr
	case a.words != b.words:
		return a.words > b.words
	}
	return a.text < b.text
}

func (g *nameGroup) better(o *nameGroup) bool {
	for _, c := range [...][2]bool{
		{g.pure, o.pure},
		{g.arPreferred, o.arPreferred},
		{g.arCurrent, o.arCurrent},
		{g.ar, o.ar},
	} {
		if c[0] != c[1] {
			return c[0]
		}
	}
	switch {
	case g.spelled != o.spelled:
		return g.spelled > o.spelled
	case g.count != o.count:
		return g.count > o.count
	case g.like != o.like:
		return g.like > o.like
	case g.allHistoric != o.allHistoric:
		return !g.allHistoric
	}
	return g.key < o.key
}
