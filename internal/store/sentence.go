package store

import "strings"

// MaxSentence bounds the example sentence kept for an unresolved name, in
// code points on each side of the name.
const MaxSentence = 160

// SentenceAround returns the sentence of text (as code points) holding
// [start, end): from the previous sentence end or line break to the next,
// cut to MaxSentence code points on each side.
func SentenceAround(text []rune, start, end int) string {
	if start < 0 || end > len(text) || start > end {
		return ""
	}
	from := start
	for from > 0 && start-from < MaxSentence && !sentenceEnd(text[from-1]) {
		from--
	}
	to := end
	for to < len(text) && to-end < MaxSentence && !sentenceEnd(text[to]) {
		to++
	}
	if to < len(text) && sentenceEnd(text[to]) && text[to] != '\n' {
		to++ // keep the full stop
	}
	return strings.TrimSpace(string(text[from:to]))
}

func sentenceEnd(r rune) bool {
	switch r {
	case '.', '!', '?', '؟', '\n', '۔':
		return true
	}
	return false
}
