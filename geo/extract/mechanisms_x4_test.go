package extract_test

import (
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
)

// TestKickerAboveHeadline: a section or outlet label above the headline
// ("أخبار عربية", "تقارير") is no headline; the line under it is, so a
// headline that only sums the body's events up at a country is dropped
// for the precise ones, as when the headline is the first line.
func TestKickerAboveHeadline(t *testing.T) {
	const headline = "مواجهات بين الجيش ومسلحين في سوريا تخلف قتلى\n"
	const body = "وقالت مصادر ميدانية إن مسلحين هاجموا حاجزا للجيش عند مدخل مدينة الصنمين فجر الخميس، واشتبكوا مع عناصره لساعتين.\n"
	for _, tc := range []struct{ name, kicker string }{
		{"no kicker", ""},
		{"a kicker of two words", "تقارير ميدانية\n"},
		{"a kicker of one word", "عاجل\n\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins := incidents(t, tc.kicker+headline+body, thursday)
			precise := false
			for _, in := range ins {
				if in.Place != nil && in.Place.Kind == geo.KindCountry {
					t.Errorf("an incident at the country the headline sums up:%s", describe(ins))
				}
				precise = precise || in.PlaceText == "الصنمين"
			}
			if !precise {
				t.Errorf("no incident at الصنمين:%s", describe(ins))
			}
		})
	}
}

// TestAccusations: an accusation or a denial ("اتهم", "نفى", "حمّل X
// مسؤولية") names an attack as one side's word about it. It is no other
// event than the attack the article reports at that place, whoever it
// names as the attacker (and it names the attacker a report leaves
// unnamed); when the article reports attacks of that type itself, one it
// alone tells is one of them or disputed; when it is the article's only
// word on an attack, that attack stays.
func TestAccusations(t *testing.T) {
	type want struct {
		sub, place, actor1 string
		n                  int // incidents of sub in all
	}
	cases := []struct {
		name, text string
		want       want
	}{
		{"an accusation restates the attack reported",
			"[untitled]\nسقطت قذائف هاون فوق منازل المدنيين في مدينة الفاشر صباح الخميس فقتلت أربعة مدنيين.\nواتهمت حكومة الإقليم قوات الدعم السريع بقصف مدينة الفاشر.",
			want{extract.SubShelling, "الفاشر", "Rapid Support Forces", 1}},
		{"a counter-accusation names another attacker",
			"[untitled]\nقصف الجيش السوري بلدة كفرنبل بالمدفعية الثقيلة مساء الخميس.\nواتهمت فصائل المعارضة القوات الروسية بقصف بلدة كفرنبل.",
			want{extract.SubShelling, "كفرنبل", "Syrian government forces", 1}},
		{"a denial of the attack reported",
			"[untitled]\nقصفت طائرات حربية مستودعا للوقود في مدينة إدلب فجر الخميس.\nونفت وزارة الدفاع الروسية أن تكون طائراتها قد قصفت مدينة إدلب.",
			want{extract.SubAirStrike, "إدلب", "", 1}},
		{"an accusation cut from the report before it",
			"[untitled]\nسقطت ثلاثة صواريخ على قاعدة عسكرية في مدينة الرمادي مساء الخميس، واتهم مسؤولون أمنيون فصيلا مسلحا بإطلاقها.",
			want{extract.SubShelling, "الرمادي", "", 1}},
		{"blame for attacks beside the ones reported",
			"[untitled]\nضربت طائرة مسيرة سيارة مدنية على طريق قرب مدينة القامشلي يوم الخميس.\nوفي الشهر الماضي حمّل مجلس محلي الجيش التركي مسؤولية ضربات جوية أصابت مدينة منبج.",
			want{extract.SubAirStrike, "القامشلي", "", 1}},
		{"an accusation that is the only word on the attack",
			"[untitled]\nاتهم الجيش السوداني قوات الدعم السريع بقصف مدينة الأبيض بالمدفعية الثقيلة يوم الخميس، ما أسفر عن مقتل خمسة مدنيين.",
			want{extract.SubShelling, "الأبيض", "Rapid Support Forces", 1}},
		{"carrying arms blames no one",
			"[untitled]\nمسلحون كانوا يحملون بنادق آلية هاجموا حاجزا للشرطة قرب مدينة بعقوبة فجر الخميس.",
			want{extract.SubArmedClash, "بعقوبة", "", 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ins := incidents(t, tc.text, thursday)
			n, found := 0, false
			for _, in := range ins {
				if in.SubEventType != tc.want.sub {
					continue
				}
				n++
				if strings.HasSuffix(in.PlaceText, tc.want.place) && (tc.want.actor1 == "" || in.Actor1 == tc.want.actor1) {
					found = true
				}
			}
			if !found || n != tc.want.n {
				t.Errorf("want %d %s, one at %s by %q:%s", tc.want.n, tc.want.sub, tc.want.place, tc.want.actor1, describe(ins))
			}
		})
	}
}

// TestAircraftInBattle: aircraft said to take part in or back a fight on
// the ground ("شاركت فيها مروحيات", "بمشاركة الطيران", "بإسناد من
// مسيرات", "بغطاء جوي") do not make the fight an air strike: it is a
// battle, and the aircraft's part is an air strike of its own at the
// same place. Backing by no aircraft ("بدعم من الحلفاء") adds nothing.
func TestAircraftInBattle(t *testing.T) {
	cases := []struct {
		name, text, place string
		air               bool
	}{
		{"شاركت فيها مروحيات", "[untitled]\nواندلعت معارك بين الجيش ومسلحين محليين في مدينة درعا يوم الخميس، وشاركت فيها مروحيات تابعة للجيش.", "درعا", true},
		{"بمشاركة الطيران المسير", "[untitled]\nوجرت اشتباكات ضارية بين الطرفين داخل مدينة بابنوسة يوم الخميس بمشاركة الطيران المسير.", "بابنوسة", true},
		{"an assault بإسناد من طائرات مسيرة", "[untitled]\nوهاجم مسلحون حاجزا للشرطة في مدينة بعقوبة فجر الخميس بإسناد من طائرات مسيرة.", "بعقوبة", true},
		{"بغطاء جوي", "[untitled]\nواشتبكت القوات الحكومية مع عناصر التنظيم قرب مدينة سرت بغطاء جوي كثيف.", "سرت", true},
		{"backing by no aircraft", "[untitled]\nواشتبكت القوات الحكومية مع عناصر التنظيم قرب مدينة سرت بدعم من قوات حليفة.", "سرت", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ins := incidents(t, tc.text, thursday)
			clash, air := 0, 0
			for _, in := range ins {
				if !strings.HasSuffix(in.PlaceText, tc.place) {
					continue
				}
				switch in.SubEventType {
				case extract.SubArmedClash:
					clash++
				case extract.SubAirStrike:
					air++
				}
			}
			if want := map[bool]int{true: 1, false: 0}[tc.air]; clash != 1 || air != want {
				t.Errorf("want one armed clash and %d air strikes at %s:%s", want, tc.place, describe(ins))
			}
		})
	}
}

// TestRepelledAttack: an attack of no stated means that the other side
// fought off in the same sentence ("وتصدت له قوات الجيش") was fought on
// the ground: one armed clash, however the two clauses name the sides
// (not a shelling beside it); fought off by air defences it is no battle.
func TestRepelledAttack(t *testing.T) {
	cases := []struct {
		name, text, place string
		clash             bool
	}{
		{"fought off by the army", "[untitled]\nوذكر ضابط في الجيش أن الدعم السريع شن هجوما واسعا على مدينة الدويم صباح الخميس، وأضاف الضابط أن وحدات الجيش تصدت للهجوم وأجبرت المهاجمين على التراجع.", "الدويم", true},
		{"fought off by air defences", "[untitled]\nوقال سكان إن الحوثيين شنوا هجوما على مدينة مأرب مساء الخميس، وأن الدفاعات الجوية تصدت له.", "مأرب", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ins := incidents(t, tc.text, thursday)
			clashes, at := 0, 0
			for _, in := range ins {
				if in.SubEventType == extract.SubArmedClash {
					clashes++
				}
				if strings.HasSuffix(in.PlaceText, tc.place) {
					at++
				}
			}
			if tc.clash && (clashes != 1 || at != 1) || !tc.clash && (clashes != 0 || at == 0) {
				t.Errorf("want clash=%v, one incident at %s:%s", tc.clash, tc.place, describe(ins))
			}
		})
	}
}

// TestAirPowerFromBase: an air power's forces said to be stationed at a
// place ("القوات الأمريكية المتمركزة في قاعدة X") that target something
// by no stated means fire from the ground: shelling, not the air strike
// an air power's attack of no stated means is by default.
func TestAirPowerFromBase(t *testing.T) {
	const target = " شاحنة محملة بالذخائر تابعة لمجموعة مسلحة على أطراف بلدة ذيبان مساء الخميس."
	cases := []struct{ name, text, sub string }{
		{"the attacker stationed", "[untitled]\nواستهدفت القوات الأمريكية المتمركزة في قاعدة خراب الجير" + target, extract.SubShelling},
		{"nothing stationed", "[untitled]\nواستهدفت القوات الأمريكية" + target, extract.SubAirStrike},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ins := incidents(t, tc.text, thursday)
			if len(ins) != 1 || ins[0].SubEventType != tc.sub || !strings.HasSuffix(ins[0].PlaceText, "ذيبان") {
				t.Errorf("want one %s at ذيبان:%s", tc.sub, describe(ins))
			}
		})
	}
}

// TestBeforeATime: "قبل" before a short span or a time of day ("قبل
// قليل", "قبل ساعات", "قبل الفجر") times the event told, which is the
// news and dated like it, not an earlier event (left undated) as "قبل
// ذلك" opens.
func TestBeforeATime(t *testing.T) {
	cases := []struct {
		name, text string
		dated      bool
	}{
		{"قبل قليل", "[untitled]\nورصد ناشطون قبل قليل، قصفا بطائرة مسيرة استهدف سيارة على طريق بلدة الأتارب.", true},
		{"قبل ساعات", "[untitled]\nورصد ناشطون قبل ساعات، قصفا بطائرة مسيرة استهدف سيارة على طريق بلدة الأتارب.", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ins := incidents(t, tc.text, thursday)
			for _, in := range ins {
				if strings.HasSuffix(in.PlaceText, "الأتارب") {
					if in.Date.IsZero() == tc.dated {
						t.Errorf("dated %v, want %v:%s", !in.Date.IsZero(), tc.dated, describe(ins))
					}
					return
				}
			}
			t.Errorf("no incident at الأتارب:%s", describe(ins))
		})
	}
}

// TestGoesOnAgainstCivilians: a clause that goes on with the same
// subject ("، واستهدف سيارات المدنيين") happened where the clause
// before it was placed, even when that clause named its place by a
// definite noun ("قرب المدينة"); and a named attacker's targeting of
// civilians by no stated means (not an air power's) is violence against
// them: an Attack.
func TestGoesOnAgainstCivilians(t *testing.T) {
	cases := []struct{ name, text string }{
		{"placed by the clause before's anaphor", "[untitled]\nاندلعت اشتباكات عنيفة في مدينة السخنة مساء الخميس.\nكما هاجم تنظيم داعش حاجزا للجيش قرب المدينة، واستهدف سيارات المدنيين."},
		{"a named attacker, no means", "[untitled]\nوشن تنظيم داعش هجوما على سيارات المدنيين على طريق مدينة السخنة مساء الخميس."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ins := incidents(t, tc.text, thursday)
			for _, in := range ins {
				if in.SubEventType == extract.SubAttack && strings.HasSuffix(in.PlaceText, "السخنة") && in.Actor2 == extract.ActorCivilians {
					return
				}
			}
			t.Errorf("want an Attack on civilians at السخنة:%s", describe(ins))
		})
	}
}

// TestBarracksCue: "ثكنة" (barracks) and its plural are facility cues
// like "معسكر": the name after them is the military site an attack hit.
func TestBarracksCue(t *testing.T) {
	for _, tc := range []struct{ name, text, place string }{
		{"ثكنة X", "[untitled]\nوأعلن حزب الله أن مقاتليه قصفوا ثكنة الشوميرا بقذائف الهاون صباح الخميس.", "الشوميرا"},
		{"بثكنة X", "[untitled]\nوقال الحزب إن صاروخا موجها أصاب آلية عسكرية بثكنة يفتاح ظهر الخميس.", "يفتاح"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins := incidents(t, tc.text, thursday)
			for _, in := range ins {
				if in.Place != nil && in.Place.Kind == geo.KindFacility && strings.HasSuffix(in.PlaceText, tc.place) {
					return
				}
			}
			t.Errorf("want an incident at the barracks %s:%s", tc.place, describe(ins))
		})
	}
}

// TestForceNounBeforeNamedActor: a force noun before a named actor that
// runs to the end of the force's phrase ("قوات الجيش الوطني السوري") is
// that actor, not the government the nisba names; a force noun and a
// nisba alone ("قوات الجيش السوري") stay the government's.
func TestForceNounBeforeNamedActor(t *testing.T) {
	for _, tc := range []struct{ name, text, actor string }{
		{"a named actor after the force noun", "[untitled]\nوقصفت قوات الجيش الوطني السوري بالمدفعية مواقع قرب مدينة منبج مساء الخميس.", "SNA"},
		{"a force noun and a nisba", "[untitled]\nوقصفت قوات الجيش السوري بالمدفعية مواقع قرب مدينة منبج مساء الخميس.", "Syrian government forces"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins := incidents(t, tc.text, thursday)
			if len(ins) != 1 || ins[0].Actor1 != tc.actor {
				t.Errorf("want one incident by %s:%s", tc.actor, describe(ins))
			}
		})
	}
}

// TestDrillBlasts: blasts told with no attacker in a sentence that tells
// a military drill ("تدريبات"، "مناورات") are the drill's, no attack;
// with casualties, or with an attacker named, they stay an incident.
func TestDrillBlasts(t *testing.T) {
	cases := []struct {
		name, text string
		want       bool
	}{
		{"blasts beside a drill", "[untitled]\nوشهد معسكر قرب بلدة الهول انفجارات عنيفة مساء الخميس، إذ نفذت القوات هناك مناورات بالذخيرة الحية.", false},
		{"blasts with casualties", "[untitled]\nوقتل جنديان في انفجار داخل معسكر قرب بلدة الهول خلال تدريبات عسكرية مساء الخميس.", true},
		{"no drill", "[untitled]\nوشهد معسكر قرب بلدة الهول انفجارات عنيفة مساء الخميس.", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ins := incidents(t, tc.text, thursday)
			if got := len(ins) > 0; got != tc.want {
				t.Errorf("an incident: %v, want %v:%s", got, tc.want, describe(ins))
			}
		})
	}
}

// TestAccusationToldFirst: an accusation told before the report of the
// attack it names still gives the attacker the report leaves unnamed.
func TestAccusationToldFirst(t *testing.T) {
	ins := incidents(t, "[untitled]\nواتهمت حكومة الإقليم قوات الدعم السريع بقصف مدينة الفاشر.\nوسقطت قذائف هاون فوق منازل المدنيين في مدينة الفاشر صباح الخميس فقتلت أربعة مدنيين.", thursday)
	n := 0
	for _, in := range ins {
		if in.SubEventType == extract.SubShelling {
			n++
			if in.Actor1 != "Rapid Support Forces" {
				t.Errorf("attacker %q, want the accused:%s", in.Actor1, describe(ins))
			}
		}
	}
	if n != 1 {
		t.Errorf("want one shelling:%s", describe(ins))
	}
}

// TestListNeighbour: a list of three or more places names neighbours, so
// a listed name the gazetteer lacks lies near the nearest settlement
// listed before it, not anywhere in the countryside the list is put in
// ("بريف X" locates it near the city X only).
func TestListNeighbour(t *testing.T) {
	ins := incidents(t, "[untitled]\nوقصفت مدافع الجيش قرى كفرنبل وحزارين ودير قرنفلة وكفر زعيتون بريف إدلب الجنوبي مساء الخميس.", thursday)
	var known *geo.Incident
	unknown := map[string]*geo.Incident{"دير قرنفلة": nil, "كفر زعيتون": nil}
	for k := range ins {
		in := &ins[k]
		if strings.HasSuffix(in.PlaceText, "حزارين") {
			known = in
		}
		for name := range unknown {
			if strings.HasSuffix(in.PlaceText, name) {
				unknown[name] = in
			}
		}
	}
	if known == nil {
		t.Fatalf("want an incident at حزارين:%s", describe(ins))
	}
	for name, in := range unknown {
		t.Run(name, func(t *testing.T) {
			if in == nil {
				t.Fatalf("no incident at %s:%s", name, describe(ins))
			}
			if in.Point != known.Point || in.GeoPrecision != 2 {
				t.Errorf("at %v (p%d), want near its neighbour at %v (p2)", in.Point, in.GeoPrecision, known.Point)
			}
		})
	}
}

// TestHeadlineCityAndLedeCountryside: a headline's city ("على إدلب")
// and the lede's countryside of it ("ريف إدلب الجنوبي") are one telling
// of the area, which the body's towns in that province sum up: no
// incident stays at the city. A countryside holds only its own
// province's towns, however near another province's are.
func TestHeadlineCityAndLedeCountryside(t *testing.T) {
	t.Run("the city and its countryside", func(t *testing.T) {
		ins := incidents(t, "قصف مدفعي جديد على إدلب\nوقصفت قوات النظام بالمدفعية ريف إدلب الجنوبي صباح الخميس، واستهدفت بلدات كفرنبل وحزارين والبارة.", thursday)
		for _, in := range ins {
			if strings.HasSuffix(in.PlaceText, "إدلب") {
				t.Errorf("an incident at the city the towns sum up:%s", describe(ins))
			}
		}
		if len(ins) != 3 {
			t.Errorf("want the three towns:%s", describe(ins))
		}
	})
	t.Run("another province's town", func(t *testing.T) {
		ins := incidents(t, "[untitled]\nوقصفت المدفعية ريف حماة الشمالي صباح الخميس.\nوسقطت قذائف مدفعية على بلدة كفرنبل صباح الخميس.", thursday)
		hama, town := false, false
		for _, in := range ins {
			hama = hama || strings.HasSuffix(in.PlaceText, "حماة")
			town = town || strings.HasSuffix(in.PlaceText, "كفرنبل")
		}
		if !hama || !town {
			t.Errorf("want Hama's countryside and the Idlib town apart:%s", describe(ins))
		}
	})
}
