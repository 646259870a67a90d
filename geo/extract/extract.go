// Package extract finds the incidents an article reports: what happened
// (ACLED event and sub-event type), where, when, who acted against whom,
// and how many were killed or injured, with the sentences as evidence.
//
// The rules are lexical and work clause by clause: a clause holds an
// event when a verb or noun of attack is there and it is neither a habit,
// a statistic, a threat nor a purpose; its type comes from the means it
// names (or the attacker's usual means), its places from the toponyms of
// the clause that are neither where fire came from nor where the attacker
// sits, its date from the nearest date expression. Mentions of one event
// across the article are then merged, vaguer ones into precise ones.
package extract

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/arabic"
)

// Extractor extracts incidents. It is safe for concurrent use: its
// lexicons are built once by New and only read afterwards.
type Extractor struct {
	typeLex                          *lexicon[typeWord]
	anchors, verbs                   *lexicon[bool]
	baseVerbs, baseNouns             *lexicon[bool]
	starts                           *lexicon[clauseKind]
	notAfterBade                     *lexicon[bool]
	backgroundLex, presentVerbs      *lexicon[bool]
	periods, counted                 *lexicon[bool]
	numbers                          map[string]int
	killedBefore, killedAfter        *lexicon[bool]
	injuredBefore, injuredAfter      *lexicon[bool]
	persons, dualPersons, noCasualty *lexicon[bool]
	approx                           *lexicon[bool]
	months                           *lexicon[int]
	weekdays                         *lexicon[time.Weekday]
	ordinals                         *lexicon[int]
	thisMonth, lastMonthW, sameMonth *lexicon[bool]
	monthBefore, monthAfter          *lexicon[bool]
	lastNight, lastWeek              *lexicon[bool]
	lastMonthPhrase                  *lexicon[bool]
	actorLex, adjLex                 *lexicon[string]
	groupLex, iranTies, irgcLex      *lexicon[bool]
	attackerBefore, targetBefore     *lexicon[bool]
	armed                            *lexicon[bool]
	links, near, directions          *lexicon[bool]
	origins, launch, stationed, ties *lexicon[bool]
	locative, streets                *lexicon[bool]
	complementizer, speech, presence *lexicon[bool]
	attack, provinces, tieSkip       *lexicon[bool]
	media, leaders                   *lexicon[bool]
	listCue, listStop                *lexicon[bool]
	function                         map[string]bool
	todayAdverbs                     *lexicon[bool]
	assault, operations              *lexicon[bool]
	anaphors                         *lexicon[[]geo.Kind]
}

// typeWord is the class a type word votes for, and how strongly.
type typeWord struct {
	c class
	w int
}

// attackVerbs open a new clause after و or punctuation ("، وقصفت").
var attackVerbs = []string{"استهدف*", "قصفت", "قصف", "شن", "شنت", "شنّ", "هاجم*", "أغار*", "ضربت", "نفذت",
	"نفذ", "أطلقت", "أطلق", "سقطت", "تعرضت", "اشتبك*", "اغتال*", "أسقط*", "اعترض*", "تصدت", "أحبط*",
	"عثر*", "أنشأ*", "أقام*", "دكت", "ردت", "جددت", "وسعت", "صعد*", "عاد", "امتد", "وشن", "فشن", "وشنت",
	"فشنت", "وقصف", "وضرب"}

// New returns an Extractor.
func New() *Extractor {
	x := &Extractor{
		anchors:         newSet(anchorWords...),
		verbs:           newSet(attackVerbs...),
		baseVerbs:       newSet(baseVerbs...),
		baseNouns:       newSet(baseNouns...),
		starts:          newLexicon(clauseStarts),
		notAfterBade:    newSet(notAfterBade...),
		backgroundLex:   newSet(backgroundWords...),
		presentVerbs:    newSet(presentWords...),
		periods:         newSet(periodWords...),
		counted:         newSet(countedEvents...),
		numbers:         map[string]int{},
		killedBefore:    newSet(killedBefore...),
		killedAfter:     newSet(killedAfter...),
		injuredBefore:   newSet(injuredBefore...),
		injuredAfter:    newSet(injuredAfter...),
		persons:         newSet(persons...),
		dualPersons:     newSet(dualPersons...),
		noCasualty:      newSet(noCasualties...),
		approx:          newSet(approxWords...),
		months:          newLexicon(monthNames),
		weekdays:        newLexicon(weekdayNames),
		ordinals:        newLexicon(ordinalDays),
		thisMonth:       newSet("الجاري", "الحالي"),
		lastMonthW:      newSet("الماضي", "المنصرم", "الفائت"),
		sameMonth:       newSet("ذاته", "نفسه"),
		monthBefore:     newSet(monthBefore...),
		monthAfter:      newSet(monthAfter...),
		lastNight:       newSet("الليلة الماضية", "ليلة أمس", "الليلة الفائتة", "ليل أمس"),
		lastWeek:        newSet("الأسبوع الماضي", "الأسبوع المنصرم", "الأسبوع الفائت"),
		lastMonthPhrase: newSet("الشهر الماضي", "الشهر المنصرم", "الشهر الفائت"),
		actorLex:        newLexicon(actorNames),
		adjLex:          newLexicon(actorAdjectives),
		groupLex:        newSet(groupNouns...),
		iranTies:        newSet(iranTies...),
		irgcLex:         newSet("الحرس الثوري"),
		attackerBefore:  newSet(attackerBefore...),
		targetBefore:    newSet(targetBefore...),
		armed:           newSet(armedWords...),
		links:           newSet(linkWords...),
		near:            newSet(nearWords...),
		directions:      newSet(directionWords...),
		origins:         newSet(originWords...),
		launch:          newSet(launchWords...),
		stationed:       newSet(stationedWords...),
		ties:            newSet(tieWords...),
		locative:        newSet(locativeWords...),
		streets:         newSet(streetCues...),
		complementizer:  newSet("إن", "أن", "أنه", "أنها", "بأن", "بأنه", "بأنها", "إنه", "إنها"),
		speech:          newSet(speechWords...),
		presence:        newSet(presenceWords...),
		attack:          newSet(attackWords...),
		provinces:       newSet("محافظة", "بمحافظة", "ومحافظة", "ولاية", "إقليم", "قضاء", "مديرية", "بمديرية", "ناحية"),
		tieSkip:         newSet(tieWords...),
		media:           newSet(mediaWords...),
		leaders:         newSet(leaderWords...),
		listCue:         newSet(listCues...),
		listStop:        newSet(listStops...),
		anaphors:        newLexicon(anaphorNouns),
		todayAdverbs:    newSet(todayAdverbs...),
		assault:         newSet("هاجم", "هاجمت", "هاجموا", "اقتحم*", "اقتحام", "تسلل*"),
		operations:      newSet(operationWords...),
	}
	x.typeLex = newLexicon(typeWords)
	x.function = map[string]bool{}
	for _, w := range functionWords {
		x.function[arabic.Fold(w)] = true
	}
	for k, v := range numberWords {
		x.numbers[arabic.Fold(k)] = v
	}
	return x
}

// item is an incident with what merging needs to know about it.
type item struct {
	in       geo.Incident
	date     dateRef
	headline bool
	fallback bool
	ownType  bool // the type came from the clause's own words
	para     int
	retro    bool // told as an earlier event ("بعد", "ردا على")
	marked   bool // the words before Actor1 mark it as the attacker
	located  bool // the place is the area an unplaced name lies in
}

// run is the state of one extraction: the text, its places and what the
// clauses read so far have set (the type of the headline, the date of
// each sentence).
type run struct {
	x         *Extractor
	d         *doc
	pms       []placeMention
	dates     []dateRef
	country   string
	cls       []clause
	targets   [][]target // of every clause
	items     []*item
	headType  string
	sentDate  map[int]dateRef
	sentTypes map[int]string
}

// Incidents returns the incidents reported in text (headline on the first
// line, then the body; offsets are code points of text), given its
// geoparse and its publication date (zero when unknown). It stops with
// ctx's error when ctx ends.
func (x *Extractor) Incidents(ctx context.Context, text string, published time.Time, gp geo.Geoparse) ([]geo.Incident, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	if text == "" {
		return []geo.Incident{}, nil
	}
	d := newDoc(text)
	r := &run{x: x, d: d, pms: x.mentions(d, gp), dates: x.dates(d, published), country: mainCountry(gp),
		cls: x.clauses(d), sentDate: map[int]dateRef{}, sentTypes: map[int]string{}}
	r.targets = make([][]target, len(r.cls))
	for i, c := range r.cls {
		r.targets[i] = x.targets(d, c, r.pms, x.actors(d, c.t0, c.t1), r.country)
	}
	for i := range r.cls {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("extract: %w", err)
			}
		}
		r.clause(i)
	}
	items := merge(r.items)
	out := make([]geo.Incident, 0, len(items))
	primary := -1
	for i, it := range items {
		if it.headline && primary < 0 {
			primary = i
		}
	}
	if primary < 0 && len(items) > 0 {
		primary = 0
	}
	if primary >= 0 {
		spreadDate(items, items[primary])
	}
	for i, it := range items {
		it.in.Primary = i == primary
		out = append(out, it.in)
	}
	return out, nil
}

// spreadDate gives the primary incident's day to the undated incidents of
// the same type near it: the other targets of one raid, told in sentences
// that repeat no date ("استهدف العدوان أطراف المدينة وحي X").
func spreadDate(items []*item, p *item) {
	if p.in.Date.IsZero() || p.date.prec != 1 {
		return
	}
	for _, it := range items {
		if it == p || !it.in.Date.IsZero() || it.date.key != "" || it.retro || !sameType(it, p) ||
			distanceKm(it.in.Point, p.in.Point) > 50 {
			continue
		}
		it.in.Date, it.in.DatePrecision = p.in.Date, p.in.DatePrecision
		it.date = p.date
	}
}

// clause reads the event of clause i, if it reports one, into r.items.
func (r *run) clause(i int) {
	x, d, c := r.x, r.d, r.cls[i]
	date, own := clauseDate(r.dates, c)
	switch {
	case !own && c.kind != kindRetro:
		date = r.sentDate[c.sent]
	case own && c.kind != kindRetro:
		r.sentDate[c.sent] = date
	}
	if x.background(d, c) || !x.anchored(d, c) && x.baseEstablished(d, c) == "" {
		return
	}
	s := d.sents[c.sent]
	a1, a2, marked := x.markedRoles(d, x.actors(d, c.t0, c.t1), c.t0)
	if r.country == "YE" {
		a1, a2 = yemen(a1), yemen(a2)
	}
	armed := a2 != "" && a2 != ActorCivilians || x.armed.find(d, c.t0, c.t1) >= 0
	votes := x.votes(d, c.t0, c.t1)
	sub, ok := x.baseEstablished(d, c), true
	if sub == "" {
		sub, ok = decide(votes, a1, armed)
	}
	ownType := ok && votes[clsGeneric] < sumVotes(votes)
	ts := r.targets[i]
	if len(ts) == 0 {
		ts = r.borrow(i)
	}
	if len(ts) == 0 {
		ts = r.anaphor(c)
	}
	if !ok {
		if len(ts) == 0 {
			return // no means and no place: a mere mention
		}
		generic := votes[clsGeneric] > 0
		switch {
		case groundPowers[a1] && x.assault.find(d, c.t0, c.t1) >= 0:
			sub = SubArmedClash // "هاجمت قسد مواقع لداعش": a ground attack
		case groundPowers[a1]:
			sub = SubShelling
		case generic && c.kind != kindRetro && remote(r.sentTypes[c.sent]):
			sub = r.sentTypes[c.sent]
		case generic && remote(r.headType):
			sub = r.headType
		case generic && x.shelling(d, c):
			sub = SubShelling
		default:
			return
		}
	}
	if r.sentTypes[c.sent] == "" {
		r.sentTypes[c.sent] = sub
	}
	if s.headline && r.headType == "" {
		r.headType = sub
	}
	fallback := false
	if len(ts) == 0 {
		if c.kind == kindRetro || !ownType || sub == SubDisrupted {
			return
		}
		t, ok := r.fallbackTarget(c)
		if !ok {
			return
		}
		ts, fallback = []target{t}, true
	}
	killed, injured := x.casualties(d, c.t0, c.t1)
	for k, t := range ts {
		in := geo.Incident{
			EventType:    EventTypeOf(sub),
			SubEventType: sub,
			Place:        t.place,
			PlaceText:    t.text,
			Point:        t.point,
			GeoPrecision: t.prec,
			Actor1:       a1,
			Actor2:       a2,
			Evidence:     []geo.Evidence{{Start: s.start, End: s.end, Text: d.slice(s.start, s.end)}},
		}
		if !date.t.IsZero() {
			in.Date, in.DatePrecision = date.t, date.prec
		}
		if k == len(ts)-1 {
			in.Killed, in.Injured = killed, injured
		}
		if in.Actor1 == "" {
			in.Actor1 = ActorUnidentified
		}
		in.Confidence = confidence(t, ownType, date, fallback)
		r.items = append(r.items, &item{in: in, date: date, headline: s.headline, fallback: fallback,
			ownType: ownType, para: s.para, retro: c.kind == kindRetro, marked: marked, located: t.located})
	}
}

// borrow returns the places a clause with none shares with its sentence:
// those of the clauses after it that report no event of their own ("قالت
// إنها تقل مدنيين في مدينة كوباني"), or, for a clause that says where or
// after what ("حيث", "بعد"), those of the clause before.
func (r *run) borrow(i int) []target {
	c := r.cls[i]
	for j := i + 1; j < len(r.cls) && r.cls[j].sent == c.sent; j++ {
		if r.x.anchored(r.d, r.cls[j]) {
			break
		}
		if len(r.targets[j]) > 0 {
			return r.targets[j]
		}
	}
	if (c.where || c.kind == kindRetro) && i > 0 && r.cls[i-1].sent == c.sent &&
		r.x.speech.find(r.d, r.cls[i-1].t0, r.cls[i-1].t1) < 0 {
		return r.targets[i-1] // not where the speaker is ("قال مراسل في مدينة X")
	}
	return nil
}

// anaphorNouns refer back to a place already named ("على القاعدة",
// "للميناء"), with the kinds of place each may stand for.
// Only facilities: "المدينة" as often points ahead ("شمال المدينة") as
// back.
var anaphorNouns = map[string][]geo.Kind{
	"القاعدة": {geo.KindFacility}, "المطار": {geo.KindFacility}, "الحقل": {geo.KindFacility},
	"الميناء": {geo.KindFacility}, "المعسكر": {geo.KindFacility}, "المجمع": {geo.KindFacility},
}

// anaphor resolves a definite noun of place in clause c to the nearest
// place of that kind named before it.
func (r *run) anaphor(c clause) []target {
	d := r.d
	for i := c.t0; i < c.t1; i++ {
		n, kinds := r.x.anaphors.match(d, i)
		if n == 0 || !d.articled(i) {
			continue
		}
		// the base already reported attacked, the latest first
		for k := len(r.items) - 1; k >= 0; k-- {
			in := &r.items[k].in
			if r.items[k].fallback || in.Place == nil || !slices.Contains(kinds, in.Place.Kind) {
				continue
			}
			return []target{{place: in.Place, point: in.Point, text: in.PlaceText, prec: in.GeoPrecision,
				conf: 0.8 * in.Confidence}}
		}
	}
	return nil
}

// anchored reports whether a verb or an indefinite noun of attack reports
// an event in clause c. A noun with the article ("الهجوم", "القصف")
// refers back to an event already told.
func (x *Extractor) anchored(d *doc, c clause) bool {
	for i := c.t0; i < c.t1; i++ {
		if x.anchors.has(d, i) && !d.articled(i) {
			return true
		}
	}
	return false
}

// clauseDate returns the most specific date expression inside clause c.
func clauseDate(dates []dateRef, c clause) (dateRef, bool) {
	var best dateRef
	found := false
	for _, r := range dates {
		if r.start >= c.t0 && r.start < c.t1 && (!found || r.rank > best.rank) {
			best, found = r, true
		}
	}
	return best, found
}

func sumVotes(v typeVotes) int {
	s := 0
	for _, w := range v {
		s += w
	}
	return s
}

// shelling reports whether a clause with no means named uses the word
// قصف, which alone means shelling.
func (x *Extractor) shelling(d *doc, c clause) bool {
	for i := c.t0; i < c.t1; i++ {
		if d.hasForm(i, "قصف", false) || d.hasForm(i, "قصفت", false) || d.hasForm(i, "قصفا", false) {
			return true
		}
	}
	return false
}

// baseEstablished returns SubBase when the clause reports a base, post or
// tower set up.
func (x *Extractor) baseEstablished(d *doc, c clause) string {
	if v := x.baseVerbs.find(d, c.t0, c.t1); v >= 0 && x.baseNouns.find(d, v+1, c.t1) >= 0 {
		return SubBase
	}
	return ""
}

// yemen renames the coalition: in Yemen "التحالف" is the Saudi-led one.
func yemen(actor string) string {
	if actor == ActorCoalition {
		return ActorSaudiCoalition
	}
	return actor
}

// mainCountry is the country most mentions of the article lie in. Names
// of countries count only when nothing smaller is named: they are as
// often governments and backers ("الموالية لإيران") as places.
func mainCountry(gp geo.Geoparse) string {
	for _, countries := range []bool{false, true} {
		count := map[string]int{}
		best, bestN := "", 0
		for _, t := range gp.Places {
			if t.Place == nil || t.Place.CountryCode == "" || (t.Place.Kind == geo.KindCountry) != countries {
				continue
			}
			count[t.Place.CountryCode] += len(t.Mentions)
			if n := count[t.Place.CountryCode]; n > bestN {
				best, bestN = t.Place.CountryCode, n
			}
		}
		if best != "" {
			return best
		}
	}
	return ""
}

// fallbackTarget places an event whose clause names no place, at
// precision 3: where the paragraph's previous incident was, else, in the
// headline or the lede, the article's most specific place.
func (r *run) fallbackTarget(c clause) (target, bool) {
	para := r.d.sents[c.sent].para
	for i := len(r.items) - 1; i >= 0; i-- {
		it := r.items[i]
		if it.para != para {
			break
		}
		if !it.fallback {
			in := &it.in
			return target{place: in.Place, point: in.Point, text: in.PlaceText, prec: 3, conf: 0.3}, true
		}
	}
	if !r.d.lede(c.sent) {
		return target{}, false
	}
	var best *placeMention
	for i := range r.pms {
		pm := &r.pms[i]
		if pm.place == nil || pm.place.Kind == geo.KindCountry {
			continue
		}
		if best == nil || rank(pm.place.Kind) < rank(best.place.Kind) {
			best = pm
		}
	}
	if best == nil {
		return target{}, false
	}
	return target{pm: best, place: best.place, point: best.place.Point, text: best.text, prec: 3, conf: 0.2}, true
}

// confidence scores an incident: its type named by the clause's own words,
// a well placed target and a known date raise it; a fallback place sinks
// it.
func confidence(t target, ownType bool, date dateRef, fallback bool) float64 {
	c := 0.3 + 0.3*t.conf
	if ownType {
		c += 0.2
	}
	if !date.t.IsZero() {
		c += 0.1
	}
	switch t.prec {
	case 2:
		c -= 0.05
	case 3:
		c -= 0.15
	}
	if fallback {
		c = 0.15
	}
	return min(0.95, max(0.05, float64(int(c*100+0.5))/100))
}
