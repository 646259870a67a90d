package geonames

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// scripts records which scripts the letters of a name use: arabic and latin
// say whether it has letters of that script, other whether it has letters of
// any other script.
type scripts struct{ arabic, latin, other bool }

func (s *scripts) add(r rune) {
	switch {
	case r < utf8.RuneSelf:
		s.latin = s.latin || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		return
	case r >= 0x0621 && r <= 0x064A || r >= 0x066E && r <= 0x06D3:
		s.arabic = true // the letters of the main Arabic block, fast
		return
	case !unicode.IsLetter(r):
		return
	}
	switch {
	case unicode.Is(unicode.Arabic, r):
		s.arabic = true
	case unicode.Is(unicode.Latin, r):
		s.latin = true
	default:
		s.other = true
	}
}

func scriptsOf(s string) scripts {
	var sc scripts
	for _, r := range s {
		sc.add(r)
	}
	return sc
}

// IsArabicScript reports whether name is written in the Arabic script
// (Arabic, Persian, Kurdish, Urdu...): it has Arabic letters and no
// letters of another script.
func IsArabicScript(name string) bool {
	sc := scriptsOf(name)
	return sc.arabic && !sc.latin && !sc.other
}

// isArabicScript is IsArabicScript for bytes, without converting them.
func isArabicScript(b []byte) bool {
	var sc scripts
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			sc.add(rune(b[0]))
			b = b[1:]
			continue
		}
		r, n := utf8.DecodeRune(b)
		sc.add(r)
		b = b[n:]
	}
	return sc.arabic && !sc.latin && !sc.other
}

// IsLatinScript reports whether name has Latin letters and no others.
func IsLatinScript(name string) bool {
	sc := scriptsOf(name)
	return sc.latin && !sc.arabic && !sc.other
}

// isArabicLetter reports whether r is a letter of the Arabic alphabet
// proper, as opposed to the letters Persian, Urdu or Kurdish add
// (پ چ ژ گ ک ی ۀ ے ...), which an Arabic news text does not use.
func isArabicLetter(r rune) bool {
	return r >= 0x0621 && r <= 0x063A || r >= 0x0641 && r <= 0x064A || r == 0x0671 || r == 0x0640
}

// onlyArabicLetters reports whether every letter of name is an Arabic one,
// with ta marbuta and alif maqsura only where Arabic puts them, at the end
// of a word (Kurdish spellings such as كةربالا use ة as a vowel).
func onlyArabicLetters(name string) bool {
	rs := []rune(name)
	for i, r := range rs {
		if !unicode.IsLetter(r) {
			continue
		}
		if !isArabicLetter(r) {
			return false
		}
		if (r == 'ة' || r == 'ى') && i+1 < len(rs) && unicode.IsLetter(rs[i+1]) {
			return false
		}
	}
	return true
}

// stripMarks removes diacritics (harakat, shadda, dagger alif...), tatweel
// and invisible format characters, and collapses spaces: spellings that
// differ only so are the same name.
func stripMarks(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	space := false
	for _, r := range name {
		switch {
		case r >= 0x0621 && r <= 0x063F || r >= 0x0641 && r <= 0x064A:
			// an Arabic letter: the common case, kept
		case isMark(r):
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isMark reports whether r is a diacritic, tatweel or format character,
// testing the Arabic letters (the common case) first for speed.
func isMark(r rune) bool {
	switch {
	case r < 0x0300 || r >= 0x0621 && r <= 0x063F || r >= 0x0641 && r <= 0x064A:
		return false
	case r == 0x0640:
		return true
	}
	return unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r)
}
