package extract

import "strings"

// Actor labels: the normalised names incidents carry in Actor1/Actor2.
const (
	ActorUS             = "US forces"
	ActorCoalition      = "International Coalition"
	ActorSaudiCoalition = "Saudi-led coalition"
	ActorIranMilitias   = "Iran-backed militias"
	ActorIRGC           = "IRGC"
	ActorSDF            = "SDF"
	ActorSyrianGov      = "Syrian government forces"
	ActorOpposition     = "Opposition factions"
	ActorIsrael         = "Israel"
	ActorHezbollah      = "Hezbollah"
	ActorISIS           = "ISIS"
	ActorTurkey         = "Turkish forces"
	ActorHouthis        = "Houthis"
	ActorRussia         = "Russian forces"
	ActorIraq           = "Iraqi forces"
	ActorHamas          = "Hamas"
	ActorCivilians      = "Civilians"
	ActorUnidentified   = "Unidentified"
)

// label reads an actor row's value in the country where the event
// happens: "International Coalition;YE=Saudi-led coalition" names one
// label and the overrides of some theatres.
func label(value, country string) string {
	def, rest, _ := strings.Cut(value, ";")
	for rest != "" {
		var kv string
		kv, rest, _ = strings.Cut(rest, ";")
		if cc, l, ok := strings.Cut(kv, "="); ok && cc == country {
			return l
		}
	}
	return def
}

// actorMention is one actor named in a text.
type actorMention struct {
	label  string
	t0, t1 int
	adj    bool // a nisba adjective
}

// actors finds the actors named in tokens [from, to); country is where
// the event happens, for the labels that depend on it ("الجيش" alone,
// "التحالف" in Yemen).
func (x *Extractor) actors(d *doc, from, to int, country string) []actorMention {
	var out []actorMention
	voiced := false // an army name read as the Houthis'
	for i := from; i < to; {
		if x.media.has(d, i) {
			// the outlet's name: at most two words written right after
			// its head; a comma or a full stop ends it ("ونقلا عن
			// المرصد، قصف الجيش": the next actor is the subject of what is told)
			j := i + 1
			for j < i+3 && j < to && d.toks[j].Joined {
				j++
			}
			i = j
			continue
		}
		if i > from && x.leaders.has(d, i-1) {
			if n, _ := x.actorLex.match(d, i); n > 0 {
				i += n
				continue
			}
		}
		n, value := x.actorLex.match(d, i)
		if fn, fl := x.forceOf(d, i, to, country); fn > n {
			n, value = fn, fl
			// "قوات الجيش الوطني السوري": a force noun before a named
			// actor that reaches its end is that actor, not the
			// government of the nisba
			for k := i + 1; k < i+fn; k++ {
				if m, v := x.actorLex.match(d, k); m > 0 && k+m >= i+fn && k+m <= to {
					n, value = k+m-i, v
					break
				}
			}
		}
		l := label(value, country)
		if r, _ := x.remnants.match(d, i); r > 0 && n == 0 {
			// "بقايا قوات النظام": what is left of a fallen force is an
			// actor of its own
			m, v := x.actorLex.match(d, i+r)
			if fm, fl := x.forceOf(d, i+r, to, country); fm > m {
				m, v = fm, fl
			}
			if rl, ok := x.remnantOf[label(v, country)]; ok && m > 0 {
				n, l = r+m, rl
			}
		}
		if d.houthiVoice {
			// "قال يحيى سريع إن القوات المسلحة اليمنية استهدفت",
			// "القوة الصاروخية": the Houthis by the state's names
			if m, _ := x.houthiArmy.match(d, i); m > 0 && (n == 0 || m >= n && l == x.governments["YE"]) {
				n, l, voiced = m, ActorHouthis, true
			}
		}
		if n > 0 && i+n <= to {
			out = append(out, actorMention{label: l, t0: i, t1: i + n})
			i += n
			continue
		}
		if x.groupLex.has(d, i) {
			if j := x.iranTies.find(d, i+1, min(to, i+6)); j >= 0 {
				label := ActorIranMilitias
				if j == i+1 && x.irgcLex.has(d, j) {
					label = ActorIRGC // "ميليشيا الحرس الثوري"
				}
				n, _ := x.iranTies.match(d, j)
				out = append(out, actorMention{label: label, t0: i, t1: j + n})
				i = j + n
				continue
			}
		}
		if l := x.anaphor(d, i, country); l != "" {
			out = append(out, actorMention{label: l, t0: i, t1: i + 1})
			i++
			continue
		}
		if n, value := x.adjLex.match(d, i); n > 0 {
			out = append(out, actorMention{label: label(value, country), t0: i, t1: i + n, adj: true})
			i += n
			continue
		}
		i++
	}
	if voiced {
		out = x.unvoiced(d, out)
	}
	return out
}

// unvoiced undoes the Houthi reading of the state's army names in ms
// when the Houthis are also named there by their own name: then the army
// fights them ("اشتبكت القوات المسلحة اليمنية مع الحوثيين") and is the
// government's.
func (x *Extractor) unvoiced(d *doc, ms []actorMention) []actorMention {
	named := false
	for _, m := range ms {
		if m.label == ActorHouthis && !x.houthiArmy.has(d, m.t0) {
			named = true
		}
	}
	if !named {
		return ms
	}
	for k := range ms {
		if ms[k].label == ActorHouthis && x.houthiArmy.has(d, ms[k].t0) {
			ms[k].label = x.governments["YE"]
		}
	}
	return ms
}

// forceOf reads government forces at token i: a force noun and a
// country's nisba ("الجيش السوداني", "القوات الأميركية", "الطيران الحربي
// السوري") are that country's forces; a force noun alone ("الجيش",
// "القوات الحكومية") is the forces of the country where the event is.
// It returns the tokens read and the label, or 0.
func (x *Extractor) forceOf(d *doc, i, to int, country string) (int, string) {
	n, _ := x.forces.match(d, i)
	if n == 0 || !d.articled(i) && !d.hasForm(i, "قوات", false) && !d.hasForm(i, "جيش", false) {
		return 0, ""
	}
	// the nisba may follow one more qualifier ("الطيران الحربي السوري")
	for j := i + n; j <= i+n+1 && j < to; j++ {
		if m, cc := x.nisbas.match(d, j); m > 0 {
			if l, ok := x.governments[cc]; ok {
				return j + m - i, l
			}
			return 0, ""
		}
	}
	if g, _ := x.govForces.match(d, i); g > 0 && country != "" {
		if l, ok := x.governments[country]; ok {
			return g, l
		}
	}
	return 0, ""
}

// roles picks the attacker and the target among the actors of a clause:
// an actor after a means or an active verb attacks, one after a
// preposition of attack or a position is attacked; otherwise the first
// named attacks the second. Civilians are never attackers, unknown
// gunmen never targets.
func (x *Extractor) roles(d *doc, ms []actorMention, from int) (actor1, actor2 string) {
	actor1, actor2, _ = x.markedRoles(d, ms, from)
	return actor1, actor2
}

// markedRoles is roles, also saying whether the attacker was marked as
// such by the words before it rather than picked for being named first.
func (x *Extractor) markedRoles(d *doc, ms []actorMention, from int) (actor1, actor2 string, marked bool) {
	var attackers, targets, neutral []string
	for _, m := range ms {
		role := 0
		// look back over a few words; a tie ("التابعة ل") passes the
		// role of what it qualifies ("قاعدة ... التابعة للتحالف").
		for k, seen := m.t0-1, 0; k >= from && seen < 5; k-- {
			if x.tieSkip.has(d, k) {
				continue
			}
			if x.targetBefore.has(d, k) {
				role = 2
				break
			}
			if x.attackerBefore.has(d, k) {
				role = 1
				break
			}
			seen++
		}
		if m.t1 < len(d.toks) && d.toks[m.t1].Joined && x.firedObject[d.toks[m.t1].Key] {
			role = 1 // "أطلقت آليات الاحتلال النار": the subject fires
		}
		switch {
		case m.label == ActorCivilians:
			role = 2
		case m.label == ActorUnidentified:
			role = 1
		case m.adj && role == 0:
			continue // an adjective on nothing we know ("الحكومة السورية")
		}
		switch role {
		case 1:
			attackers = append(attackers, m.label)
		case 2:
			targets = append(targets, m.label)
		default:
			neutral = append(neutral, m.label)
		}
	}
	pick := func(lists ...[]string) string {
		for _, l := range lists {
			for _, a := range l {
				if a != actor1 && a != ActorCivilians {
					return a
				}
			}
		}
		return ""
	}
	actor1 = pick(attackers)
	marked = actor1 != ""
	if !marked {
		actor1 = pick(neutral)
	}
	// the target comes from the targets and the others; an attacker is
	// never the target ("طائرات أمريكية وبريطانية": both attack)
	for _, l := range [][]string{targets, neutral} {
		for _, a := range l {
			if a != actor1 && a != ActorUnidentified {
				return actor1, a, marked
			}
		}
	}
	return actor1, "", marked
}

// anaphorReach bounds how far back, in tokens, the group a head refers
// to is looked for.
const anaphorReach = 400

// anaphor reads an articled head of a group name that stands alone
// ("تبنته الحركة", "أعلنت الجماعة") as the group last named with that
// head ("حركة الشباب"), or "".
func (x *Extractor) anaphor(d *doc, i int, country string) string {
	if !d.articled(i) || !x.anaphorHeads.has(d, i) {
		return ""
	}
	for j := i - 1; j >= max(0, i-anaphorReach); j-- {
		if d.articled(j) || !sameReading(d, i, j) {
			continue
		}
		if n, value := x.actorLex.match(d, j); n > 1 {
			return label(value, country)
		}
	}
	return ""
}

// sameReading reports whether tokens i and j share a reading.
func sameReading(d *doc, i, j int) bool {
	for _, f := range d.forms[i] {
		if len(f) >= 6 && d.hasForm(j, f, false) {
			return true
		}
	}
	return false
}
