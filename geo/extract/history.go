package extract

import (
	"strings"
	"time"
)

// history returns the sentences that tell history: those that open with a
// span since a beginning ("منذ اندلاع الحرب، تحولت المدينة ..."), and those that date what
// they say by a past year alone ("سيطر التنظيم على المدينة عام 2014") and
// name no day or month. A year after "منذ" measures time up to now ("أعنف
// هجوم منذ عام 2006"), and a year after a noun of an era or a document
// ("اتفاق فض الاشتباك لعام 1974") names the thing, not when the clause
// happened: neither makes a sentence history. With no publication date,
// every year so named dates background: a report dates the news it
// reports by the day ("أمس", "الأحد", "في 3 آذار"), never by a bare year.
func (x *Extractor) history(d *doc, dates []dateRef, published time.Time) map[int]bool {
	var out map[int]bool
	for k, s := range d.sents {
		if s.t1-s.t0 > 2 && d.hasForm(s.t0, "منذ", false) && x.spanStart.has(d, s.t0+1) {
			if out == nil {
				out = map[int]bool{}
			}
			out[k] = true
		}
	}
	now := published.Year()
	if published.IsZero() {
		now = 1 << 30
	}
	dated := map[int]bool{}
	for _, r := range dates {
		dated[d.sentOf[r.start]] = true
	}
	for i := 1; i < len(d.toks); i++ {
		if !d.hasForm(i-1, "عام", false) && !d.hasForm(i-1, "سنه", false) {
			continue
		}
		y, ok := yearAt(d, i)
		if !ok || y >= now {
			continue
		}
		if k := i - 2; k >= 0 && (d.hasForm(k, "منذ", false) || x.eraNouns.has(d, k)) ||
			strings.HasPrefix(d.toks[i-1].Key, "ل") {
			continue
		}
		s := d.sentOf[i]
		if dated[s] {
			continue
		}
		if out == nil {
			out = map[int]bool{}
		}
		out[s] = true
	}
	return out
}
