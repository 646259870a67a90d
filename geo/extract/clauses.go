package extract

import "github.com/incidentmap/incidentmap/geo/lexicon"

// clauseKind says how a clause relates to the news: what it reports as
// happening, an earlier event it refers back to, or a purpose.
type clauseKind int

const (
	kindMain    clauseKind = iota
	kindRetro              // "بعد", "غداة", "رداً على": an earlier event
	kindPurpose            // "بهدف", "لردع": what someone meant to do
	kindAmid               // "وسط", "منذ": circumstances, not events
)

// clause is a run of tokens of one sentence that reports at most one
// event.
type clause struct {
	sent   int
	t0, t1 int
	kind   clauseKind
	where  bool // opened by "حيث": its place is the clause before's
}

// clauses cuts every sentence into clauses at connectors, and before a
// verb of attack that follows punctuation or و ("، وقصفت").
func (x *Extractor) clauses(d *doc) []clause {
	var out []clause
	for si, s := range d.sents {
		c := clause{sent: si, t0: s.t0, kind: kindMain}
		for i := s.t0; i < s.t1; i++ {
			if i == c.t0 {
				continue
			}
			kind, cut := x.clauseBreak(d, i, s.headline)
			if !cut {
				continue
			}
			c.t1 = i
			out = x.appendClause(d, out, c)
			c = clause{sent: si, t0: i, kind: kind, where: d.hasForm(i, "حيث", false) || x.relatives.has(d, i)}
		}
		c.t1 = s.t1
		if c.t1 > c.t0 {
			out = x.appendClause(d, out, c)
		}
	}
	return out
}

// appendClause appends c to the clauses of its sentence, or joins it to
// the clause before when it is a comment that names a place ("، وهي
// مستودع في X ومطار في Y" names what the clause before hit) or a
// relative clause on a place that tells no event.
func (x *Extractor) appendClause(d *doc, out []clause, c clause) []clause {
	if c.where && len(out) > 0 && out[len(out)-1].sent == c.sent && x.relatives.has(d, c.t0) && !x.anchored(d, c) {
		// "حقل X الذي يضم قاعدة للتحالف": a relative clause that tells
		// no event describes the place, and who holds it, for the
		// clause before
		out[len(out)-1].t1 = c.t1
		return out
	}
	if c.kind == kindAmid && d.toks[c.t0].Sep == ',' && x.comments.has(d, c.t0) &&
		len(out) > 0 && out[len(out)-1].sent == c.sent && d.placeAt != nil {
		for i := c.t0; i < c.t1; i++ {
			if d.placeAt[i] {
				out[len(out)-1].t1 = c.t1
				return out
			}
		}
	}
	return append(out, c)
}

func (x *Extractor) clauseBreak(d *doc, i int, headline bool) (clauseKind, bool) {
	if n, k := x.starts.match(d, i); n > 0 && !headline {
		switch {
		case k == kindRetro && x.notAfterBade.has(d, i+1) &&
			(d.hasForm(i, "بعد", false) || d.hasForm(i, "قبل", false) && !d.hasForm(i+1, "ذلك", false)):
			// "بعد منتصف الليل", "قبل قليل", "قبل الفجر": a time of the
			// event, not an earlier one ("قبل ذلك" is one)
			return 0, false
		case k == kindRetro && d.hasForm(i, "قبل", false) && i > 0 && d.toks[i-1].Key == "من":
			return 0, false // "من قبل": by
		case k == kindAmid && i+n < len(d.toks) && d.toks[i+n].Joined &&
			(x.notAfterAmid.has(d, i+n) || d.placeAt != nil && d.placeAt[i+n]):
			return 0, false // "وسط القطاع", "منذ فجر اليوم": a place, a time
		}
		return k, true
	}
	// "قال الجيش، إن ...": what is said is a clause of its own, so that the
	// speaker is not taken for the attacker.
	// The speaker may be long ("قالت عضوة مجلس النواب في طرابلس فلانة
	// إن"): look back over a name and title, not past another clause.
	if x.complementizer.has(d, i) && !headline {
		for k := i - 1; k >= max(0, i-10) && d.sentOf[k] == d.sentOf[i]; k-- {
			if x.speech.has(d, k) {
				return kindMain, true
			}
			if x.complementizer.has(d, k) || x.verbs.has(d, k) {
				break
			}
			if n, _ := x.starts.match(d, k); n > 0 {
				break
			}
		}
	}
	// "، وهو الهجوم الثالث من نوعه هذا الشهر": a comment on the event just
	// told, whose words ("من نوعه", "المرة الثانية") say nothing of that
	// event's being news.
	if d.toks[i].Sep == ',' && x.comments.has(d, i) && !headline {
		return kindAmid, true
	}
	// "في بلدة X التي استعاد الجيش السيطرة عليها": a relative clause on
	// a place tells an event of its own there, not the clause's
	if i > 0 && d.placeEnd != nil && d.placeEnd[i-1] && d.toks[i].Joined && x.relatives.has(d, i) && !headline {
		return kindMain, true
	}
	// "، وقصفت" / "وشنّ": a new verb of attack with its conjunction; so
	// does an accusation or a denial ("، واتهمت الوزارة"), whose attack is
	// another's word, not the clause before's report
	key := d.toks[i].Key
	if len(key) > 2 && (key[:2] == "و" || key[:2] == "ف") && (x.verbs.has(d, i) || x.accuses(d, i, sentEnd(d, i))) {
		return kindMain, true
	}
	return 0, false
}

// background reports whether clause c reports no event of its own: a
// purpose or circumstance, a habit, threat or statistic, or an attack
// told in the imperfect in a body (a habit; headlines tell news in it).
func (x *Extractor) background(d *doc, c clause) bool {
	if c.kind == kindPurpose || c.kind == kindAmid {
		return true
	}
	for i := c.t0; i < c.t1; i++ {
		n, _ := x.backgroundLex.match(d, i)
		if n == 0 {
			continue
		}
		if x.conditions.has(d, i+n) {
			// "ثلاثة منهم في حالة خطرة": the state of the wounded, not
			// the hypothesis "في حالة" opens
			i += n - 1
			continue
		}
		return true
	}
	if !d.sents[c.sent].headline && !x.today(d, c) && x.habitual(d, c) {
		return true
	}
	return x.statistic(d, c)
}

// habitual reports whether every verb of attack of the clause is in the
// imperfect ("تتعرض المواقع لقصف"): a habit, not an event.
func (x *Extractor) habitual(d *doc, c clause) bool {
	imperfect, perfect := false, false
	for i := c.t0; i < c.t1; {
		n, tw := x.typeLex.match(d, i)
		if n == 0 {
			i++
			continue
		}
		switch {
		case tw.tense == lexicon.Imperfect && i > c.t0 && x.complementizer.has(d, i-1):
			// "قبل أن تعتقل", "بعد أن تقصف": a subjunctive, no habit
			perfect = true
		case tw.tense == lexicon.Imperfect:
			imperfect = true
		case tw.tense == lexicon.Perfect:
			perfect = true
		}
		i += n
	}
	return imperfect && !perfect
}

// today reports whether the clause says the event is today's ("اليوم").
func (x *Extractor) today(d *doc, c clause) bool {
	for i := c.t0; i < c.t1; i++ {
		if d.hasForm(i, "اليوم", false) && d.articled(i) {
			return true
		}
	}
	return false
}

// statistic reports a count of events over a period: "55 هجوما خلال شهر".
func (x *Extractor) statistic(d *doc, c clause) bool {
	counted := false
	for i := c.t0; i < c.t1; i++ {
		if v, n := x.number(d, i); n > 0 && v >= 2 && i+n < c.t1 && x.counted.has(d, i+n) {
			counted = true
			break
		}
	}
	if !counted {
		return false
	}
	return x.periods.find(d, c.t0, c.t1) >= 0 || x.operations.find(d, c.t0, c.t1) >= 0
}

// accusation reports whether clause c tells an attack as an accusation or
// a denial: a word of accusing or denying ("اتهم", "نفى", "تبرأ"), or of
// blaming with responsibility ("حمّل X مسؤولية"), before its first word
// of attack.
func (x *Extractor) accusation(d *doc, c clause) bool {
	for i := c.t0; i < c.t1; i++ {
		if x.accuses(d, i, c.t1) {
			return true
		}
		if x.anchors.has(d, i) {
			return false
		}
	}
	return false
}

// accuses reports whether token i opens an accusation or a denial, in
// the tokens before end.
func (x *Extractor) accuses(d *doc, i, end int) bool {
	if x.accuse.has(d, i) {
		return true
	}
	return x.blame.has(d, i) && x.responsibility.find(d, i+1, min(end, i+1+blameReach)) >= 0
}

// blameReach bounds how far after a verb of blaming its noun of
// responsibility may be: the blamer and the blamed come between
// ("حمّل المجلس التنفيذي للإقليم قوات التحالف المسؤولية").
const blameReach = 16

// sentEnd is the end of token i's sentence.
func sentEnd(d *doc, i int) int { return d.sents[d.sentOf[i]].t1 }

// accusedActor returns the side an accusation or a denial says attacked:
// the last actor it names before its word of attack, the object of
// accusing ("اتهمت الوزارة الفصائل بقصف X"; the accuser comes first) or
// the one who denies ("نفى الجيش أن يكون قد قصف X"); "" when it names
// none there.
func (x *Extractor) accusedActor(d *doc, c clause, acts []actorMention) string {
	end := c.t1
	for i := c.t0; i < c.t1; i++ {
		if x.anchors.has(d, i) {
			end = i
			break
		}
	}
	a := ""
	for _, m := range acts {
		if m.t1 <= end && m.label != ActorCivilians && m.label != ActorUnidentified {
			a = m.label
		}
	}
	return a
}
