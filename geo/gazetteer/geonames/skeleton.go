package geonames

import (
	"strings"
	"unicode"
	"unicode/utf8"
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

// Spelling skeletons tell apart the Arabic spellings of one name that the
// coarse skeletons merge: they keep the long vowels (ا و ي, romanised ā ū
// ī, ay and aw) and the article, which is how القامشلي differs from
// القامشلو and البو كمال from أبو كمال. GeoNames names the places of
// Arabic-speaking countries in the BGN/PCGN romanisation of their Arabic
// name (Al Qāmishlī, Ālbū Kamāl), where an unmarked vowel is short and so
// unwritten in Arabic: the spelling that romanisation was made from is the
// standard one.

// arabicSpelling maps an Arabic spelling to its spelling skeleton: coarse
// consonants, a for alef and alef maqsura (and for an initial ع or hamza,
// which a romanisation writes as a vowel), u for و, i for ي; a final ة or
// ه is dropped as romanisations drop their h.
func arabicSpelling(name string) string {
	var b []byte
	for _, w := range strings.Fields(stripMarks(name)) {
		rs := []rune(w)
		for i, r := range rs {
			var c byte
			switch r {
			case 'ا', 'أ', 'إ', 'آ', 'ٱ', 'ى':
				c = 'a'
			case 'ع', 'ء':
				if i > 0 && (i != 2 || rs[0] != 'ا' || rs[1] != 'ل') {
					continue // not initial, even after the article
				}
				c = 'a'
			case 'و', 'ؤ', 'ۆ':
				c = 'u'
			case 'ي', 'ئ', 'ی':
				c = 'i'
			case 'ة':
				continue
			case 'ه':
				if i == len(rs)-1 {
					continue
				}
				c = 'h'
			default:
				var ok bool
				if c, ok = arabicConsonants[r]; !ok {
					continue
				}
			}
			if len(b) == 0 || b[len(b)-1] != c {
				b = append(b, c)
			}
		}
	}
	return string(b)
}

// withoutArticle removes the article from the first word of an Arabic
// spelling (when two letters at least remain).
func withoutArticle(name string) string {
	words := strings.Fields(stripMarks(name))
	if len(words) > 0 {
		if rest, ok := strings.CutPrefix(words[0], "ال"); ok && utf8.RuneCountInString(rest) >= 2 {
			words[0] = rest
		}
	}
	return strings.Join(words, " ")
}

// romanLong maps the long vowels of a lowercased BGN/PCGN romanisation
// to capitals, which romanSpelling keeps apart from the short ones.
var romanLong = strings.NewReplacer(
	"ā", "A", "â", "A", "ī", "I", "î", "I", "ē", "I", "ū", "U", "û", "U", "ō", "U", "ô", "U",
)

// romanWords splits a romanised name into lowercase words, long vowels in
// capitals, other marks folded.
func romanWords(latin string) []string {
	s := latinFold.Replace(romanLong.Replace(strings.ToLower(latin)))
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' })
}

// romanSpelling maps a BGN/PCGN romanisation to the spelling skeleton of
// the Arabic it was made from: long vowels and the diphthongs' y and w as
// a, i and u, an initial vowel as a (alef or ayn), short vowels dropped,
// the article (assimilated or not) as al.
func romanSpelling(latin string) string {
	words := romanWords(latin)
	var b []byte
	for i, w := range words {
		if i < len(words)-1 && latinArticles[w] {
			b = append(b, 'a', 'l')
			continue
		}
		w = strings.TrimSuffix(latinDigraphs.Replace(w), "h")
		for j, r := range w {
			var c byte
			switch {
			case r == 'A':
				c = 'a'
			case r == 'I' || r == 'y':
				c = 'i'
			case r == 'U' || r == 'w':
				c = 'u'
			case strings.ContainsRune("aeiou", r):
				if j > 0 {
					continue
				}
				c = 'a'
			case r > unicode.MaxASCII || !unicode.IsLetter(r):
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

// romanArticle reports whether a romanised name opens with the article.
func romanArticle(latin string) bool {
	words := romanWords(latin)
	return len(words) > 1 && latinArticles[words[0]]
}

// spellingLike is how closely an Arabic spelling matches a romanisation
// of it, in thousandths. A romanisation that leaves out the article of the
// first word (Shaykh Miskīn for الشيخ مسكين) does not count it against the
// spelling that has it.
func spellingLike(arabic, roman string, romanHasArticle bool) int {
	like := similarity(arabicSpelling(arabic), roman)
	if !romanHasArticle {
		like = max(like, similarity(arabicSpelling(withoutArticle(arabic)), roman))
	}
	return like
}

// arabicCountries are the countries where Arabic is an official language,
// whose places GeoNames names in a romanisation of their Arabic name.
var arabicCountries = map[string]bool{
	"AE": true, "BH": true, "DJ": true, "DZ": true, "EG": true, "EH": true, "IQ": true,
	"JO": true, "KM": true, "KW": true, "LB": true, "LY": true, "MA": true, "MR": true,
	"OM": true, "PS": true, "QA": true, "SA": true, "SD": true, "SO": true, "SY": true,
	"TN": true, "YE": true,
}

// bgnMarks are letters of the BGN/PCGN romanisation of Arabic that the
// romanisations of other languages do not use (ş and ţ, Turkish and
// Romanian letters too, are left out).
const bgnMarks = "āīūĀĪŪḩḨḑḐẓẒ‘’ʿʾ"

// romanisesArabic reports whether latin, the name of a place in country,
// is a BGN/PCGN romanisation of its Arabic name: the country speaks Arabic
// and the name carries the system's marks or opens with the article.
// Conventional names (Riyadh, Aleppo) are not: they drop the article and
// mark no long vowel.
func romanisesArabic(latin, country string) bool {
	return arabicCountries[country] && (strings.ContainsAny(latin, bgnMarks) || romanArticle(latin))
}
