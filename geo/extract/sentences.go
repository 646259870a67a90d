package extract

import (
	"unicode"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo/arabic"
)

// doc is one text prepared for extraction: its tokens with their
// readings, its sentences, and the code-point to byte map that evidence
// needs.
type doc struct {
	text   string
	byteAt []int // byte offset of every code point, plus len(text)
	toks   []arabic.Token
	forms  [][]string
	sents  []sentence
	sentOf []int // sentence index of every token
	ix     *startIndex
	starts []lexBits // the lexicons of ix that may match at every token
	// placeAt marks the tokens where a place the geoparser found starts
	// (nil before Incidents sets it)
	placeAt []bool
	// placeEnd marks the tokens where a place the geoparser found ends
	placeEnd []bool
	// houthiVoice: the article carries the Houthis' voice (their
	// spokesman, their names for themselves), so the state's army names
	// in it are theirs
	houthiVoice bool
}

// sentence is a span of code points and the tokens inside it.
type sentence struct {
	start, end int // code points
	t0, t1     int // tokens [t0, t1)
	headline   bool
	para       int // the line it is on
}

// newDoc prepares text; ix (may be nil) is the start index of the
// lexicons that will be matched against it.
func newDoc(text string, ix *startIndex) *doc {
	d := &doc{text: text, ix: ix}
	d.byteAt = make([]int, 0, utf8.RuneCountInString(text)+1)
	for i := range text {
		d.byteAt = append(d.byteAt, i)
	}
	d.byteAt = append(d.byteAt, len(text))
	d.toks = arabic.Tokens(text)
	d.forms = make([][]string, len(d.toks))
	for i, t := range d.toks {
		d.forms[i] = readings(t.Key)
	}
	if ix != nil {
		d.starts = make([]lexBits, len(d.toks))
		for i, fs := range d.forms {
			d.starts[i] = ix.at(fs)
		}
	}
	d.splitSentences()
	return d
}

// slice returns the text of code points [start, end).
func (d *doc) slice(start, end int) string {
	return d.text[d.byteAt[start]:d.byteAt[end]]
}

// Sentences are cut at line breaks and at sentence-final punctuation
// followed by a space; a run-on sentence (text with no full stops) is cut
// at a comma past softSentenceRunes, and anywhere between words past
// maxSentenceRunes, so that evidence and the work per sentence stay
// bounded whatever the input.
const (
	softSentenceRunes = 300
	maxSentenceRunes  = 600
)

// splitSentences cuts the text into sentences. The headline is the line
// arabic.Headline finds; it is never cut, since headlines use ".." and
// ":" as separators inside one thought ("حمص.. قصف على المطار"). A first
// line of another script ("[untitled]") is no headline: the body starts
// after it. A kicker above the headline is a sentence of its own, before
// the headline, that is neither headline nor lede.
func (d *doc) splitSentences() {
	runes := []rune(d.text)
	n := len(runes)
	var spans [][2]int
	start := 0
	emit := func(end int) {
		s, e := start, end
		for s < e && unicode.IsSpace(runes[s]) {
			s++
		}
		for e > s && unicode.IsSpace(runes[e-1]) {
			e--
		}
		if e > s {
			spans = append(spans, [2]int{s, e})
		}
		start = end
	}
	// the headline, past a kicker above it (one rule with the recognizer)
	headlineAt, headEnd := -1, 0 // the runes of the headline, if any
	if hs, he, ok := arabic.Headline(d.text); ok {
		headlineAt, headEnd = hs, he
	}
	inHeadline := func(i int) bool { return headlineAt >= 0 && i >= headlineAt && i < headEnd }
	for i := 0; i < n; i++ {
		r := runes[i]
		if r == '\n' {
			emit(i + 1)
			continue
		}
		if inHeadline(i) {
			if i-start >= maxSentenceRunes && unicode.IsSpace(r) {
				emit(i + 1) // a "headline" that never ends: bounded all the same
			}
			continue
		}
		if long := i - start; long >= softSentenceRunes && (r == '،' || r == ',' || r == '؛' || r == ';') ||
			long >= maxSentenceRunes && unicode.IsSpace(r) {
			emit(i + 1) // a run-on sentence: cut at a comma, else between words
			continue
		}
		if !sentenceEnd(r) {
			continue
		}
		// A full stop between digits ("14.5") or before a letter is no end.
		j := i + 1
		for j < n && sentenceEnd(runes[j]) {
			j++
		}
		if j < n && !unicode.IsSpace(runes[j]) && !isClosingQuote(runes[j]) {
			i = j - 1
			continue
		}
		for j < n && isClosingQuote(runes[j]) {
			j++
		}
		emit(j)
		i = j - 1
	}
	emit(n)
	line, at := 0, 0
	for _, sp := range spans {
		for ; at < sp[0]; at++ {
			if runes[at] == '\n' {
				line++
			}
		}
		s := sentence{start: sp[0], end: sp[1], headline: headlineAt >= 0 && sp[0] == headlineAt, para: line}
		d.sents = append(d.sents, s)
	}
	d.sentOf = make([]int, len(d.toks))
	si := 0
	for ti, t := range d.toks {
		for si < len(d.sents)-1 && t.Start >= d.sents[si].end {
			si++
		}
		d.sentOf[ti] = si
	}
	for k := range d.sents {
		d.sents[k].t0, d.sents[k].t1 = -1, -1
	}
	for ti, si := range d.sentOf {
		s := &d.sents[si]
		if s.t0 < 0 {
			s.t0 = ti
		}
		s.t1 = ti + 1
	}
	for k := range d.sents {
		if d.sents[k].t0 < 0 {
			d.sents[k].t0, d.sents[k].t1 = 0, 0
		}
	}
}

func sentenceEnd(r rune) bool {
	switch r {
	case '.', '!', '?', '؟', '…':
		return true
	}
	return false
}

func isClosingQuote(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', '›', ')', ']':
		return true
	}
	return false
}

// lede reports whether sentence i is the headline or the first sentence
// of the body: where the news itself is told.
func (d *doc) lede(i int) bool {
	if h := d.headline(); h >= 0 {
		return i >= h && i <= h+1 // a kicker above the headline tells no news
	}
	return i == 0
}

// headline returns the index of the headline sentence, or -1.
func (d *doc) headline() int {
	for k, s := range d.sents {
		if s.headline {
			return k
		}
	}
	return -1
}

// runeLen is the number of code points of s.
func runeLen(s string) int { return utf8.RuneCountInString(s) }

// hasArabic reports whether s holds an Arabic letter.
func hasArabic(s string) bool {
	for _, r := range s {
		if r >= 0x0621 && r <= 0x064A {
			return true
		}
	}
	return false
}
