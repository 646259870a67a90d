package extract

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

// actorNames are the phrases that name an armed actor, by class. The
// longest phrase wins, so "الجيش السوري الحر" is the opposition and
// "الجيش السوري" the government.
var actorNames = map[string]string{
	// United States
	"القوات الأميركية": ActorUS, "القوات الأمريكية": ActorUS, "قوات أميركية": ActorUS, "قوات أمريكية": ActorUS,
	"الجيش الأميركي": ActorUS, "الجيش الأمريكي": ActorUS, "الولايات المتحدة": ActorUS, "واشنطن": ActorUS,
	"البنتاغون": ActorUS, "وزارة الدفاع الأميركية": ActorUS, "وزارة الدفاع الأمريكية": ActorUS,
	"القيادة المركزية": ActorUS, "سنتكوم": ActorUS, "سينتكوم": ActorUS, "الأميركيين": ActorUS,
	"الأمريكيين": ActorUS, "جنود أميركيين": ActorUS, "الاحتلال الأميركي": ActorUS, "قوات الاحتلال الأميركية": ActorUS,
	"الطيران الأميركي": ActorUS, "الطيران الأمريكي": ActorUS, "القوات الخاصة الأميركية": ActorUS,
	"المارينز": ActorUS, "البحرية الأميركية": ActorUS, "البحرية الأمريكية": ActorUS,
	// coalitions
	"التحالف الدولي": ActorCoalition, "قوات التحالف": ActorCoalition, "التحالف": ActorCoalition,
	"طيران التحالف": ActorCoalition, "مقاتلات التحالف": ActorCoalition, "طائرات التحالف": ActorCoalition,
	"التحالف العربي": ActorSaudiCoalition, "التحالف بقيادة السعودية": ActorSaudiCoalition,
	"تحالف دعم الشرعية": ActorSaudiCoalition, "التحالف السعودي": ActorSaudiCoalition,
	// Iran and its allies
	"الميليشيات الإيرانية": ActorIranMilitias, "المليشيات الإيرانية": ActorIranMilitias,
	"ميليشيات إيرانية": ActorIranMilitias, "مليشيات إيرانية": ActorIranMilitias,
	"الفصائل الإيرانية": ActorIranMilitias, "المليشيات العراقية": ActorIranMilitias,
	"الميليشيات العراقية": ActorIranMilitias, "الفصائل العراقية": ActorIranMilitias,
	"فصائل عراقية": ActorIranMilitias, "المقاومة الإسلامية في العراق": ActorIranMilitias,
	"المقاومة الإسلامية": ActorIranMilitias, "كتائب حزب الله": ActorIranMilitias, "فاطميون": ActorIranMilitias,
	"زينبيون": ActorIranMilitias, "النجباء": ActorIranMilitias, "الحشد الشعبي": ActorIranMilitias,
	"الحرس الثوري": ActorIRGC, "الحرس الثوري الإيراني": ActorIRGC, "فيلق القدس": ActorIRGC,
	"الحرس الثوري الإسلامي": ActorIRGC,
	"حزب الله":              ActorHezbollah, "حزب الله اللبناني": ActorHezbollah,
	"الحوثي": ActorHouthis, "الحوثيين": ActorHouthis, "الحوثيون": ActorHouthis, "جماعة الحوثي": ActorHouthis,
	"جماعة الحوثيين": ActorHouthis, "أنصار الله": ActorHouthis, "ميليشيات الحوثي": ActorHouthis,
	"ميليشيات الحوثيين": ActorHouthis, "مليشيا الحوثي": ActorHouthis, "الحوثيي": ActorHouthis,
	"حوثيين": ActorHouthis, "حوثيون": ActorHouthis,
	// Syria
	"قوات سوريا الديمقراطية": ActorSDF, "قسد": ActorSDF, "القوات الكردية": ActorSDF, "وحدات حماية الشعب": ActorSDF,
	"قوات النظام": ActorSyrianGov, "النظام السوري": ActorSyrianGov, "الجيش السوري": ActorSyrianGov,
	"القوات الحكومية": ActorSyrianGov, "القوات الحكومية السورية": ActorSyrianGov, "قوات الحكومة": ActorSyrianGov,
	"قوات الأسد": ActorSyrianGov, "نظام الأسد": ActorSyrianGov, "الفرقة الرابعة": ActorSyrianGov,
	"الدفاعات الجوية السورية": ActorSyrianGov, "الحكومة السورية": ActorSyrianGov, "قوات الجيش السوري": ActorSyrianGov,
	"الجيش العربي السوري": ActorSyrianGov, "وزارة الدفاع السورية": ActorSyrianGov, "دفاعات النظام": ActorSyrianGov,
	"الجيش السوري الحر": ActorOpposition, "الجيش الحر": ActorOpposition, "فصائل المعارضة": ActorOpposition,
	"المعارضة السورية": ActorOpposition, "الفصائل الإسلامية": ActorOpposition, "الفصائل الجهادية": ActorOpposition,
	"هيئة تحرير الشام": ActorOpposition, "الجيش الوطني السوري": ActorOpposition, "مقاتلو المعارضة": ActorOpposition,
	"الفصائل الإسلامية والجهادية": ActorOpposition, "قوات المعارضة": ActorOpposition,
	// Israel
	"إسرائيل": ActorIsrael, "الجيش الإسرائيلي": ActorIsrael, "الطيران الإسرائيلي": ActorIsrael,
	"الطيران الحربي الإسرائيلي": ActorIsrael, "العدو الإسرائيلي": ActorIsrael, "الاحتلال الإسرائيلي": ActorIsrael,
	"جيش الاحتلال": ActorIsrael, "الطيران الصهيوني": ActorIsrael, "العدو الصهيوني": ActorIsrael,
	"الاحتلال": ActorIsrael, "تل أبيب": ActorIsrael, "المقاومة": ActorIranMilitias,
	// others
	"داعش": ActorISIS, "تنظيم الدولة": ActorISIS, "تنظيم الدولة الإسلامية": ActorISIS, "الدولة الإسلامية": ActorISIS,
	"القوات التركية": ActorTurkey, "الجيش التركي": ActorTurkey, "تركيا": ActorTurkey, "أنقرة": ActorTurkey,
	"الطيران التركي": ActorTurkey, "المسيرات التركية": ActorTurkey,
	"القوات الروسية": ActorRussia, "الطيران الروسي": ActorRussia, "روسيا": ActorRussia, "موسكو": ActorRussia,
	"القوات العراقية": ActorIraq, "الجيش العراقي": ActorIraq, "القوات الأمنية العراقية": ActorIraq,
	"القوى الأمنية العراقية": ActorIraq, "قوات الأمن العراقي": ActorIraq, "قوات الأمن العراقية": ActorIraq,
	"القوات الأمنية": ActorIraq, "القوى الأمنية": ActorIraq, "سلطات الأمن العراقية": ActorIraq,
	"حماس": ActorHamas, "حركة حماس": ActorHamas, "كتائب القسام": ActorHamas,
	// targets and unknowns
	"مدنيين": ActorCivilians, "مدني": ActorCivilians, "المدنيين": ActorCivilians, "مدنيا": ActorCivilians,
	"مدنيون": ActorCivilians, "السكان": ActorCivilians, "منزل": ActorCivilians, "منزلا": ActorCivilians,
	"منازل": ActorCivilians, "منزلها": ActorCivilians, "أطفال": ActorCivilians, "نساء": ActorCivilians,
	"مواطنين": ActorCivilians, "مواطن": ActorCivilians, "مدنياً": ActorCivilians, "المواقع المدنية": ActorCivilians,
	"مجهولين": ActorUnidentified, "مجهولون": ActorUnidentified, "مسلحون مجهولون": ActorUnidentified,
	"مسلحين مجهولين": ActorUnidentified, "مجهولة المصدر": ActorUnidentified, "مجهول المصدر": ActorUnidentified,
}

// actorAdjectives are nisba adjectives that name an actor when they
// qualify an attack ("قصف إسرائيلي") or a target ("قاعدة أميركية").
var actorAdjectives = map[string]string{
	"أميركي": ActorUS, "أمريكي": ActorUS, "أميركية": ActorUS, "أمريكية": ActorUS, "أميركيا": ActorUS,
	"أمريكيا": ActorUS, "أميركيّة": ActorUS, "أميركيتين": ActorUS,
	"إسرائيلي": ActorIsrael, "إسرائيلية": ActorIsrael, "إسرائيليا": ActorIsrael, "صهيوني": ActorIsrael,
	"صهيونية": ActorIsrael,
	"تركي":    ActorTurkey, "تركية": ActorTurkey, "روسي": ActorRussia, "روسية": ActorRussia,
	"إيراني": ActorIranMilitias, "إيرانية": ActorIranMilitias, "إيرانيا": ActorIranMilitias,
	"حوثي": ActorHouthis, "حوثية": ActorHouthis,
}

// Words around an actor that say its role.
var (
	// groupNouns followed by a tie to Iran make "Iran-backed militias".
	groupNouns = []string{"ميليشيا", "مليشيا", "ميليشيات", "مليشيات", "مجموعات", "جماعات", "جماعة", "فصائل",
		"مسلحين", "مسلحون", "المجموعات", "عناصر", "مقاتلين"}
	iranTies = []string{"إيران", "طهران", "إيرانيا", "الإيراني", "الإيرانية", "إيرانية", "إيراني", "الحرس الثوري"}
	// attackerBefore precede the attacker: a means ("طيران التحالف"), an
	// agent phrase ("من قبل"), an active verb.
	attackerBefore = []string{"قصف", "غارة", "غارات", "ضربة", "ضربات", "هجوم", "هجمات", "طائرة", "طائرات",
		"مسيرة", "مسيرات", "طيران", "مقاتلات", "صواريخ", "قذائف", "عدوان", "استهداف", "قبل", "نفذها", "شنتها",
		"أطلقها", "أطلقتها", "نفذته", "شنته", "مصدره", "مصدرها", "استهدفت", "استهدف", "قصفت", "شنت", "شن", "هاجمت",
		"ردت", "نفذت", "أطلقت", "تبادلت", "جددت", "وسعت", "استهدفوا", "أغارت", "حربية", "الحربي", "اتهم", "واتهم", "اتهمت", "قناص", "قذيفة", "برصاص", "رصاص", "أطلقه", "أطلقوا", "تصدت"}
	// targetBefore precede the target: a preposition of attack, a
	// position or a person it held.
	targetBefore = []string{"على", "ضد", "مواقع", "موقع", "مقرات", "مقار", "مقر", "قواعد", "قاعدة", "نقاط", "نقطة",
		"مستودعات", "مخازن", "مخبأ", "منشأة", "منشأتين", "معسكر", "معسكرات", "تمركزات", "مراكز", "سيارة", "آليات",
		"صفوف", "عناصر", "عنصر", "تستخدمها", "يستخدمها", "يديرها", "تضم", "يضم", "يستضيف", "تتمركز",
		"يتمركز", "جنود", "مرافق", "جنديا", "قادة", "قيادي", "مسؤول", "سياره", "تستخدمهما", "مركز",
		"مقتل", "إصابة", "جرح", "متعاقد", "مقتلهم", "عربة", "منزل", "سكان"}
	// leaderWords before an actor make it the leader of the one before
	// ("التحالف الدولي بقيادة الولايات المتحدة"): not an actor of its own.
	leaderWords = []string{"بقيادة", "تقوده", "يقوده", "تتزعمه", "بزعامة"}
	// mediaWords start the name of an outlet that may hold a country's
	// name ("قناة روسيا اليوم"): no actor.
	mediaWords = []string{"قناة", "وكالة", "صحيفة", "موقع", "شبكة", "إذاعة", "تلفزيون", "مرصد", "منصة"}
	// armedWords make a shooting a clash: the target was armed.
	armedWords = []string{"عنصر", "عناصر", "جندي", "جنود", "جنديا", "مقاتل", "مقاتلين", "عسكري", "عسكريين",
		"ضابط", "دورية", "حاجز", "قوات", "قيادي"}
)

// actorMention is one actor named in a text.
type actorMention struct {
	label  string
	t0, t1 int
	adj    bool // a nisba adjective
}

// actors finds the actors named in tokens [from, to).
func (x *Extractor) actors(d *doc, from, to int) []actorMention {
	var out []actorMention
	for i := from; i < to; {
		if x.media.has(d, i) {
			i += 3 // the outlet's name
			continue
		}
		if i > from && x.leaders.has(d, i-1) {
			if n, _ := x.actorLex.match(d, i); n > 0 {
				i += n
				continue
			}
		}
		if n, label := x.actorLex.match(d, i); n > 0 && i+n <= to {
			out = append(out, actorMention{label: label, t0: i, t1: i + n})
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
		if n, label := x.adjLex.match(d, i); n > 0 {
			out = append(out, actorMention{label: label, t0: i, t1: i + n, adj: true})
			i += n
			continue
		}
		i++
	}
	return out
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
	for _, l := range [][]string{targets, neutral, attackers} {
		for _, a := range l {
			if a != actor1 && a != ActorUnidentified {
				return actor1, a, marked
			}
		}
	}
	return actor1, "", marked
}
