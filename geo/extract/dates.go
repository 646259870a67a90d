package extract

import (
	"fmt"
	"time"
)

// dateRef is a date expression read from a text: the day it names (zero
// when publication is unknown and the text gives no year) and a key that
// tells expressions apart even then, so that "الإثنين" and "25 آذار"
// stay different days.
type dateRef struct {
	t    time.Time
	prec int    // ACLED time precision: 1 day, 2 week, 3 month
	key  string // "" when the text gave no date
	// current is true for expressions relative to publication (today,
	// yesterday, a weekday): the days the news is about.
	current bool
	rank    int // how specific: explicit day 4, relative day 3, week 2, month 1
	start   int // first token
	n       int // tokens read
}

// dates reads every date expression of the text, in order.
func (x *Extractor) dates(d *doc, published time.Time) []dateRef {
	var out []dateRef
	lastMonth := 0
	for i := 0; i < len(d.toks); {
		r, ok := x.dateAt(d, i, published, &lastMonth)
		if !ok {
			i++
			continue
		}
		out = append(out, r)
		i += r.n
	}
	return out
}

// dateAt reads the date expression starting at token i.
func (x *Extractor) dateAt(d *doc, i int, pub time.Time, lastMonth *int) (dateRef, bool) {
	if day, n := x.dayAt(d, i); n > 0 {
		j := i + n
		if j < len(d.toks) && d.toks[j].Key == "من" {
			j++
		}
		if mn, m := x.months.match(d, j); mn > 0 {
			j += mn
			// "آذار/مارس": the other system's name after a slash
			if j < len(d.toks) {
				if mn2, _ := x.months.match(d, j); mn2 > 0 {
					j += mn2
				}
			}
			year := 0
			if j < len(d.toks) && (d.hasForm(j, "عام", false) || d.hasForm(j, "سنه", false)) {
				if y, ok := yearAt(d, j+1); ok {
					year, j = y, j+2
				}
			} else if y, ok := yearAt(d, j); ok {
				year, j = y, j+1
			}
			*lastMonth = m
			return explicit(pub, year, m, day, i, j-i), true
		}
		// "الخامس من الشهر الجاري", "23 من الشهر ذاته"
		if j+1 < len(d.toks) && d.hasForm(j, "شهر", false) {
			switch {
			case x.thisMonth.has(d, j+1) && !pub.IsZero():
				return explicit(pub, pub.Year(), int(pub.Month()), day, i, j+2-i), true
			case x.thisMonth.has(d, j+1):
				// no publication date: still a day of its own
				return dateRef{prec: 1, rank: 4, start: i, n: j + 2 - i, key: fmt.Sprintf("x:this-%02d", day)}, true
			case x.lastMonthW.has(d, j+1) && !pub.IsZero():
				p := pub.AddDate(0, -1, 0)
				return explicit(pub, p.Year(), int(p.Month()), day, i, j+2-i), true
			case x.sameMonth.has(d, j+1) && *lastMonth > 0:
				return explicit(pub, 0, *lastMonth, day, i, j+2-i), true
			}
		}
	}
	if mn, m := x.months.match(d, i); mn > 0 {
		before := i > 0 && x.monthBefore.has(d, i-1)
		after := i+mn < len(d.toks) && x.monthAfter.has(d, i+mn)
		year, hasYear := 0, false
		if i+mn < len(d.toks) {
			year, hasYear = yearAt(d, i+mn)
		}
		if before || after || hasYear {
			*lastMonth = m
			n := mn
			if after || hasYear {
				n++
			}
			return monthOnly(pub, year, m, i, n), true
		}
	}
	return x.relativeAt(d, i, pub)
}

// relativeAt reads a day relative to publication: اليوم، أمس، أول أمس،
// الليلة الماضية، a weekday, الأسبوع الماضي، الشهر الماضي.
func (x *Extractor) relativeAt(d *doc, i int, pub time.Time) (dateRef, bool) {
	rel := func(key string, back int, n int) (dateRef, bool) {
		r := dateRef{key: "r:" + key, current: true, rank: 3, prec: 1, start: i, n: n}
		if !pub.IsZero() {
			r.t = day(pub).AddDate(0, 0, -back)
			r.key = "d:" + r.t.Format(time.DateOnly)
		}
		return r, true
	}
	tok := d.toks[i]
	switch {
	case d.hasForm(i, "اول", false) && i+1 < len(d.toks) && d.hasForm(i+1, "امس", false):
		n := 2
		if wd, ok := x.weekdayAt(d, i+2); ok && !pub.IsZero() {
			_ = wd
			n = 3
		}
		return rel("dby", 2, n)
	case d.hasForm(i, "امس", false) || tok.Key == "بالامس":
		n := 1
		if _, ok := x.weekdayAt(d, i+1); ok {
			n = 2
		}
		return rel("yesterday", 1, n)
	case x.lastNight.has(d, i):
		n, _ := x.lastNight.match(d, i)
		return rel("yesterday", 1, n)
	case d.hasForm(i, "يوم", false) && d.articled(i) && !(i > 0 && d.hasForm(i-1, "روسيا", false)):
		n := 1
		if _, ok := x.weekdayAt(d, i+1); ok {
			n = 2
		}
		return rel("today", 0, n)
	}
	if x.todayAdverbs.has(d, i) && (i+1 >= len(d.toks) || !x.dayWord(d, i+1)) {
		// "فجرا", "صباحا": at that time of the day of the report
		r, _ := rel("today", 0, 1)
		r.rank = 2
		return r, true
	}
	if wd, ok := x.weekdayAt(d, i); ok {
		n := 1
		back := 0
		if !pub.IsZero() {
			back = (int(pub.Weekday()) - int(wd) + 7) % 7
		}
		if i+1 < len(d.toks) && (d.hasForm(i+1, "ماضي", false) || d.hasForm(i+1, "فائت", false)) {
			n = 2
			if back == 0 {
				back = 7
			}
		}
		return rel(fmt.Sprintf("wd%d", wd), back, n)
	}
	if n, _ := x.lastWeek.match(d, i); n > 0 {
		r := dateRef{key: "r:lastweek", prec: 2, rank: 2, start: i, n: n}
		if !pub.IsZero() {
			r.t = day(pub).AddDate(0, 0, -7)
			r.key = "w:" + r.t.Format(time.DateOnly)
		}
		return r, true
	}
	if n, _ := x.lastMonthPhrase.match(d, i); n > 0 && !pub.IsZero() {
		p := pub.AddDate(0, -1, 0)
		return monthOnly(pub, p.Year(), int(p.Month()), i, n), true
	}
	return dateRef{}, false
}

// dayWord reports whether token i names a day (a weekday, اليوم, أمس).
func (x *Extractor) dayWord(d *doc, i int) bool {
	if _, ok := x.weekdayAt(d, i); ok {
		return true
	}
	return d.hasForm(i, "امس", false) || d.hasForm(i, "يوم", false)
}

// weekdayAt reads a weekday name with its article at token i.
func (x *Extractor) weekdayAt(d *doc, i int) (time.Weekday, bool) {
	if i >= len(d.toks) {
		return 0, false
	}
	n, wd := x.weekdays.match(d, i)
	if n == 0 || !d.articled(i) {
		return 0, false
	}
	return wd, true
}

// dayAt reads a day of the month: digits 1 to 31 or an ordinal in words
// ("السابع عشر", "الحادي والعشرين").
func (x *Extractor) dayAt(d *doc, i int) (int, int) {
	if v, ok := digits(d.toks[i].Key); ok {
		if v >= 1 && v <= 31 {
			return v, 1
		}
		return 0, 0
	}
	n, v := x.ordinals.match(d, i)
	if n == 0 || !d.articled(i) {
		return 0, 0
	}
	j := i + n
	if v < 10 && j < len(d.toks) {
		switch k := d.toks[j].Key; {
		case k == "عشر":
			return v + 10, n + 1
		case k == "والعشرين":
			return v + 20, n + 1
		case k == "والثلاثين":
			return v + 30, n + 1
		}
	}
	if v == 1 && d.hasForm(i, "حادي", false) {
		return 0, 0 // "الحادي" alone is no day
	}
	return v, n
}

// yearAt reads a four-digit year.
func yearAt(d *doc, i int) (int, bool) {
	if i >= len(d.toks) {
		return 0, false
	}
	k := d.toks[i].Key
	if len(k) != 4 {
		return 0, false
	}
	v, ok := digits(k)
	return v, ok && v >= 1900 && v <= 2100
}

// explicit builds the date of a day and month; a missing year is the
// publication's, or the year before when that date would lie ahead.
func explicit(pub time.Time, year, month, dd, start, n int) dateRef {
	r := dateRef{prec: 1, rank: 4, start: start, n: n}
	if year == 0 && !pub.IsZero() {
		year = pub.Year()
		if time.Date(year, time.Month(month), dd, 0, 0, 0, 0, time.UTC).After(day(pub).AddDate(0, 0, 2)) {
			year--
		}
	}
	if year == 0 {
		r.key = fmt.Sprintf("x:%02d-%02d", month, dd)
		return r
	}
	t := time.Date(year, time.Month(month), dd, 0, 0, 0, 0, time.UTC)
	if t.Day() != dd {
		return dateRef{start: start, n: n} // 31 February: no date
	}
	r.t = t
	r.key = "d:" + t.Format(time.DateOnly)
	if !pub.IsZero() {
		diff := day(pub).Sub(t).Hours() / 24
		r.current = diff >= -1 && diff <= 2
	}
	return r
}

// monthOnly builds a month-precision date: the first of the month.
func monthOnly(pub time.Time, year, month, start, n int) dateRef {
	r := dateRef{prec: 3, rank: 1, start: start, n: n, key: fmt.Sprintf("m:%02d", month)}
	if year == 0 && !pub.IsZero() {
		year = pub.Year()
		if month > int(pub.Month()) {
			year--
		}
	}
	if year != 0 {
		r.t = time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
		r.key = "m:" + r.t.Format("2006-01")
	}
	return r
}

// day truncates t to its UTC calendar day.
func day(t time.Time) time.Time {
	y, m, dd := t.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}

// compatible reports whether two date keys may be the same day of one
// event: equal, or one unknown while the other is the news of the day.
func compatible(a, b dateRef) bool {
	if a.key == b.key {
		return true
	}
	return a.key == "" && b.current || b.key == "" && a.current
}
