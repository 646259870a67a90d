package extract

import (
	"slices"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/arabic"
)

// merge folds the mentions of one event within an article into one
// incident, in two passes: first mentions at the same place on a
// compatible day, then vaguer mentions (a province, a city's countryside,
// a place-less clause) into a precise one inside them.
func merge(items []*item) []*item {
	var kept []*item
	for _, it := range items {
		joined := false
		for _, k := range kept {
			if sameEvent(k, it) {
				absorb(k, it)
				joined = true
				break
			}
		}
		if !joined {
			kept = append(kept, it)
		}
	}
	gone := make([]bool, len(kept))
	for i, v := range kept {
		for j, s := range kept {
			if i != j && !gone[j] && vaguer(v, s) {
				absorb(s, v)
				gone[i] = true
				break
			}
		}
	}
	out := kept[:0]
	for i, it := range kept {
		if !gone[i] {
			out = append(out, it)
		}
	}
	return out
}

// dropAccused drops the attacks told only in accusations or denials
// (those no report merged with) when the article reports attacks of that
// type itself: the accusation then disputes or restates one of them
// ("حمّل المجلس الجيش مسؤولية الهجمات على X"). Where it tells none, the
// accusation is its only word on the attack, which stays.
func dropAccused(items []*item) []*item {
	out := items[:0]
	for _, it := range items {
		if !it.accused || !slices.ContainsFunc(items, func(o *item) bool { return !o.accused && sameType(o, it) }) {
			out = append(out, it)
		}
	}
	return out
}

// sameType reports whether a and b may be one event: the same sub-event
// type, two names of one remote attack ("drones" and "rockets"), or an
// interception reported beside the strike it stopped part of.
func sameType(a, b *item) bool {
	sa, sb := a.in.SubEventType, b.in.SubEventType
	switch {
	case sa == sb:
		return true
	case remote(sa) && remote(sb):
		return true
	case sa == SubDisrupted && remote(sb), sb == SubDisrupted && remote(sa):
		return true
	case raidArrest(a, b) || raidArrest(b, a):
		return true
	case guessed(a) && violent(sb) || guessed(b) && violent(sa):
		// "مقتل 4 جنود بهجوم حوثي": a headline that names no means
		// got its type by default; the body tells what it was
		return true
	}
	return false
}

// guessed reports whether an item's type is a default: a headline's that
// no word of its own gave (an attack of no stated means, typed by its
// attacker), or one a noun of toll alone gave ("مجزرة في X": the
// victims are named, not the means).
func guessed(it *item) bool {
	return it.headline && !it.body && !it.ownType || it.tollOnly
}

// violent reports whether a sub-event type is political violence (a
// battle, a strike, violence against civilians), not a development.
func violent(sub string) bool {
	switch EventTypeOf(sub) {
	case EventBattles, EventRemote, EventCivilians:
		return true
	}
	return false
}

// raidArrest reports whether a is a raid told in the sentence of b's
// arrests: "اقتحمت القوات البلدة واعتقلت شابين" is one arrest operation,
// not a battle (ACLED codes such raids as Arrests unless fighting is told).
func raidArrest(a, b *item) bool {
	return a.raid && b.in.SubEventType == SubArrests && a.sent == b.sent
}

// sameActors reports whether the reports do not contradict each other
// on the attacker: two attackers each marked as such, or the sides the
// other way round (a strike and the counter-strike at one place), make
// two events. An attacker picked only for being named first is no
// evidence either way.
func sameActors(a, b *item) bool {
	if a.accused || b.accused {
		return true // an alleged attacker contradicts no one
	}
	known := func(s string) bool { return s != "" && s != ActorUnidentified }
	if a.intercept != b.intercept {
		// a strike and its interception: the defender who stopped it is
		// the strike's target, so only a defender on the striker's side
		// makes another event
		i, s := a, b
		if b.intercept {
			i, s = b, a
		}
		return !(i.marked && s.marked && known(i.in.Actor1) && known(s.in.Actor1) && side(i.in.Actor1) == side(s.in.Actor1))
	}
	if a.in.SubEventType == SubArmedClash && b.in.SubEventType == SubArmedClash {
		// both sides fight in a clash: reports name them in either order,
		// and the side that fought an attack off is the other one's
		return !known(a.in.Actor1) || !known(b.in.Actor1) || side(a.in.Actor1) == side(b.in.Actor1) || a.repels != b.repels ||
			side(a.in.Actor1) == side(b.in.Actor2) || side(a.in.Actor2) == side(b.in.Actor1)
	}
	if a.marked && b.marked && known(a.in.Actor1) && known(b.in.Actor1) && side(a.in.Actor1) != side(b.in.Actor1) {
		return false
	}
	return !(a.marked && known(a.in.Actor1) && side(a.in.Actor1) == side(b.in.Actor2) ||
		b.marked && known(b.in.Actor1) && side(b.in.Actor1) == side(a.in.Actor2))
}

// side maps allied actors to one label: reports name the US-led coalition
// and US forces, Iran's Guards and the militias it runs, for one another.
func side(actor string) string {
	switch actor {
	case ActorCoalition:
		return ActorUS
	case ActorIRGC:
		return ActorIranMilitias
	}
	return actor
}

// samePlace reports whether two reports name one place. Names the
// gazetteer lacks share the point of the area they lie in: only the name
// tells them apart.
func samePlace(a, b *item) bool {
	pa, pb := a.in.Place, b.in.Place
	if a.located || b.located {
		return a.located && b.located && arabic.Fold(a.in.PlaceText) == arabic.Fold(b.in.PlaceText)
	}
	return pa != nil && pb != nil && pa.ID == pb.ID
}

func sameEvent(a, b *item) bool {
	if apart(a, b) {
		return false
	}
	if a.retro != b.retro && a.in.SubEventType != b.in.SubEventType || a.another != b.another {
		return false // an earlier event of another kind, or likened to this one, told in passing
	}
	return sameType(a, b) && samePlace(a, b) && compatible(a.date, b.date) && sameActors(a, b) && sameSide(a, b)
}

// apart reports whether one of a and b is told as an event days before
// ("عقب أيام من قصف X") and the other as news: two days, two events.
func apart(a, b *item) bool {
	return a.earlier && !b.retro || b.earlier && !a.retro
}

// sameSide reports whether two reports of different types may still be
// one event: the same attacker, or one of them does not say.
func sameSide(a, b *item) bool {
	if a.in.SubEventType == b.in.SubEventType || a.intercept != b.intercept || a.accused || b.accused {
		return true // an interception's actor is the defender (see sameActors); an accused one is alleged
	}
	known := func(s string) bool { return s != "" && s != ActorUnidentified }
	return !known(a.in.Actor1) || !known(b.in.Actor1) || side(a.in.Actor1) == side(b.in.Actor1)
}

// vaguer reports whether v is a vaguer mention of s's event: the same
// type on a compatible day, at an area that holds s's place and is at
// least two ranks larger ("دير الزور" for "حقل كونيكو"), or at a place
// borrowed from elsewhere in the article.
func vaguer(v, s *item) bool {
	if apart(v, s) || !sameType(v, s) || !compatible(v.date, s.date) || !sameActors(v, s) || !sameSide(v, s) || s.fallback || v.retro != s.retro || v.another != s.another {
		return false // an earlier event told in passing is another event
	}
	if s.accused && !v.accused {
		return false // a report is no vaguer telling of an accusation
	}
	if s.located && s.inside && !v.located && !v.fallback && v.in.GeoPrecision == 1 && v.in.Place != nil && v.in.Place.ID == s.in.Place.ID {
		return true // "اعتقالات في نابلس" and the arrests in its old town
	}
	for _, k := range v.clauses {
		if !v.part && !v.countryside && slices.Contains(s.clauses, k) {
			// "في مدينة X ومنطقة Y غربها": two places of one telling
			// (a part named by a direction may sum the others up)
			return false
		}
	}
	if v.in.SubEventType != s.in.SubEventType && v.ownType && !v.headline {
		return false // "قصفت المدفعية وادي X" is not the air strike on a village in it
	}
	if s.located && !v.located && !v.fallback && v.in.Place != nil && s.in.Place != nil &&
		rank(v.in.Place.Kind) >= rank(geo.KindAdmin1) && contains(v.in.Place, s.in.Place) {
		// "في محافظة لحج" and the bombing at a place it lacks in a
		// district of Lahij: the province only sums that place up
		return true
	}
	if v.located || s.located {
		return samePlace(v, s) // a name the gazetteer lacks is a place of its own
	}
	if v.fallback {
		return samePlace(v, s) || v.in.Place != nil && s.in.Place != nil && contains(v.in.Place, s.in.Place)
	}
	vp, sp := v.in.Place, s.in.Place
	if vp == nil {
		return false
	}
	srank := 0
	if sp != nil {
		srank = rank(sp.Kind)
	}
	if sp != nil && v.countryside && (v.in.SubEventType == s.in.SubEventType || guessed(v)) && inCountryside(vp, sp) {
		// "ريف حلب الشرقي" holds "محور سد تشرين", and "ريف اللاذقية" a
		// town in it: a countryside is a province's breadth, however
		// close the ranks of the city and the town (of one type: the
		// shelling of a countryside is not the air strike on a village
		// in it)
		return true
	}
	if rank(vp.Kind)-srank < 2 && !(vp.Kind.Coarse() && rank(vp.Kind) > srank) {
		return false
	}
	if sp != nil {
		if w := s.within; w != nil && w.ID != vp.ID && rank(w.Kind) <= rank(vp.Kind) && !contains(vp, w) {
			// "حي الجنينة في رفح" is not in Khan Younis, however near
			return false
		}
		if v.body && v.listed && vp.Kind == geo.KindRegion && !v.part && (s.within == nil || s.within.ID != vp.ID) {
			// a named area's extent is unknown (المواصي is a strip of
			// coast, دارفور a fifth of a country): one the body lists
			// beside other targets is a target of its own, vaguer only
			// for what the text puts in it; a part named by a direction
			// ("شمال القطاع") is vague anyway
			return false
		}
		if v.body && v.listed && !v.headline && rank(vp.Kind) <= rank(geo.KindCity) && (s.within == nil || s.within.ID != vp.ID) {
			// "قصف طال قرى X وY ومحيط بلدة Z": a town or city the body
			// lists beside other targets was hit itself, not a vaguer
			// telling of a base or village near it the text does not put
			// in it
			return false
		}
		if v.headline && !v.body && s.within != nil && s.within.ID == vp.ID {
			// the headline's city where the body puts the place in it or
			// its countryside ("غارات على حمص", then "على مطار X في ريف
			// حمص"): the headline names the event's area
			return true
		}
		if v.body && vp.Kind == geo.KindCity && distanceKm(vp.Point, sp.Point) > cityProperKm && (s.within == nil || s.within.ID != vp.ID) && !namedAfter(s, vp) {
			// a village 20 km from a city is in its countryside only
			// where the text says so ("X بريف حلب"); a strike the body
			// tells on the city itself is not a vaguer telling of one
			// on the village (a headline's city may be its province)
			return false
		}
		return contains(vp, sp)
	}
	return contains(vp, &geo.Place{ID: "-", Kind: geo.KindFacility, CountryCode: vp.CountryCode, Point: s.in.Point})
}

// namedAfter reports whether the place of s is a facility named after
// city c ("مطار X", "ميناء X" for the city X): the city's, however far out
// of town it lies.
func namedAfter(s *item, c *geo.Place) bool {
	if s.in.Place == nil || rank(s.in.Place.Kind) != 0 || c.NameAr == "" {
		return false
	}
	name := " " + strings.Join(strings.Fields(arabic.Fold(s.in.PlaceText)), " ") + " "
	return strings.Contains(name, " "+arabic.Fold(c.NameAr)+" ")
}

// inCountryside reports whether place p lies in the countryside of city
// c: another place of c's province (or, with no province to compare,
// within countrysideKm), of no higher rank than the city.
func inCountryside(c, p *geo.Place) bool {
	if c.Kind != geo.KindCity || p.ID == c.ID || rank(p.Kind) > rank(c.Kind) || c.CountryCode != p.CountryCode {
		return false
	}
	if c.Admin1 != "" && p.Admin1 != "" {
		return c.Admin1 == p.Admin1 // another province is no countryside of c's, however near
	}
	return distanceKm(c.Point, p.Point) <= countrysideKm
}

// cityProperKm is how far from a city's point a place still lies in the
// city itself.
const cityProperKm = 10

// countrysideKm is how far a city's countryside reaches when the
// gazetteer gives no province to compare.
const countrysideKm = 100

// absorb merges from into into: evidence, a date where into has none,
// actors and counts it lacks; the headline mark and the type a headline
// gives travel with it.
func absorb(into, from *item) {
	in, f := &into.in, &from.in
	for _, e := range f.Evidence {
		if !slices.ContainsFunc(in.Evidence, func(x geo.Evidence) bool { return x.Start == e.Start }) {
			in.Evidence = append(in.Evidence, e)
		}
	}
	slices.SortFunc(in.Evidence, func(a, b geo.Evidence) int { return a.Start - b.Start })
	if into.date.key == "" || into.date.rank < from.date.rank && from.date.key != "" {
		into.date = from.date
		in.Date, in.DatePrecision = f.Date, f.DatePrecision
	}
	if raidArrest(into, from) || guessed(into) && from.body && f.SubEventType != "" {
		// the arrests of a raid; the body's own type for a headline's
		// guess
		in.SubEventType, in.EventType = f.SubEventType, f.EventType
		into.raid, into.ownType, into.tollOnly = false, from.ownType, from.tollOnly
	} else if in.SubEventType != f.SubEventType && f.SubEventType != "" {
		// the headline names the event; else precise means beat vague
		// ones, and a strike beats the interception of part of it
		// (a type a noun of toll alone gave names no means)
		// (an interception's means were typed with the defender as
		// their actor: the strike told in full says what it was)
		if f.SubEventType != SubDisrupted && !from.tollOnly && (from.headline && !into.headline || in.SubEventType == SubDisrupted ||
			!into.ownType && from.ownType && !into.headline || into.intercept && !from.intercept && !into.headline) {
			in.SubEventType, in.EventType = f.SubEventType, f.EventType
			into.ownType, into.tollOnly = from.ownType, from.tollOnly
		}
	}
	switch {
	case into.accused && !from.accused:
		// the attack told as news names its sides; the accusation
		// only alleged them, which stand where the news names none
		alleged1, alleged2 := in.Actor1, in.Actor2
		in.Actor1, in.Actor2, into.marked, into.accused = f.Actor1, f.Actor2, from.marked, false
		if in.Actor1 == ActorUnidentified || in.Actor1 == "" {
			in.Actor1 = alleged1
		}
		if in.Actor2 == "" && alleged2 != in.Actor1 {
			in.Actor2 = alleged2
		}
	case from.accused && !into.accused:
		if in.Actor1 == ActorUnidentified || in.Actor1 == "" {
			in.Actor1 = f.Actor1 // who is accused of an attack told with no attacker
		}
		if in.Actor2 == "" {
			in.Actor2 = f.Actor2
		}
	case into.intercept && !from.intercept:
		// the strike told in full names the sides; the interception's
		// actor is the defender, the strike's target
		defender := in.Actor1
		in.Actor1, in.Actor2, into.marked, into.intercept = f.Actor1, f.Actor2, from.marked, false
		if in.Actor2 == "" && defender != in.Actor1 && defender != ActorUnidentified {
			in.Actor2 = defender
		}
	case from.intercept && !into.intercept:
		if in.Actor2 == "" && f.Actor1 != "" && f.Actor1 != in.Actor1 && f.Actor1 != ActorUnidentified {
			in.Actor2 = f.Actor1 // the defender
		} else if in.Actor2 == "" {
			in.Actor2 = f.Actor2
		}
	default:
		if in.Actor1 == ActorUnidentified || in.Actor1 == "" || !into.marked && from.marked {
			was := in.Actor1
			in.Actor1 = f.Actor1
			into.marked = into.marked || from.marked
			if in.Actor2 == in.Actor1 {
				in.Actor2 = was // the sides named the other way round
			}
		}
		if in.Actor2 == "" {
			in.Actor2 = f.Actor2
		}
		if in.Actor2 == "" && in.SubEventType == SubArmedClash && f.Actor1 != in.Actor1 && f.Actor1 != ActorUnidentified {
			in.Actor2 = f.Actor1 // each report of a clash named one side
		}
	}
	if from.body || !into.body || in.Killed == nil && in.Injured == nil {
		// a headline's toll sums up the article: where the body
		// states this event's own, the headline's does not replace it
		in.Killed = maxCount(in.Killed, f.Killed)
		in.Injured = maxCount(in.Injured, f.Injured)
	}
	// each restatement in another sentence corroborates the event
	in.Confidence = min(0.95, float64(int((max(in.Confidence, f.Confidence)+0.1)*100+0.5))/100)
	into.headline = into.headline || from.headline
	into.body = into.body || from.body
	// "لإدلب" in the headline and "على ريف إدلب" in the lede: one
	// telling of the city's countryside makes the merged one as wide
	into.countryside = into.countryside || from.countryside && samePlace(into, from)
	into.clauses = append(into.clauses, from.clauses...)
}

// maxCount keeps the larger stated count; a stated zero beats none.
func maxCount(a, b *int) *int {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case *b > *a:
		return b
	}
	return a
}
