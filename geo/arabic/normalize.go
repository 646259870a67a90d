package arabic

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// IsDiacritic reports whether r is an Arabic mark that normalisation drops:
// harakat, tanwin, shadda, sukun, Quranic marks, superscript alef and tatweel.
func IsDiacritic(r rune) bool {
	switch {
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r >= 0x0610 && r <= 0x061A,
		r >= 0x06D6 && r <= 0x06ED && r != 0x06E5 && r != 0x06E6, r == 0x0640:
		return true
	}
	return false
}

// normalizeRune maps one rune for Normalize: it never changes the number
// of runes, so offsets stay aligned except where diacritics are dropped.
func normalizeRune(r rune) rune {
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ', 'ٲ', 'ٳ':
		return 'ا'
	case 'ى':
		return 'ي'
	case '“', '”', '„', '«', '»', '″':
		return '"'
	case '‘', '’', '‚', '‹', '›', '′':
		return '\''
	case '\u00a0', '\u2007', '\u202f', '\u200b':
		return ' '
	case '،':
		return ','
	case '؛':
		return ';'
	case '؟':
		return '?'
	}
	switch {
	case r >= '٠' && r <= '٩':
		return '0' + (r - '٠')
	case r >= '۰' && r <= '۹':
		return '0' + (r - '۰')
	}
	return r
}

// foldRune applies the matching-only folds on top of normalizeRune.
func foldRune(r rune) rune {
	r = normalizeRune(r)
	switch r {
	case 'ة', 'ۀ', 'ہ', 'ە':
		return 'ه'
	case 'ؤ':
		return 'و'
	case 'ئ', 'ی', 'ې', 'ے':
		return 'ي'
	case 'ک', 'گ':
		return 'ك' // Persian kaf and gaf (Iraqi and Kurdish spellings)
	case 'ڨ':
		return 'ق' // the Maghrebi g: ڨالمة is قالمة
	case 'ڤ':
		return 'ف'
	case 'چ':
		return 'ج'
	case 'پ':
		return 'ب'
	case 'ژ':
		return 'ز'
	}
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	if r >= 0x00C0 && r < 0x0250 || r >= 0x1E00 && r < 0x1F00 {
		return foldLatin(r)
	}
	return r
}

// Normalize returns the normalised text and, for every rune of it, the
// code-point offset of the rune it came from in s; the map has one extra
// entry holding the length of s in code points, so a normalised span
// [i, j) maps back to [offsets[i], offsets[j]).
func Normalize(s string) (string, []int) {
	var b strings.Builder
	b.Grow(len(s))
	offsets := make([]int, 0, utf8.RuneCountInString(s)+1)
	n := 0
	for _, r := range s {
		if !IsDiacritic(r) {
			b.WriteRune(normalizeRune(r))
			offsets = append(offsets, n)
		}
		n++
	}
	offsets = append(offsets, n)
	return b.String(), offsets
}

// Fold returns the matching key of s: normalised, folded, with every run
// of non-letters collapsed to one space and no leading or trailing space.
// Gazetteer names and text tokens meet on this form.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if IsDiacritic(r) {
			continue
		}
		if isApostrophe(r) {
			continue // inside romanised names (Ma‘arrat) it marks ayn or hamza
		}
		r = foldRune(r)
		if isWordRune(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '`', 'ʿ', 'ʾ', 'ʼ', '‘', '’':
		return true
	}
	return false
}

// isWordRune reports whether r belongs inside a word after normalisation.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	if r >= 0x0600 && r <= 0x06FF { // the Arabic block: the common case, kept off the Unicode tables
		return IsArabicLetter(r) || r >= 0x0660 && r <= 0x0669 || r >= 0x06F0 && r <= 0x06F9 || IsDiacritic(r)
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || IsDiacritic(r)
}

// IsArabicLetter reports whether r is a letter of the Arabic script.
func IsArabicLetter(r rune) bool {
	return (r >= 0x0620 && r <= 0x064A || r >= 0x066E && r <= 0x06D3 || r >= 0x06FA && r <= 0x06FF ||
		r >= 0x0750 && r <= 0x077F || r >= 0xFB50 && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF) && r != 0x0640
}

// HasArabic reports whether s contains an Arabic-script letter.
func HasArabic(s string) bool {
	for _, r := range s {
		if IsArabicLetter(r) {
			return true
		}
	}
	return false
}
