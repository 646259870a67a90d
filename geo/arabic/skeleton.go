package arabic

import "strings"

// Skeleton returns a consonant key of a folded name, the same for an Arabic
// spelling and its BGN/PCGN-style romanisation: "حطلة" and "Ḩaţlah" both
// give "htl", "البو كمال" and "Āl Bū Kamāl" both "bkml". Vowels, long
// vowel letters, hamza and ayn are dropped, the article is removed, letters
// romanised alike are merged (ص/س, ط/ت, ق/ك, ض/د, ظ/ز) and doubled
// consonants collapse. It is a retrieval key: equal skeletons are only
// candidates, never proof.
func Skeleton(folded string) string {
	var b strings.Builder
	var last byte
	emit := func(c byte) {
		if c != last {
			b.WriteByte(c)
			last = c
		}
	}
	for i, w := range strings.Fields(folded) {
		if isArabicStart(w) {
			if strings.HasPrefix(w, alefLam) && len(w) > len(alefLam)+2 {
				w = w[len(alefLam):]
			}
			rs := []rune(w)
			for j, r := range rs {
				if r == 'ه' && j == len(rs)-1 && j > 0 {
					continue // ة folded to ه: silent at the end of a word
				}
				if c := arabicConsonant(r); c != 0 {
					emit(c)
				}
			}
			continue
		}
		if latinArticle(w) && i < len(strings.Fields(folded))-1 {
			continue
		}
		for k := strings.IndexByte(w, '-'); k > 0 && latinArticle(w[:k]); k = strings.IndexByte(w, '-') {
			w = w[k+1:]
		}
		latinSkeleton(w, emit)
	}
	return b.String()
}

func arabicConsonant(r rune) byte {
	switch r {
	case 'ب', 'پ':
		return 'b'
	case 'ت', 'ط', 'ث':
		return 't'
	case 'ج', 'گ', 'ژ':
		return 'j'
	case 'ح', 'ه':
		return 'h'
	case 'خ':
		return 'x'
	case 'د', 'ض', 'ذ':
		return 'd'
	case 'ر':
		return 'r'
	case 'ز', 'ظ':
		return 'z'
	case 'س', 'ص':
		return 's'
	case 'ش', 'چ':
		return 'S'
	case 'غ':
		return 'G'
	case 'ف':
		return 'f'
	case 'ق', 'ك':
		return 'k'
	case 'ل':
		return 'l'
	case 'م':
		return 'm'
	case 'ن':
		return 'n'
	}
	return 0 // ا و ي ء ع and anything else
}

func latinArticle(w string) bool {
	switch w {
	case "al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "adh", "ath", "ed", "er", "es", "et", "ez", "en", "ul":
		return true
	}
	return false
}

func latinSkeleton(w string, emit func(byte)) {
	n := len(w)
	for i := 0; i < n; i++ {
		c := w[i]
		var next byte
		if i+1 < n {
			next = w[i+1]
		}
		if next == 'h' {
			switch c {
			case 'k':
				emit('x')
				i++
				continue
			case 's', 'c':
				emit('S')
				i++
				continue
			case 't':
				emit('t')
				i++
				continue
			case 'd':
				emit('d')
				i++
				continue
			case 'g':
				emit('G')
				i++
				continue
			case 'z':
				emit('j')
				i++
				continue
			}
		}
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'w':
		case 'h':
			if i == n-1 && i > 0 && isVowel(w[i-1]) {
				continue // final -ah/-eh renders ة
			}
			emit('h')
		case 'q', 'c', 'k':
			emit('k')
		case 'g':
			emit('j')
		case 'p':
			emit('b')
		case 'v':
			emit('f')
		case 'x':
			emit('x')
		default:
			if 'a' <= c && c <= 'z' {
				emit(c)
			}
		}
	}
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}
