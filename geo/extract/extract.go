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
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/arabic"
	"github.com/incidentmap/incidentmap/geo/lexicon"
)

// Extractor extracts incidents. It is safe for concurrent use: its
// lexicons are built once by New and only read afterwards.
type Extractor struct {
	typeLex                          *phrases[typeWord]
	anchors, verbs                   *phrases[bool]
	achieve, eraNouns, similar       *phrases[bool]
	units, sighting                  *phrases[bool]
	spanStart, objectNouns           *phrases[bool]
	groundTroops, militants          *phrases[bool]
	baseVerbs, baseNouns             *phrases[bool]
	starts                           *phrases[clauseKind]
	notAfterBade, notAfterAmid       *phrases[bool]
	backgroundLex                    *phrases[bool]
	periods, counted                 *phrases[bool]
	spanAgo                          *phrases[bool] // بعد أيام من: another day
	numbers                          map[string]int
	thousand, vague                  *phrases[bool]
	killedBefore, killedAfter        *phrases[bool]
	injuredBefore, injuredAfter      *phrases[bool]
	bothBefore                       *phrases[bool]
	killedDual, injuredDual          *phrases[bool]
	onePerson                        *phrases[bool]
	persons, dualPersons, noCasualty *phrases[bool]
	noKilled                         *phrases[bool]
	approx                           *phrases[bool]
	months                           *phrases[int]
	weekdays                         *phrases[time.Weekday]
	ordinals                         *phrases[int]
	thisMonth, lastMonthW, sameMonth *phrases[bool]
	monthBefore, monthAfter          *phrases[bool]
	lastNight, lastWeek              *phrases[bool]
	lastMonthPhrase                  *phrases[bool]
	actorLex, adjLex                 *phrases[string]
	forces, govForces                *phrases[bool]
	nisbas                           *phrases[string] // → country code
	governments                      map[string]string
	airPowers, groundPowers, states  map[string]bool
	authorities                      map[string]bool
	groupLex, iranTies, irgcLex      *phrases[bool]
	attackerBefore, targetBefore     *phrases[bool]
	firedObject                      map[string]bool // folded, no proclitic
	victimVerbs                      *phrases[bool]
	armed                            *phrases[bool]
	links, near, directions          *phrases[bool]
	// sides: the directions that name a side (شرق، غربي، جنوب شرق), each
	// with its sides; a place after one lies off that side of the next name
	sides                            *phrases[string]
	ownSurroundings                  *phrases[bool] // ومحيطها: no list's next item
	origins, launch, stationed, ties *phrases[bool]
	destinations                     *phrases[bool] // where what the event took was taken to
	offices, officeChain             *phrases[bool]
	overhead, countryside            *phrases[bool]
	// cue stems (folded, no article) whose first kind is a village
	// (قرية، قرى، مزرعة) or a quarter (حي، حارة، أحياء)
	villageCues, quarterCues         map[string]bool
	locative, streets                *phrases[bool]
	roads, roadTowards               *phrases[bool]
	approxAfter                      *phrases[bool]
	killedDualVerb, injuredDualVerb  *phrases[bool]
	also                             *phrases[bool]
	complementizer, speech, presence *phrases[bool]
	speakerPronoun                   *phrases[bool]
	localSources                     *phrases[bool] // sources on the spot: what they report happened where they are
	seize, vessels, crews            *phrases[bool] // a vessel seized at sea
	houthiVoice, houthiArmy          *phrases[bool] // the Houthis' voice and their names for their forces
	attack, provinces, tieSkip       *phrases[bool]
	media, leaders                   *phrases[bool]
	listCue, listStop                *phrases[bool]
	notNames                         *phrases[bool] // words no listed name starts with
	function                         map[string]bool
	todayAdverbs                     *phrases[bool]
	assault, operations              *phrases[bool]
	conditions                       *phrases[bool]    // the state of the wounded after حالة
	comments                         *phrases[bool]    // ، وهو: a comment on the event told
	anaphorHeads                     *phrases[bool]    // الحركة: the group named before
	remnants                         *phrases[bool]    // فلول، بقايا: what is left of a force
	remnantOf                        map[string]string // a force's label → its remnants'
	relatives                        *phrases[bool]    // الذي, التي after a place
	accuse, blame, responsibility    *phrases[bool]    // accusations and denials: an attacker alleged
	exercise                         *phrases[bool]    // military drills: their blasts are no attack
	airSupportLex                    *phrases[bool]    // aircraft taking part in a fight
	anaphors                         *phrases[[]geo.Kind]
	ix                               *startIndex // first words of all the lexicons above
}

// typeWord is the class a type word votes for, and how strongly; tense
// is the verb form's (an imperfect one tells habits in a body).
type typeWord struct {
	c      class
	w      int
	tense  lexicon.Tense
	anchor bool // the word reports an event on its own
}

// New returns an Extractor over the embedded lexicon.
func New() *Extractor { return NewWithLexicon(lexicon.MustDefault()) }

// NewWithLexicon returns an Extractor over the word classes of lex.
func NewWithLexicon(lex *lexicon.Lexicon) *Extractor {
	ix := newStartIndex()
	set := func(classes ...string) *phrases[bool] {
		l := newPhrases[bool](ix)
		for _, c := range classes {
			for _, f := range lex.Forms(c) {
				l.add(f, true)
			}
		}
		return l
	}
	ints := func(class string) *phrases[int] {
		l := newPhrases[int](ix)
		for _, e := range lex.Entries(class) {
			v, _ := strconv.Atoi(e.Value)
			l.add(e.Form, v)
		}
		return l
	}
	strs := func(class string) *phrases[string] {
		l := newPhrases[string](ix)
		for _, e := range lex.Entries(class) {
			l.add(e.Form, e.Value)
		}
		return l
	}
	labels := func(class string) map[string]bool {
		m := map[string]bool{}
		for _, f := range lex.Forms(class) {
			m[f] = true
		}
		return m
	}
	x := &Extractor{
		anchors:         set("event.trigger"),
		achieve:         set("event.achieve", "event.occur"),
		units:           set("event.unit"),
		sighting:        set("event.sighting"),
		eraNouns:        set("clause.era"),
		similar:         set("clause.similar"),
		spanStart:       set("clause.span-start"),
		objectNouns:     set("event.object-noun"),
		groundTroops:    set("actor.ground-troops"),
		militants:       set("actor.gunmen"),
		verbs:           set("event.clause-verb"),
		baseVerbs:       set("event.base.verb"),
		baseNouns:       set("event.base.noun"),
		notAfterBade:    set("clause.not-after-bade"),
		notAfterAmid:    set("clause.not-after-amid"),
		backgroundLex:   set("clause.background"),
		periods:         set("clause.period"),
		counted:         set("clause.counted"),
		spanAgo:         set("clause.span-ago"),
		numbers:         map[string]int{},
		thousand:        set("number.thousand"),
		vague:           set("number.vague"),
		killedBefore:    set("casualty.killed.before"),
		killedAfter:     set("casualty.killed.after"),
		injuredBefore:   set("casualty.injured.before"),
		injuredAfter:    set("casualty.injured.after"),
		bothBefore:      set("casualty.both"),
		killedDual:      set("casualty.killed.dual"),
		onePerson:       set("casualty.one"),
		injuredDual:     set("casualty.injured.dual"),
		persons:         set("casualty.person"),
		dualPersons:     set("casualty.person.dual"),
		noCasualty:      set("casualty.none", "casualty.none.killed"),
		noKilled:        set("casualty.none.killed"),
		approx:          set("casualty.approx"),
		approxAfter:     set("casualty.approx.after"),
		killedDualVerb:  set("casualty.killed.dual-verb"),
		injuredDualVerb: set("casualty.injured.dual-verb"),
		months:          ints("time.month"),
		ordinals:        ints("time.ordinal"),
		thisMonth:       set("time.this-month"),
		lastMonthW:      set("time.last"),
		sameMonth:       set("time.same"),
		monthBefore:     set("time.month.before"),
		monthAfter:      set("time.month.after"),
		lastNight:       set("time.last-night"),
		lastWeek:        set("time.last-week"),
		lastMonthPhrase: set("time.last-month"),
		todayAdverbs:    set("time.today-adverb"),
		actorLex:        strs("actor"),
		adjLex:          strs("actor.adj"),
		forces:          set("actor.force"),
		govForces:       set("actor.force.gov"),
		nisbas:          strs("country.nisba"),
		governments:     lex.Values("country.government"),
		airPowers:       labels("actor.air-power"),
		groundPowers:    labels("actor.ground-power"),
		states:          labels("actor.state"),
		authorities:     labels("actor.authority"),
		groupLex:        set("actor.group"),
		iranTies:        set("actor.iran-tie"),
		irgcLex:         newPhrases[bool](ix),
		attackerBefore:  set("actor.attacker-before"),
		targetBefore:    set("actor.target-before"),
		firedObject:     map[string]bool{},
		victimVerbs:     set("actor.victim-verb"),
		armed:           set("actor.armed"),
		links:           set("place.link", "place.link.own", "place.near", "place.cue", "place.list.cue"),
		ownSurroundings: set("place.link.own"),
		near:            set("place.near"),
		countryside:     set("place.countryside"),
		directions:      set("place.direction", "place.link.near"),
		sides:           strs("place.direction"),
		origins:         set("place.origin"),
		destinations:    set("place.destination"),
		launch:          set("place.launch"),
		overhead:        set("place.overhead"),
		stationed:       set("place.stationed"),
		ties:            set("actor.tie"),
		offices:         set("place.office"),
		officeChain:     set("place.office.chain"),
		locative:        set("place.locative"),
		streets:         set("place.street"),
		roads:           set("place.road"),
		roadTowards:     set("place.road.towards"),
		also:            set("clause.also"),
		complementizer:  set("clause.complementizer"),
		speech:          set("clause.speech"),
		speakerPronoun:  set("clause.speaker-pronoun"),
		localSources:    set("clause.local-source"),
		houthiVoice:     set("actor.houthi-voice"),
		houthiArmy:      set("actor.houthi-army"),
		seize:           set("event.seize"),
		vessels:         set("event.vessel"),
		crews:           set("event.vessel-crew"),
		presence:        set("place.presence"),
		attack:          set("place.attack-word", "event.trigger"),
		provinces:       set("place.province"),
		tieSkip:         set("actor.tie"),
		media:           set("actor.media", "media.head"),
		leaders:         set("actor.leader"),
		listCue:         set("place.list.cue"),
		listStop:        set("place.list.stop"),
		notNames: set("news.word", "place.stop-name", "person.title", "casualty.person", "casualty.person.dual",
			"number.vague", "actor", "actor.force", "actor.group", "clause.speech"),
		assault:        set("event.assault"),
		operations:     set("clause.operations"),
		conditions:     set("casualty.condition"),
		comments:       set("clause.comment"),
		anaphorHeads:   set("actor.anaphor-head"),
		remnants:       set("actor.remnants"),
		remnantOf:      lex.Values("actor.remnant-of"),
		relatives:      set("clause.relative"),
		accuse:         set("clause.accuse"),
		blame:          set("clause.blame"),
		responsibility: set("clause.responsibility"),
		airSupportLex:  set("event.air-support"),
		exercise:       set("clause.exercise"),
		function:       map[string]bool{},
	}
	x.irgcLex.add("الحرس الثوري", true)
	x.actorLex.definite = true // "الرد السريع" is a unit, "رد سريع" a quick response
	x.starts = newPhrases[clauseKind](ix)
	for _, e := range lex.Entries("clause.start") {
		x.starts.add(e.Form, clauseKindOf(e.Value))
	}
	x.weekdays = newPhrases[time.Weekday](ix)
	for _, e := range lex.Entries("time.weekday") {
		v, _ := strconv.Atoi(e.Value)
		x.weekdays.add(e.Form, time.Weekday(v))
	}
	x.anaphors = newPhrases[[]geo.Kind](ix)
	for _, e := range lex.Entries("place.anaphor") {
		var kinds []geo.Kind
		for _, k := range strings.Split(e.Value, ",") {
			kinds = append(kinds, geo.Kind(k))
		}
		x.anaphors.add(e.Form, kinds)
	}
	x.typeLex = newPhrases[typeWord](ix)
	// Imperfect forms go last: where one spells another verb's perfect
	// (أسقط "I fall" of سقط is أسقط "downed"), news means the perfect,
	// and of two equal matches the first added wins.
	for _, imperfect := range []bool{false, true} {
		for _, class := range []string{"event.trigger", "event.means"} {
			for _, e := range lex.Entries(class) {
				if (e.Tense == lexicon.Imperfect) != imperfect {
					continue
				}
				tw := parseTypeWord(e.Value)
				tw.tense, tw.anchor = e.Tense, class == "event.trigger"
				x.typeLex.add(e.Form, tw)
			}
		}
	}
	for _, f := range lex.Forms("event.not") {
		x.typeLex.add(f, typeWord{c: clsNone})
	}
	for _, w := range lex.Forms("function") {
		x.function[arabic.Fold(w)] = true
	}
	x.villageCues, x.quarterCues = map[string]bool{}, map[string]bool{}
	for _, e := range lex.Entries("place.cue") {
		stem := entryWord(e.Form)
		switch first, _, _ := strings.Cut(e.Value, ","); first {
		case string(geo.KindVillage):
			x.villageCues[stem] = true
		case string(geo.KindNeighborhood):
			x.quarterCues[stem] = true
		}
	}
	for _, w := range lex.Forms("actor.fired-object") {
		x.firedObject[arabic.Fold(w)] = true
	}
	for _, e := range lex.Entries("number.word") {
		v, _ := strconv.Atoi(e.Value)
		x.numbers[arabic.Fold(e.Form)] = v
	}
	x.ix = ix
	return x
}

// clauseKindOf reads a value of clause.start.
func clauseKindOf(v string) clauseKind {
	switch v {
	case "retro":
		return kindRetro
	case "purpose":
		return kindPurpose
	case "amid":
		return kindAmid
	}
	return kindMain
}

// parseTypeWord reads a "class:weight" value.
func parseTypeWord(v string) typeWord {
	name, w, _ := strings.Cut(v, ":")
	n, _ := strconv.Atoi(w)
	return typeWord{c: classOf(name), w: n}
}

// item is an incident with what merging needs to know about it.
type item struct {
	in       geo.Incident
	date     dateRef
	headline bool
	fallback bool
	ownType  bool // the type came from the clause's own words
	// tollOnly: the type came from nouns of a toll alone (مجزرة، مذبحة),
	// which name the victims, not the means: an Attack by default
	tollOnly bool
	para     int
	retro    bool // told as an earlier event ("بعد", "ردا على")
	marked   bool // the words before Actor1 mark it as the attacker
	located  bool // the place is the area an unplaced name lies in
	inside   bool // located, and the text puts the name in that area, not near it
	raid     bool // a clash by words of entering only ("اقتحمت القوات"), no fighting told
	// within is the place the text puts the item's place in ("X بريف
	// حلب": Aleppo), nil when none is stated
	within  *geo.Place
	body    bool  // told in the body, not only in the headline
	clauses []int // the clauses it was read in (all of them, once merged)
	// part: the place is a part of an area named by a direction ("شمال
	// قطاع غزة", "جنوب لبنان"), a vague place whatever its kind
	part bool
	// listed: the clause named other targets beside this place ("في
	// مدينة X ومنطقة Y")
	listed bool
	// countryside: the place is a city's countryside ("ريف حلب"), as
	// wide as its province
	countryside bool
	sent        int // the sentence it was read in
	// another: an earlier event likened to one told before it ("بعد
	// غارة مماثلة", "عقب قصف آخر"): by its own words, not that one
	another bool
	// earlier: told as an event a day or more before the news ("عقب
	// أسبوع من قصف"): never the same event as one told as news
	earlier bool
	// intercept: told as intercepted ("تصدت الدفاعات الجوية للصواريخ"):
	// its Actor1 may be the defender, the target of the strike stopped
	intercept bool
	// accused: told in an accusation or a denial ("اتهمت الوزارة الفصائل
	// بقصف X"): its attacker is one side's word, which does not make it
	// another event than an attack told at that place
	accused bool
	// repels: a clash told as fighting off an attack ("تصدت القوات
	// للهجوم"): its attacker is the defender, the other side of the
	// attack's
	repels bool
}

// run is the state of one extraction: the text, its places and what the
// clauses read so far have set (the type of the headline, the date of
// each sentence).
type run struct {
	toll      *toll // a toll told before the event that caused it, in one sentence
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
	sentActor map[int]string // the marked attacker of each sentence so far
	history   map[int]bool   // sentences that tell history (a past year alone)
	headActor string         // the headline's attacker
	leadPara  int            // the line of the first sentence after the headline
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
	d := newDoc(text, x.ix)
	d.houthiVoice = x.houthiVoice.find(d, 0, len(d.toks)) >= 0
	pms := x.mentions(d, gp)
	d.placeAt, d.placeEnd = make([]bool, len(d.toks)), make([]bool, len(d.toks))
	for _, pm := range pms {
		d.placeAt[pm.t0], d.placeEnd[pm.t1-1] = true, true
	}
	r := &run{x: x, d: d, pms: pms, dates: x.dates(d, published), country: mainCountry(gp),
		cls: x.clauses(d), sentDate: map[int]dateRef{}, sentTypes: map[int]string{}, sentActor: map[int]string{}}
	r.history = x.history(d, r.dates, published)
	r.leadPara = -1
	for _, s := range d.sents[d.headline()+1:] { // past the headline and any kicker
		if hasArabic(d.slice(s.start, s.end)) {
			r.leadPara = s.para // not a placeholder title ("untitled")
			break
		}
	}
	r.targets = make([][]target, len(r.cls))
	for i, c := range r.cls {
		r.targets[i] = x.targets(d, c, r.pms, x.actors(d, c.t0, c.t1, r.country), r.country)
	}
	for i := range r.cls {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("extract: %w", err)
			}
		}
		before := len(r.items)
		r.clause(i)
		if len(r.items) == before {
			r.carryCasualties(i)
		}
	}
	r.placeHeadline()
	items := dropCountryWide(dropAccused(merge(r.items)))
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
	fillDates(items, published)
	spreadActor(items)
	for i, it := range items {
		it.in.Primary = i == primary
		if it.in.Primary && it.headline {
			// the event the headline names is the article's news
			it.in.Confidence = min(0.95, it.in.Confidence+0.1)
		}
		out = append(out, it.in)
	}
	return out, nil
}

// spreadActor names the attacker (and the target) of the incidents the
// text tells without one ("غارة على بلدة X"), when the article names one and the same
// attacker for every other incident of that type: a report of a side's
// strikes tells most of them without naming it again. Attackers the text
// marks as unknown ("مسلحون مجهولون") and events told as earlier ones
// ("ردا على استهداف") keep theirs.
func spreadActor(items []*item) {
	named := map[string]string{} // sub-event type → its one attacker, "" when several
	for _, it := range items {
		a := it.in.Actor1
		if a == "" || a == ActorUnidentified || it.retro {
			continue
		}
		if prev, ok := named[it.in.SubEventType]; !ok {
			named[it.in.SubEventType] = a
		} else if prev != a {
			named[it.in.SubEventType] = ""
		}
	}
	for _, it := range items {
		if it.retro || it.in.Actor1 != "" && (it.in.Actor1 != ActorUnidentified || it.marked) {
			continue
		}
		if a := named[it.in.SubEventType]; a != "" && a != it.in.Actor2 {
			it.in.Actor1 = a
		}
	}
	// Likewise the target of a side's incidents of one type, when the
	// article names one and the same for all those that name one; not
	// civilians, whom a text names where they were hit.
	type key struct{ sub, actor1 string }
	targets := map[key]string{}
	for _, it := range items {
		a := it.in.Actor2
		if a == "" || a == ActorCivilians || a == ActorUnidentified || it.retro {
			continue
		}
		k := key{it.in.SubEventType, it.in.Actor1}
		if prev, ok := targets[k]; !ok {
			targets[k] = a
		} else if prev != a {
			targets[k] = ""
		}
	}
	for _, it := range items {
		if it.retro || it.in.Actor2 != "" {
			continue
		}
		if a := targets[key{it.in.SubEventType, it.in.Actor1}]; a != "" && a != it.in.Actor1 {
			it.in.Actor2 = a
		}
	}
}

// dropCountryWide drops the incidents placed only at a country that
// restate or sum up events the article places more precisely: the
// headline's ("اشتباكات في سوريا" over the clashes in named towns), a
// mention with no means of its own ("تبادلت الأطراف هجمات في سوريا"),
// and the body's that one of the precise incidents may be (the same
// type, day and sides, in that country). A body's event that none of them can
// be (the other side's strikes, another month's) is news of its own that
// the text places no better.
func dropCountryWide(items []*item) []*item {
	out := items[:0]
	for _, it := range items {
		if it.in.Place == nil || it.in.Place.Kind != geo.KindCountry || !restated(it, items) {
			out = append(out, it)
		}
	}
	return out
}

// restated reports whether a precise incident of items may be the event
// that country-wide c tells, or sums up with others where c is the
// headline's or has no type of its own.
func restated(c *item, items []*item) bool {
	for _, s := range items {
		if s.in.Place == nil || s.in.Place.Kind == geo.KindCountry {
			continue
		}
		if c.retro != s.retro && c.in.SubEventType != s.in.SubEventType {
			continue // an earlier event of another kind told in passing (see sameEvent)
		}
		if c.headline || !c.ownType {
			return true // the headline's news, or a mention that borrowed its type
		}
		// an undated mention contradicts no day, a place of no known
		// country no country ("ووقعت هذه الغارات في الصومال")
		if (s.in.Place.CountryCode == "" || s.in.Place.CountryCode == c.in.Place.CountryCode) && sameType(c, s) && (c.date.key == "" || compatible(c.date, s.date)) &&
			sameActors(c, s) && sameSide(c, s) {
			return true
		}
	}
	return false
}

// fillDates dates the incidents the text gives no day for, from the
// nearest dated context: an event told after another of the news of the
// day, in its paragraph, happened that day; else on the day the article
// reports on (its first current date); else, in a dated article, around
// its publication (a week's precision). Events told as earlier ones
// ("بعد"، "ردا على") stay undated.
func fillDates(items []*item, published time.Time) {
	var newsDay *item
	for _, it := range items {
		if !it.in.Date.IsZero() && it.date.current && it.date.prec == 1 {
			newsDay = it
			break
		}
	}
	for k, it := range items {
		if !it.in.Date.IsZero() || it.retro {
			continue
		}
		var from *item
		for j := k - 1; j >= 0; j-- {
			if p := items[j]; p.para == it.para && !p.in.Date.IsZero() && p.date.current && !p.retro {
				from = p
				break
			}
		}
		switch {
		case from != nil:
			it.in.Date, it.in.DatePrecision = from.in.Date, from.in.DatePrecision
		case newsDay != nil:
			it.in.Date, it.in.DatePrecision = newsDay.in.Date, 2
		case !published.IsZero():
			it.in.Date, it.in.DatePrecision = day(published), 2
		}
	}
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

// toldEvent returns the event a noun of event with the article in clause
// c, or earlier in its sentence, refers back to ("الانفجار", "الهجوم";
// "ووصف الشهود القصف بالأعنف، حيث أحصيت 40 إصابة"): the last one told
// in the sentences just before, not an earlier event it answered.
func (r *run) toldEvent(c clause) *item {
	d, x := r.d, r.x
	found := false
	for i := d.sents[c.sent].t0; i < c.t1 && !found; i++ {
		n, tw := x.typeLex.match(d, i)
		found = n > 0 && tw.c != clsNone && d.articled(i)
	}
	if !found {
		return nil
	}
	for k := len(r.items) - 1; k >= 0; k-- {
		it := r.items[k]
		if it.sent < c.sent-3 {
			break
		}
		if !it.retro {
			return it
		}
	}
	return nil
}

// toll is the casualties a clause states with no event of its own.
type toll struct {
	sent            int
	killed, injured *int
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
	if r.history[c.sent] || x.background(d, c) {
		return
	}
	seizes := x.seizesVessel(d, c) // once: both the anchor and the votes need it
	if !x.anchorWord(d, c) && !seizes && x.baseEstablished(d, c) == "" {
		return
	}
	s := d.sents[c.sent]
	acts := x.actors(d, c.t0, c.t1, r.country)
	a1, a2, marked := x.markedRoles(d, acts, c.t0)
	accused := x.accusation(d, c)
	if a := x.accusedActor(d, c, acts); accused && a != "" {
		a1, marked = a, true
		if a2 == a1 {
			a2 = ""
		}
	}
	if a1 == "" || a1 == ActorUnidentified && !marked {
		// Arabic drops a subject it has named: "اقتحمت القوات المخيم ...
		// قبل أن تعتقل عشرة" — the clause's attacker is the sentence's.
		if sp := r.speaker(i); sp != "" && sp != a2 && x.votes(d, c.t0, c.t1)[clsDisrupt] == 0 {
			// "قال الجيش إنه قصف": the speaker acts (who says it
			// intercepted a strike did not launch it; see below)
			a1 = sp
		} else if prev, ok := r.sentActor[c.sent]; ok && prev != a2 {
			a1 = prev
		} else if it := r.continued(i); it != nil && it.in.Actor1 != a2 {
			a1 = it.in.Actor1 // "واستهدفوا": the subject of the clause before
		}
	} else if marked && a1 != ActorUnidentified {
		r.sentActor[c.sent] = a1
	}
	if (a1 == "" || a1 == ActorUnidentified) && x.exercise.find(d, s.t0, s.t1) >= 0 {
		// "دوت انفجارات في المعسكر خلال رمايات للجيش": blasts no one
		// fired at anyone, that hurt no one, are the drill's
		if k, in := x.casualties(d, c.t0, c.t1); k == nil && in == nil {
			return
		}
	}
	facts := targetFacts{
		// shot civilians are no armed target, whatever armour fired
		// ("أطلقت آليات الاحتلال النار على المواطنين")
		armed:     a2 != ActorCivilians && (a2 != "" || x.armed.find(d, c.t0, c.t1) >= 0),
		civilians: a2 == ActorCivilians,
		state:     x.states[a1],
		authority: x.authorities[a1],
		ground:    x.groundTroops.find(d, c.t0, c.t1) >= 0,
		based:     x.based(d, acts, a1),
	}
	votes := x.clauseVotes(d, c, seizes)
	// aircraft taking part in a fight ("، شاركت فيها المروحيات") do not
	// type it: the fight told without them is the battle, and their part
	// is air strikes of their own at its place (added below)
	s0, s1, airPart := x.airSupport(d, c)
	if airPart && !seizes {
		rest := x.votes(d, c.t0, s0)
		for k, n := range x.votes(d, s1, c.t1) {
			rest[k] += n
		}
		if airPart = rest[clsClash] > 0 || x.assault.find(d, c.t0, s0) >= 0; airPart {
			votes = rest
		}
	}
	sub, ok := x.baseEstablished(d, c), true
	if sub == "" {
		sub, ok = x.decide(votes, a1, facts)
	}
	ownType := ok && votes[clsGeneric] < sumVotes(votes)
	tollOnly := sub == SubAttack && votes[clsMassacre] > 0 && votes[clsMassacre]+votes[clsGeneric] == sumVotes(votes)
	ts := r.targets[i]
	if countriesOnly(ts) {
		if t, ok := r.pronounObject(c); ok {
			// "آخر استهداف له في البلاد": the event's object is the
			// place just told; the country only locates it
			ts = []target{t}
		}
	}
	if len(ts) == 0 {
		ts = r.borrow(i)
	}
	if len(ts) == 0 {
		ts = r.reporterPlace(i)
	}
	if len(ts) == 0 {
		ts = r.anaphor(c)
	}
	if len(ts) == 0 {
		ts = r.scene(c)
	}
	if !ok {
		if len(ts) == 0 {
			return // no means and no place: a mere mention
		}
		generic := votes[clsGeneric] > 0
		switch {
		case generic && remote(r.headType) && x.likened(d, c) && (r.headActor == "" || a1 == "" || a1 == ActorUnidentified || side(a1) == side(r.headActor)):
			// "عقب هجوم آخر نفذته الجماعة": an attack said to be like the
			// headline's shares its means, whoever it hit
			sub = r.headType
		case facts.civilians && x.assault.find(d, c.t0, c.t1) >= 0 && !x.shelling(d, c) && !x.airPowers[a1]:
			sub = SubAttack // an assault on civilians on the ground ("هاجم مستوطنون منازل")
		case facts.civilians && generic && (x.groundPowers[a1] || a1 != "" && a1 != ActorUnidentified && !x.airPowers[a1]) && !x.shelling(d, c):
			// "قتل عشرات المدنيين في هجوم شنته قوات الدعم السريع على
			// قرى": a ground force's attack on civilians (or any named
			// attacker's but an air power's), by no stated means, is
			// violence against them, not shelling
			sub = SubAttack
		case x.assault.find(d, c.t0, c.t1) >= 0 && !x.airPowers[a1] && x.armedTarget(d, c, a2, acts):
			// "هاجم مسلحون حاجزا للجيش": a ground assault on an armed
			// post or force is a battle, whoever the attackers
			sub = SubArmedClash
		case (x.assault.find(d, c.t0, c.t1) >= 0 || generic && x.groundPowers[a1]) && !x.airPowers[a1] && !x.shelling(d, c) &&
			!x.armedTarget(d, c, a2, acts) && x.villages(ts):
			// "هاجمت قوات الدعم السريع قرية X", "شنت القوات هجوما
			// على قريتي X وY": a village is no armed position; a
			// ground force's assault on one, by no stated means, is
			// violence against its people
			sub = SubAttack
			if a2 == "" {
				a2 = ActorCivilians
			}
		case generic && !x.airPowers[a1] && !x.shelling(d, c) && !x.armedTarget(d, c, a2, acts) && camps(ts):
			// "قتل العشرات في الهجوم على مخيمي X وY": a camp of the
			// displaced is no armed position; an attack on it by no
			// stated means, whoever made it, is violence against its
			// people
			sub = SubAttack
			if a2 == "" {
				a2 = ActorCivilians
			}
		case x.groundPowers[a1] && x.assault.find(d, c.t0, c.t1) >= 0:
			sub = SubArmedClash // "هاجمت قسد مواقع لداعش": a ground attack
		case generic && (x.militants.find(d, c.t0, c.t1) >= 0 || a1 != "" && a1 != ActorUnidentified && !x.groundPowers[a1]) &&
			!x.airPowers[a1] && !x.shelling(d, c) && x.armedTarget(d, c, a2, acts):
			// "هجوم شنه مسلحو الحركة على قاعدة عسكرية": gunmen's attack
			// by no stated means on a base or a force is a battle; so is
			// that of a named armed group with neither aircraft nor
			// artillery to strike from afar ("استهدفت مجموعات من الفلول
			// دورية للجيش")
			sub = SubArmedClash
		case generic && !x.airPowers[a1] && !x.shelling(d, c) && r.repelled(i):
			// "هجوم شنته القوات على المدينة ... وتصدت له قوات الجيش": an
			// attack of no stated means that the other side fought off
			// in the same sentence was fought on the ground: a battle
			sub = SubArmedClash
		case x.groundPowers[a1]:
			sub = SubShelling
		case generic && c.kind != kindRetro && remote(r.sentTypes[c.sent]):
			sub = r.sentTypes[c.sent]
		case generic && remote(r.headType) && (c.kind != kindRetro || x.similar.find(d, c.t0, c.t1) >= 0) &&
			(r.headActor == "" || a1 == "" || a1 == ActorUnidentified || side(a1) == side(r.headActor)):
			// the headline's means, when the attacker may be the headline's;
			// an earlier event only when said to be like it ("هجوم آخر"),
			// not one answered ("ردا على استهداف")
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
	if r.headType == "" && (s.headline || ownType && r.lead(c.sent)) {
		// the headline's event, or where it tells none the lead's: later
		// bare mentions of a strike ("قصف استهدف ...") are of that kind
		r.headType, r.headActor = sub, a1
	}
	fallback := false
	if len(ts) == 0 {
		if c.kind == kindRetro || !ownType || sub == SubDisrupted {
			return
		}
		t, ok := r.fallbackTarget(c)
		if !ok {
			if ts = r.deathPlace(i); len(ts) == 0 {
				return
			}
		} else {
			ts, fallback = []target{t}, true
		}
	}
	if remote(sub) && votes[clsDisrupt] >= 4 && x.overheadOnly(d, ts) {
		// "اعترضت مسيرتين فوق البحر الأحمر": where it was downed is no
		// target; a strike stopped before it hit anything named
		sub = SubDisrupted
	}
	if sub == SubDisrupted && (a1 == "" || a1 == ActorUnidentified) {
		if sp := r.speaker(i); sp != "" {
			a1 = sp // "قالت القيادة إنها اعترضت مسيرتين": who downed them
		}
	}
	killed, injured := x.casualties(d, c.t0, c.t1)
	retro := c.kind == kindRetro
	if p := r.toll; p != nil && p.sent == c.sent && killed == nil && injured == nil {
		// "قتلت امرأة إثر قذيفة أطلقها الحوثيون": the toll told first,
		// its cause after it; the cause is the news, not an earlier event
		killed, injured, retro = p.killed, p.injured, false
	}
	r.toll = nil
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
			ownType: ownType, tollOnly: tollOnly, para: s.para, retro: retro, marked: marked, located: t.located, inside: t.inside, sent: c.sent, within: t.within(), body: !s.headline, clauses: []int{i},
			part: t.pm != nil && x.directions.has(d, t.pm.t0), listed: len(ts) > 1, countryside: t.countryside,
			raid: sub == SubArmedClash && votes[clsClash] < raidVotes, another: c.kind == kindRetro && x.likened(d, c),
			earlier:   c.kind == kindRetro && x.daysBefore(d, c),
			intercept: intercepted(votes), accused: accused, repels: sub == SubArmedClash && votes[clsConfront] > 0})
	}
	if airPart && sub == SubArmedClash {
		owner := x.airOwner(d, s0, s1, c.t1, a1, a2)
		for _, t := range ts {
			in := geo.Incident{
				EventType: EventTypeOf(SubAirStrike), SubEventType: SubAirStrike,
				Place: t.place, PlaceText: t.text, Point: t.point, GeoPrecision: t.prec,
				Actor1: owner, Evidence: []geo.Evidence{{Start: s.start, End: s.end, Text: d.slice(s.start, s.end)}},
			}
			if owner == a1 {
				in.Actor2 = a2
			} else if owner == a2 {
				in.Actor2 = a1
			}
			if !date.t.IsZero() {
				in.Date, in.DatePrecision = date.t, date.prec
			}
			in.Confidence = confidence(t, true, date, fallback)
			r.items = append(r.items, &item{in: in, date: date, headline: s.headline, fallback: fallback,
				ownType: true, para: s.para, retro: retro, marked: owner != ActorUnidentified, located: t.located, inside: t.inside, sent: c.sent, within: t.within(), body: !s.headline, clauses: []int{i},
				part: t.pm != nil && x.directions.has(d, t.pm.t0), listed: len(ts) > 1, countryside: t.countryside,
				another: c.kind == kindRetro && x.likened(d, c), accused: accused})
		}
	}
}

// airSupport finds in clause c a word of taking part in or backing a
// fight followed, within two words ("شاركت فيها", "بإسناد من"), by
// aircraft: [s0, s1) spans it through the last word of aircraft.
func (x *Extractor) airSupport(d *doc, c clause) (s0, s1 int, ok bool) {
	for i := c.t0; i < c.t1; i++ {
		if !x.airSupportLex.has(d, i) {
			continue
		}
		end := 0
		for j, gap := i+1, 0; j < c.t1 && gap <= 2; {
			n, tw := x.typeLex.match(d, j)
			switch {
			case n > 0 && tw.c == clsAir:
				end, gap = j+n, 0
				j += n
				continue
			case end > 0:
				return i, end, true // the aircraft and their descriptors end here
			}
			gap++
			j++
		}
		if end > 0 {
			return i, end, true
		}
	}
	return 0, 0, false
}

// airOwner is whose aircraft took part in a fight: a side named right
// after them ("مروحيات الجيش", "الطيران التابع لسلاح الجو"), else the
// one side of the fight that has an air force, else unidentified.
func (x *Extractor) airOwner(d *doc, s0, s1, end int, a1, a2 string) string {
	for _, m := range x.actors(d, s0, min(end, s1+4), "") {
		if m.label != ActorCivilians && m.label != ActorUnidentified {
			return m.label
		}
	}
	switch {
	case x.airPowers[a1] && !x.airPowers[a2]:
		return a1
	case x.airPowers[a2] && !x.airPowers[a1]:
		return a2
	}
	return ActorUnidentified
}

// daysBefore reports whether retro clause c puts its event a day or more
// before the news: a span right after its connector, an approximation
// allowed ("عقب أيام من", "عقب قرابة شهرين من").
func (x *Extractor) daysBefore(d *doc, c clause) bool {
	for i := c.t0 + 1; i < min(c.t1, c.t0+3); i++ {
		if x.spanAgo.has(d, i) {
			return true
		}
		if !x.approx.has(d, i) {
			return false
		}
	}
	return false
}

// likened reports whether a noun of event in clause c is qualified as
// like another ("غارة مماثلة", "قصف آخر"): an event of its own. A
// similar word elsewhere ("في ثاني أيام العيد") qualifies no event.
func (x *Extractor) likened(d *doc, c clause) bool {
	for i := c.t0; i < c.t1; i++ {
		if n, _ := x.typeLex.match(d, i); n > 0 && i+n < c.t1 && x.similar.has(d, i+n) {
			return true
		}
	}
	return false
}

// villages reports whether every target is a village: a place of that
// kind, or a name a village cue introduces (قرية، قرى، مزرعة, with any
// proclitics).
func (x *Extractor) villages(ts []target) bool {
	for _, t := range ts {
		switch {
		case t.pm == nil:
			return false
		case t.place != nil && !t.located && t.place.Kind == geo.KindVillage:
		case cueOf(t.pm.top.Cue, x.villageCues):
		default:
			return false
		}
	}
	return len(ts) > 0
}

// camps reports whether every target is a camp of the displaced or of
// refugees (GeoNames CMP, CMPRF; the curated camps and OSM refugee sites
// carry CMP). Military camps are bases (MILB, INSM), never these.
func camps(ts []target) bool {
	for _, t := range ts {
		if t.place == nil || t.located || t.place.FeatureCode != "CMP" && t.place.FeatureCode != "CMPRF" {
			return false
		}
	}
	return len(ts) > 0
}

// cueOf reports whether a cue as written ("وبقرية") is one of cues
// (stems, folded, without article), whatever its proclitics.
func cueOf(written string, cues map[string]bool) bool {
	if written == "" {
		return false
	}
	bs := arabic.Readings(arabic.Fold(written))
	for b := 0; b < bs.Len(); b++ {
		if cues[bs.At(b).Stem] {
			return true
		}
	}
	return false
}

// overheadOnly reports whether every target is introduced as where a
// weapon flew ("فوق X", "في أجواء X", "قبالة X").
func (x *Extractor) overheadOnly(d *doc, ts []target) bool {
	for _, t := range ts {
		if t.pm == nil {
			return false
		}
		found := false
		for i := t.pm.t0 - 1; i >= 0 && i >= t.pm.t0-2; i-- {
			found = found || x.overhead.has(d, i)
		}
		if !found {
			return false
		}
	}
	return len(ts) > 0
}

// speaker returns the actor who speaks in the clause before clause i when
// clause i opens with a complementizer whose pronoun is that speaker
// ("قال الجيش إنه قصف"), else "".
func (r *run) speaker(i int) string {
	c := r.cls[i]
	if i == 0 || r.cls[i-1].sent != c.sent || !r.x.speakerPronoun.has(r.d, c.t0) {
		return ""
	}
	p := r.cls[i-1]
	if r.x.speech.find(r.d, p.t0, p.t1) < 0 {
		return ""
	}
	for _, m := range r.x.actors(r.d, p.t0, p.t1, r.country) {
		if m.label != ActorCivilians && m.label != ActorUnidentified {
			return m.label
		}
	}
	return ""
}

// intercepted reports whether a clause tells a strike stopped: a word of
// intercepting (اعترض), or air defences confronting it ("تصدت الدفاعات
// الجوية"); air defences alone may be a target ("قاعدة للدفاع الجوي").
func intercepted(v typeVotes) bool {
	return v[clsDisrupt] >= 5 || v[clsConfront] > 0 && v[clsDisrupt] >= 3
}

// raidVotes bounds the clash votes of a raid: every word of fighting
// (اشتباك، معركة، مواجهات، كمين) weighs at least this much alone; words of
// entering (اقتحم، توغل، حاصر) less.
const raidVotes = 4

// placeHeadline gives a headline event that names no place the place of
// the same event as the lead tells it: a guess among the article's places
// is worse than the place the lead gives.
func (r *run) placeHeadline() {
	for _, h := range r.items {
		if !h.headline || !h.fallback {
			continue
		}
		for _, it := range r.items {
			if it.headline || it.fallback || it.retro || !r.lead(it.sent) || it.in.SubEventType != h.in.SubEventType {
				continue
			}
			h.in.Place, h.in.Point, h.in.PlaceText = it.in.Place, it.in.Point, it.in.PlaceText
			h.in.GeoPrecision = it.in.GeoPrecision
			break
		}
	}
}

// lead reports whether sentence k is in the article's lead paragraph.
func (r *run) lead(k int) bool {
	return !r.d.sents[k].headline && r.d.sents[k].para == r.leadPara
}

// carryCasualties gives the counts of clause i, which reports no event of
// its own ("، وقتل ثلاثة مدنيين"), to the event told just before it in
// its sentence, where that event states none.
func (r *run) carryCasualties(i int) {
	c := r.cls[i]
	if r.x.background(r.d, c) && c.kind != kindAmid {
		return
	}
	killed, injured := r.x.casualties(r.d, c.t0, c.t1)
	if killed == nil && injured == nil {
		return
	}
	if len(r.items) == 0 || r.items[len(r.items)-1].sent != c.sent {
		if it := r.toldEvent(c); it != nil {
			// "وأسفر الانفجار عن مقتل 20 شخصا": the toll of the event
			// the noun with the article refers back to
			if it.in.Killed == nil {
				it.in.Killed = killed
			}
			if it.in.Injured == nil {
				it.in.Injured = injured
			}
			return
		}
		// no event told yet in the sentence: the toll waits for its cause
		r.toll = &toll{sent: c.sent, killed: killed, injured: injured}
		return
	}
	for k := len(r.items) - 1; k >= 0; k-- {
		it := r.items[k]
		if it.sent != c.sent {
			return
		}
		if it.in.Killed == nil {
			it.in.Killed = killed
		}
		if it.in.Injured == nil {
			it.in.Injured = injured
		}
		return
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
		if r.x.speech.find(r.d, r.cls[j].t0, r.cls[j].t1) >= 0 {
			continue // where the speaker is ("قالت النائبة في طرابلس")
		}
		if len(r.targets[j]) > 0 {
			return r.targets[j]
		}
	}
	if (c.where || c.kind == kindRetro || r.continues(c)) && i > 0 && r.cls[i-1].sent == c.sent &&
		r.x.speech.find(r.d, r.cls[i-1].t0, r.cls[i-1].t1) < 0 {
		return r.targets[i-1] // not where the speaker is ("قال مراسل في مدينة X")
	}
	if i > 0 && r.cls[i-1].sent == c.sent && r.goesOn(c) {
		if len(r.items) > 0 && slices.Contains(r.items[len(r.items)-1].clauses, i-1) {
			// "هاجموا حاجزا قرب المدينة واستهدفوا سيارات": the same
			// subject goes on where the clause before was placed, by
			// whatever means (an anaphor) that place was found
			return []target{placeOf(&r.items[len(r.items)-1].in)}
		}
	}
	return nil
}

// reporterPlace returns, for a reported clause that names no place of
// its own, the place of the sources on the spot who report it ("نقلت
// مصادر محلية مطلعة في X أن قوات اعتقلت", "قال مراسلنا في X إن"): the event
// happened where they are. It looks back over the clauses of the
// sentence to the one that says who speaks; a clause between them that
// names a place of its own ends the search, as does a speaker who is no
// source on the spot ("قالت النائبة في طرابلس إن").
func (r *run) reporterPlace(i int) []target {
	c := r.cls[i]
	for j := i - 1; j >= 0 && r.cls[j].sent == c.sent; j-- {
		p := r.cls[j]
		if r.x.speech.find(r.d, p.t0, p.t1) >= 0 {
			if len(r.targets[j]) == 0 || r.x.localSources.find(r.d, p.t0, p.t1) < 0 {
				return nil
			}
			return r.targets[j]
		}
		if len(r.targets[j]) > 0 {
			return nil
		}
	}
	return nil
}

// scene returns, for a clause that كما or كذلك opens with no place of
// its own ("كما استهدف مقاومون آلية عسكرية بعبوة ناسفة"), the place of the
// last event told in that sentence or the one before: the text goes on
// with the same scene.
func (r *run) scene(c clause) []target {
	if !r.x.also.has(r.d, c.t0) {
		return nil
	}
	for k := len(r.items) - 1; k >= 0; k-- {
		it := r.items[k]
		if it.sent < c.sent-1 {
			break
		}
		if it.fallback || it.located || it.in.Place == nil {
			continue
		}
		return []target{placeOf(&it.in)}
	}
	return nil
}

// countriesOnly reports whether every target is a country (or there is
// none).
func countriesOnly(ts []target) bool {
	for _, t := range ts {
		if t.place == nil || t.place.Kind != geo.KindCountry {
			return false
		}
	}
	return true
}

// pronounObject returns, for clause c whose noun of event takes a pronoun
// with ل for its object ("قصف له", "استهداف إسرائيلي لها"), the place of
// the last incident told in that sentence or the two before: what the
// pronoun refers back to.
func (r *run) pronounObject(c clause) (target, bool) {
	d, x := r.d, r.x
	found := false
	for i := c.t0; i < c.t1 && !found; i++ {
		n, tw := x.typeLex.match(d, i)
		if n == 0 || tw.c == clsNone || tw.tense != lexicon.NoTense {
			continue
		}
		// the pronoun after the noun, or after one adjective of it
		for k := i + n; k < min(c.t1, i+n+2); k++ {
			if objectPronoun(d.toks[k].Key) {
				found = true
				break
			}
		}
	}
	if !found {
		return target{}, false
	}
	for k := len(r.items) - 1; k >= 0; k-- {
		it := r.items[k]
		if it.sent < c.sent-2 {
			break
		}
		if it.fallback || it.located || it.in.Place == nil || it.in.Place.Kind == geo.KindCountry {
			continue
		}
		return placeOf(&it.in), true
	}
	return target{}, false
}

// objectPronoun reports whether a folded word is ل with the pronoun of a
// thing or place ("له", "لها"; "لهم" are people).
func objectPronoun(key string) bool {
	return key == "له" || key == "لها" || key == "لهما"
}

// deathPlace returns, for clause i whose event names no place, the places
// of the next sentence when that sentence tells only who was killed or
// wounded, and where ("قتل القائد اليوم بمنطقة X"): the deaths the event
// caused locate it. A sentence that tells an event of its own, or names
// no death, locates nothing.
func (r *run) deathPlace(i int) []target {
	d, x := r.d, r.x
	next := r.cls[i].sent + 1
	var ts []target
	for j := i + 1; j < len(r.cls) && r.cls[j].sent <= next; j++ {
		c := r.cls[j]
		if c.sent < next {
			continue
		}
		if x.anchored(d, c) {
			return nil
		}
		if len(r.targets[j]) > 0 && (x.killedBefore.find(d, c.t0, c.t1) >= 0 || x.killedAfter.find(d, c.t0, c.t1) >= 0 ||
			x.injuredBefore.find(d, c.t0, c.t1) >= 0 || x.injuredAfter.find(d, c.t0, c.t1) >= 0) {
			ts = r.targets[j]
		}
	}
	return ts
}

// placeOf is the place of an incident already told, as the target of a
// clause that refers back to it (less sure than the clause that named it).
func placeOf(in *geo.Incident) target {
	return target{place: in.Place, point: in.Point, text: in.PlaceText, prec: in.GeoPrecision, conf: 0.8 * in.Confidence}
}

// continued returns the event of the clause before clause i in its
// sentence when clause i goes on with its subject (see goesOn), else nil.
func (r *run) continued(i int) *item {
	n := len(r.items)
	if i == 0 || n == 0 || r.cls[i-1].sent != r.cls[i].sent || !r.goesOn(r.cls[i]) || !slices.Contains(r.items[n-1].clauses, i-1) {
		return nil
	}
	return r.items[n-1]
}

// continues reports whether clause c goes on with the subject of the
// clause before it: a verb joined by و with no subject of its own
// ("هاجم مستوطنون القرية وأحرقوا سيارتين": the same village).
func (r *run) continues(c clause) bool {
	d := r.d
	k := d.toks[c.t0].Key
	return strings.HasPrefix(k, "و") && r.x.verbs.has(d, c.t0) && len(r.x.actors(d, c.t0, c.t1, r.country)) == 0
}

// goesOn reports whether clause c goes on with the subject of the clause
// before it, naming at most its victims: a verb joined by و and no actor
// but civilians ("واستهدفوا سيارات الأهالي").
func (r *run) goesOn(c clause) bool {
	d := r.d
	if !strings.HasPrefix(d.toks[c.t0].Key, "و") || !r.x.verbs.has(d, c.t0) {
		return false
	}
	for _, m := range r.x.actors(d, c.t0, c.t1, r.country) {
		if m.label != ActorCivilians {
			return false
		}
	}
	return true
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
			return []target{placeOf(in)}
		}
	}
	return nil
}

// anchored reports whether clause c reports an event: a word of attack
// anchors it (see anchorWord), or it tells a vessel seized.
func (x *Extractor) anchored(d *doc, c clause) bool {
	return x.anchorWord(d, c) || x.seizesVessel(d, c)
}

// anchorWord reports whether a verb or an indefinite noun of attack
// reports an event in clause c. A noun with the article ("الهجوم",
// "القصف") refers back to an event already told, unless a verb of
// managing governs it ("تمكن الجيش من السيطرة على").
func (x *Extractor) anchorWord(d *doc, c clause) bool {
	for i := c.t0; i < c.t1; i++ {
		if n, tw := x.typeLex.match(d, i); n > 0 && tw.c == clsNone {
			// a phrase that only looks like an event ("الخاضعة لسيطرة"
			// says who holds a place; "خط وقف إطلاق النار" is a line)
			i += n - 1
			continue
		}
		if x.anchors.has(d, i) && !x.namesUnit(d, i) && (!d.articled(i) || x.achieve.find(d, max(c.t0, i-3), i) >= 0 || x.withObject(d, i)) {
			return true
		}
	}
	return false
}

// clauseVotes sums the votes of clause c's type words; a vessel seized
// is property taken by force, not a place taken nor people taken (ACLED
// codes it Looting/property destruction, "seizing goods or property");
// seizes is x.seizesVessel(d, c), which the caller has already computed.
func (x *Extractor) clauseVotes(d *doc, c clause, seizes bool) typeVotes {
	v := x.votes(d, c.t0, c.t1)
	if seizes {
		v[clsLoot] += seizeVotes
		v[clsGain], v[clsArrest], v[clsAbduct] = 0, 0, 0
	}
	return v
}

// seizeVotes weighs a vessel seized like a word of looting alone.
const seizeVotes = 6

// seizesVessel reports whether clause c tells a vessel seized: a word of
// seizing with a vessel as its object, within a few words after it and
// before any crew or person ("سيطرت قوات تابعة للجماعة، الأحد، على سفينة
// شحن", "صعد مسلحون إلى متن ناقلة"; "اختطفوا طاقم السفينة" takes
// people), or a vessel named before it and its pronoun after it
// ("هاجموا سفينة واستولوا عليها").
func (x *Extractor) seizesVessel(d *doc, c clause) bool {
	for i := c.t0; i < c.t1; i++ {
		n, _ := x.seize.match(d, i)
		if n == 0 {
			continue
		}
		for j := i + n; j < min(c.t1, i+n+seizeReach); j++ {
			if x.vessels.has(d, j) {
				return true
			}
			if x.crews.has(d, j) || x.persons.has(d, j) {
				break
			}
		}
		if i+n < c.t1 && (d.hasForm(i+n, "عليها", false) || d.hasForm(i+n, "عليه", false)) && x.vessels.find(d, c.t0, i) >= 0 {
			return true
		}
	}
	return false
}

// seizeReach bounds how far after a word of seizing its object may be:
// the subject, a date and على may come between ("سيطرت قوات تابعة لجماعة
// X، الأحد، على سفينة").
const seizeReach = 10

// namesUnit reports whether token i is a noun of event in construct
// after a noun of unit ("خلية تفجيرات", "وحدة الاستطلاع"): the unit's
// name, no event. A verb there is the unit acting ("خلية اغتالت").
func (x *Extractor) namesUnit(d *doc, i int) bool {
	if i == 0 || !x.units.has(d, i-1) {
		return false
	}
	n, tw := x.typeLex.match(d, i)
	return n > 0 && x.unitName(d, i, tw)
}

// unitName reports whether tw, the type word at token i, is a noun after
// a noun of unit (see namesUnit).
func (x *Extractor) unitName(d *doc, i int, tw typeWord) bool {
	return tw.tense == lexicon.NoTense && i > 0 && x.units.has(d, i-1)
}

// onObject reports whether a folded word is على, alone or with the
// pronoun of its object ("استعاد السيطرة عليها": the place just named).
func onObject(key string) bool {
	switch key {
	case "علي", "عليه", "عليها", "عليهم", "عليهما":
		return true
	}
	return false
}

// withObject reports whether token i is a verbal noun followed by على and
// its object ("العثور على صاروخ"): an event told, not one referred to.
func (x *Extractor) withObject(d *doc, i int) bool {
	for k := i; k < min(i+2, len(d.toks)-1); k++ {
		if x.objectNouns.has(d, k) && onObject(d.toks[k+1].Key) {
			return true
		}
	}
	return false
}

// clauseDate returns the most specific date expression inside clause c.
func clauseDate(dates []dateRef, c clause) (dateRef, bool) {
	var best dateRef
	found := false
	// dates are in text order
	for k := sort.Search(len(dates), func(i int) bool { return dates[i].start >= c.t0 }); k < len(dates) && dates[k].start < c.t1; k++ {
		if r := dates[k]; !found || r.rank > best.rank {
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

// armedTarget reports whether clause c names an armed target: an armed
// actor as actor2, or an armed word (حاجز، موقع، دورية، جنود) outside the
// actors' own names ("قوات" in "قوات الدعم السريع" arms the attacker).
func (x *Extractor) armedTarget(d *doc, c clause, a2 string, acts []actorMention) bool {
	if a2 != "" && a2 != ActorCivilians && a2 != ActorUnidentified {
		return true
	}
	for i := c.t0; i < c.t1; i++ {
		named := false
		for _, a := range acts {
			if i >= a.t0 && i < a.t1 {
				named = true
				break
			}
		}
		if !named && x.armed.has(d, i) {
			return true
		}
	}
	return false
}

// repelled reports whether a later clause of clause i's sentence tells
// its attack fought off ("وتصدت قوات الجيش للهجوم", "صدّ المدافعون
// الهجوم"): a word of confronting with no air defence (which would make
// it an interception).
func (r *run) repelled(i int) bool {
	for k := i + 1; k < len(r.cls) && r.cls[k].sent == r.cls[i].sent; k++ {
		v := r.x.votes(r.d, r.cls[k].t0, r.cls[k].t1)
		if v[clsConfront] > 0 && v[clsDisrupt] == 0 {
			return true
		}
	}
	return false
}

// based reports whether the text names actor a as stationed somewhere
// right after naming it ("قوات التحالف المتمركزة في حقل X"): where it
// is, not what it targets.
func (x *Extractor) based(d *doc, acts []actorMention, a string) bool {
	for _, m := range acts {
		if m.label != a {
			continue
		}
		for i := m.t1; i < min(len(d.toks), m.t1+2); i++ {
			if x.stationed.has(d, i) {
				return true
			}
		}
	}
	return false
}
