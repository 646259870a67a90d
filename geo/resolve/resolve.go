package resolve

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/recognize"
)

// Choice is the resolution of one candidate.
type Choice struct {
	Place      int32   // index in the gazetteer, or -1 when unresolved
	Confidence float64 // in [0, 1]
	// Container is the place the text puts the name in or near (index in
	// the gazetteer), or -1; Near says it is only near it. An unresolved
	// name with a container is placed by it, at its point, and never at a
	// homonym outside it.
	Container int32
	Near      bool
}

// unresolved is the choice of a name that cannot be placed.
func unresolved() Choice { return Choice{Place: -1, Container: -1} }

// Resolver chooses places for recognised names. It is safe for
// concurrent use.
type Resolver struct {
	g   *gazetteer.Gazetteer
	cov geo.Coverage
}

// New returns a Resolver over g that favours the places of cov.
func New(g *gazetteer.Gazetteer, cov geo.Coverage) *Resolver { return &Resolver{g: g, cov: cov} }

// maxCandidates bounds the places weighed per name: common names (عين،
// تل) can have hundreds, and the best by prior are enough.
const maxCandidates = 64

// rounds of context: each uses the picks of the round before.
const rounds = 3

// Resolve chooses a place for each candidate; the result is parallel to
// cands. The evidence, weakest first: each place's prior (kind,
// population, main name, curated, covered), the kind the cue implies, the
// article's scope (the countries it is about, weighted by the headline
// and repetition), coherence with the other places named, and the
// container the text states ("X بريف Y"): a candidate outside it loses to
// every candidate inside it, and when none is inside the name stays
// unresolved, placed by its container.
func (r *Resolver) Resolve(cands []recognize.Candidate) []Choice {
	n := len(cands)
	choices := make([]Choice, n)
	base := make([][]float64, n) // prior score per entry
	for i := range cands {
		c := &cands[i]
		if len(c.Entries) > maxCandidates {
			c.Entries = topByPrior(r.g, r.cov, c.Entries, maxCandidates)
		}
		base[i] = make([]float64, len(c.Entries))
		settlement := settlementCue(c.CueKinds)
		for j, e := range c.Entries {
			p := r.g.Place(e.Place)
			s := entryScore(p, e, r.cov) + strippedScore(p, e, c.Key, c.Cue)
			if c.CueKinds != nil {
				switch {
				case settlement && !slices.Contains(c.CueKinds, geo.KindCity) && p.CountryCode != "" && !r.cov.Has(p.CountryCode) &&
					(p.Kind == geo.KindCity || p.FeatureCode == "PPLC"):
					// "قرية براغ": a village is no foreign city, though
					// a village cue loosely fits towns and towns cities
					s = math.Inf(-1)
				case recognize.KindFits(p.Kind, c.CueKinds):
					s += wCueMatch
				case !r.cov.Has(p.CountryCode) && p.CountryCode != "":
					// "قرية براغ" near Erbil: the text says a kind the
					// place abroad is not; a place outside the region
					// we cover is only meant when the text names it
					// plainly, so the name is a place the gazetteer
					// lacks
					s = math.Inf(-1)
				case (settlement || roadCue(c.CueKinds)) && vastKind(p.Kind):
					// "محلة العاصي", "قرية الفرات": the text says a
					// settlement; a river, a province or a country of
					// the name is not what it means, however well known
					// (a mountain or a facility may be: "جبل X" in a
					// list of quarters)
					s = math.Inf(-1)
				case p.Kind == geo.KindRiver && areaCue(c.CueKinds):
					// "إقليم الفرات", "ناحية الخابور": an area or a
					// town named after its river is not the river (a
					// bridge or a dam named after it is on it: "جسر
					// وادي غزة")
					s = math.Inf(-1)
				default:
					s += wCueMismatch
				}
			}
			if c.Skeleton {
				s += wSkeleton
			}
			base[i][j] = s
		}
		choices[i] = pick(c, base[i], nil, nil)
	}
	contained := make([][]int, n) // the candidates each one is stated to hold
	for i := range cands {
		if j, ok := cands[i].Container(); ok && j < n {
			contained[j] = append(contained[j], i)
		}
	}
	for round := 0; round < rounds; round++ {
		sc := r.scope(cands, choices)
		picks := r.picks(cands, choices)
		next := make([]Choice, n)
		// Right to left: a container is named after what it holds, so it
		// is chosen first.
		for i := n - 1; i >= 0; i-- {
			c := &cands[i]
			cont, near := int32(-1), false
			var areas []*geo.Place // the container and its coarser namesakes
			if j, ok := c.Container(); ok && j < n && next[j].Place >= 0 {
				cont, near = next[j].Place, c.Near
				areas = r.areas(&cands[j], cont)
			}
			if len(c.Entries) == 0 {
				next[i] = unresolved()
				next[i].Container, next[i].Near = cont, near
				continue
			}
			ctx := make([]float64, len(c.Entries))
			var allowed []bool
			if cont >= 0 {
				allowed = make([]bool, len(c.Entries))
			}
			for j, e := range c.Entries {
				p := r.g.Place(e.Place)
				ctx[j] = wFocus*sc.share(p.CountryCode) + coherence(c.Key, p, around(picks, i)) + r.holds(p, cands, contained[i])
				if cont >= 0 {
					for _, a := range areas {
						allowed[j] = allowed[j] || within(p, a, near)
					}
					allowed[j] = allowed[j] && onSide(p, r.g.Place(cont), c.Sides)
				} else {
					ctx[j] += r.containment(i, p, cands, choices)
				}
			}
			if allowed != nil && !slices.Contains(allowed, true) && distinctive(c) {
				if j, _ := c.Container(); len(cands[j].Entries) > 1 && rank(r.g.Place(next[j].Place).Kind) < rank(geo.KindCity) &&
					r.cov.Has(r.g.Place(c.Entries[0].Place).CountryCode) {
					// A name only one place bears, said to lie in a name
					// many places bear: the container is the doubtful one
					// ("سلاح المدرعات في الشجرة" is not in a Jordanian
					// town of that name). Not so for a city or a
					// province, which the text does not get wrong
					// ("مساكن رأس النبع في دمشق" is no Beirut
					// quarter), nor for a place abroad:
					// "بلدة باريس في ريف حلب" is a village the gazetteer
					// lacks.
					allowed, cont, near = nil, -1, false
				}
			}
			next[i] = pick(c, base[i], ctx, allowed)
			next[i].Container, next[i].Near = cont, near
		}
		choices = next
	}
	r.dropStrays(cands, choices)
	r.dropOutOfScope(cands, choices)
	r.dropMisfits(cands, choices)
	for i := range choices {
		// a container dropped above places nothing it held
		if j, ok := cands[i].Container(); ok && j < n && choices[i].Container >= 0 && choices[j].Place != choices[i].Container {
			choices[i].Container = choices[j].Place
		}
	}
	r.unify(cands, choices)
	return choices
}

// settlementKind reports whether k is a kind of inhabited place.
func settlementKind(k geo.Kind) bool {
	switch k {
	case geo.KindCity, geo.KindTown, geo.KindVillage, geo.KindNeighborhood:
		return true
	}
	return false
}

// vastKind reports whether k is a kind of place too large to be what a
// settlement's name means: a river, a province, a country. (A region
// may be: GeoNames files small named areas as regions.)
func vastKind(k geo.Kind) bool {
	switch k {
	case geo.KindRiver, geo.KindAdmin1, geo.KindCountry:
		return true
	}
	return false
}

// roadCue reports whether a cue names roads and streets only (طريق،
// شارع): "طريق صلاح الدين" is named after a man, not the Iraqi province.
func roadCue(kinds []geo.Kind) bool {
	for _, k := range kinds {
		if k != geo.KindRoad {
			return false
		}
	}
	return len(kinds) > 0
}

// areaCue reports whether a cue's kinds are all settlements or areas
// (إقليم، ناحية، محافظة، منطقة X of a kind): none of them is a river.
func areaCue(kinds []geo.Kind) bool {
	for _, k := range kinds {
		switch k {
		case geo.KindCity, geo.KindTown, geo.KindVillage, geo.KindNeighborhood,
			geo.KindAdmin1, geo.KindAdmin2, geo.KindRegion, geo.KindCountry:
		default:
			return false
		}
	}
	return len(kinds) > 0
}

// settlementCue reports whether a cue's kinds are all inhabited places
// (مدينة، بلدة، قرية، حي، محلة).
func settlementCue(kinds []geo.Kind) bool {
	for _, k := range kinds {
		if !settlementKind(k) {
			return false
		}
	}
	return len(kinds) > 0
}

// distinctive reports whether a candidate names one place only, by a
// name of several words or after a cue: strong evidence of its own.
func distinctive(c *recognize.Candidate) bool {
	return len(c.Entries) == 1 && !c.Skeleton && (c.Last > c.First || c.Cue != "")
}

// holds rewards a container candidate that holds a candidate of each
// name the text puts in it: "مخيم البص في صور" means the Tyre that has
// such a camp, not Sur in Oman.
func (r *Resolver) holds(c *geo.Place, cands []recognize.Candidate, inner []int) float64 {
	if len(inner) == 0 {
		return 0
	}
	held := 0
	for _, i := range inner {
		for _, e := range cands[i].Entries {
			if p := r.g.Place(e.Place); p != c && rank(p.Kind) < rank(c.Kind) && within(p, c, cands[i].Near) {
				held++
				break
			}
		}
	}
	return wContained * float64(held) / float64(len(inner))
}

// areas returns the place chosen for a container and the coarser places
// of its country that share its name: "شرق دير الزور" may mean east of
// the city or in the east of its governorate.
func (r *Resolver) areas(c *recognize.Candidate, chosen int32) []*geo.Place {
	cp := r.g.Place(chosen)
	out := []*geo.Place{cp}
	for _, e := range c.Entries {
		p := r.g.Place(e.Place)
		if e.Place != chosen && p.CountryCode == cp.CountryCode && rank(p.Kind) > rank(cp.Kind) && rank(p.Kind) <= rank(geo.KindAdmin1) {
			out = append(out, p)
		}
	}
	return out
}

// within reports whether candidate p lies where the text puts it: in (or,
// when near, near) container c. A candidate coarser than its container,
// or a country in a country, is not constrained by it ("إيران في سوريا"
// says where Iran acts); a town "in" a town is near it.
func within(p, c *geo.Place, near bool) bool {
	if p.Kind == geo.KindCountry && c.Kind == geo.KindCountry {
		return true
	}
	km := gazetteer.ApproxKm(p, c)
	if rank(p.Kind) > rank(c.Kind) {
		// A larger place said to be in or near a smaller one: the text
		// means a coarser namesake of the container, or the two
		// overlap; a district or a town's area still lies about it
		// ("منطقة X شمال حلب" is no district 190 km away).
		return rank(p.Kind) > rank(geo.KindAdmin2) || km <= 150
	}
	if p.CountryCode != "" && c.CountryCode != "" && p.CountryCode != c.CountryCode {
		// Across a border only a town's or an area's surroundings reach:
		// East Jerusalem, the Golan, a border village. Sources disagree on
		// the country of such places, never on their distance.
		switch c.Kind {
		case geo.KindCountry, geo.KindAdmin1:
			return false
		case geo.KindRegion:
			return km <= 100
		}
		return km <= pick2(near, 40, 20)
	}
	switch c.Kind {
	case geo.KindCountry:
		return true
	case geo.KindAdmin1:
		if p.Admin1 != "" && c.Admin1 != "" && p.CountryCode == c.CountryCode {
			// reporting draws provinces loosely ("البقاع الشمالي" for
			// Baalbek-Hermel): a neighbour's edge still counts
			return p.Admin1 == c.Admin1 || km <= pick2(near, 80, 50)
		}
		return km <= 250
	case geo.KindRegion:
		return km <= 300
	case geo.KindRiver:
		return km <= 400 // a river's point says little about its banks
	case geo.KindAdmin2:
		return km <= pick2(near, 120, 80)
	case geo.KindCity:
		return km <= pick2(near, 60, 30)
	case geo.KindTown, geo.KindMountain, geo.KindIsland, geo.KindOther:
		return km <= pick2(near, 35, 20)
	}
	return km <= pick2(near, 25, 15)
}

// sideSlackKm is how far a place may lie beyond the line through its
// container's point and still be on the side the text says: an area's
// point is not its middle, and "the northern countryside" reaches a
// little east and west.
const sideSlackKm = 15

// onSide reports whether p lies on the sides of c the text puts it on
// ("ريف حلب الشمالي" is north of Aleppo, not 25 km south of it). Only a
// settlement's or a district's point is its middle: a province's or a
// country's is a representative point ("شرقي اليمن" is no side of it).
func onSide(p, c *geo.Place, sides recognize.Sides) bool {
	if sides == 0 || rank(c.Kind) > rank(geo.KindAdmin2) {
		return true
	}
	dy := (p.Point.Lat() - c.Point.Lat()) * 111.2
	dx := (p.Point.Lon() - c.Point.Lon()) * 111.2 * math.Cos(c.Point.Lat()*math.Pi/180)
	switch {
	case sides&recognize.North != 0 && dy < -sideSlackKm,
		sides&recognize.South != 0 && dy > sideSlackKm,
		sides&recognize.East != 0 && dx < -sideSlackKm,
		sides&recognize.West != 0 && dx > sideSlackKm:
		return false
	}
	return true
}

func pick2(near bool, ifNear, otherwise float64) float64 {
	if near {
		return ifNear
	}
	return otherwise
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

// Beyond these distances from every other place the article names, a weak
// pick is more likely a homonym than the place meant: it is left
// unresolved (the name still counts as recognised, and extraction places
// its incidents in the area the text gives).
const (
	strayKmSkeleton = 100 // a transliteration-only match
	strayKmMinor    = 500 // a small place found by its Arabic name
	strayKmListed   = 50  // a village listed under a cue with others
)

// dropStrays unresolves weak picks far from everything else.
func (r *Resolver) dropStrays(cands []recognize.Candidate, choices []Choice) {
	picks := r.picks(cands, choices)
	listed := map[int]int{} // a list cue's start → the names it lists
	for i := range cands {
		if cands[i].CueEnd > 0 {
			listed[cands[i].CueStart]++
		}
	}
	for i := range choices {
		if choices[i].Place < 0 || choices[i].Container >= 0 {
			continue
		}
		p := r.g.Place(choices[i].Place)
		limit := 0.0
		switch {
		case cands[i].Skeleton:
			limit = strayKmSkeleton
		case minor(p):
			limit = strayKmMinor
		}
		if cands[i].CueEnd > 0 && listed[cands[i].CueStart] > 1 && village(p) {
			// one of the villages a cue lists ("بلدات: X، Y، Z"), far
			// from every place the article names: a namesake of a
			// village the gazetteer lacks
			limit = strayKmListed
		}
		if limit == 0 {
			continue
		}
		nearest, others := math.Inf(1), 0
		for _, q := range around(picks, i) {
			if q.key == cands[i].Key || q.skeleton {
				continue
			}
			others++
			nearest = math.Min(nearest, gazetteer.ApproxKm(p, q.point))
		}
		if cands[i].Skeleton && nearest > limit || !cands[i].Skeleton && others > 0 && nearest > limit {
			choices[i] = Choice{Place: -1, Container: -1}
		}
	}
}

// dropOutOfScope unresolves small places (curated ones too) in a country
// the article is not about, unless a cue of their kind introduces them
// near the places it names: a village abroad that shares a word's or a
// local place's spelling is likelier that.
func (r *Resolver) dropOutOfScope(cands []recognize.Candidate, choices []Choice) {
	sc := r.scope(cands, choices)
	if sc.total == 0 {
		return
	}
	picks := r.picks(cands, choices)
	for i := range choices {
		ch := &choices[i]
		if ch.Place < 0 || ch.Container >= 0 {
			continue
		}
		p := r.g.Place(ch.Place)
		// A weak pick (a name places far apart bear) does not put its own
		// country in scope; a sure one may be all the scope there is.
		inScope := sc.in(p.CountryCode)
		if ch.Confidence < sureAbroad && r.scattered(&cands[i]) {
			inScope = sc.inOthers(p.CountryCode, scopeWeight(&cands[i], p, *ch))
		}
		if !small(p) && !(cands[i].Skeleton && p.Kind != geo.KindCity) || inScope || r.namedForCity(&cands[i], p) {
			continue
		}
		named := cands[i].CueKinds != nil && recognize.KindFits(p.Kind, cands[i].CueKinds) || cands[i].Last > cands[i].First
		reach := 300.0 // "مستعمرة المطلة" in a Lebanese report: named as such, and near
		if p.Kind == geo.KindNeighborhood {
			reach = 15 // a quarter abroad only beside its city
		}
		if named && !cands[i].Skeleton && ch.Confidence >= sureAbroad && nearestOther(p, cands[i].Key, around(picks, i)) <= reach {
			continue
		}
		*ch = unresolved()
	}
}

// cityFeatureKm is how far from a city a feature named after it ("مطار
// بغداد") may lie and still be that city's.
const cityFeatureKm = 40

// namedForCity reports whether a feature is named by its class word and
// a prominent city it lies by ("مطار بغداد", "ميناء الحديدة"): as sure as
// the city's own name, wherever the article is about. A village's
// namesake abroad is a doubt; the capital's airport is not.
func (r *Resolver) namedForCity(c *recognize.Candidate, p *geo.Place) bool {
	head, rest, ok := strings.Cut(c.Key, " ")
	if !ok || !gazetteer.ClassWord(head) || rank(p.Kind) > rank(geo.KindTown) {
		return false
	}
	words := strings.Fields(rest)
	for n := len(words); n >= 1; n-- {
		for _, e := range r.g.LookupBytes([]byte(strings.Join(words[:n], " "))) {
			q := r.g.Place(e.Place)
			if q != p && prominent(q) && gazetteer.ApproxKm(p, q) <= cityFeatureKm {
				return true
			}
		}
	}
	return false
}

// prominent reports whether a city is known well beyond its region: a
// capital, a province's seat, a city of 100,000.
func prominent(p *geo.Place) bool {
	if p.Kind != geo.KindCity && p.Kind != geo.KindTown {
		return false
	}
	return p.FeatureCode == "PPLC" || p.FeatureCode == "PPLA" || p.Population >= 100000
}

// quarterReachKm is how far from the places an article names a place a
// quarter cue introduces may lie.
const quarterReachKm = 15

// misfitConfidence is the confidence below which a pick of a kind its cue
// does not name is left unresolved.
const misfitConfidence = 0.3

// dropMisfits leaves unresolved a doubtful pick of a kind its cue does not
// name ("حي الروضة" drawn at a village of the name 90 km away): the text
// names a place the gazetteer lacks.
func (r *Resolver) dropMisfits(cands []recognize.Candidate, choices []Choice) {
	var picks []picked // read only for a quarter cue, which is rare
	for i := range choices {
		ch := &choices[i]
		c := &cands[i]
		if ch.Place < 0 || c.CueKinds == nil {
			continue
		}
		p := r.g.Place(ch.Place)
		misfit := ch.Confidence < misfitConfidence && !recognize.KindFits(p.Kind, c.CueKinds)
		// a quarter ("حي X") lies in a city the article names: a village
		// of the name far from every place named is another place
		quarter := false
		// (a plural cue before one name also allows the town or the area
		// that holds the quarters: "أحياء حلب")
		if c.CueKinds[0] == geo.KindNeighborhood && p.Kind != geo.KindNeighborhood && !slices.Contains(c.CueKinds[1:], p.Kind) {
			if picks == nil {
				picks = r.picks(cands, choices)
			}
			quarter = nearestOther(p, c.Key, picks) > quarterReachKm
		}
		if misfit || quarter {
			cont, near := ch.Container, ch.Near
			*ch = unresolved()
			ch.Container, ch.Near = cont, near
		}
	}
}

// scatteredKm is how far apart namesakes must lie for a name to leave
// in doubt which is meant: a town and its airport, a city and its
// province do not.
const scatteredKm = 150

// scattered reports whether places far apart bear a candidate's name.
func (r *Resolver) scattered(c *recognize.Candidate) bool {
	for a := range c.Entries {
		for b := a + 1; b < len(c.Entries); b++ {
			if gazetteer.ApproxKm(r.g.Place(c.Entries[a].Place), r.g.Place(c.Entries[b].Place)) > scatteredKm {
				return true
			}
		}
	}
	return false
}

// sureAbroad is the confidence a small place outside the article's
// countries needs to be kept: one of many namesakes ("قرية الطيبة" in a
// report from Ramallah, several villages of the name in Syria) is not
// the place meant however near it lies.
const sureAbroad = 0.5

// small reports whether a place is small enough that one of that name
// abroad is likelier a homonym than the place meant: settlements under
// 100,000, quarters, facilities, districts and features. A place of no
// country spans several (a sea, a gulf, a strait, a desert): never small.
func small(p *geo.Place) bool {
	switch p.Kind {
	case geo.KindCountry, geo.KindAdmin1, geo.KindRegion, geo.KindRiver:
		return false
	}
	if p.CountryCode == "" {
		return false
	}
	return p.Population < 100000 && p.FeatureCode != "PPLC" && p.FeatureCode != "PPLA"
}

// nearestOther is the distance in km from p to the nearest pick of
// another name, +Inf when there is none.
func nearestOther(p *geo.Place, key string, picks []picked) float64 {
	nearest := math.Inf(1)
	for _, q := range picks {
		if q.key != key {
			nearest = math.Min(nearest, gazetteer.ApproxKm(p, q.point))
		}
	}
	return nearest
}

// unify carries the choice of a mention its container places ("X بريف
// حلب") to the other mentions of the same name with no container and no
// cue, or a cue its choice fits: one sense per article. Mentions with
// evidence of their own keep it: "محافظة دير الزور" and "دير الزور" may
// be the province and the city.
func (r *Resolver) unify(cands []recognize.Candidate, choices []Choice) {
	placed := map[string]int{}
	for i := range cands {
		ch := choices[i]
		if ch.Container < 0 || len(cands[i].Entries) == 0 {
			continue
		}
		if b, ok := placed[cands[i].Key]; !ok || ch.Place >= 0 && (choices[b].Place < 0 || ch.Confidence > choices[b].Confidence) {
			placed[cands[i].Key] = i
		}
	}
	for i := range cands {
		b, ok := placed[cands[i].Key]
		if !ok || b == i || choices[i].Container >= 0 {
			continue
		}
		if c := &cands[i]; c.Cue != "" && (choices[b].Place < 0 || c.CueKinds == nil ||
			!recognize.KindFits(r.g.Place(choices[b].Place).Kind, c.CueKinds)) {
			// a cue of another kind is evidence of its own; one that
			// fits the placed mention ("قرى X والشيخ عيسى", then "قرية
			// الشيخ عيسى بريف Y") names the same place
			continue
		}
		choices[i] = choices[b]
	}
}

// village reports whether p is a village or a small town: lists of them
// name neighbours (a raid's villages), while lists of cities span a
// country.
func village(p *geo.Place) bool {
	switch p.FeatureCode {
	case "PPLC", "PPLA", "PPLA2":
		return false
	}
	return p.Kind == geo.KindVillage || p.Kind == geo.KindTown && p.Population < 20000
}

// minor reports whether a place is small enough that a homonym elsewhere
// is likelier than a mention far from the article's other places.
func minor(p *geo.Place) bool {
	switch p.Kind {
	case geo.KindVillage, geo.KindNeighborhood, geo.KindTown, geo.KindOther, geo.KindRoad:
		return p.Population < 50000 && !strings.HasPrefix(p.ID, "curated:") && !strings.HasPrefix(p.ID, "local:")
	}
	return false
}

// pick returns the best entry and a softmax confidence. When allowed is
// set, only the entries it allows compete; with none allowed the name is
// unresolved.
func pick(c *recognize.Candidate, base, ctx []float64, allowed []bool) Choice {
	if len(c.Entries) == 0 {
		return unresolved()
	}
	best, bestScore := -1, math.Inf(-1)
	scores := make([]float64, len(base))
	for j := range base {
		s := base[j]
		if ctx != nil {
			s += ctx[j]
		}
		if allowed != nil && !allowed[j] {
			s = math.Inf(-1)
		}
		scores[j] = s
		if s > bestScore {
			best, bestScore = j, s
		}
	}
	if best < 0 || math.IsInf(bestScore, -1) {
		return unresolved()
	}
	// The gazetteer may lack the place meant: an unseen alternative with a
	// fixed score keeps a lone, obscure candidate from looking certain.
	sum := math.Exp(unseenScore - bestScore)
	for _, s := range scores {
		if !math.IsInf(s, -1) {
			sum += math.Exp(s - bestScore)
		}
	}
	conf := 1 / sum
	// The recognition side: a name found only by transliteration, or a
	// lone common-looking word, is less certain than a cued or long name.
	switch {
	case c.Skeleton:
		conf *= 0.55
	case c.Cue != "" || c.Last > c.First:
		conf *= 0.95
	default:
		conf *= 0.85
	}
	return Choice{Place: c.Entries[best].Place, Confidence: math.Round(conf*1000) / 1000, Container: -1}
}

// picked is a point-like place the article names, for coherence.
type picked struct {
	key      string
	point    *geo.Place
	skeleton bool
	at       int // the index of the candidate that named it first
}

// coherenceWindow bounds the picks a name is compared with to those
// named around it: articles keep their places together, and the work
// per name stays constant however long the text.
const coherenceWindow = 40

// picks returns the distinct point-like places currently chosen, in
// text order.
func (r *Resolver) picks(cands []recognize.Candidate, choices []Choice) []picked {
	var out []picked
	seen := map[int32]bool{}
	for k, ch := range choices {
		if ch.Place < 0 || seen[ch.Place] {
			continue
		}
		seen[ch.Place] = true
		q := r.g.Place(ch.Place)
		if q.Kind == geo.KindCountry || q.Kind == geo.KindRegion || q.Kind == geo.KindRiver {
			continue
		}
		out = append(out, picked{key: cands[k].Key, point: q, skeleton: cands[k].Skeleton, at: k})
	}
	return out
}

// around returns the picks named within coherenceWindow candidates of
// candidate i (picks are in text order).
func around(picks []picked, i int) []picked {
	lo := sort.Search(len(picks), func(k int) bool { return picks[k].at >= i-coherenceWindow })
	hi := sort.Search(len(picks), func(k int) bool { return picks[k].at > i+coherenceWindow })
	return picks[lo:hi]
}

// coherence rewards a place near the other places the article names.
func coherence(key string, p *geo.Place, picks []picked) float64 {
	if p.Kind == geo.KindCountry {
		return 0
	}
	nearest := math.Inf(1)
	others := 0
	for _, q := range picks {
		if q.key == key {
			continue
		}
		others++
		if d := gazetteer.ApproxKm(p, q.point); d < nearest {
			nearest = d
		}
	}
	switch {
	case others == 0:
		return 0
	case nearest < 50:
		return wNear50
	case nearest < 150:
		return wNear150
	case nearest > 1500:
		return wFar
	}
	return 0
}

// containment rewards a place that lies in the place named right after
// it when no link word states it ("X، Y"): weaker evidence than a stated
// container.
func (r *Resolver) containment(i int, p *geo.Place, cands []recognize.Candidate, choices []Choice) float64 {
	if i+1 >= len(cands) || choices[i+1].Place < 0 {
		return 0
	}
	gap := cands[i+1].First - cands[i].Last
	if gap > 4 || cands[i+1].Apart {
		return 0
	}
	q := r.g.Place(choices[i+1].Place)
	if q == p {
		return 0
	}
	switch q.Kind {
	case geo.KindCountry:
		if p.CountryCode == q.CountryCode {
			return wContained / 2
		}
		return far(gap)
	case geo.KindAdmin1:
		if p.CountryCode == q.CountryCode && p.Admin1 == q.Admin1 {
			return wContained
		}
		if distanceKm(*p, *q) < 150 {
			return wContained / 2
		}
	default:
		if d := distanceKm(*p, *q); d < 60 {
			return wContained
		} else if d > 300 {
			return far(gap)
		}
	}
	return 0
}

// far is the penalty for lying far from the place named gap tokens after
// a name: only right after it ("X، Y") does the text put X in Y; with
// words between ("X، وفي ناحية Y") Y is as likely the next item.
func far(gap int) float64 {
	if gap > 2 {
		return 0
	}
	return -wContained / 2
}

func topByPrior(g *gazetteer.Gazetteer, cov geo.Coverage, es []gazetteer.Entry, n int) []gazetteer.Entry {
	type scored struct {
		e gazetteer.Entry
		s float64
	}
	all := make([]scored, len(es))
	for i, e := range es {
		all[i] = scored{e, entryScore(g.Place(e.Place), e, cov)}
	}
	// partial selection sort: n is small
	out := make([]gazetteer.Entry, 0, n)
	for len(out) < n {
		b := -1
		for i := range all {
			if all[i].s > math.Inf(-1) && (b < 0 || all[i].s > all[b].s) {
				b = i
			}
		}
		out = append(out, all[b].e)
		all[b].s = math.Inf(-1)
	}
	return out
}
