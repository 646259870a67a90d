package store

import "strings"

// maxSentence bounds the example sentence kept for an unresolved name, in
// code points on each side of the name.
const maxSentence = 160

// sentenceAround returns the sentence of text (as code points) holding
// [start, end): from the previous sentence end or line break to the next,
// cut to maxSentence code points on each side.
func sentenceAround(text []rune, start, end int) string {
	if start < 0 || end > len(text) || start > end {
		return ""
	}
	from := start
	for from > 0 && start-from < maxSentence && !sentenceEnd(text[from-1]) {
		from--
	}
	to := end
	for to < len(text) && to-end < maxSentence && !sentenceEnd(text[to]) {
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
