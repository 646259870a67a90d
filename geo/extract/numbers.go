package extract

import (
	"strconv"
	"strings"

	"github.com/incidentmap/incidentmap/geo/arabic"
)

// number reads the cardinal that starts at token i: digits ("12",
// "لـ11") or words ("تسعة وخمسين", "ثلاثة عشر"). It returns the value and
// the number of tokens read, 0 when no number starts there. Vague
// quantities (عشرات، مئات) are no number.
func (x *Extractor) number(d *doc, i int) (int, int) {
	if i >= len(d.toks) {
		return 0, 0
	}
	if v, ok := digits(d.toks[i].Key); ok {
		n := 1
		if i+1 < len(d.toks) && (d.hasForm(i+1, "الف", false) || d.hasForm(i+1, "الاف", false)) {
			v, n = v*1000, 2
		}
		return v, n
	}
	v, ok := x.numberWord(d, i, true)
	if !ok {
		return 0, 0
	}
	n := 1
	if v < 10 && i+1 < len(d.toks) {
		// teens: "ثلاثة عشر", "اثنا عشر"
		if d.toks[i+1].Key == "عشر" || d.toks[i+1].Key == "عشره" {
			return v + 10, 2
		}
	}
	// compounds: unit + و + tens, hundreds + و + rest
	for i+n < len(d.toks) && strings.HasPrefix(d.toks[i+n].Key, "و") {
		w, ok := x.numberWord(d, i+n, false)
		if !ok || !compound(v, w) {
			break
		}
		v += w
		n++
	}
	if i+n < len(d.toks) && (d.hasForm(i+n, "الف", false) || d.hasForm(i+n, "الاف", false)) {
		v *= 1000
		n++
	}
	return v, n
}

// numberWord reads one number word at token i; plain reads the word as
// written or after a preposition, else after the conjunction و.
func (x *Extractor) numberWord(d *doc, i int, plain bool) (int, bool) {
	key := d.toks[i].Key
	if !plain {
		rest, ok := strings.CutPrefix(key, "و")
		if !ok {
			return 0, false
		}
		v, ok := x.numbers[rest]
		return v, ok
	}
	if v, ok := x.numbers[key]; ok {
		return v, true
	}
	if strings.HasPrefix(key, "و") {
		return 0, false
	}
	// after a preposition ("بثلاث"), never after the article: "الأحد" is
	// Sunday.
	bs := arabic.Readings(key)
	for j := range bs.Len() {
		if b := bs.At(j); !b.Article {
			if v, ok := x.numbers[b.Stem]; ok {
				return v, true
			}
		}
	}
	return 0, false
}

// compound reports whether w may follow v after و in one number: units
// take tens ("تسعة وخمسين"), hundreds take the rest.
func compound(v, w int) bool {
	switch {
	case v >= 100 && v%100 == 0:
		return w < 100
	case v%100 < 10:
		return w >= 20 && w < 100 && v%100 != 0
	}
	return false
}

// digits reads a run of digits, allowing proclitic letters before it
// ("لـ11", "ب9").
func digits(key string) (int, bool) {
	k := strings.TrimLeft(key, "وفبلك")
	if k == "" || k[0] < '0' || k[0] > '9' {
		return 0, false
	}
	end := 0
	for end < len(k) && k[end] >= '0' && k[end] <= '9' {
		end++
	}
	if end != len(k) || end > 7 {
		return 0, false
	}
	v, err := strconv.Atoi(k)
	return v, err == nil
}

// casualties reads the killed and injured stated in tokens [from, to).
// A statement of no casualties gives zeros; a count overrides it.
func (x *Extractor) casualties(d *doc, from, to int) (killed, injured *int) {
	add := func(p **int, v int) {
		if *p == nil {
			*p = new(int)
		}
		**p += v
	}
	zeroK, zeroI := false, false
	for i := from; i < to; i++ {
		if n, _ := x.noCasualty.match(d, i); n > 0 {
			zeroI = true
			if k, _ := x.noKilled.match(d, i); k > 0 {
				zeroK = true
			}
			i += n - 1
			continue
		}
		if n, _ := x.bothBefore.match(d, i); n > 0 {
			// "مقتل وإصابة 10": one count for both, to neither
			_, m := x.countAfter(d, i+n, to, "")
			i += n + m - 1
			continue
		}
		if (x.killedDualVerb.has(d, i) || x.injuredDualVerb.has(d, i)) && !d.toks[i].Tanween && (i == 0 || !x.numberAt(d, i-1)) {
			// "وقتلا على الفور": two dead, the dual their count ("قتلاً"
			// with tanween is the noun; after a count the count counts)
			if x.killedDualVerb.has(d, i) {
				add(&killed, 2)
			} else {
				add(&injured, 2)
			}
			continue
		}
		if x.killedDual.has(d, i) && !x.killedBefore.has(d, i) {
			add(&killed, 2) // "سقوط قتيلين"
			continue
		}
		if x.injuredDual.has(d, i) {
			add(&injured, 2)
			continue
		}
		if n, _ := x.killedBefore.match(d, i); n > 0 {
			if v, m := x.countAfter(d, i+n, to, d.toks[i+n-1].Key); m > 0 {
				add(&killed, v)
				i += n + m - 1
				continue
			}
		}
		if n, _ := x.injuredBefore.match(d, i); n > 0 {
			if v, m := x.countAfter(d, i+n, to, d.toks[i+n-1].Key); m > 0 {
				add(&injured, v)
				i += n + m - 1
				continue
			}
		}
		if v, n := x.number(d, i); n > 0 && i+n < to {
			j := i + n
			if x.persons.has(d, j) && j+1 < to { // "ثلاثة أشخاص قتلوا"
				j++
			}
			if k := x.partitive(d, j, to); k > j {
				j = k // "ثلاثة من عناصر الحركة قتلوا"
			}
			if m, _ := x.approxAfter.match(d, j); m > 0 && j+m < to { // "9 أشخاص على الأقل قتلوا"
				j += m
			}
			switch {
			case strings.HasPrefix(d.toks[j].Key, "و"):
				// "مقتل 5 وإصابة 10": the conjunction opens the next count
			case x.killedAfter.has(d, j):
				add(&killed, v)
				i = j
			case x.injuredAfter.has(d, j):
				add(&injured, v)
				i = j
			}
		}
	}
	if killed == nil && zeroK {
		killed = new(int)
	}
	if injured == nil && zeroI {
		injured = new(int)
	}
	return killed, injured
}

// countAfter reads the count that follows a casualty word at token i:
// a number ("مقتل 3", "مقتل ثلاثة عناصر"), a pair ("جنديين"), a person
// ("مقتل عنصر" is one), or the dual pronoun of the word itself
// ("مقتلهما"). It returns the count and the tokens read.
func (x *Extractor) countAfter(d *doc, i, to int, word string) (int, int) {
	if strings.HasSuffix(word, "هما") {
		return 2, 1
	}
	if strings.HasSuffix(word, "ته") || strings.HasSuffix(word, "له") {
		return 1, 1 // "إصابته", "مقتله"
	}
	if i >= to {
		return 0, 0
	}
	// "نحو سبعة", "ما لا يقل عن"
	skip := 0
	for skip < 3 && i+skip < to && x.approx.has(d, i+skip) {
		skip++
	}
	j := i + skip
	if j >= to {
		return 0, 0
	}
	if v, n := x.number(d, j); n > 0 {
		if j+n < to && x.typeLex.has(d, j+n) && !strings.HasPrefix(d.toks[j+n].Key, "و") {
			// "سقوط ثلاثة صواريخ": things, not people ("استشهاد 3
			// وإصابة": the conjunction starts the next count)
			return 0, 0
		}
		return v, skip + n
	}
	if n, _ := x.dualPersons.match(d, j); n > 0 {
		return 2, skip + n
	}
	if x.killedDual.has(d, j) || x.injuredDual.has(d, j) {
		return 2, skip + 1 // "سقوط قتيلين"
	}
	if x.onePerson.has(d, j) {
		return 1, skip + 1 // "سقوط شهيد", "وقوع جريح"
	}
	if x.persons.has(d, j) {
		// "مدنيين اثنين" is caught above; a plural without a number is
		// no count.
		if v, n := x.number(d, j+1); n > 0 && j+1 < to {
			return v, skip + 1 + n
		}
		key := d.toks[j].Key
		if strings.HasSuffix(key, "ين") || strings.HasSuffix(key, "ون") {
			return 0, 0
		}
		return 1, skip + 1
	}
	return 0, 0
}

// numberAt reports whether token i is a count or ends one ("ثلاثة",
// "3", "أشخاص" after a count).
func (x *Extractor) numberAt(d *doc, i int) bool {
	for k := max(0, i-2); k <= i; k++ {
		if _, n := x.number(d, k); n > 0 && k+n >= i {
			return true
		}
	}
	return false
}

// partitive returns the token after a partitive that follows a count at
// token j ("من عناصر الحركة", "من الجنود", "منهم"), when a verb or noun
// of death or injury comes right after it, else j: "ثلاثة من مقاتلي
// التنظيم لقوا حتفهم" counts three dead. The group the persons belong to
// may take up to partitiveGroup words.
func (x *Extractor) partitive(d *doc, j, to int) int {
	if j >= to {
		return j
	}
	k := j + 1
	switch key := d.toks[j].Key; {
	case key == "منهم":
	case key == "من" && k < to && x.persons.has(d, k):
		k++
	default:
		return j
	}
	for end := min(to, k+partitiveGroup+1); k < end; k++ {
		if x.killedAfter.has(d, k) || x.injuredAfter.has(d, k) {
			return k
		}
		if _, n := x.number(d, k); n > 0 || x.typeLex.has(d, k) {
			return j
		}
	}
	return j
}

// partitiveGroup bounds the words naming the group after a partitive's
// persons ("من عناصر قوات الدعم السريع" is three).
const partitiveGroup = 3
