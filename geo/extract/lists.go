package extract

import (
	"slices"
	"sort"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
)

// Reports list the villages a strike hit after a cue ("على قرى X وY وZ",
// "بلدات: X، Y، Z"). The geoparser places the names it knows; the others
// are still targets, placed later at the area the list is located in
// ("في ريف حلب"). listNames finds them.

// listNames returns the names listed after cue words that no geoparser
// mention covers, as unplaced mentions.
func (x *Extractor) listNames(d *doc, have []placeMention) []placeMention {
	// have is in text order (mentions sorts it): mentions end by
	// t1 no later than the next one starts, so a binary search finds the
	// one that may overlap.
	byStart := slices.Clone(have)
	slices.SortFunc(byStart, func(a, b placeMention) int { return a.t0 - b.t0 })
	covered := func(t0, t1 int) bool {
		k := sort.Search(len(byStart), func(i int) bool { return byStart[i].t1 > t0 })
		for ; k < len(byStart) && byStart[k].t0 < t1; k++ {
			if t0 < byStart[k].t1 {
				return true
			}
		}
		return false
	}
	var out []placeMention
	for i := 0; i < len(d.toks); i++ {
		n, _ := x.listCue.match(d, i)
		if n == 0 || d.articled(i) {
			continue
		}
		j := i + n
		for items := 0; j < len(d.toks) && items < 20; items++ {
			if d.sentOf[j] != d.sentOf[i] {
				break
			}
			waw := strings.HasPrefix(d.toks[j].Key, "و")
			if items > 0 && !waw && d.toks[j].Joined {
				break // neither a comma nor و: the list is over
			}
			if !x.nameStart(d, j) {
				break
			}
			k := j + 1
			for k < len(d.toks) && k-j < 3 && d.toks[k].Joined && !strings.HasPrefix(d.toks[k].Key, "و") &&
				x.nameStart(d, k) && d.sentOf[k] == d.sentOf[j] {
				k++
			}
			if !covered(j, k) {
				start, end := d.toks[j].Start, d.toks[k-1].End
				text := d.slice(start, end)
				name := text
				if waw {
					name = strings.TrimPrefix(name, "و")
				}
				out = append(out, placeMention{
					top:  &geo.Toponym{Confidence: 0.3},
					m:    geo.Mention{Start: start, End: end, Text: text},
					t0:   j,
					t1:   k,
					text: name,
					waw:  waw,
				})
			}
			j = k
		}
		i = j - 1
	}
	return out
}

// nameStart reports whether token i may be (the start of) a listed name:
// Arabic letters, not a stop word, no number.
func (x *Extractor) nameStart(d *doc, i int) bool {
	k := d.toks[i].Key
	if k == "" || k[0] < 0x80 || x.listStop.has(d, i) || x.typeLex.has(d, i) || x.anchors.has(d, i) ||
		x.function[k] || x.function[strings.TrimPrefix(k, "و")] || x.notNames.has(d, i) {
		return false
	}
	if _, n := x.number(d, i); n > 0 {
		return false
	}
	if x.placeOfPronoun(k) {
		return false // "حماة وريفها": its countryside, no name
	}
	return len(k) >= 4 // two letters at least
}

// placeOfPronoun reports whether folded word k is a word that places
// (ريف، محيط، شرق) with a pronoun on it: "وريفها", "ومحيطه", "شرقها".
func (x *Extractor) placeOfPronoun(k string) bool {
	k = strings.TrimPrefix(k, "و")
	for _, suffix := range []string{"هما", "هم", "ها", "ه"} {
		if stem, ok := strings.CutSuffix(k, suffix); ok && len(stem) >= 4 {
			if _, ok := x.directions.exact[stem]; ok {
				return true
			}
			if _, ok := x.provinces.exact[stem]; ok {
				return true
			}
		}
	}
	return false
}
