package extract

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/arabic"
	"github.com/paulmach/orb"
)

// placeMention is one mention of a toponym, with its token span.
type placeMention struct {
	top    *geo.Toponym
	place  *geo.Place // nil when the geoparser could not place the name
	m      geo.Mention
	t0, t1 int
	text   string // the name without proclitics
	waw    bool   // written with the conjunction و or ف: a list goes on
	// relative is set on a locator that a direction or ريف introduces
	// ("شرق دير الزور"): the place it locates lies near it, not in it.
	relative bool
}

// mentions lists every mention of the geoparse, in text order, with the
// tokens it covers.
func (x *Extractor) mentions(d *doc, gp geo.Geoparse) []placeMention {
	var out []placeMention
	add := func(t *geo.Toponym) {
		for _, m := range t.Mentions {
			t0 := sort.Search(len(d.toks), func(i int) bool { return d.toks[i].End > m.Start })
			t1 := sort.Search(len(d.toks), func(i int) bool { return d.toks[i].Start >= m.End })
			if t0 >= t1 || m.Start < 0 || m.End > len(d.byteAt)-1 || m.Start >= m.End {
				continue
			}
			if t.Place == nil && x.listStop.has(d, t0) {
				continue // "وصولا إلى": no name
			}
			text, waw := stripProclitics(m.Text, t.Place)
			if t.Place == nil && !waw && t0 > 0 && !x.listCue.has(d, t0-1) && !x.links.has(d, t0-1) {
				// an unplaced name in a list ("قرى X وY"): its و joins
				// the list; after a cue ("قرية وهر") it is the name's
				if r, ok := strings.CutPrefix(text, "و"); ok && runeLen(r) >= 3 {
					text, waw = r, true
				}
			}
			out = append(out, placeMention{top: t, place: t.Place, m: m, t0: t0, t1: t1, text: text, waw: waw})
		}
	}
	for i := range gp.Places {
		add(&gp.Places[i])
	}
	for i := range gp.Unresolved {
		add(&gp.Unresolved[i])
	}
	out = append(out, x.listNames(d, out)...)
	sort.SliceStable(out, func(a, b int) bool { return out[a].m.Start < out[b].m.Start })
	return out
}

// stripProclitics removes the proclitics written onto a name (و ف ب ل ك,
// لل for ل + ال). A resolved place's own names decide where the name
// starts ("بعلبك" keeps its ب); otherwise only a proclitic before the
// article is stripped, the one reading that cannot be part of a name.
func stripProclitics(text string, p *geo.Place) (string, bool) {
	first, rest, _ := strings.Cut(text, " ")
	if rest != "" {
		rest = " " + rest
	}
	type cand struct {
		word string
		waw  bool
	}
	cands := []cand{{first, false}}
	w, waw := first, false
	for _, c := range []string{"و", "ف"} {
		if r, ok := strings.CutPrefix(w, c); ok && runeLen(r) >= 2 {
			w, waw = r, true
			cands = append(cands, cand{w, true})
			break
		}
	}
	if r, ok := strings.CutPrefix(w, "لل"); ok && runeLen(r) >= 2 {
		cands = append(cands, cand{"ال" + r, waw})
	}
	for _, c := range []string{"ب", "ل", "ك"} {
		if r, ok := strings.CutPrefix(w, c); ok && runeLen(r) >= 2 {
			cands = append(cands, cand{r, waw})
			break
		}
	}
	if p != nil {
		names := placeNames(p)
		for _, c := range cands {
			if names[arabic.Fold(c.word+rest)] {
				return c.word + rest, c.waw
			}
		}
	}
	// No name to go by: strip what precedes an article.
	for i := len(cands) - 1; i > 0; i-- {
		if strings.HasPrefix(cands[i].word, "ال") {
			return cands[i].word + rest, cands[i].waw
		}
	}
	// "وودجر": no word starts with two و; the first is the
	// conjunction before a name that starts with و (a spelling the
	// gazetteer lacks, found by transliteration)
	if r, ok := strings.CutPrefix(first, "وو"); ok && runeLen(r) >= 2 {
		return "و" + r + rest, true
	}
	return text, false
}

// placeNames returns the folded names of p, and each name of several
// words without its first: a table may name a place with its class word
// ("قرية X", "حي X") that the text leaves to a list's cue ("قرى Y وX").
func placeNames(p *geo.Place) map[string]bool {
	names := map[string]bool{}
	for _, n := range append([]string{p.NameAr, p.Name}, p.Names...) {
		f := arabic.Fold(n)
		names[f] = true
		if _, tail, ok := strings.Cut(f, " "); ok {
			names[tail] = true
		}
	}
	return names
}

// rank orders kinds from the most specific place (0) to the largest.
func rank(k geo.Kind) int {
	switch k {
	case geo.KindFacility, geo.KindNeighborhood, geo.KindBridge, geo.KindCrossing, geo.KindRoad:
		return 0
	case geo.KindVillage:
		return 1
	case geo.KindTown, geo.KindMountain, geo.KindIsland, geo.KindOther:
		return 2
	case geo.KindCity:
		return 3
	case geo.KindAdmin2, geo.KindRiver:
		return 4
	case geo.KindRegion:
		return 5
	case geo.KindAdmin1:
		return 6
	case geo.KindCountry:
		return 7
	}
	return 2
}

// contains reports whether the area of a (coarser) holds place b.
func contains(a, b *geo.Place) bool {
	if a == nil || b == nil || a.ID == b.ID || rank(a.Kind) <= rank(b.Kind) {
		return false
	}
	if a.CountryCode != "" && b.CountryCode != "" && a.CountryCode != b.CountryCode {
		return false
	}
	km := distanceKm(a.Point, b.Point)
	switch a.Kind {
	case geo.KindCountry:
		return a.CountryCode == b.CountryCode
	case geo.KindAdmin1:
		if a.Admin1 != "" && b.Admin1 != "" {
			return a.Admin1 == b.Admin1
		}
		return km <= 150
	case geo.KindRegion:
		return km <= 300
	case geo.KindAdmin2, geo.KindRiver:
		return km <= 60
	case geo.KindCity:
		return km <= 40
	}
	return km <= 25
}

// distanceKm is the haversine distance between two [lon, lat] points.
func distanceKm(a, b orb.Point) float64 {
	const r = 6371.0088
	rad := math.Pi / 180
	lat1, lat2 := a.Lat()*rad, b.Lat()*rad
	dlat := lat2 - lat1
	dlon := (b.Lon() - a.Lon()) * rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1)*math.Cos(lat2)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}

// target is one place an event happened at.
type target struct {
	pm    *placeMention // nil for a fallback
	place *geo.Place
	point orb.Point
	text  string // the name as written
	prec  int
	conf  float64
	// located: the gazetteer lacks the name, and place is the area the
	// text puts it in; inside: the text puts it in that area, not only
	// near it ("البلدة القديمة في نابلس", not "قرية X بريف حلب").
	located, inside bool
	// countryside: "ريف X", the area about a city
	countryside bool
}

// within is the place the text puts the target's place in, nil when it
// states none.
func (t target) within() *geo.Place {
	if t.pm == nil || t.located {
		return nil
	}
	return t.pm.top.Container
}

// joined reports whether a place is written as the next item of a list:
// with the conjunction و on its name or on its cue ("ومنطقة المواصي").
func joined(d *doc, pm *placeMention) bool {
	return pm != nil && (pm.waw || pm.t0 > 0 && strings.HasPrefix(d.toks[pm.t0-1].Key, "و") && d.toks[pm.t0].Joined)
}

// listedItem reports whether pm is the next item of a list: written with
// و on its name, or on the cue or the word of a part before it ("ومدينة
// X", "وأطراف مدينة X", "ومحيط X").
func (x *Extractor) listedItem(d *doc, pm *placeMention) bool {
	if pm == nil {
		return false
	}
	if joined(d, pm) {
		return true
	}
	for i := pm.t0 - 1; i >= max(0, pm.t0-2); i-- {
		if !x.links.has(d, i) && !x.directions.has(d, i) || x.ownSurroundings.has(d, i) {
			return false // "X ومحيطها في Y": Y locates X and its surroundings
		}
		if strings.HasPrefix(d.toks[i].Key, "و") {
			return true
		}
	}
	return false
}

// chain is a place phrase: a name, the names listed with it, and the
// names that locate it ("X وY في مدينة Z").
type chain struct {
	heads    []*placeMention
	locators []*placeMention
}

// after returns the chain with only the locators named after h: those
// before it locate an earlier name of the list ("X في ناحية Y، ومخزن في
// Z": Y does not locate Z).
func (ch chain) after(h *placeMention) chain {
	out := chain{heads: ch.heads}
	for _, l := range ch.locators {
		if l.t0 > h.t0 {
			out.locators = append(out.locators, l)
		}
	}
	return out
}

// targets returns the places the event of clause c happened at.
func (x *Extractor) targets(d *doc, c clause, pms []placeMention, acts []actorMention, country string) []target {
	var in, sent []*placeMention
	// pms are in text order: only those of the clause's sentence matter
	st := d.sents[c.sent]
	lo := sort.Search(len(pms), func(i int) bool { return pms[i].t0 >= st.t0 })
	hi := sort.Search(len(pms), func(i int) bool { return pms[i].t0 >= st.t1 })
	for i := lo; i < hi; i++ {
		pm := &pms[i]
		if d.sentOf[pm.t0] == c.sent && pm.place != nil {
			sent = append(sent, pm)
		}
		if pm.t0 < c.t0 || pm.t1 > c.t1 || x.actorName(pm, acts) || x.notPlace(d, c, pm) {
			continue
		}
		in = append(in, pm)
	}
	in = x.dropTitles(d, c, in)
	if len(in) == 0 {
		return nil
	}
	launch := x.launch.find(d, c.t0, c.t1) >= 0
	farEnd := map[*placeMention]bool{}
	for k := 1; k < len(in); k++ {
		if x.roadEnd(d, in[k-1], in[k]) {
			farEnd[in[k]] = true
		}
	}
	var chains []chain
	var prev *placeMention
	for _, pm := range in {
		if prev != nil && x.linked(d, prev, pm) {
			ch := &chains[len(chains)-1]
			if x.coordinate(d, prev, pm) {
				if last := ch.heads[len(ch.heads)-1]; x.refines(d, last, prev, pm) {
					// "قرب دوار X شمال حمص، في حي Y": Y is where in X,
					// and X, the narrowest area, locates Y first
					ch.heads = ch.heads[:len(ch.heads)-1]
					ch.locators = append([]*placeMention{last}, ch.locators...)
				}
				ch.heads = append(ch.heads, pm)
			} else {
				pm.relative = x.directions.find(d, max(prev.t1, pm.t0-2), pm.t0+1) >= 0
				ch.locators = append(ch.locators, pm)
			}
			prev = pm
			continue
		}
		chains = append(chains, chain{heads: []*placeMention{pm}})
		prev = pm
	}
	var out []target
	for _, ch := range chains {
		if x.excluded(d, c, ch.heads[0], launch) {
			continue
		}
		for _, h := range ch.heads {
			if farEnd[h] {
				continue // the road's far end: one road, one place
			}
			if t, ok := x.target(d, c, h, ch, country, sent); ok {
				out = append(out, t)
			}
		}
	}
	// A larger area (a city or more) named beside a place inside it only
	// locates it; towns and villages listed together are each a target,
	// and so are a named area and a city listed with them ("قرية X
	// وأطراف مدينة Y": the city's outskirts were hit too).
	keep := out[:0]
	for i, t := range out {
		inside := false
		for j, u := range out {
			if i != j && t.place != nil && u.place != nil && !t.located && !u.located &&
				rank(t.place.Kind) >= rank(geo.KindCity) && !(t.place.Kind == geo.KindRegion && joined(d, t.pm)) &&
				!(t.place.Kind == geo.KindCity && x.listedItem(d, t.pm)) && contains(t.place, u.place) {
				inside = true
				break
			}
		}
		if !inside {
			keep = append(keep, t)
		}
	}
	return dedupeTargets(x.dropWaters(d, keep))
}

// dropWaters drops a sea or gulf named right after a place on land that
// it only locates ("سفينة قبالة مدينة المخا المطلة على البحر الأحمر": the
// attack is by the town), and every target of a clause that names
// several seas and no land.
func (x *Extractor) dropWaters(d *doc, ts []target) []target {
	land, seas := false, 0
	for _, t := range ts {
		land = land || t.place != nil && !water(t.place)
		if t.place != nil && water(t.place) {
			seas++
		}
	}
	if !land && seas >= 2 {
		// "سفن في البحر الأحمر وخليج عدن وبحر العرب": one clause
		// over several seas sums up a campaign; a ship is attacked in
		// one sea, so no incident is placed
		return nil
	}
	out := ts[:0]
	for _, t := range ts {
		if t.place == nil || !water(t.place) || !x.besideLand(d, t, ts) {
			out = append(out, t)
		}
	}
	return out
}

// besideLand reports whether water target w is named within a few words
// after a target on land, with no new conjunct between them ("المخا
// المطلة على البحر"; not "الحديدة وسفنا في البحر").
func (x *Extractor) besideLand(d *doc, w target, ts []target) bool {
	if w.pm == nil {
		return false
	}
	for _, u := range ts {
		if u.pm == nil || u.place == nil || water(u.place) || u.pm.t1 > w.pm.t0 || w.pm.t0-u.pm.t1 > 4 {
			continue
		}
		conjunct := false
		for i := u.pm.t1; i < w.pm.t0; i++ {
			conjunct = conjunct || strings.HasPrefix(d.toks[i].Key, "و")
		}
		if !conjunct {
			return true
		}
	}
	return false
}

// water reports whether p is a body of water: a sea, gulf, strait, ocean
// or bay.
func water(p *geo.Place) bool {
	switch p.FeatureCode {
	case "SEA", "GULF", "STRT", "OCN", "BAY":
		return true
	}
	return false
}

// dedupeTargets keeps one target per place; names located by one area
// stay apart ("X وY شرق Z" are two villages).
func dedupeTargets(ts []target) []target {
	var out []target
	for _, t := range ts {
		dup := false
		for _, u := range out {
			if t.located || u.located {
				if t.located && u.located && arabic.Fold(t.text) == arabic.Fold(u.text) {
					dup = true
					break
				}
				continue
			}
			if t.place != nil && u.place != nil && (t.place.ID == u.place.ID || oneSite(t.place, u.place)) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, t)
		}
	}
	return out
}

// oneSite reports whether two facilities named as targets of one clause
// are parts of one site ("مطار X ومجمع Y" with the compound inside the
// airport's fence): their points lie within a kilometre, and one strike
// on one site is one event, at the first name.
func oneSite(a, b *geo.Place) bool {
	return a.Kind == geo.KindFacility && b.Kind == geo.KindFacility && distanceKm(a.Point, b.Point) <= 1
}

// actorName reports whether a mention is part of an actor's name ("قوات
// سوريا الديمقراطية", "مدعومة من إيران") or a government speaking
// ("أعلنت الولايات المتحدة").
func (x *Extractor) actorName(pm *placeMention, acts []actorMention) bool {
	for _, a := range acts {
		if !a.adj && pm.t0 < a.t1 && a.t0 < pm.t1 {
			return true
		}
	}
	return false
}

// linked reports whether b continues the place phrase of a: only link
// words, or nothing but a comma, stand between them.
func (x *Extractor) linked(d *doc, a, b *placeMention) bool {
	gap := b.t0 - a.t1
	if gap > 4 {
		// "قاعدة حقل العمر التابعة للتحالف في ريف دير الزور": a name
		// after ريف, محافظة or a direction still locates the one before,
		// unless a verb or a و opens a new phrase between them.
		if gap > 8 || !x.locatorBefore(d, b) || strings.HasPrefix(d.toks[b.t0-1].Key, "و") {
			return false
		}
		for i := a.t1; i < b.t0; i++ {
			if x.attack.has(d, i) || x.anchors.has(d, i) {
				return false
			}
		}
		return true
	}
	i := a.t1
	if gap > 1 && x.describes(d, i) {
		i++ // "محور X المهجورة غرب Y": a word that describes the place
	}
	for i < b.t0 {
		// readings strip و, so "ومحيط" and "وقرية" link too
		n, _ := x.links.match(d, i)
		if n == 0 {
			return false
		}
		i += n
	}
	return true
}

// describes reports whether token i, right after a place name, is an
// adjective of it with the article ("المهجورة", "الحدودية"): written with
// no conjunction and no comma before it, and no word of any class the
// extractor reads (an actor, an event, a cue, a link, a function word).
func (x *Extractor) describes(d *doc, i int) bool {
	t := d.toks[i]
	if t.Sep != 0 || strings.HasPrefix(t.Key, "و") || !d.articled(i) || x.function[t.Key] || d.placeAt[i] {
		return false
	}
	return !x.links.has(d, i) && !x.typeLex.has(d, i) && !x.actorLex.has(d, i) && !x.forces.has(d, i) && !x.persons.has(d, i) && !x.attack.has(d, i)
}

// refines reports whether quarter b, named after a comma with في and no
// و ("X شمال حمص، في حي Y"), says where in area h (the head of its
// phrase, prev the name just before b) the event happened: a narrower
// place of one telling, not the next item of a list.
func (x *Extractor) refines(d *doc, h, prev, b *placeMention) bool {
	if b.t0 < 2 || !cueOf(b.top.Cue, x.quarterCues) || h.place == nil || rank(h.place.Kind) > rank(geo.KindVillage) {
		return false
	}
	i := b.t0 - 2 // "في" before the cue
	return i >= prev.t1 && d.toks[i].Sep == ',' && d.toks[i].Key == "في"
}

// locatorBefore reports whether a word that locates (ريف، محافظة، a
// direction) comes right before b, or a side written in several words
// with only link words after it ("إلى الشمال الغربي من مدينة X").
func (x *Extractor) locatorBefore(d *doc, b *placeMention) bool {
	for i := max(0, b.t0-2); i <= b.t0 && i < len(d.toks); i++ {
		if x.directions.has(d, i) || x.provinces.has(d, i) {
			return true
		}
	}
	for i := max(0, b.t0-5); i < b.t0-2; i++ {
		if n, v := x.sides.match(d, i); n > 1 && v != "" && i+n <= b.t0 {
			return x.onlyLinks(d, i+n, b.t0)
		}
	}
	return false
}

// onlyLinks reports whether tokens [from, to) are all link words.
func (x *Extractor) onlyLinks(d *doc, from, to int) bool {
	for i := from; i < to; {
		n, _ := x.links.match(d, i)
		if n == 0 {
			return false
		}
		i += n
	}
	return true
}

// coordinate reports whether b is listed beside a (a new place of the same
// event) rather than locating it.
func (x *Extractor) coordinate(d *doc, a, b *placeMention) bool {
	if b.t0-a.t1 > 4 {
		return false
	}
	// "كفركلا والخيام وحولا": places of one rank below a city joined by و
	// are listed, whatever their sizes
	if b.waw && b.t0 == a.t1 && a.place != nil && b.place != nil &&
		rank(a.place.Kind) < rank(geo.KindCity) && rank(b.place.Kind) < rank(geo.KindCity) {
		return true
	}
	// "X شرق المدينة وقرية Y": a cue with its و opens the list's next
	// item, whatever located the item before
	listed := b.waw || b.t0 > a.t1 && strings.HasPrefix(d.toks[a.t1].Key, "و") && !x.ownSurroundings.has(d, a.t1) || b.place == nil && joined(d, b)
	if listed && b.place != nil && b.place.Kind == geo.KindRegion {
		// "في مدينة خان يونس ومنطقة المواصي": a named area listed
		// after a place is another target; an area's extent is unknown,
		// so its point says nothing of what it holds
		return true
	}
	if b.place != nil && rank(b.place.Kind) <= rank(geo.KindCity) && x.listedItem(d, b) {
		// "قرية X ومدينة Y", "بريف X، وأطراف مدينة Y": a place up to a
		// city written as the list's next item is another target,
		// whatever it holds and whatever direction located the one before
		return true
	}
	if a.place != nil && b.place != nil && contains(b.place, a.place) {
		return false
	}
	// "مديرية X غربي مدينة Y": a side puts a off b, not in it, so b is
	// only the point the side is taken from, however coarse a is
	if !listed && b.place != nil && x.sideBetween(d, a.t1, b.t0) {
		return false
	}
	// "أطراف مدينة حلب من جهة شارع النيل": a finer place after a
	// coarser one says where in it, so it is the target.
	if a.place != nil && rank(a.place.Kind) >= 3 && (b.place == nil || x.streetCue(d, b) || rank(b.place.Kind) < rank(a.place.Kind)-1) {
		return true
	}
	if listed {
		return true // "وقرية X", "ومحيط مدينة X": the list goes on
	}
	for i := a.t1; i < b.t0; i++ {
		if x.directions.has(d, i) {
			return false
		}
	}
	for i := a.t1; i < b.t0; i++ {
		if strings.HasPrefix(d.toks[i].Key, "و") {
			return true
		}
	}
	// a comma and nothing else lists; "في مدينة X" locates
	return b.t0 == a.t1 && !d.toks[b.t0].Joined
}

// sideBetween reports whether a direction naming a side (شرق، جنوبي،
// شمال غرب) starts in tokens [from, to); "قرب", "أطراف" and "وسط" name
// none.
func (x *Extractor) sideBetween(d *doc, from, to int) bool {
	for i := max(from, 0); i < to && i < len(d.toks); i++ {
		if n, v := x.sides.match(d, i); n > 0 && v != "" {
			return true
		}
	}
	return false
}

// notPlace reports whether a mention names no place here: the backer of
// an actor ("الموالية لإيران"), a government ("أعلنت سوريا"), a dateline.
func (x *Extractor) notPlace(d *doc, c clause, pm *placeMention) bool {
	for i := max(c.t0, pm.t0-2); i < pm.t0; i++ {
		if x.ties.has(d, i) {
			return true
		}
	}
	if x.datelineAt(d, pm) {
		return true
	}
	if pm.place != nil && pm.place.Kind == geo.KindCountry {
		// a country is a place only after a locative word or ب
		if strings.HasPrefix(arabic.Fold(pm.m.Text), "ب") && !strings.HasPrefix(arabic.Fold(pm.text), "ب") {
			return false
		}
		return pm.t0 == c.t0 || !x.locative.has(d, pm.t0-1)
	}
	return false
}

// dropTitles leaves out the places named in titles of office ("قتل قائد
// شرطة X في اشتباك قرب Y"): X is in the officer's title, Y is where he
// fell. A clause whose only places are in titles keeps them
// ("اغتيال محافظ X"): the office's place is then the likeliest.
func (x *Extractor) dropTitles(d *doc, c clause, in []*placeMention) []*placeMention {
	titled := make([]bool, len(in))
	n := 0
	for k, pm := range in {
		if titled[k] = x.inTitle(d, c, pm); titled[k] {
			n++
		}
	}
	if n == 0 || n == len(in) {
		return in
	}
	keep := in[:0]
	for k, pm := range in {
		if !titled[k] {
			keep = append(keep, pm)
		}
	}
	return keep
}

// inTitle reports whether pm follows a noun of office through words of
// its area, unit or standing only ("والي ولاية X", "مدير شرطة X").
func (x *Extractor) inTitle(d *doc, c clause, pm *placeMention) bool {
	for i := pm.t0 - 1; i >= max(c.t0, pm.t0-4); i-- {
		switch {
		case x.offices.has(d, i):
			return true
		case !x.officeChain.has(d, i):
			return false
		}
	}
	return false
}

// excluded reports whether the phrase headed by pm is not where the event
// happened: where fire came from, where the attacker is, or where what
// the event took was taken to.
func (x *Extractor) excluded(d *doc, c clause, pm *placeMention, launch bool) bool {
	from := max(c.t0, pm.t0-3)
	for i := from; i < pm.t0; i++ {
		if n, _ := x.origins.match(d, i); n > 0 && i+n <= pm.t0+1 {
			return true
		}
		if n, _ := x.destinations.match(d, i); n > 0 && i+n <= pm.t0+1 {
			return true // where it was taken to afterwards
		}
		if x.stationed.has(d, i) {
			return true
		}
	}
	// "المليشيات المتمركزة في غرب الفرات بريف دير الزور شنت قصفا"
	for i := pm.t0 - 1; i >= max(c.t0, pm.t0-8); i-- {
		if x.attack.has(d, i) || x.typeLex.has(d, i) {
			break // "... بالمدفعية مواقع في بلدة X": a target again
		}
		if x.presence.has(d, i) {
			return true
		}
	}
	if launch {
		// "أطلقت من البوكمال", "من مناطق غرب الفرات"
		for i := max(c.t0, pm.t0-2); i < pm.t0; i++ {
			if d.toks[i].Key == "من" {
				return true
			}
		}
		if k := d.toks[pm.t0].Key; strings.HasPrefix(k, "من") && pm.text != "" && !strings.HasPrefix(arabic.Fold(pm.text), "من") {
			return true
		}
	}
	return false
}

// datelineAt reports whether pm opens its sentence and a dash follows it:
// the dateline of a report ("دمشق - ..."), where it was written.
func (x *Extractor) datelineAt(d *doc, pm *placeMention) bool {
	s := d.sents[d.sentOf[pm.t0]]
	if pm.t0 != s.t0 {
		return false
	}
	rest := d.text[d.byteAt[pm.m.End]:]
	rest = strings.TrimLeft(rest, " \t\u00a0")
	if strings.HasPrefix(rest, "(") {
		// "أبين (ديبريفر) قتل ...": the outlet in brackets after the
		// place, a dash or not after it
		if end := strings.IndexByte(rest, ')'); end > 0 && utf8.RuneCountInString(rest[:end]) <= 40 && !strings.ContainsAny(rest[:end], "0123456789٠١٢٣٤٥٦٧٨٩") {
			return true
		}
	}
	return strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "–") || strings.HasPrefix(rest, "—")
}

// target makes the target of head h in chain ch; in holds the resolved
// mentions of the sentence and country is the article's.
func (x *Extractor) target(d *doc, c clause, h *placeMention, ch chain, country string, in []*placeMention) (target, bool) {
	t := target{pm: h, place: h.place, text: h.text, prec: 1}
	if h.place != nil && x.streetCue(d, h) && rank(h.place.Kind) > 0 {
		t.place = nil // "شارع بغداد" is no city in Iraq
	}
	if t.place != nil && misplaced(t.place, ch.after(h), country, in) {
		t.place = nil
	}
	if t.place == nil {
		// A name the gazetteer cannot place is located by the place the
		// text puts it in, at that place's own point and under its name,
		// with ACLED's precision for "near a place" or "a region": never
		// at a point made up. PlaceText keeps the name as written.
		// A quarter is inside the city that places it even when a
		// direction does ("حي الروضة شرق المدينة").
		quarter := cueOf(h.top.Cue, x.quarterCues)
		area, inside := h.top.Container, !h.top.Near || quarter
		if sib := listNeighbour(h, ch, area, h.top.Near); sib != nil && !quarter {
			// "قرى X وY وZ بريف إدلب", Y unknown: a list names
			// neighbours, so Y lies near X, the place it was listed
			// after, rather than anywhere in the wide area after them
			area, inside = sib.place, false
		}
		if area == nil || misplaced(area, chain{}, country, in) {
			area, inside = nil, false
			loc := x.locatorOf(h, ch)
			if loc == nil {
				loc = areaBefore(h, country, in)
			}
			if loc == nil || misplaced(loc.place, chain{}, country, in) {
				return target{}, false
			}
			area = loc.place
		}
		t.place, t.point, t.located, t.inside = area, area.Point, true, inside
		t.prec, t.conf = 2, 0.4*h.top.Confidence+0.3
		if rank(area.Kind) >= rank(geo.KindAdmin1) {
			t.prec = 3
		}
		return t, true
	}
	t.point = t.place.Point
	t.conf = h.top.Confidence
	switch t.place.Kind {
	case geo.KindCountry, geo.KindAdmin1:
		t.prec = 3
	case geo.KindAdmin2, geo.KindRegion, geo.KindRiver:
		t.prec = 2
	}
	for i := max(c.t0, h.t0-2); i <= h.t0; i++ {
		// i == h.t0: "وريف دمشق" taken into the name
		if x.near.has(d, i) {
			t.prec = max(t.prec, 2)
			t.countryside = t.countryside || x.countryside.has(d, i)
		}
	}
	return t, true
}

// roadEnd reports whether b is the far end of a road named from a by
// its two ends ("طريق X – Y", "الطريق الواصل بين X وY", "طريق X
// باتجاه Y"): the event happened on the road, and one of its ends places
// it, not two incidents at both.
func (x *Extractor) roadEnd(d *doc, a, b *placeMention) bool {
	road, between := false, false
	for i := max(0, a.t0-3); i < a.t0; i++ {
		if x.roads.has(d, i) {
			road, between = true, false
		}
		if d.toks[i].Key == "بين" {
			between = true
		}
	}
	if !road {
		return false
	}
	switch {
	case b.t0 == a.t1:
		sep := d.toks[b.t0].Sep
		return sep == '-' || sep == '–' || sep == '—' || between && b.waw
	case b.t0 == a.t1+1:
		return x.roadTowards.has(d, a.t1)
	}
	return false
}

// streetCue reports whether a street or quarter cue introduces h.
func (x *Extractor) streetCue(d *doc, h *placeMention) bool {
	if h.t0 > 0 && x.streets.has(d, h.t0-1) {
		return true
	}
	return x.streets.has(d, h.t0) && h.t1-h.t0 > 1
}

// locatorOf returns the resolved place that locates h: the chain's
// locator, else a resolved head of the chain that is coarser.
func (x *Extractor) locatorOf(h *placeMention, ch chain) *placeMention {
	for _, l := range ch.locators {
		if l.place != nil && l.t0 > h.t0 {
			return l
		}
	}
	for _, l := range ch.locators {
		if l.place != nil {
			return l
		}
	}
	for _, o := range ch.heads {
		if o != h && o.place != nil && rank(o.place.Kind) >= 2 {
			return o
		}
	}
	return nil
}

// minNeighbourList is how many names a list must hold for its unknown
// names to be located by their neighbours: three make a list of places.
const minNeighbourList = 3

// listNeighbour returns the nearest head listed before h in its chain
// (h joined to the list by و) that the gazetteer places as a settlement
// (a village, town or city), when
// the area the text puts h in is wider (a city's countryside, a
// province) or missing; nil otherwise.
func listNeighbour(h *placeMention, ch chain, area *geo.Place, near bool) *placeMention {
	if area != nil && rank(area.Kind) < rank(geo.KindCity) || area != nil && area.Kind == geo.KindCity && !near {
		return nil // a settlement already locates it
	}
	if len(ch.heads) < minNeighbourList || !h.waw {
		return nil // "بلدة X وتجبرها": a word after one name may be no name
	}
	var prev *placeMention // the nearest settlement listed before h
	for _, o := range ch.heads {
		if o == h {
			break
		}
		switch {
		case o.place != nil && rank(o.place.Kind) <= rank(geo.KindCity) && rank(o.place.Kind) >= rank(geo.KindVillage):
			prev = o
		case !o.waw && prev != nil:
			prev = nil // "X ... محور Y": a new phrase, not the list X opened
		}
	}
	return prev
}

// areaBefore returns the last town or larger area of the article's country
// named before h in its sentence: where a list of unplaced names most
// likely lies ("قرى جنوبي بعلبك؛ ... على بلدات X، Y").
func areaBefore(h *placeMention, country string, in []*placeMention) *placeMention {
	var best *placeMention
	for _, o := range in {
		if o.t0 >= h.t0 || o.place == nil || rank(o.place.Kind) < rank(geo.KindTown) || rank(o.place.Kind) > rank(geo.KindAdmin1) {
			continue
		}
		if country != "" && o.place.CountryCode != country {
			continue
		}
		best = o
	}
	return best
}

// misplaced reports whether p, the place the geoparser gave a name, cannot
// be where the text puts it: outside the area its phrase locates it in
// ("نحلة في البقاع" resolved to a town in another country), or, with no
// such area, in another country far from every place of the article's
// own country named in the sentence.
func misplaced(p *geo.Place, ch chain, country string, in []*placeMention) bool {
	if rank(p.Kind) >= rank(geo.KindAdmin1) {
		return false
	}
	for _, l := range ch.locators {
		if l.place != nil && rank(l.place.Kind) > rank(p.Kind) && rank(l.place.Kind) >= rank(geo.KindCity) {
			// "X في مدينة Y" puts X inside Y; "X شرق Y" only near it
			limit := 150.0
			switch {
			case rank(l.place.Kind) >= rank(geo.KindRegion):
				// a province's borders are not its point's: a town of the
				// north Beqaa lies 60 km and more from the Beqaa's point,
				// and in another governorate since the map was redrawn
				limit = 200
			case !l.relative:
				limit = 60
			}
			return !contains(l.place, p) && distanceKm(l.place.Point, p.Point) > limit
		}
	}
	if country == "" || p.CountryCode == country || water(p) {
		return false // a sea, a gulf: no country's, so none's by mistake
	}
	far := 300.0
	if rank(p.Kind) <= rank(geo.KindCity) {
		far = 150 // a town is named beside places near it
	}
	nearest := math.Inf(1)
	for _, o := range in {
		if o.place != nil && o.place.CountryCode == country && o.place.Kind != geo.KindCountry {
			nearest = min(nearest, distanceKm(o.place.Point, p.Point))
		}
	}
	return nearest > far && !math.IsInf(nearest, 1)
}
