package extract

import "github.com/incidentmap/incidentmap/geo/lexicon"

// ACLED event types, spelled as ACLED spells them.
const (
	EventBattles   = "Battles"
	EventRemote    = "Explosions/Remote violence"
	EventCivilians = "Violence against civilians"
	EventStrategic = "Strategic developments"
	EventProtests  = "Protests"
	EventRiots     = "Riots"
)

// ACLED sub-event types: the whole taxonomy.
const (
	// Battles
	SubArmedClash    = "Armed clash"
	SubGovRegains    = "Government regains territory"
	SubNonStateTakes = "Non-state actor overtakes territory"
	// Explosions/Remote violence
	SubAirStrike = "Air/drone strike"
	SubShelling  = "Shelling/artillery/missile attack"
	SubIED       = "Remote explosive/landmine/IED"
	SubSuicide   = "Suicide bomb"
	SubGrenade   = "Grenade"
	SubChemical  = "Chemical weapon"
	// Violence against civilians
	SubAttack    = "Attack"
	SubAbduction = "Abduction/forced disappearance"
	SubSexual    = "Sexual violence"
	// Strategic developments
	SubDisrupted   = "Disrupted weapons use"
	SubArrests     = "Arrests"
	SubLooting     = "Looting/property destruction"
	SubBase        = "Headquarters or base established"
	SubTransfer    = "Non-violent transfer of territory"
	SubOtherStrat  = "Other"
	SubAgreement   = "Agreement"
	SubChangeGroup = "Change to group/activity"
	// Protests and Riots
	SubPeaceful     = "Peaceful protest"
	SubIntervention = "Protest with intervention"
	SubExcessive    = "Excessive force against protesters"
	SubViolentDemo  = "Violent demonstration"
	SubMobViolence  = "Mob violence"
	subUnknownType  = ""
)

// EventTypeOf returns the ACLED event type of a sub-event type, or "".
func EventTypeOf(sub string) string {
	switch sub {
	case SubArmedClash, SubGovRegains, SubNonStateTakes:
		return EventBattles
	case SubAirStrike, SubShelling, SubIED, SubSuicide, SubGrenade, SubChemical:
		return EventRemote
	case SubAttack, SubAbduction, SubSexual:
		return EventCivilians
	case SubDisrupted, SubArrests, SubLooting, SubBase, SubTransfer, SubOtherStrat, SubAgreement, SubChangeGroup:
		return EventStrategic
	case SubPeaceful, SubIntervention, SubExcessive:
		return EventProtests
	case SubViolentDemo, SubMobViolence:
		return EventRiots
	}
	return ""
}

// SubEventTypes lists every sub-event type, in ACLED's order.
func SubEventTypes() []string {
	return []string{
		SubArmedClash, SubGovRegains, SubNonStateTakes,
		SubAirStrike, SubShelling, SubIED, SubSuicide, SubGrenade, SubChemical,
		SubAttack, SubAbduction, SubSexual,
		SubDisrupted, SubArrests, SubLooting, SubBase, SubTransfer, SubOtherStrat, SubAgreement, SubChangeGroup,
		SubPeaceful, SubIntervention, SubExcessive, SubViolentDemo, SubMobViolence,
	}
}

// remote reports whether sub is one of the remote-violence types, which
// one article may name differently for one event ("drones" in the
// headline, "rockets" in the body).
func remote(sub string) bool { return EventTypeOf(sub) == EventRemote }

// class is what a trigger word says about an event's type.
type class int

const (
	clsNone     class = iota
	clsAir            // aircraft, drones, air raids
	clsShell          // shells, rockets, artillery
	clsMissile        // missiles alone: shelling, or an air strike by an air power
	clsIED            // bombs, mines
	clsSuicide        // suicide bombers, explosive belts
	clsGrenade        // hand grenades
	clsChemical       // chemical weapons
	clsClash          // clashes, battles, ambushes
	clsConfront       // confronting an attack: a clash, or by air defences an interception
	clsShoot          // shooting, stabbing: an attack or a clash by target
	clsKill           // an assassination: its means decide, else an attack
	clsMassacre       // massacres, executions: an attack on civilians
	clsAbduct         // abductions, disappearances
	clsArrest         // arrests, raids, detentions
	clsDisrupt        // interception, air defences
	clsFoil           // an attack foiled: whatever its means, it never hit
	clsDown           // a drone or aircraft shot down
	clsFound          // a launcher, rocket or bomb found, seized or defused
	clsLoot           // looting, burning, bulldozing, demolition
	clsGain           // territory taken or retaken
	clsWithdraw       // a withdrawal, a handover
	clsProtest        // demonstrations, sit-ins
	clsRiot           // riots
	clsGeneric        // a strike or attack of no stated means
	nClasses
)

// classOf reads the class names of the lexicon's values.
func classOf(name string) class {
	switch name {
	case "air":
		return clsAir
	case "shell":
		return clsShell
	case "missile":
		return clsMissile
	case "ied":
		return clsIED
	case "suicide":
		return clsSuicide
	case "grenade":
		return clsGrenade
	case "chemical":
		return clsChemical
	case "clash":
		return clsClash
	case "confront":
		return clsConfront
	case "shoot":
		return clsShoot
	case "kill":
		return clsKill
	case "massacre":
		return clsMassacre
	case "abduct":
		return clsAbduct
	case "arrest":
		return clsArrest
	case "disrupt":
		return clsDisrupt
	case "foil":
		return clsFoil
	case "down":
		return clsDown
	case "found":
		return clsFound
	case "loot":
		return clsLoot
	case "gain":
		return clsGain
	case "withdraw":
		return clsWithdraw
	case "protest":
		return clsProtest
	case "riot":
		return clsRiot
	case "generic":
		return clsGeneric
	}
	return clsNone
}

// typeVotes sums the class weights of the type words in tokens [from, to).
type typeVotes [nClasses]int

func (x *Extractor) votes(d *doc, from, to int) typeVotes {
	var v typeVotes
	sighted := x.sighting.find(d, from, to) >= 0
	seen := -1 // the token after an aircraft seen
	for i := from; i < to; {
		n, tw := x.typeLex.match(d, i)
		if n == 0 {
			i++
			continue
		}
		if sighted && tw.c == clsAir && n == 1 && !tw.anchor && d.articled(i) && !x.sighting.has(d, i-1) {
			// "الغارة رافقها رصد مسيرة فوق بلدة X": the
			// strike named with the article is one already told; what
			// the clause reports at its places is a sighting
			i += n
			continue
		}
		if x.unitName(d, i, tw) {
			i += n // a unit's name ("خلية تفجيرات")
			continue
		}
		if m := x.defenceOf(d, i, n, tw); m > 0 {
			// the defence's own munition ("صاروخ الدفاعات الجوية",
			// "صاروخ اعتراضي"): what fell of it is no attack, and it
			// intercepted a strike told as such
			i += n + m
			continue
		}
		if tw.c == clsAir && !tw.anchor && i > 0 && (x.sighting.has(d, i-1) || i == seen) {
			// an aircraft seen or flying over ("حلقت طائرات حربية",
			// "شوهدت طائرة استطلاع"), its descriptors included
			i += n
			seen = i
			continue
		}
		v[tw.c] += tw.w
		i += n
	}
	return v
}

// defenceOf returns the length of the words of defence or interception
// right after the means word tw at token i (n tokens), 0 when none
// follows: "صاروخ الدفاعات الجوية", "صاروخ اعتراضي" are the defence's.
func (x *Extractor) defenceOf(d *doc, i, n int, tw typeWord) int {
	switch tw.c {
	case clsAir, clsShell, clsMissile:
	default:
		return 0
	}
	m, next := x.typeLex.match(d, i+n)
	// a noun or adjective only: a verb after the means is what befell
	// the attack ("مسيرة اعترضتها الدفاعات": the drone is the attack's)
	if m > 0 && next.tense == lexicon.NoTense && (next.c == clsDisrupt || next.c == clsDown) {
		return m
	}
	return 0
}

// target facts that decide between types of one class.
type targetFacts struct {
	armed     bool // the target is armed: a shooting is a clash
	civilians bool // the target is civilians
	state     bool // actor1 is a state force
	authority bool // actor1 rules the area: its detentions are arrests
	ground    bool // the attacker is named as troops on the ground
	based     bool // the attacker is named as stationed at a place ("القوات المتمركزة في قاعدة X")
}

// decide turns votes into a sub-event type given actor1 (for the means an
// actor uses) and the target's nature. ok is false when the clause names
// no means and the actor says nothing either.
func (x *Extractor) decide(v typeVotes, actor1 string, t targetFacts) (string, bool) {
	if v[clsConfront] > 0 && v[clsDisrupt] >= 3 && v[clsShell]+v[clsMissile] == 0 {
		return SubDisrupted, true // air defences confronted drones or targets
	}
	v[clsClash] += v[clsConfront] // anyone else who confronts an attack fights
	switch {
	case v[clsSuicide] >= 5:
		return SubSuicide, true
	case v[clsChemical] >= 4:
		return SubChemical, true
	case v[clsGrenade] >= 5:
		return SubGrenade, true
	case v[clsFound] >= 4:
		return SubDisrupted, true // weapons found, seized or defused
	case v[clsDown] >= 5 && v[clsShell]+v[clsMissile] == 0:
		return SubDisrupted, true // a drone shot down on its own
	case v[clsFoil] >= 4 && v[clsDisrupt] == 0:
		// "أحبط هجوما صاروخيا": the rockets are the foiled attack's,
		// which never hit; foiled by air defences it was intercepted
		return SubDisrupted, true
	case v[clsDisrupt]+v[clsFoil] >= 4 && v[clsAir]+v[clsShell]+v[clsMissile] == 0:
		// an interception or a foiling of no stated means; an
		// intercepted strike is coded as the strike it was, at its
		// target (ACLED)
		return SubDisrupted, true
	case v[clsIED] >= 4:
		return SubIED, true
	case v[clsMassacre] >= 5 && v[clsAir]+v[clsShell]+v[clsMissile] == 0 && !x.airPowers[actor1]:
		// a massacre names the toll, not the means: by aircraft or
		// shells it stays the strike it was
		return SubAttack, true
	case v[clsAbduct] >= 5:
		return SubAbduction, true
	case v[clsArrest] >= 5 || v[clsArrest] >= 3 && v[clsClash]+v[clsAir]+v[clsShell]+v[clsShoot] == 0:
		if actor1 != "" && actor1 != ActorUnidentified && !t.authority && !t.state {
			return SubAbduction, true // an armed group's "arrests" take people
		}
		return SubArrests, true
	case v[clsGain] >= 4 && v[clsGain] > v[clsClash]:
		if t.state {
			return SubGovRegains, true
		}
		return SubNonStateTakes, true
	case v[clsWithdraw] >= 5 && v[clsClash]+v[clsAir]+v[clsShell] == 0:
		return SubTransfer, true
	case v[clsRiot] >= 4:
		return SubViolentDemo, true
	case v[clsProtest] >= 4 && v[clsShoot] >= 4:
		return SubExcessive, true // live fire on protesters
	case v[clsProtest] >= 4 && v[clsShoot]+v[clsArrest] > 0:
		return SubIntervention, true
	case v[clsProtest] >= 4:
		return SubPeaceful, true
	}
	best, bestW := clsNone, 0
	for _, c := range []class{clsAir, clsShell, clsMissile, clsClash, clsShoot, clsLoot, clsIED} {
		if c == clsLoot && v[clsLoot] < 4 && v[clsGeneric] > 0 {
			// "استهداف المستودع وتدميره": destroyed is what the attack
			// did, not an event of its own
			continue
		}
		if v[c] > bestW {
			best, bestW = c, v[c]
		}
	}
	// Rockets and artillery together are shelling; missiles alone are an
	// air strike when an air power fires them.
	if best == clsMissile || best == clsShell && v[clsAir] > 0 && v[clsAir] >= v[clsShell] {
		switch {
		case v[clsAir] >= 2:
			best = clsAir
		case v[clsShell] > 0:
			best = clsShell
		case x.airPowers[actor1]:
			best = clsAir
		default:
			best = clsShell
		}
	}
	switch best {
	case clsAir:
		return SubAirStrike, true
	case clsShell:
		return SubShelling, true
	case clsIED:
		return SubIED, true
	case clsClash:
		return SubArmedClash, true
	case clsShoot:
		if t.armed {
			return SubArmedClash, true
		}
		return SubAttack, true
	case clsLoot:
		if t.civilians && v[clsLoot] < 4 {
			return SubAttack, true
		}
		return SubLooting, true
	}
	if v[clsGeneric] > 0 && x.airPowers[actor1] && t.ground && t.civilians {
		return SubAttack, true // "استهداف القوات لسيارات الإسعاف"
	}
	if v[clsGeneric] > 0 && x.airPowers[actor1] && t.based {
		// "استهدفت قوات التحالف المتمركزة في قاعدة X موقعا": an air
		// power's forces at a base fire from the ground
		return SubShelling, true
	}
	if v[clsGeneric] > 0 && x.airPowers[actor1] {
		return SubAirStrike, true
	}
	if (v[clsKill] > 0 || v[clsMassacre] > 0) && v[clsGeneric] == 0 {
		if t.armed {
			return SubArmedClash, true
		}
		return SubAttack, true
	}
	return subUnknownType, false
}
