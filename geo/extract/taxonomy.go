package extract

// ACLED event types, spelled as ACLED spells them.
const (
	EventRemote    = "Explosions/Remote violence"
	EventBattles   = "Battles"
	EventCivilians = "Violence against civilians"
	EventStrategic = "Strategic developments"
)

// ACLED sub-event types this package produces.
const (
	SubAirStrike   = "Air/drone strike"
	SubShelling    = "Shelling/artillery/missile attack"
	SubIED         = "Remote explosive/landmine/IED"
	SubArmedClash  = "Armed clash"
	SubAttack      = "Attack"
	SubDisrupted   = "Disrupted weapons use"
	SubBase        = "Headquarters or base established"
	SubLooting     = "Looting/property destruction"
	SubOtherStrat  = "Other"
	subUnknownType = ""
)

// EventTypeOf returns the ACLED event type of a sub-event type, or "".
func EventTypeOf(sub string) string {
	switch sub {
	case SubAirStrike, SubShelling, SubIED:
		return EventRemote
	case SubArmedClash:
		return EventBattles
	case SubAttack:
		return EventCivilians
	case SubDisrupted, SubBase, SubLooting, SubOtherStrat:
		return EventStrategic
	}
	return ""
}

// remote reports whether sub is one of the remote-violence types, which
// one article may name differently for one event ("drones" in the
// headline, "rockets" in the body).
func remote(sub string) bool { return EventTypeOf(sub) == EventRemote }

// class is what a trigger word says about an event's type.
type class int

const (
	clsNone    class = iota
	clsAir           // aircraft, drones, air raids
	clsShell         // shells, rockets, artillery, missiles
	clsMissile       // missiles alone: shelling, or an air strike by an air power
	clsIED           // bombs, mines
	clsClash         // clashes, battles
	clsShoot         // shooting, assassination: an attack or a clash by target
	clsDisrupt       // interception, foiled attack, launcher found
	clsLoot          // looting, burning, bulldozing
	clsKill          // an assassination: its means decide, else an attack
	clsGeneric       // a strike or attack of no stated means
	nClasses
)

// typeWords are the words that say how an event was carried out, with
// their class and weight. Phrases that contain a type word without naming
// the means of an attack (air defence, air base) are listed with clsNone
// so that the longer match wins and cancels the vote.
var typeWords = map[string]typeWord{
	// air
	"غارة": {clsAir, 3}, "غارات": {clsAir, 3}, "غارتين": {clsAir, 3}, "غارتان": {clsAir, 3},
	"غارتي": {clsAir, 3}, "الغارة": {clsAir, 3}, "الغارات": {clsAir, 3},
	"جوي": {clsAir, 2}, "جوية": {clsAir, 2}, "جويا": {clsAir, 2}, "جويتين": {clsAir, 2}, "جويتان": {clsAir, 2},
	"طيران": {clsAir, 2}, "الطيران": {clsAir, 2},
	"طائرة": {clsAir, 1}, "طائرات": {clsAir, 1}, "طائرتين": {clsAir, 1}, "طائرتان": {clsAir, 1},
	"مسيرة": {clsAir, 3}, "مسيرات": {clsAir, 3}, "مسيرتين": {clsAir, 3}, "مسيرتان": {clsAir, 3},
	"درون": {clsAir, 3}, "درونز": {clsAir, 3}, "انتحارية": {clsAir, 1},
	"مقاتلات": {clsAir, 2}, "مقاتلة": {clsAir, 1}, "حربية": {clsAir, 1},
	"مروحية": {clsAir, 3}, "مروحيات": {clsAir, 3}, "براميل متفجرة": {clsAir, 4}, "البراميل المتفجرة": {clsAir, 4},
	"الدفاع الجوي": {clsNone, 0}, "الدفاعات الجوية": {clsNone, 0}, "دفاعات جوية": {clsNone, 0},
	"دفاع جوي": {clsNone, 0}, "قاعدة جوية": {clsNone, 0}, "القاعدة الجوية": {clsNone, 0},
	"المجال الجوي": {clsNone, 0}, "سلاح الجو": {clsNone, 0}, "الجسر الجوي": {clsNone, 0},
	"طيران الاستطلاع": {clsNone, 0}, "طائرات استطلاع": {clsNone, 0}, "طائرة استطلاع": {clsNone, 0},
	"طائرات الاستطلاع": {clsNone, 0}, "حركة الطيران": {clsNone, 0}, "الرحلات الجوية": {clsNone, 0},
	"دفاعات النظام الجوية": {clsNone, 0}, "الدفاع الجوي في": {clsNone, 0},
	// shelling, rockets, artillery
	"قذائف": {clsShell, 3}, "قذيفة": {clsShell, 3}, "قذيفتان": {clsShell, 3}, "قذيفتين": {clsShell, 3},
	"كاتيوشا": {clsShell, 3}, "هاون": {clsShell, 3}, "مدفعي": {clsShell, 3}, "مدفعية": {clsShell, 3},
	"مدفعيا": {clsShell, 3}, "المدفعية": {clsShell, 3}, "راجمات": {clsShell, 2}, "أرض أرض": {clsShell, 3},
	"قصفها البري": {clsShell, 3}, "قصف بري": {clsShell, 3}, "رشقة": {clsShell, 1}, "رشقات": {clsShell, 1},
	"صاروخ": {clsMissile, 2}, "صواريخ": {clsMissile, 2}, "صاروخين": {clsMissile, 2}, "صاروخان": {clsMissile, 2},
	"صاروخي": {clsMissile, 2}, "صاروخية": {clsMissile, 2}, "صاروخيا": {clsMissile, 2}, "صاروخيّة": {clsMissile, 2},
	"منصة صواريخ": {clsNone, 0}, "منصات صواريخ": {clsNone, 0}, "راجمة صواريخ": {clsNone, 0},
	"منظومات اعتراض صاروخية": {clsNone, 0}, "صواريخ الدفاع الجوي": {clsNone, 0},
	"مواقع إطلاق الصواريخ": {clsNone, 0}, "منصة صاروخية": {clsNone, 0},
	// explosives
	"عبوة ناسفة": {clsIED, 5}, "عبوات ناسفة": {clsIED, 5}, "ناسفة": {clsIED, 4}, "لغم": {clsIED, 4},
	"ألغام": {clsIED, 4}, "مفخخة": {clsIED, 4}, "مفخخات": {clsIED, 4}, "جسم متفجر": {clsIED, 4},
	"عبوة": {clsIED, 2},
	// battles
	"اشتباك": {clsClash, 4}, "اشتباكات": {clsClash, 4}, "اشتبك*": {clsClash, 4}, "معارك": {clsClash, 4},
	"مواجهات": {clsClash, 4}, "اقتتال": {clsClash, 4}, "تبادل إطلاق النار": {clsClash, 5},
	"هجوم بري": {clsClash, 4},
	// shootings
	"اغتيال": {clsKill, 4}, "اغتيالات": {clsKill, 4}, "اغتال*": {clsKill, 4}, "رصاص": {clsShoot, 4},
	"الرصاص": {clsShoot, 4}, "برصاص": {clsShoot, 4}, "النار": {clsShoot, 3}, "أطلق* النار": {clsShoot, 4}, "إطلاق النار": {clsShoot, 4},
	"إطلاق نار": {clsShoot, 4}, "أعيرة نارية": {clsShoot, 3}, "قناص": {clsShoot, 4}, "قنص": {clsShoot, 4},
	"هجوم مسلح": {clsShoot, 4}, "طعن": {clsShoot, 3}, "إعدام": {clsShoot, 3}, "أعدم*": {clsShoot, 3},
	// interception and foiled attacks
	"إسقاط": {clsDisrupt, 5}, "أسقط*": {clsDisrupt, 5}, "أسقطت": {clsDisrupt, 5},
	"اعتراض": {clsDisrupt, 5}, "اعترض*": {clsDisrupt, 5}, "تصدت": {clsDisrupt, 4}, "تصدي": {clsDisrupt, 4},
	"تصدى": {clsDisrupt, 4}, "إحباط": {clsDisrupt, 5}, "أحبط*": {clsDisrupt, 5}, "إحباطه": {clsDisrupt, 5},
	"العثور على صاروخ": {clsDisrupt, 6}, "عثر* على صاروخ": {clsDisrupt, 6}, "عثر* على الصاروخ": {clsDisrupt, 6},
	"عثر* على صواريخ": {clsDisrupt, 6}, "عثر* على منصة": {clsDisrupt, 6}, "عثر* على قذائف": {clsDisrupt, 6},
	"العثور على صواريخ": {clsDisrupt, 6}, "معد للإطلاق": {clsDisrupt, 6}, "معدة للانطلاق": {clsDisrupt, 6},
	"العثور على منصة": {clsDisrupt, 6}, "ضبط منصة": {clsDisrupt, 6}, "تفكيك عبوة": {clsDisrupt, 6},
	"معدا للإطلاق": {clsDisrupt, 6}, "معدة للإطلاق": {clsDisrupt, 6}, "فكك*": {clsDisrupt, 4},
	// looting and destruction
	"نهب": {clsLoot, 4}, "نهبوا": {clsLoot, 4}, "سرقة": {clsLoot, 3}, "أحرقوا": {clsLoot, 4},
	"إحراق": {clsLoot, 4}, "تجريف": {clsLoot, 4}, "جرفت": {clsLoot, 4}, "هدم": {clsLoot, 3}, "هدمت": {clsLoot, 3},
	// no means stated
	"قصف": {clsGeneric, 1}, "القصف": {clsGeneric, 1}, "قصفت": {clsGeneric, 1}, "قصفا": {clsGeneric, 1},
	"ضربة": {clsGeneric, 1}, "ضربات": {clsGeneric, 1}, "الضربة": {clsGeneric, 1}, "الضربات": {clsGeneric, 1},
	"ضربتين": {clsGeneric, 1}, "هجوم": {clsGeneric, 1}, "هجمات": {clsGeneric, 1}, "هجوما": {clsGeneric, 1},
	"استهداف": {clsGeneric, 1}, "عدوان": {clsGeneric, 1}, "عدوانا": {clsGeneric, 1},
	"استهدف*": {clsGeneric, 1}, "هاجم*": {clsGeneric, 1}, "ضربت": {clsGeneric, 1}, "دكت": {clsGeneric, 1},
	"قصفها": {clsGeneric, 1}, "ضرباتها": {clsGeneric, 1}, "هجماتها": {clsGeneric, 1}, "هجومها": {clsGeneric, 1},
	"استهدافها": {clsGeneric, 1}, "ضربتها": {clsGeneric, 1},
}

// anchorWords are the verbs and nouns that report an event happening. A
// clause holds an event only when one of them is there: type words alone
// ("طائرات حلقت", "منصة صواريخ") report nothing.
var anchorWords = []string{
	"استهدف*", "استهداف*", "قصف*", "ضرب", "ضربت", "ضربة", "ضربات", "ضربتين", "ضربه", "ضربها", "شن", "شنت",
	"شنّ", "شنتا", "شنوا", "شنها", "شنته", "شنتها", "شنه", "هاجم*", "هجوم*", "هجمات", "هجمة", "أغار*",
	"غارة", "غارات", "غارتين", "غارتان", "طال", "طالت", "سقط", "سقطت", "سقطا", "سقطتا", "سقوط",
	"أصاب", "أصابت", "تعرض", "تعرضت", "تعرّض", "تعرّضت", "تعرضها", "عدوان*", "اعتداء*", "نفذ", "نفذت",
	"نفّذ", "نفّذت", "نفذته", "نفذها", "دك", "دكت", "أطلق*", "إطلاق", "انفجار", "انفجرت", "تفجير*",
	"فجروا", "اشتباك*", "اشتبك*", "اغتيال*", "اغتال*", "قنص", "قناص", "إلقاء", "ألقت", "ألقى",
	"دارت", "اندلعت", "اندلاع", "ضرباتها", "غاراتها", "قصفها", "هجماتها", "هجومها", "استهدافها",
	"ضربتها", "غارتها", "قصفه", "هجماته", "وشن", "فشن", "وشنت", "فشنت",
	"إسقاط*", "أسقط*", "أسقطتا", "اعترض*", "اعتراض*", "تصدت", "تصدى", "تصدي", "إحباط*", "أحبط*",
	"عثر", "عثرت", "العثور", "تفكيك", "فكك*", "نهب*", "أحرق*", "إحراق", "جرف*", "تجريف", "هدم*",
	"رشقة", "قذائف", "قذيفة", "برصاص", "رصاص", "تبادل", "أطلقها", "أطلقوا", "طعن", "أعدم*",
	"إعدام", "اقتحم*", "اقتحام",
}

// baseVerbs and baseNouns make "Headquarters or base established" when
// both are in a clause ("أنشأت القوات نقطة عسكرية جديدة").
var (
	baseVerbs = []string{"أنشأت", "أنشأ", "إنشاء", "أقامت", "أقام", "إقامة", "شيدت", "شيّدت", "استحدثت",
		"استحدث", "تأسيس", "أسست", "بنت", "نصبت", "ثبتت", "ثبّتت"}
	baseNouns = []string{"قاعدة", "نقطة", "برج", "مقر", "مقرا", "موقعا", "معسكر", "معسكرا", "ثكنة", "قاعدة عسكرية", "برج مراقبة", "نقطة عسكرية"}
)

// airPowers are the actors whose missiles come from aircraft: "صواريخ
// إسرائيلية" are an air strike, not artillery.
var airPowers = map[string]bool{
	ActorUS: true, ActorCoalition: true, ActorIsrael: true, ActorRussia: true, ActorSaudiCoalition: true,
}

// groundPowers are the actors whose attacks on a place, when the text
// names no means, are shelling: rockets, mortars and artillery.
var groundPowers = map[string]bool{
	ActorIranMilitias: true, ActorSyrianGov: true, ActorTurkey: true, ActorHouthis: true, ActorSDF: true,
	ActorOpposition: true, ActorHezbollah: true, ActorHamas: true, ActorIRGC: true,
}

// typeVotes sums the class weights of the type words in tokens [from, to).
type typeVotes [nClasses]int

func (x *Extractor) votes(d *doc, from, to int) typeVotes {
	var v typeVotes
	for i := from; i < to; {
		n, tw := x.typeLex.match(d, i)
		if n == 0 {
			i++
			continue
		}
		v[tw.c] += tw.w
		i += n
	}
	return v
}

// decide turns votes into a sub-event type given actor1 (for the means an
// actor uses) and the target's nature. ok is false when the clause names
// no means and the actor says nothing either.
func decide(v typeVotes, actor1 string, armedTarget bool) (string, bool) {
	switch {
	case v[clsDisrupt] >= 4:
		return SubDisrupted, true
	case v[clsIED] >= 4:
		return SubIED, true
	}
	best, bestW := clsNone, 0
	for _, c := range []class{clsAir, clsShell, clsMissile, clsClash, clsShoot, clsLoot, clsIED} {
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
		case airPowers[actor1]:
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
		if armedTarget {
			return SubArmedClash, true
		}
		return SubAttack, true
	case clsLoot:
		return SubLooting, true
	}
	if v[clsGeneric] > 0 && airPowers[actor1] {
		return SubAirStrike, true
	}
	if v[clsKill] > 0 && v[clsGeneric] == 0 {
		if armedTarget {
			return SubArmedClash, true
		}
		return SubAttack, true
	}
	return subUnknownType, false
}
