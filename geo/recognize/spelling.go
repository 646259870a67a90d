package recognize

import (
	"slices"
	"strings"

	"github.com/incidentmap/incidentmap/geo/arabic"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
)

// Folding merges the seats of hamza (أ إ آ ؤ ئ) with the bare letters, so
// a word of place can meet a common word of another meaning: "إحياء"
// (reviving, a commemoration) folds as "أحياء" (quarters) does. A writer
// who puts a hamza where the word of place cannot have one wrote the
// other word; one who leaves it out (احياء) may mean either.

// spellings maps the key (folded, article dropped) of each word of place
// the recognizer reads (cues, heads, directions, links) to its written
// forms, as runes, article dropped too.
func spellings(forms ...[]string) map[string][][]rune {
	m := map[string][][]rune{}
	for _, list := range forms {
		for _, f := range list {
			if strings.ContainsRune(f, ' ') {
				continue
			}
			k, art := gazetteer.Key(f)
			w := written(f)
			if art {
				w = w[len([]rune("ال")):]
			}
			if !slices.ContainsFunc(m[k], func(x []rune) bool { return slices.Equal(x, w) }) {
				m[k] = append(m[k], w)
			}
		}
	}
	return m
}

// written returns the letters of a word as written, without diacritics:
// one rune per rune of its folded key.
func written(w string) []rune {
	out := make([]rune, 0, len(w)/2)
	for _, r := range w {
		if arabic.IsDiacritic(r) || isApostrophe(r) {
			continue
		}
		out = append(out, r)
	}
	return out
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '`', 'ʿ', 'ʾ', 'ʼ', '‘', '’':
		return true
	}
	return false
}

// hamzaSeat reports whether r is a letter that carries a hamza.
func hamzaSeat(r rune) bool {
	switch r {
	case 'أ', 'إ', 'آ', 'ؤ', 'ئ':
		return true
	}
	return false
}

// agrees reports whether a word as written may be a form of the same
// fold: no hamza the writer wrote sits where the form has another seat.
// A bare letter in the form leaves the seat open.
func agrees(w, form []rune) bool {
	if len(w) != len(form) {
		return false
	}
	for k, r := range w {
		if hamzaSeat(r) && hamzaSeat(form[k]) && form[k] != r {
			return false
		}
	}
	return true
}

// misspelt reports whether a word, as written, cannot be the word of place
// its folded key spells: some reading's stem is a word of place, and the
// hamza written in every such reading rules it out.
func (r *Recognizer) misspelt(w []rune, key string) bool {
	bs := arabic.Readings(key)
	clash := false
	for b := 0; b < bs.Len(); b++ {
		stem := bs.At(b).Stem
		for _, s := range []string{stem, strings.TrimSuffix(stem, "ا")} {
			forms := r.spelled[s]
			if len(forms) == 0 {
				continue
			}
			n := len(w) - len([]rune(stem))
			if n < 0 {
				continue
			}
			ws := w[n : n+len([]rune(s))]
			if !slices.ContainsFunc(forms, func(f []rune) bool { return agrees(ws, f) }) {
				clash = true
				continue
			}
			return false
		}
	}
	return clash
}

// respell returns toks with the key of every word whose written hamza
// rules out the word of place its fold spells rewritten to keep that
// hamza ("إحياء" is no "أحياء"): no cue, head or link reading meets it.
// toks is returned as is when no word needs it (the common case).
func (r *Recognizer) respell(text string, toks []arabic.Token) []arabic.Token {
	var out []arabic.Token
	k, n := 0, 0 // the token, the code point
	var w []rune
	hamza := false
	for _, c := range text {
		for k < len(toks) && n >= toks[k].End {
			if hamza && r.misspelt(w, toks[k].Key) {
				if out == nil {
					out = slices.Clone(toks)
				}
				out[k].Key = string(w)
			}
			k, w, hamza = k+1, w[:0], false
		}
		if k == len(toks) {
			break
		}
		if n >= toks[k].Start && !arabic.IsDiacritic(c) && !isApostrophe(c) {
			hamza = hamza || hamzaSeat(c)
			w = append(w, c)
		}
		n++
	}
	if k < len(toks) && hamza && r.misspelt(w, toks[k].Key) {
		if out == nil {
			out = slices.Clone(toks)
		}
		out[k].Key = string(w)
	}
	if out == nil {
		return toks
	}
	return out
}
