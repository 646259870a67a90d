package arabic

import "unicode"

// Kickers are at most this many words: a section or outlet name
// ("الشرق الأوسط", "أخبار عربية", "عاجل") above the headline. A headline
// of news tells who did what where, which takes more words.
const maxKickerWords = 2

// Headlines are at most this many words; a longer line is a paragraph.
const maxHeadlineWords = 30

// Headline returns the span [start, end) in code points of text's
// headline: its first non-empty line when that line holds an Arabic
// letter. A first line of another script ("[untitled]") is no headline,
// and ok is false. A kicker (a line of at most two words) above a line
// that reads as a headline (an Arabic line of several words that does not
// end a sentence the way a paragraph does) is a label, not the headline:
// the line under it is. The extractor's sentences and the recognizer's
// headline names both come from here, so that they agree.
func Headline(text string) (start, end int, ok bool) {
	runes := []rune(text)
	s0, e0 := nextLine(runes, 0)
	if s0 == e0 || !hasArabicRunes(runes[s0:e0]) {
		return 0, 0, false
	}
	if words(runes[s0:e0]) <= maxKickerWords && !endsSentence(runes[s0:e0]) {
		s1, e1 := nextLine(runes, e0)
		if n := words(runes[s1:e1]); n > maxKickerWords && n <= maxHeadlineWords &&
			hasArabicRunes(runes[s1:e1]) && !endsSentence(runes[s1:e1]) {
			return s1, e1, true
		}
	}
	return s0, e0, true
}

// nextLine returns the first non-empty line at or after rune from,
// without the white space around it (s == e when there is none).
func nextLine(runes []rune, from int) (s, e int) {
	s = from
	for s < len(runes) && unicode.IsSpace(runes[s]) {
		s++
	}
	e = s
	for e < len(runes) && runes[e] != '\n' {
		e++
	}
	for e > s && unicode.IsSpace(runes[e-1]) {
		e--
	}
	return s, e
}

// words counts the runs of letters and digits of a line.
func words(line []rune) int {
	n, in := 0, false
	for _, r := range line {
		w := unicode.IsLetter(r) || unicode.IsDigit(r) || IsDiacritic(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// endsSentence reports whether a line ends with a full stop (or "!",
// "؟"): a paragraph, or a sentence, not a title.
func endsSentence(line []rune) bool {
	for i := len(line) - 1; i >= 0; i-- {
		switch r := line[i]; {
		case r == '"' || r == '\'' || r == '”' || r == '»' || r == ')':
			continue
		case r == '.' || r == '!' || r == '?' || r == '؟':
			return true
		default:
			return false
		}
	}
	return false
}

func hasArabicRunes(rs []rune) bool {
	for _, r := range rs {
		if IsArabicLetter(r) {
			return true
		}
	}
	return false
}
