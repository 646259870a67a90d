package extract

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

// clauseStarts are the connectors that open a new clause, with its kind.
var clauseStarts = map[string]clauseKind{
	"فيما": kindMain, "بينما": kindMain, "حين": kindMain, "كما": kindMain, "ثم": kindMain,
	"حيث": kindMain, "بالإضافة إلى": kindMain, "إضافة إلى": kindMain, "علاوة على": kindMain, "تزامنا": kindMain, "بالتزامن": kindMain, "مستهدفا": kindMain, "مستهدفة": kindMain,
	"بعد": kindRetro, "غداة": kindRetro, "عقب": kindRetro, "إثر": kindRetro, "ردا على": kindRetro,
	"رداً على": kindRetro, "أعقاب": kindRetro, "قبل": kindRetro,
	"بهدف": kindPurpose, "لردع": kindPurpose, "ردع": kindPurpose, "تهدف": kindPurpose, "يهدف": kindPurpose,
	"لمنع": kindPurpose, "بغية": kindPurpose, "لحماية": kindPurpose, "للحد": kindPurpose, "لتعطيل": kindPurpose,
	"وسط": kindAmid, "منذ": kindAmid, "على وقع": kindAmid,
}

// notAfterBade are words after "بعد" that make it a time of day, not an
// earlier event ("بعد منتصف الليل").
var notAfterBade = []string{"منتصف", "ظهر", "الظهر", "عصر", "العصر", "الفجر", "ساعات", "ساعة", "دقائق", "وقت", "قليل", "ذلك"}

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
			out = append(out, c)
			c = clause{sent: si, t0: i, kind: kind, where: d.hasForm(i, "حيث", false)}
		}
		c.t1 = s.t1
		if c.t1 > c.t0 {
			out = append(out, c)
		}
	}
	return out
}

func (x *Extractor) clauseBreak(d *doc, i int, headline bool) (clauseKind, bool) {
	if n, k := x.starts.match(d, i); n > 0 && !headline {
		switch {
		case k == kindRetro && x.notAfterBade.has(d, i+1) && d.hasForm(i, "بعد", false):
			return 0, false
		case k == kindRetro && d.hasForm(i, "قبل", false) && i > 0 && d.toks[i-1].Key == "من":
			return 0, false // "من قبل": by
		}
		return k, true
	}
	// "قال الجيش، إن ...": what is said is a clause of its own, so that the
	// speaker is not taken for the attacker.
	if x.complementizer.has(d, i) && !headline {
		for k := i - 1; k >= max(0, i-4) && d.sentOf[k] == d.sentOf[i]; k-- {
			if x.speech.has(d, k) {
				return kindMain, true
			}
		}
	}
	// "، وقصفت" / "وشنّ": a new verb of attack with its conjunction.
	key := d.toks[i].Key
	if len(key) > 2 && (key[:2] == "و" || key[:2] == "ف") && x.verbs.has(d, i) {
		return kindMain, true
	}
	return 0, false
}

// speechWords are verbs of saying: the clause after their "إن"/"أن" is
// what was said.
var speechWords = []string{"قال*", "أكد*", "أعلن*", "أفاد*", "ذكر*", "أوضح*", "أشار*", "كشف*", "زعم*", "أضاف*",
	"اعتبر*", "رأى", "نقل*", "أورد*", "بين*", "تابع", "تابعت", "مضيفا", "مضيفة", "موضحا", "موضحة", "مشيرا",
	"مشيرة", "مؤكدا", "مؤكدة", "يذكر", "تجدر", "قالت", "عن", "بيان", "مصادر", "المصادر", "المرصد",
	"الوكالة", "اعتقاد", "وأضاف", "وذكرت", "وقالت", "وقال", "أفادت", "وأفادت"}

// backgroundWords mark clauses that report no single event: habits,
// counts over a period, threats, warnings and what may happen.
var backgroundWords = []string{
	// habits and series
	"بين الفينة والأخرى", "بين الحين والآخر", "من وقت لآخر", "من حين لآخر", "أحيانا", "أحياناً", "عادة",
	"غالبا", "باستمرار", "متكرر*", "شبه يومية", "يوميا", "الفترة الأخيرة", "وتيرة", "الأعوام الأخيرة",
	"الأسابيع الماضية", "الأشهر الماضية", "خلال العام", "خلال شهر", "خلال الشهر", "خلال الأشهر",
	"خلال الأسابيع", "مطلع العام", "حصيلة", "إجمالي", "عدد الهجمات", "سلسلة الهجمات", "سلسلة هجمات",
	"سلسلة من الهجمات", "تكرار", "مسلسل", "يحمل الرقم", "من نوعه", "متبادل*", "المتبادل*", "تبادلت",
	"مماثل*", "سبق أن", "سبق ل*", "تكثيف", "ترد عادة", "استمرار", "يستمر", "تستمر", "متواصل*",
	// arrests and cells are no attacks
	"خلية", "خلايا", "اعتقال", "اعتقل*", "القبض", "حملة دهم", "مداهمة",
	// threats, warnings, hypotheses
	"محتمل*", "تهديد*", "تهدد", "يهدد", "هدد*", "حذر*", "تحذير*", "توعد*", "يترقب", "تترقب", "سترد", "سيرد",
	"سوف", "يعتزم", "تعتزم", "تخطط", "يخطط", "مخاوف", "يخشى", "تخشى", "في حال", "ستستهدف", "هذا النوع",
	"سيستهدف", "تستعد", "يستعد", "مرتقب*", "وشيك*", "قد تشن", "قد يشن", "يمكن", "بإمكان",
	// habitual present of attack verbs, in the body
	"تتعرض", "يتعرض", "تهاجم", "يهاجم", "تشن", "يشن", "تقصف", "يقصف", "تتبادل",
	"تشهد", "يشهد", "باتت",
}

// presentWords are the present-tense attack verbs among backgroundWords:
// habits in a body, but the ordinary tense of a headline.
var presentWords = []string{"تتعرض", "يتعرض", "تهاجم", "يهاجم", "تشن", "يشن", "تقصف", "يقصف", "تتبادل", "تشهد", "يشهد"}

// periodWords are spans of time that make a count of attacks a statistic
// ("55 هجوما خلال شهر").
var periodWords = []string{"شهر", "أشهر", "شهرين", "أسبوع", "أسابيع", "عام", "أعوام", "سنة", "سنوات", "العام", "الشهر", "منذ"}

// operationWords counted make a summary of several incidents ("5 قتلى في 3
// عمليات اغتيال"), each told on its own.
var operationWords = []string{"عمليات", "حوادث", "عمليتي", "حادثتي", "حادثين"}

// countedEvents are event nouns that a statistic counts.
var countedEvents = []string{"هجوما", "هجوماً", "هجمات", "هجوم", "غارة", "غارات", "ضربة", "ضربات", "استهدافا",
	"عملية", "عمليات", "اعتداء", "اعتداءات", "قصفا", "حوادث"}

// background reports whether clause c reports no event of its own.
func (x *Extractor) background(d *doc, c clause) bool {
	if c.kind == kindPurpose || c.kind == kindAmid {
		return true
	}
	headline := d.sents[c.sent].headline
	for i := c.t0; i < c.t1; i++ {
		if n, _ := x.backgroundLex.match(d, i); n > 0 {
			if headline && x.presentVerbs.has(d, i) {
				continue // headlines tell past events in the present tense
			}
			if x.presentVerbs.has(d, i) && x.today(d, c) {
				continue
			}
			return true
		}
	}
	return x.statistic(d, c)
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
