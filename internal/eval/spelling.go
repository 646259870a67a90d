package eval

import "strings"

// spanHasName reports whether the text at an occurrence contains the
// toponym text or one of its variants once proclitics are stripped. An
// occurrence covers whole words with their proclitics, so a name may be
// preceded by و ف ب ل ك and followed by more words ("الولايات المتحدة
// الأمريكية"): containment is the check that is sure to hold. ل + ال is
// written لل, which containment alone would miss. Both sides are
// normalised first (hamza forms of alef, alef maqsura, ta marbuta,
// diacritics, tatweel, joiners) so that a spelling difference the
// annotator did not care about is not reported as an error.
func spanHasName(span string, names ...string) bool {
	s := normalize(span)
	for _, n := range names {
		n = normalize(n)
		if n == "" {
			continue
		}
		if strings.Contains(s, n) {
			return true
		}
		if rest, ok := strings.CutPrefix(n, "ال"); ok && rest != "" && strings.Contains(s, "لل"+rest) {
			return true
		}
	}
	return false
}

// normalize folds the Arabic spelling variants that do not change a name.
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0x064B && r <= 0x065F, r == 0x0670, r == 0x0640,
			r == 0x200C, r == 0x200D, r == 0x200E, r == 0x200F:
			// diacritics, dagger alef, tatweel, joiners and marks: dropped
		case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
			b.WriteRune('ا')
		case r == 'ى':
			b.WriteRune('ي')
		case r == 'ة':
			b.WriteRune('ه')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
