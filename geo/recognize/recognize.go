package recognize

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/arabic"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/lexicon"
)

// maxNameWords bounds the n-grams tried at each word.
const maxNameWords = 6

// Candidate is one recognised place name in a text.
type Candidate struct {
	Start, End  int // code points of the original text, proclitics included
	First, Last int // indices of its first and last token
	// Key is the gazetteer key that matched, or the folded name when the
	// gazetteer holds no place by that name (Entries is then empty).
	Key     string
	Entries []gazetteer.Entry
	// Skeleton is true when Entries were found only by transliteration.
	Skeleton bool
	// Cue is the folded cue word before the name ("حقل", "ريف"), if any,
	// and CueKinds the kinds it implies (nil: any).
	Cue      string
	CueKinds []geo.Kind
	// CueStart and CueEnd span the cue word as written (both 0 if none).
	CueStart, CueEnd int
	// Direction is true when a direction word precedes the name or a
	// direction adjective follows it ("شرق حلب", "ريف حلب الشمالي").
	Direction bool
	// Prep is the preposition written onto the name's first word (ب ل ك),
	// 0 when none.
	Prep rune
	// Headline is true for a name in the headline (the first line that
	// holds Arabic).
	Headline bool
	// Within is 1 + the index (in the slice Recognize returns) of the
	// candidate the text puts this name in or near ("X بريف Y", "X في Y",
	// "X شرق Y"), 0 when none; Near says it is only near it. Container
	// reads it.
	Within int
	Near   bool
	// Sides are the sides of its container the text puts the name on
	// ("X شرق Y", "X بريف Y الشمالي"), 0 when it says none.
	Sides Sides
	// Apart is true when a new conjunct that neither links nor names
	// stands between the candidate before and this one ("X ومخزن في Y"):
	// this one locates that conjunct, not the name before.
	Apart bool
	// Locative is true when the text uses the name as a place: a
	// preposition or word of place before it ("في سوريا", "شرق
	// سوريا", "بسوريا"), a cue, or a container role. A country named
	// bare ("قصفت تركيا") is as often its government.
	Locative bool
}

// Container returns the index of the candidate the text puts c in or
// near, and whether there is one.
func (c *Candidate) Container() (int, bool) { return c.Within - 1, c.Within > 0 }

// Recognizer finds place names. It is safe for concurrent use.
type Recognizer struct {
	g         *gazetteer.Gazetteer
	cov       geo.Coverage
	cues      map[string][]geo.Kind
	strong    map[string]bool
	direction map[string]bool
	dirAdj    map[string]bool
	media     map[string]bool
	titles    map[string]bool
	stop      map[string]bool // Key form, article-less, plus "ال" marker
	orgs      map[string]bool // Keys of organisation names
	orgWords  map[string]uint8
	generic   map[string]bool // stems of generic adjectives
	heads     map[string]bool // compound heads, stopKey form
	lonely    map[string]bool // heads that make a name with no cue
	lists     map[string]bool // cues that open a list of names
	// singular maps a list cue to its singular: a listed name the
	// gazetteer holds only with its cue ("مخيم X") is looked up so
	singular map[string]string
	// collective cues: plurals that, before one name, name its parts
	// ("أحياء حلب")
	collective map[string]bool
	// feature: the feature a facility's cue names, by the cue's key
	feature map[string]string
	// the sides direction words (stems) and adjectives (folded) name
	sideWords, sideAdj map[string]Sides
	// sideAdjWritten holds the direction adjectives as gazetteer names
	// write them (ة or ه), to look at a name's last word unfolded
	sideAdjWritten map[string]Sides
	// outletNames are the keys of outlets' names without their head
	// ("الميادين" of "قناة الميادين"); speech the stems of words of saying
	outletNames, speech map[string]bool
	notName             map[string]bool // words never part of a name, stopKey form
	// the written forms of the words of place, by key: a hamza written
	// where they have none makes a word another one ("إحياء")
	spelled map[string][][]rune

	personHead map[string]bool // folded words that start a personal name
	given      map[string]bool // folded common given names (person.given)
	titleHeads map[string]bool // folded titles that also head place names (person.title.head)
	// folded complementizers (إن، أن، بأن): after a verb of saying and a
	// name, they make the name the speaker
	complementizer map[string]bool
	mediaTail      map[string]bool     // folded words that end an outlet's name
	idioms         map[string][]string // first folded word → idioms' folded words
	linkIn         map[string]bool     // stems linking a name to a place it lies in
	linkNear       map[string]bool     // stems linking a name to a place it lies near
	linkGlue       map[string]bool     // stems allowed inside a link
	namedAfter     map[string]bool     // stems of heads of streets and buildings named after a place
	// stems of heads of institutions named after a country
	namedAfterCountry map[string]bool
	landmarks         map[string]bool // heads whose name is a toponym of its own
	// naming words ("المسماة", "تدعى"): true when they name directly,
	// false when only before اسم ("يطلق عليها اسم X")
	naming map[string]bool
	// function words, folded: particles and prepositions
	function map[string]bool
	// parts of a settlement named generically ("البلدة القديمة"), as
	// gazetteer keys: a place only with the settlement they lie in
	parts map[string]bool
	// partEnds are the last words of parts: a cheap test before reading
	// a token's readings
	partEnds map[string]bool
	words    map[string]bool // keys of place names that are also common words
	locative map[string]bool // folded words after which a word is a place
}

// New returns a Recognizer over g that matches small places of the
// countries cov covers, with the word classes of lex.
func New(g *gazetteer.Gazetteer, cov geo.Coverage, lex *lexicon.Lexicon) *Recognizer {
	timeWords := append(append(lex.Forms("time.month"), lex.Forms("time.month.head")...), lex.Forms("time.weekday")...)
	stopNames := append(slices.Clone(timeWords), lex.Forms("place.stop-name")...)
	functionWords, newsWords := lex.Forms("function"), lex.Forms("news.word")
	personTitles := lex.Forms("person.title")
	r := &Recognizer{
		g:         g,
		cov:       cov,
		cues:      map[string][]geo.Kind{},
		landmarks: map[string]bool{},
		naming:    map[string]bool{},
		function:  foldSet(lex.Forms("function")),
		parts:     keySet(lex.Forms("place.part")),
		partEnds:  map[string]bool{},
		strong:    stemSet(lex.Forms("place.cue.strong")),
		direction: stemSet(lex.Forms("place.direction")),
		dirAdj:    foldSet(lex.Forms("place.direction.adj")),
		media:     stemSet(append(append(lex.Forms("media.head"), lex.Forms("org.head")...), lex.Forms("media.person")...)),
		titles:    foldSet(personTitles),
		stop:      map[string]bool{},
		orgs:      map[string]bool{},
		orgWords:  map[string]uint8{},
		generic:   map[string]bool{},
		heads:     map[string]bool{},
		lonely:    map[string]bool{},
		lists:     stemSet(lex.Forms("place.cue.list")),
		singular:  singulars(lex.Values("place.cue.list")),
		notName:   map[string]bool{},

		collective:     stemSet(lex.Forms("place.cue.collective")),
		feature:        map[string]string{},
		sideWords:      map[string]Sides{},
		outletNames:    map[string]bool{},
		speech:         stemSet(lex.Forms("clause.speech")),
		sideAdj:        map[string]Sides{},
		sideAdjWritten: map[string]Sides{},
		spelled: spellings(lex.Forms("place.cue"), lex.Forms("place.head"), lex.Forms("place.head.lone"),
			lex.Forms("place.direction"), lex.Forms("place.direction.adj"), lex.Forms("place.link.in"),
			lex.Forms("place.link.near"), lex.Forms("place.link.glue")),
		personHead:        foldSet(lex.Forms("person.head")),
		given:             foldSet(lex.Forms("person.given")),
		titleHeads:        foldSet(lex.Forms("person.title.head")),
		complementizer:    foldSet(lex.Forms("clause.complementizer")),
		mediaTail:         foldSet(lex.Forms("media.tail")),
		idioms:            map[string][]string{},
		linkIn:            stemSet(lex.Forms("place.link.in")),
		linkNear:          stemSet(append(lex.Forms("place.link.near"), lex.Forms("place.direction")...)),
		linkGlue:          stemSet(lex.Forms("place.link.glue")),
		namedAfter:        stemSet(lex.Forms("place.named-after")),
		namedAfterCountry: stemSet(lex.Forms("place.named-after.country")),
		words:             keySet(append(lex.Forms("word.verb"), lex.Forms("word.noun")...)),
		locative:          foldSet(append(lex.Forms("place.locative"), lex.Forms("place.link.in")...)),
	}
	for _, w := range lex.Forms("place.idiom") {
		words := strings.Fields(arabic.Fold(w))
		r.idioms[words[0]] = append(r.idioms[words[0]], strings.Join(words, " "))
	}
	for _, w := range lex.Forms("place.head.lone") {
		k, art := gazetteer.Key(w)
		r.lonely[stopKey(k, art)] = true
	}
	// notName ignores the article: "ذخيرة" and "الذخيرة" are both no name.
	for _, list := range [][]string{stopNames, timeWords, functionWords, newsWords, personTitles} {
		for _, w := range list {
			k, _ := gazetteer.Key(w)
			r.notName[k] = true
		}
	}
	for _, w := range lex.Forms("place.cued-name") {
		k, _ := gazetteer.Key(w)
		delete(r.notName, k)
	}
	for _, w := range lex.Forms("place.head") {
		k, art := gazetteer.Key(w)
		r.heads[stopKey(k, art)] = true
	}
	for _, w := range lex.Forms("place.generic-adj") {
		k, _ := gazetteer.Key(w)
		r.generic[adjStem(k)] = true
	}
	for _, class := range []string{"place.named-after", "place.named-after.country"} {
		for _, e := range lex.Entries(class) {
			if e.Value == "landmark" {
				k, _ := gazetteer.Key(e.Form)
				r.landmarks[k] = true
			}
		}
	}
	for k := range r.parts {
		r.partEnds[k[strings.LastIndexByte(k, ' ')+1:]] = true
	}
	for _, e := range lex.Entries("place.naming") {
		r.naming[arabic.Fold(e.Form)] = e.Value == ""
	}
	heads := stemSet(lex.Forms("media.head"))
	for _, o := range lex.Forms("media.outlet") {
		k, _ := gazetteer.Key(o)
		if head, rest, ok := strings.Cut(k, " "); ok && heads[head] {
			bare, _ := gazetteer.Key(rest)
			r.outletNames[bare] = true
		}
	}
	for _, e := range lex.Entries("place.direction") {
		if s := sidesOf(e.Value); s != 0 {
			k, _ := gazetteer.Key(e.Form)
			r.sideWords[k] = s
		}
	}
	for _, e := range lex.Entries("place.direction.adj") {
		r.sideAdj[arabic.Fold(e.Form)] = sidesOf(e.Value)
		r.sideAdjWritten[e.Form] = sidesOf(e.Value)
		r.sideAdjWritten[arabic.Fold(e.Form)] = sidesOf(e.Value)
	}
	for _, e := range lex.Entries("place.cue.feature") {
		k, _ := gazetteer.Key(e.Form)
		r.feature[k] = e.Value
	}
	for _, e := range lex.Entries("place.cue") {
		k, _ := gazetteer.Key(e.Form)
		r.cues[k] = kindsOf(e.Value)
	}
	for _, list := range [][]string{stopNames, functionWords, newsWords, lex.Forms("person.name")} {
		for _, w := range list {
			k, art := gazetteer.Key(w)
			r.stop[stopKey(k, art)] = true
		}
	}
	for _, o := range append(lex.Forms("org.name"), lex.Forms("media.outlet")...) {
		k, _ := gazetteer.Key(o)
		r.orgs[k] = true
		first := k
		for i := 0; i < len(k); i++ {
			if k[i] == ' ' {
				first = k[:i]
				break
			}
		}
		if n := uint8(countWords(k)); n > r.orgWords[first] {
			r.orgWords[first] = n
		}
	}
	return r
}

// kindsOf reads the kinds a cue implies: comma-separated, empty for any.
func kindsOf(v string) []geo.Kind {
	if v == "" {
		return nil
	}
	var out []geo.Kind
	for _, k := range strings.Split(v, ",") {
		out = append(out, geo.Kind(strings.TrimSpace(k)))
	}
	return out
}

func stopKey(k string, article bool) string {
	if article {
		return "ال" + k
	}
	return k
}

func countWords(k string) int {
	n := 1
	for i := 0; i < len(k); i++ {
		if k[i] == ' ' {
			n++
		}
	}
	return n
}

// keySet holds words in gazetteer.Key form (folded, without article).
func keySet(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		k, _ := gazetteer.Key(w)
		m[k] = true
	}
	return m
}

// stemSet folds words and drops their article: they are compared with the
// stems of readings.
func stemSet(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		k, _ := gazetteer.Key(w)
		m[k] = true
	}
	return m
}

// singulars keys the singular of each list cue by the cue's key.
func singulars(values map[string]string) map[string]string {
	m := make(map[string]string, len(values))
	for form, one := range values {
		if one != "" {
			k, _ := gazetteer.Key(form)
			m[k] = one
		}
	}
	return m
}

func foldSet(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[arabic.Fold(w)] = true
	}
	return m
}

// scratch holds the buffers of one Recognize call.
type scratch struct {
	key []byte
}

// Recognize returns the place names found in text, whose words toks are
// (arabic.Tokens of it), in text order, without overlaps.
func (r *Recognizer) Recognize(text string, toks []arabic.Token) []Candidate {
	toks = r.respell(text, toks)
	var out []Candidate
	var s scratch
	list := listState{end: -2}
	for i := 0; i < len(toks); {
		if n := r.matchOrg(toks, i, &s); n > 0 {
			i += n
			continue
		}
		inherited := ""
		if i == list.end+1 && r.continuesList(toks[i]) && !(r.dual(list.cue) && list.items >= 2) {
			inherited = list.cue
		}
		if n := r.matchPart(toks, i, &s); n > 0 {
			out = append(out, Candidate{
				Start: toks[i].Start, End: toks[i+n-1].End, First: i, Last: i + n - 1,
				Key: string(s.key), Prep: prepOf(toks[i].Key),
			})
			i += n
			continue
		}
		c, n := r.matchName(toks, i, inherited, &s)
		if n == 0 {
			if c, n = r.matchCued(toks, i, inherited); n == 0 {
				i++
				continue
			}
		}
		if c.Cue == "" && inherited != "" || c.Cue == inherited && c.CueEnd == 0 {
			c.Cue, c.CueKinds, c.CueStart, c.CueEnd = inherited, r.cues[inherited], list.cueStart, list.cueEnd
		}
		if r.accept(toks, &c) {
			out = append(out, c)
			if r.lists[c.Cue] {
				end := c.Last
				// a descriptor after an item keeps the list open:
				// "حقلي X للنفط وY للغاز", "مطاري X الدولي وY"
				for k := end + 1; k <= c.Last+2 && k < len(toks) && toks[k].Joined && r.describes(toks[k]); k++ {
					end = k
				}
				items := 1
				if c.Cue == list.cue && c.CueStart == list.cueStart && c.CueEnd == list.cueEnd {
					items = list.items + 1
				}
				list = listState{cue: c.Cue, end: end, cueStart: c.CueStart, cueEnd: c.CueEnd, items: items}
			}
		}
		i += n
	}
	markHeadline(text, toks, out)
	r.markCollective(toks, out)
	r.containers(toks, out)
	r.markLocative(toks, out)
	return r.dropWords(toks, r.dropLoneParts(out))
}

// matchPart returns how many tokens a generic name of a part of a
// settlement starting at i covers ("البلدة القديمة", "المنطقة
// الصناعية"), or 0; its key is left in s.key.
func (r *Recognizer) matchPart(toks []arabic.Token, i int, s *scratch) int {
	if i+1 >= len(toks) || !r.partEnds[toks[i+1].Key] {
		return 0
	}
	bs := arabic.Readings(toks[i].Key)
	for b := 0; b < bs.Len(); b++ {
		if st := bs.At(b); st.Article && keyAt(toks, i, 2, st.Stem, s) && r.parts[string(s.key)] {
			return 2
		}
	}
	return 0
}

// prepOf is the preposition written on a word, 0 when none.
func prepOf(key string) rune {
	bs := arabic.Readings(key)
	return bs.At(0).Prep
}

// dropLoneParts drops the generic names of parts of a settlement that
// the text does not put in a place ("البلدة القديمة في نابلس" stays; a
// bare "البلدة القديمة" may be any town's).
func (r *Recognizer) dropLoneParts(cands []Candidate) []Candidate {
	keep := make([]bool, len(cands))
	for i := range cands {
		keep[i] = len(cands[i].Entries) > 0 || !r.parts[cands[i].Key] || cands[i].Within > 0 && !cands[i].Near
	}
	return compact(cands, keep)
}

// compact keeps the candidates marked, pointing Within at the new
// indices (0 when the container went).
func compact(cands []Candidate, keep []bool) []Candidate {
	out := cands[:0]
	index := make([]int, len(cands)) // old index → new, for Within
	for i := range cands {
		index[i] = -1
		if !keep[i] {
			continue
		}
		index[i] = len(out)
		out = append(out, cands[i])
	}
	for i := range out {
		if j, ok := out[i].Container(); ok {
			if index[j] < 0 {
				out[i].Within, out[i].Near, out[i].Sides = 0, false, 0
			} else {
				out[i].Within = index[j] + 1
			}
		}
	}
	return out
}

// markLocative sets Locative on the candidates the text uses as places.
func (r *Recognizer) markLocative(toks []arabic.Token, cands []Candidate) {
	for i := range cands {
		c := &cands[i]
		if j, ok := c.Container(); ok {
			c.Locative, cands[j].Locative = true, true
		}
		if c.Cue != "" || c.Prep == 'ب' || c.Direction ||
			c.First > 0 && toks[c.First].Joined && (r.locative[toks[c.First-1].Key] || r.linkNear[toks[c.First-1].Key]) {
			c.Locative = true
		}
	}
}

// dropWords drops the names that are also common words ("تدمر" destroys,
// "صور" pictures, "مسقط" in "مسقط رأسه") unless something makes them a
// place: a cue, a preposition of place written on them or before them, a
// direction, a stated container or content, or a prominent place (a
// country, a province, a capital, a city of 100,000). One mention with
// such evidence makes every mention of the name in the text a place.
func (r *Recognizer) dropWords(toks []arabic.Token, cands []Candidate) []Candidate {
	if len(r.words) == 0 {
		return cands
	}
	held := make([]bool, len(cands))
	for i := range cands {
		if j, ok := cands[i].Container(); ok {
			held[j] = true
		}
	}
	placed := map[string]bool{}
	doubtful := make([]bool, len(cands))
	for i := range cands {
		c := &cands[i]
		if c.First != c.Last || !r.words[c.Key] || r.prominent(c.Entries) {
			continue
		}
		if c.Cue != "" || c.Prep == 'ب' || c.Prep == 'ل' || c.Direction || c.Within > 0 || held[i] ||
			c.First > 0 && toks[c.First].Joined && r.locative[toks[c.First-1].Key] {
			placed[c.Key] = true
			continue
		}
		doubtful[i] = true
	}
	// A name listed with places is one ("راشيا والماري وكفرحمام").
	for changed := true; changed; {
		changed = false
		for i := range cands {
			if !doubtful[i] || placed[cands[i].Key] {
				continue
			}
			next := i+1 < len(cands) && !doubtful[i+1] && listed(toks, &cands[i], &cands[i+1])
			prev := i > 0 && !doubtful[i-1] && listed(toks, &cands[i-1], &cands[i])
			if prev && commaOnly(toks[cands[i-1].Last+1]) && !(i+1 < len(cands) && listed(toks, &cands[i], &cands[i+1])) {
				// a comma alone joins an item only inside a list: "البحر
				// الأحمر، يرون أنها" ends the list and starts a clause
				prev = false
			}
			if prev || next {
				placed[cands[i].Key], doubtful[i], changed = true, false, true
			}
		}
	}
	keep := make([]bool, len(cands))
	for i := range cands {
		keep[i] = !doubtful[i] || placed[cands[i].Key]
	}
	return compact(cands, keep)
}

// prominent reports whether one of the entries is a place a common word
// rarely hides: a country, a province, a capital or a city of 100,000.
func (r *Recognizer) prominent(es []gazetteer.Entry) bool {
	for _, e := range es {
		p := r.g.Place(e.Place)
		switch {
		case p.Kind == geo.KindCountry, p.Kind == geo.KindAdmin1,
			p.FeatureCode == "PPLC", p.FeatureCode == "PPLA", p.Population >= 100000:
			return true
		}
	}
	return false
}

// commaOnly reports whether a word follows a comma without the
// conjunction و.
func commaOnly(t arabic.Token) bool { return t.Sep == ',' && !strings.HasPrefix(t.Key, "و") }

// markHeadline marks the candidates of the headline, the line
// arabic.Headline finds (the extractor's too): none when the first line
// is of another script ("[untitled]"), the line under a kicker when there
// is one.
func markHeadline(text string, toks []arabic.Token, cands []Candidate) {
	start, end, ok := arabic.Headline(text)
	for i := range cands {
		f, l := toks[cands[i].First], toks[cands[i].Last]
		cands[i].Headline = ok && f.Start >= start && l.End <= end
	}
}

// listState follows a list of names opened by a list cue ("قريتي X وY").
type listState struct {
	cue              string
	end              int // last token of the latest item
	cueStart, cueEnd int // the cue word as written
	items            int // the names listed so far
}

// dual reports whether a list cue is a dual ("قريتي", "محافظتي"): it
// names two places, and a word after the second ("، وفق مصادر") is no
// third. The list cues that are not collective plurals are the duals.
func (r *Recognizer) dual(cue string) bool { return r.lists[cue] && !r.collective[cue] }

// describes reports whether a word after a listed name describes the
// place rather than naming the next one: "ل" with the article and a noun
// ("للنفط", "للغاز"), or an adjective of kind ("النفطي", "الجوية").
func (r *Recognizer) describes(t arabic.Token) bool {
	if strings.HasPrefix(t.Key, "لل") && utf8.RuneCountInString(t.Key) > 4 {
		return true
	}
	k, _ := gazetteer.Key(t.Key)
	return r.generic[adjStem(k)]
}

// continuesList reports whether a word right after a list item starts the
// next item: after a comma, or joined with the conjunction و.
func (r *Recognizer) continuesList(t arabic.Token) bool {
	if t.Sep == ',' {
		return true
	}
	return t.Joined && strings.HasPrefix(t.Key, "و") && len(t.Key) > len("و")+4
}

// cueBefore returns the cue word right before token i (joined to it, or
// followed by a colon: "بلدات: X"), or "".
func (r *Recognizer) cueBefore(toks []arabic.Token, i int, strongOnly bool) string {
	if i == 0 || !toks[i].Joined && toks[i].Sep != ':' {
		return ""
	}
	bs := arabic.Readings(toks[i-1].Key)
	for b := 0; b < bs.Len(); b++ {
		st := bs.At(b)
		if st.Article {
			continue
		}
		if stem, ok := r.cueStem(st.Stem); ok && (!strongOnly || r.strong[stem]) {
			return stem
		}
	}
	if st, ok := shortClitic(toks[i-1].Key); ok {
		// "وحي X", "بحي X", "بسد X"
		if stem, ok := r.cueStem(st.Stem); ok && (!strongOnly || r.strong[stem]) {
			return stem
		}
	}
	if r.namingBefore(toks, i) {
		return arabic.Fold(toks[i-1].Key)
	}
	return ""
}

// namingBefore reports whether words of naming stand right before token
// i: "المسماة X", "تدعى X", "المعروفة باسم X", "يطلق عليها اسم X".
func (r *Recognizer) namingBefore(toks []arabic.Token, i int) bool {
	if w := toks[i].Key; w == "اسم" || w == "باسم" {
		return false // "المعروفة باسم": the name comes next
	}
	k := i - 1
	if direct, ok := r.naming[toks[k].Key]; ok {
		return direct && r.placeNounBefore(toks, k)
	}
	if w := toks[k].Key; (w == "اسم" || w == "باسم") && k > 0 && toks[k].Joined {
		_, ok := r.naming[toks[k-1].Key]
		return ok && r.placeNounBefore(toks, k-1)
	}
	return false
}

// placeNounBefore reports whether a cue word, with or without its
// article, stands one or two words before token k: what is named is a
// place ("المنطقة المسماة", "منطقة يطلق عليها"), not a person ("شاب
// يدعى").
func (r *Recognizer) placeNounBefore(toks []arabic.Token, k int) bool {
	for j := k - 1; j >= 0 && j >= k-2; j-- {
		if !toks[j+1].Joined {
			return false
		}
		bs := arabic.Readings(toks[j].Key)
		for b := 0; b < bs.Len(); b++ {
			if _, ok := r.cueStem(bs.At(b).Stem); ok {
				return true
			}
		}
	}
	return false
}

// cueStem returns the cue a stem is, also in the accusative ("معسكراً",
// folded "معسكرا").
func (r *Recognizer) cueStem(stem string) (string, bool) {
	if _, ok := r.cues[stem]; ok {
		return stem, true
	}
	if t, ok := strings.CutSuffix(stem, "ا"); ok {
		if _, ok := r.cues[t]; ok {
			return t, true
		}
	}
	return "", false
}

// keyAt writes into s.key the key of the n-gram of m words starting at
// token i read as stem, and reports false when a word is not joined to the
// previous one by white space only.
func keyAt(toks []arabic.Token, i, m int, stem string, s *scratch) bool {
	s.key = append(s.key[:0], stem...)
	for k := i + 1; k < i+m; k++ {
		if !toks[k].Joined {
			return false
		}
		s.key = append(s.key, ' ')
		s.key = append(s.key, toks[k].Key...)
	}
	return true
}

// matchOrg returns how many tokens an organisation name starting at i
// covers, or 0.
func (r *Recognizer) matchOrg(toks []arabic.Token, i int, s *scratch) int {
	bs := arabic.Readings(toks[i].Key)
	for b := 0; b < bs.Len(); b++ {
		stem := bs.At(b).Stem
		mw := int(r.orgWords[stem])
		for m := min(mw, len(toks)-i); m >= 1; m-- {
			if keyAt(toks, i, m, stem, s) && r.orgs[string(s.key)] {
				return m
			}
		}
	}
	return 0
}

// matchName finds the longest gazetteer name starting at token i, trying
// the readings of the first word with the fewest proclitics first. A name
// listed after a list cue (inherited) reads with that cue.
func (r *Recognizer) matchName(toks []arabic.Token, i int, inherited string, s *scratch) (Candidate, int) {
	var best Candidate
	bestLen := 0
	bestArticle := false
	bs := arabic.Readings(toks[i].Key)
	short, isShort := shortClitic(toks[i].Key)
	for b := 0; b < bs.Len()+1; b++ {
		// one more reading: a two-letter head after a proclitic ("وتل
		// رفعت", "بتل أبيض", "وأم قصر"), which word readings leave
		// whole; only the start of a longer name, as a lone two-letter
		// stem is mostly a word
		least := 1
		var rd arabic.Base
		switch {
		case b < bs.Len():
			rd = bs.At(b)
		case isShort:
			rd, least = short, 2
		default:
			continue
		}
		// "شمال غربي العراق" names Iraq, with direction evidence; only
		// an area officially named by a direction ("جنوب كردفان", "شمال
		// دارفور", a province or district) starts with one.
		dirStart := !rd.Article && r.direction[rd.Stem]
		mw := min(r.g.MaxWords(rd.Stem), len(toks)-i, maxNameWords)
		for m := mw; m > bestLen && m >= least; m-- {
			if dirStart && m < 2 || !keyAt(toks, i, m, rd.Stem, s) {
				continue
			}
			entries := r.g.LookupBytes(s.key)
			if dirStart {
				entries = r.officialAreas(entries)
			}
			if len(entries) == 0 {
				continue
			}
			best = Candidate{
				Start: toks[i].Start, End: toks[i+m-1].End, First: i, Last: i + m - 1,
				Key: string(s.key), Entries: entries, Prep: rd.Prep,
			}
			bestLen, bestArticle = m, rd.Article
			break
		}
	}
	if bestLen == 0 {
		return best, 0
	}
	head, any := r.namedAfterAt(toks, i)
	// A lone word inside a longer name the gazetteer lacks ("رأس عيسى",
	// "معرة الصين", "كفر حمام") is not that place: leave it to the cue rule.
	if head == "" && bestLen == 1 && (r.headAt(toks, i) && i+1 < len(toks) && toks[i+1].Joined && r.nameWord(toks[i+1].Key) ||
		i > 0 && toks[i].Joined && r.headAt(toks, i-1) && !r.settlement(best.Entries)) {
		return best, 0
	}
	// A longer match that ends on a head ("قرية أبو" before "قوتة") is cut
	// short too: the head starts the name the cue rule reads.
	if last := i + bestLen - 1; bestLen > 1 && r.headAt(toks, last) && last+1 < len(toks) && toks[last+1].Joined && r.nameWord(toks[last+1].Key) {
		return best, 0
	}
	r.context(toks, &best)
	if best.Cue == "" && inherited != "" {
		// "أحياء الشجاعية والزيتون": the quarter the table names "حي
		// الزيتون", which a bare "الزيتون" (olives) is not
		best.Cue, best.CueKinds = inherited, r.cues[inherited]
	}
	best.Entries = r.filterEntries(best, bestArticle)
	if last := best.Last + 1; last < len(toks) && toks[last].Joined && r.sideAdj[toks[last].Key] != 0 {
		best.Entries = r.otherSide(best.Entries, best.Key, r.sideAdj[toks[last].Key])
	}
	if head != "" {
		// "شارع بغداد", "برج القدس": the feature bears the name; a
		// city or country of that name is elsewhere. Only features
		// keep; after an institution ("سوق ليبيا", but "سوق حلب" is
		// Aleppo's) only countries go.
		named := len(best.Entries) > 0
		if any {
			best.Entries = features(r.g, best.Entries)
		} else {
			best.Entries = r.notCountries(best.Entries)
		}
		if named && len(best.Entries) == 0 && r.landmarks[head] {
			return r.namedFeature(toks, i, bestLen, head), bestLen
		}
	}
	if len(best.Entries) == 0 {
		return best, 0
	}
	return best, bestLen
}

// shortClitic reads a word of three letters as a proclitic (و ف ب ل ك)
// and a stem of two ("وتل", "بحي", "بسد"): arabic.Readings splits no
// proclitic off words that short.
func shortClitic(key string) (arabic.Base, bool) {
	if len(key) != 6 || !isArabic2(key) {
		return arabic.Base{}, false
	}
	switch c, _ := utf8.DecodeRuneInString(key); c {
	case 'و', 'ف':
		return arabic.Base{Stem: key[2:], Clitics: 1}, true
	case 'ب', 'ل', 'ك':
		return arabic.Base{Stem: key[2:], Clitics: 1, Prep: c}, true
	}
	return arabic.Base{}, false
}

// isArabic2 reports whether a word's letters are all two bytes long
// (Arabic script), so that its length in bytes counts its letters.
func isArabic2(key string) bool {
	for i := 0; i < len(key); i += 2 {
		if key[i] < 0xD8 || key[i] > 0xDB {
			return false
		}
	}
	return true
}

// namedAfterAt returns the head of a street, building or institution
// that stands right before token i ("" when none), and whether a place
// of any kind after it names the feature (false: only a country does).
func (r *Recognizer) namedAfterAt(toks []arabic.Token, i int) (head string, any bool) {
	if i == 0 || !toks[i].Joined {
		return "", false
	}
	bs := arabic.Readings(toks[i-1].Key)
	for b := 0; b < bs.Len(); b++ {
		st := bs.At(b)
		if st.Article {
			continue
		}
		if r.namedAfter[st.Stem] {
			return st.Stem, true
		}
		if r.namedAfterCountry[st.Stem] {
			head = st.Stem
		}
	}
	return head, false
}

// notCountries drops the countries among entries.
func (r *Recognizer) notCountries(es []gazetteer.Entry) []gazetteer.Entry {
	out := es[:0:0]
	for _, e := range es {
		if r.g.Place(e.Place).Kind != geo.KindCountry {
			out = append(out, e)
		}
	}
	return out
}

// namedFeature is the candidate for a feature named after a place the
// gazetteer holds ("برج فلسطين", "سوق ليبيا"): a name of its own, which
// no gazetteer row places, introduced by its head as by a cue.
func (r *Recognizer) namedFeature(toks []arabic.Token, i, n int, head string) Candidate {
	name := head
	for k := i; k < i+n; k++ {
		name += " " + toks[k].Key
	}
	c := Candidate{
		Start: toks[i-1].Start, End: toks[i+n-1].End, First: i - 1, Last: i + n - 1,
		Cue: head, CueKinds: []geo.Kind{geo.KindFacility, geo.KindRoad, geo.KindNeighborhood},
	}
	c.Key, _ = gazetteer.Key(name)
	return c
}

// features keeps the entries that are streets, quarters, facilities and
// bridges.
func features(g *gazetteer.Gazetteer, es []gazetteer.Entry) []gazetteer.Entry {
	var out []gazetteer.Entry
	for _, e := range es {
		switch g.Place(e.Place).Kind {
		case geo.KindRoad, geo.KindNeighborhood, geo.KindFacility, geo.KindBridge, geo.KindCrossing:
			out = append(out, e)
		}
	}
	return out
}

// officialAreas keeps the provinces and districts among entries: the
// places whose official name may start with a direction.
func (r *Recognizer) officialAreas(es []gazetteer.Entry) []gazetteer.Entry {
	var out []gazetteer.Entry
	for _, e := range es {
		if k := r.g.Place(e.Place).Kind; k == geo.KindAdmin1 || k == geo.KindAdmin2 {
			out = append(out, e)
		}
	}
	return out
}

// settlement reports whether entries hold a city or town of the region:
// after a head it may stand for itself ("قلعة بعلبك" is at Baalbek).
func (r *Recognizer) settlement(es []gazetteer.Entry) bool {
	for _, e := range es {
		p := r.g.Place(e.Place)
		if (p.Kind == geo.KindCity || p.Kind == geo.KindTown) && r.cov.Has(p.CountryCode) {
			return true
		}
	}
	return false
}

// headAt reports whether token i is a compound head (عين، تل، معرة ...).
func (r *Recognizer) headAt(toks []arabic.Token, i int) bool {
	bs := arabic.Readings(toks[i].Key)
	for b := 0; b < bs.Len(); b++ {
		st := bs.At(b)
		if r.heads[stopKey(st.Stem, st.Article)] {
			return true
		}
	}
	return false
}

// filterEntries keeps the entries the text supports: a name indexed
// without its class word needs a cue, and the article must agree unless a
// cue makes the reading plain ("حقل عمر" for العمر; but "السورية" is an
// adjective, not سورية).
func (r *Recognizer) filterEntries(c Candidate, article bool) []gazetteer.Entry {
	out := c.Entries[:0:0]
	for _, e := range c.Entries {
		if e.Flags&gazetteer.ClassStripped != 0 && (c.Cue == "" || c.CueKinds != nil && !KindFits(r.g.Place(e.Place).Kind, c.CueKinds)) {
			continue // "الفرات" after "نهر" is not سد الفرات
		}
		if e.Flags&gazetteer.ClassStripped != 0 && r.otherFeature(r.g.Place(e.Place), c.Key, c.Cue) {
			continue // "قاعدة X" is not "ميناء X"
		}
		if r.minorAbroad(r.g.Place(e.Place)) {
			continue
		}
		if (e.Flags&gazetteer.Article != 0) != article && c.Cue == "" && c.First == c.Last {
			continue
		}
		out = append(out, e)
	}
	return out
}

// context fills the cue and direction evidence around a candidate.
func (r *Recognizer) context(toks []arabic.Token, c *Candidate) {
	if cue := r.cueBefore(toks, c.First, false); cue != "" {
		c.Cue, c.CueKinds = cue, r.cues[cue]
		c.CueStart, c.CueEnd = toks[c.First-1].Start, toks[c.First-1].End
	} else if c.First > 0 && toks[c.First].Joined {
		bs := arabic.Readings(toks[c.First-1].Key)
		for b := 0; b < bs.Len(); b++ {
			if r.direction[bs.At(b).Stem] {
				c.Direction = true
				break
			}
		}
		if c.Cue == "" && c.First > 1 && toks[c.First-1].Joined && r.direction[toks[c.First-2].Key] {
			c.Direction = true // "جنوب شرق حلب"
		}
	}
	if c.Last+1 < len(toks) && toks[c.Last+1].Joined && r.dirAdj[toks[c.Last+1].Key] {
		c.Direction = true
	}
}

// accept applies the rejections that need the context of the whole
// candidate: stop names without a cue, names of people and media.
func (r *Recognizer) accept(toks []arabic.Token, c *Candidate) bool {
	if c.First > 0 && toks[c.First].Joined {
		prev := toks[c.First-1].Key
		if r.titles[prev] {
			return false
		}
		bs := arabic.Readings(prev)
		for b := 0; b < bs.Len(); b++ {
			// a head in construct has no article: "حزب العمال" is a
			// party, "الحزب مستعمرة X" a party and then a place
			if st := bs.At(b); !st.Article && r.media[st.Stem] {
				return false
			}
		}
	}
	if c.First > 0 && toks[c.First].Joined && c.Prep == 0 && r.personHead[toks[c.First-1].Key] {
		return false // "عبد العزيز": a person's name
	}
	if r.inPersonName(toks, c) {
		return false // "بثينة X", "محمد X", "الشيخ حسن X", "أبو حسن": a person
	}
	if c.Last+1 < len(toks) && toks[c.Last+1].Joined && r.mediaTail[toks[c.Last+1].Key] {
		return false // "دير الزور 24": a local outlet
	}
	if c.Prep == 'ل' && r.outletNames[c.Key] && r.toldBefore(toks, c.First) {
		return false // "قال مصدر للميادين": told the channel, not the town
	}
	if r.idiomAt(toks, c.First) {
		return false // "مسقط رأسه": a birthplace, not Muscat
	}
	if r.countryAdjective(toks, c) {
		return false // "طائرة مسيرة تركية": Turkish, not Turkey
	}
	if c.First == c.Last {
		bs := arabic.Readings(toks[c.First].Key)
		for b := 0; b < bs.Len(); b++ {
			st := bs.At(b)
			if c.Cue == "" && r.stop[stopKey(st.Stem, st.Article)] {
				return false
			}
			if _, cue := r.cueStem(st.Stem); cue {
				return false // "مدينة", "ومطار": a class word, not a name
			}
			if c.Cue != "" && r.generic[adjStem(st.Stem)] {
				return false // "قاعدة جديدة": an adjective after a cue
			}
		}
	}
	return true
}

// countryAdjective reports whether a country named in its "-ية" form
// ("سورية", "تركية") is the adjective of an indefinite noun before it
// ("طائرات سورية", "مصادر تركية"): written bare (no proclitic), right
// after a word that has no article and is no preposition, particle, cue
// or direction. "في سورية", "وسورية", "شمال سورية" name the country.
func (r *Recognizer) countryAdjective(toks []arabic.Token, c *Candidate) bool {
	if c.First != c.Last || c.First == 0 || !toks[c.First].Joined {
		return false
	}
	key := toks[c.First].Key
	if !strings.HasSuffix(key, "يه") || strings.HasPrefix(key, "و") || strings.HasPrefix(key, "ف") || c.Prep != 0 {
		return false
	}
	for _, e := range c.Entries {
		if r.g.Place(e.Place).Kind != geo.KindCountry {
			return false
		}
	}
	prev := toks[c.First-1].Key
	if strings.HasPrefix(key, "ال") {
		// "السعودية" is also the adjective "Saudi": after a feminine or
		// plural noun or adjective with the article ("القوات
		// السعودية", "الساحلية السعودية") it agrees with it
		return strings.HasPrefix(prev, "ال") && (strings.HasSuffix(prev, "ه") || strings.HasSuffix(prev, "ات")) &&
			!r.locative[prev] && !r.linkNear[prev] && !r.function[prev]
	}
	if strings.HasPrefix(prev, "ال") || r.locative[prev] || r.linkNear[prev] || r.function[prev] {
		return false
	}
	if strings.HasSuffix(prev, "ت") && !strings.HasSuffix(prev, "ات") {
		return false // "تعرضت سورية": a country, subject of its verb
	}
	bs := arabic.Readings(prev)
	for b := 0; b < bs.Len(); b++ {
		st := bs.At(b)
		if st.Article || r.direction[st.Stem] {
			return false
		}
		if _, cue := r.cueStem(st.Stem); cue {
			return false
		}
	}
	return len(c.Entries) > 0
}

// minorAbroad reports whether a place is a small place outside the
// coverage: GeoNames gives many of them Arabic spellings that equal common
// words (إلى "Ely", كان "Caen"), so they are never matched.
func (r *Recognizer) minorAbroad(p *geo.Place) bool {
	if p.Kind == geo.KindCountry || p.FeatureCode == "PPLC" || p.Population >= 500000 {
		return false
	}
	return p.CountryCode != "" && !r.cov.Has(p.CountryCode)
}
