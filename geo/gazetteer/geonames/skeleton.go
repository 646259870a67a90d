package geonames

import (
	"strings"
	"unicode"
)

// Skeletons reduce an Arabic name and a Latin transcription of it to a
// comparable string of coarse consonants (vowels, weak letters, articles
// and doubled letters dropped; emphatics merged with their plain sounds).
// GeoNames lists a place's alternates unordered, so when nothing else
// tells which Arabic spelling is the place's own, the one that sounds
// like its Latin name is a good guess (‘Arīqah is عريقة, not تل عمار).

// arabicConsonants maps Arabic-script letters to coarse consonants; letters
// not listed (alif, hamza forms, ع, و, ي, ى, ة) are dropped like vowels.
var arabicConsonants = map[rune]byte{
	'ب': 'b', 'پ': 'b', 'ت': 't', 'ث': 't', 'ط': 't', 'ج': 'j', 'چ': 's',
	'ح': 'h', 'ه': 'h', 'خ': 'k', 'د': 'd', 'ذ': 'd', 'ض': 'd', 'ر': 'r',
	'ز': 'z', 'ظ': 'z', 'ژ': 'z', 'س': 's', 'ش': 's', 'ص': 's', 'غ': 'g',
	'گ': 'g', 'ف': 'f', 'ڤ': 'f', 'ق': 'k', 'ك': 'k', 'ک': 'k', 'ل': 'l',
	'م': 'm', 'ن': 'n',
}

// latinFold maps the accented letters of GeoNames transcriptions to ASCII;
// apostrophes and ayn signs map to nothing.
var latinFold = strings.NewReplacer(
	"ā", "a", "á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a",
	"ē", "e", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"ī", "i", "í", "i", "ì", "i", "î", "i", "ï", "i", "ı", "i",
	"ō", "o", "ó", "o", "ò", "o", "ô", "o", "ö", "o",
	"ū", "u", "ú", "u", "ù", "u", "û", "u", "ü", "u",
	"ḩ", "h", "ḥ", "h", "ẖ", "h", "ş", "s", "ṣ", "s", "š", "s", "ś", "s",
	"ţ", "t", "ṭ", "t", "ḑ", "d", "ḍ", "d", "ẓ", "z", "ż", "z", "ž", "z",
	"ç", "c", "ğ", "g", "ġ", "g", "ñ", "n",
	"ʿ", "", "ʾ", "", "‘", "", "’", "", "`", "", "'", "",
)

// latinArticles are the transcribed forms of the Arabic article, assimilated
// or not, that begin a word of a multi-word name ("Aş Şūrah", "Al Karāmah").
var latinArticles = map[string]bool{
	"al": true, "el": true, "ad": true, "adh": true, "ar": true, "as": true,
	"ash": true, "at": true, "ath": true, "az": true, "an": true, "ed": true,
	"er": true, "es": true, "esh": true, "et": true, "ez": true, "en": true,
}

// latinDigraphs map two-letter transcriptions to one coarse consonant.
var latinDigraphs = strings.NewReplacer(
	"sh", "s", "ch", "s", "th", "t", "dh", "d", "kh", "k", "gh", "g", "dj", "j", "ou", "u",
)

func arabicSkeleton(name string) string {
	var b []byte
	for _, w := range strings.Fields(stripMarks(name)) {
		if r := []rune(w); len(r) > 2 && r[0] == 'ا' && r[1] == 'ل' {
			w = string(r[2:])
		}
		rs := []rune(w)
		for i, r := range rs {
			if r == 'ه' && i == len(rs)-1 { // a final ه is mostly ta marbuta
				continue
			}
			if c, ok := arabicConsonants[r]; ok && (len(b) == 0 || b[len(b)-1] != c) {
				b = append(b, c)
			}
		}
	}
	return string(b)
}

func latinSkeleton(name string) string {
	words := strings.FieldsFunc(latinFold.Replace(strings.ToLower(name)), func(r rune) bool {
		return r == ' ' || r == '-'
	})
	var b []byte
	for i, w := range words {
		if i < len(words)-1 && latinArticles[w] {
			continue
		}
		w = strings.TrimSuffix(latinDigraphs.Replace(w), "h")
		for _, r := range w {
			var c byte
			switch {
			case strings.ContainsRune("aeiouyw", r) || r > unicode.MaxASCII || !unicode.IsLetter(r):
				continue
			case r == 'q' || r == 'c' || r == 'x':
				c = 'k'
			case r == 'p':
				c = 'b'
			case r == 'v':
				c = 'f'
			default:
				c = byte(r)
			}
			if len(b) == 0 || b[len(b)-1] != c {
				b = append(b, c)
			}
		}
	}
	return string(b)
}

// similarity is the longest common subsequence of two skeletons as a
// share of their lengths, in thousandths so that comparing is exact.
func similarity(a, b string) int {
	if a == "" || b == "" {
		return 0
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return 2000 * prev[len(b)] / (len(a) + len(b))
}
