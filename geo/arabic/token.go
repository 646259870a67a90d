package arabic

import "unicode/utf8"

// Token is one word of a text: its span in code points of the original
// text and its folded key.
type Token struct {
	Start, End int    // [Start, End) in code points of the original text
	Key        string // Fold of the word
	// Joined is true when only white space (or quotes) separates the word
	// from the previous one: a name can run across them.
	Joined bool
	// Sep is the last punctuation mark between the previous word and this
	// one (normalised: ',' for ، too), or 0.
	Sep rune
	// Tanween is true when the word is written with a tanween (ً ٌ ٍ):
	// an indefinite common word ("وصولًا"), never a proper name.
	Tanween bool
}

// Tokens splits s into words. A word is a maximal run of letters and
// digits; diacritics and tatweel inside it belong to its span but not to
// its key. Punctuation and white space separate words.
func Tokens(s string) []Token {
	return AppendTokens(nil, s)
}

// AppendTokens appends the words of s to dst, reusing its storage.
func AppendTokens(dst []Token, s string) []Token {
	// Keys are slices of one folded buffer, so a text costs two allocations
	// rather than one per word.
	buf := make([]byte, 0, len(s))
	type pending struct {
		start, end, from, to int
		joined, tanween      bool
		sep                  rune
	}
	var cur pending
	in := false
	punct := true // nothing joins the first word to a previous one
	var sep rune
	n := 0
	var spans []pending
	for _, r := range s {
		if IsDiacritic(r) {
			if in {
				cur.end = n + 1
				cur.tanween = cur.tanween || r >= 0x064B && r <= 0x064D
			}
			n++
			continue
		}
		if isApostrophe(r) && in {
			n++ // inside a romanised word; the span grows only if a letter follows
			continue
		}
		f := foldRune(r)
		if isWordRune(f) {
			if !in {
				cur = pending{start: n, from: len(buf), joined: !punct, sep: sep}
				in = true
				punct, sep = false, 0
			}
			buf = utf8.AppendRune(buf, f)
			cur.end = n + 1
		} else {
			if in {
				cur.to = len(buf)
				spans = append(spans, cur)
				in = false
			}
			if !isSpace(f) && !isQuote(f) {
				punct, sep = true, f
			}
		}
		n++
	}
	if in {
		cur.to = len(buf)
		spans = append(spans, cur)
	}
	folded := string(buf)
	for _, sp := range spans {
		dst = append(dst, Token{Start: sp.start, End: sp.end, Key: folded[sp.from:sp.to], Joined: sp.joined, Sep: sp.sep, Tanween: sp.tanween})
	}
	return dst
}

// isSpace reports whether r is white space that may sit inside a name
// (a line break may not).
func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == 0x200c || r == 0x200d || r == 0x200f || r == 0x200e
}

// isQuote reports whether r (normalised) is a quotation mark: quotes
// around a name (مطار "الشعيرات") do not separate it from its cue.
func isQuote(r rune) bool {
	return r == '"' || r == '\''
}
