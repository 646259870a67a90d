package extract_test

import (
	"math"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
)

// TestRepelledGroundAttackIsBattle: a ground force's attack of no stated
// means that the sentence tells fought off (تصدى، صد) was a battle, told
// once whichever side each clause names; one not fought off stays the
// force's usual means.
func TestRepelledGroundAttackIsBattle(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		sub        string
		actor2     string
	}{
		{"repelled by the army", "[untitled]\nوذكر شاهد أن قوات الدعم السريع شنت هجوما على مدينة بابنوسة فجر الخميس، وأن الجيش تصدى للهجوم وكبدها خسائر.",
			extract.SubArmedClash, "Sudanese Armed Forces"},
		{"driven back by the garrison", "[untitled]\nهاجمت قوات الدعم السريع أحياء الفاشر الشرقية صباح الخميس، فصد الجيش الهجوم بعد ساعات.",
			extract.SubArmedClash, "Sudanese Armed Forces"},
		{"no one fought it off", "[untitled]\nشنت قوات الدعم السريع هجوما على مدينة بابنوسة صباح الخميس.",
			extract.SubShelling, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins := one(t, tc.text, thursday, babanusa, fasher)
			if len(ins) != 1 || ins[0].SubEventType != tc.sub {
				t.Fatalf("want one %s:%s", tc.sub, describe(ins))
			}
			if tc.actor2 != "" && ins[0].Actor2 != tc.actor2 {
				t.Errorf("actor2 %q, want %q:%s", ins[0].Actor2, tc.actor2, describe(ins))
			}
		})
	}
}

// TestAttackOnCampIsOnCivilians: a camp of the displaced (CMP) is no armed
// position: an attack on one by no stated means, whoever made it, is
// violence against its people, each camp an incident of its own. A
// military camp (MILB) keeps the attacker's usual means, and a stated
// means keeps its type.
func TestAttackOnCampIsOnCivilians(t *testing.T) {
	camp := func(id, name, code string, lon, lat float64) *geo.Place {
		p := place(id, name, geo.KindFacility, "SD", lon, lat)
		p.FeatureCode = code
		return p
	}
	kalma := camp("kalma", "كلمة", "CMP", 24.97, 12.03)
	otash := camp("otash", "عطاش", "CMP", 24.90, 12.07)
	garrison := camp("garrison", "الحامية", "MILB", 24.88, 12.05)
	for _, tc := range []struct {
		name, text string
		places     []*geo.Place
		sub        string
		n          int
	}{
		{"two camps in the dual", "[untitled]\nوقال ناشط إن عشرات الأشخاص قتلوا يوم الخميس في هجوم على معسكري كلمة وعطاش.",
			[]*geo.Place{kalma, otash}, extract.SubAttack, 2},
		{"one camp, no attacker named", "[untitled]\nقتل سبعة أشخاص في هجوم استهدف مخيم كلمة صباح الخميس.",
			[]*geo.Place{kalma}, extract.SubAttack, 1},
		{"a shelled camp stays shelling", "[untitled]\nقتل سبعة أشخاص في قصف بالمدفعية استهدف مخيم كلمة صباح الخميس.",
			[]*geo.Place{kalma}, extract.SubShelling, 1},
		{"a military camp is no camp of the displaced", "[untitled]\nشنت قوات الدعم السريع هجوما على معسكر الحامية صباح الخميس.",
			[]*geo.Place{garrison}, extract.SubShelling, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins := one(t, tc.text, thursday, tc.places...)
			if len(ins) != tc.n {
				t.Fatalf("%d incidents, want %d:%s", len(ins), tc.n, describe(ins))
			}
			for _, in := range ins {
				if in.SubEventType != tc.sub {
					t.Errorf("%s at %s, want %s:%s", in.SubEventType, in.PlaceText, tc.sub, describe(ins))
				}
				if tc.sub == extract.SubAttack && in.Actor2 != extract.ActorCivilians {
					t.Errorf("actor2 %q at %s, want civilians", in.Actor2, in.PlaceText)
				}
			}
		})
	}
}

// TestStationedAirPowerShells: an air power's troops named as posted at a
// base fire from the ground: a strike of theirs by no stated means is
// shelling. Named without a post, or with aircraft, it is an air strike.
func TestStationedAirPowerShells(t *testing.T) {
	for _, tc := range []struct {
		name, text, sub string
	}{
		{"posted troops", "[untitled]\nقصفت القوات الأمريكية المرابطة عند قاعدة قريبة صباح الخميس نقاطا للفصائل في مدينة الميادين.", extract.SubShelling},
		{"posted, a qualifier between", "[untitled]\nقصفت قوات التحالف الدولي المنتشرة قرب النهر صباح الخميس مخزنا للفصائل في مدينة الميادين.", extract.SubShelling},
		{"no post named", "[untitled]\nضربت القوات الأمريكية صباح الخميس نقاطا للفصائل في مدينة الميادين.", extract.SubAirStrike},
		{"posted, but by aircraft", "[untitled]\nضربت القوات الأمريكية المرابطة عند قاعدة قريبة بغارة جوية صباح الخميس نقاطا للفصائل في مدينة الميادين.", extract.SubAirStrike},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins := one(t, tc.text, thursday, mayadin)
			if len(ins) != 1 || ins[0].SubEventType != tc.sub {
				t.Errorf("want one %s:%s", tc.sub, describe(ins))
			}
		})
	}
}

// TestTollAfterNounOfEventInSentence: a toll in a later clause of a
// sentence whose first clause refers back to the event told ("وصف
// الأهالي القصف ..., حيث أحصي ...") is that event's.
func TestTollAfterNounOfEventInSentence(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		injured    int
	}{
		{"a toll in a where clause", "[untitled]\nقصفت قوات الدعم السريع بالمدفعية مدينة الفاشر صباح الخميس.\nوتحدث الأهالي عن القصف طويلا، حيث أحصت المستشفيات نحو 40 إصابة.", 40},
		{"a toll of its own clause", "[untitled]\nقصفت قوات الدعم السريع بالمدفعية مدينة الفاشر صباح الخميس.\nوأسفر القصف عن 12 إصابة.", 12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins := one(t, tc.text, thursday, fasher)
			if len(ins) != 1 || ins[0].Injured == nil || *ins[0].Injured != tc.injured {
				t.Errorf("want one incident with %d injured:%s", tc.injured, describe(ins))
			}
		})
	}
}

// TestSomaliAndSudaneseActors: the armed actors of Somalia and Sudan by
// their names and spellings, each class with one of its forms.
func TestSomaliAndSudaneseActors(t *testing.T) {
	for _, tc := range []struct {
		actor, want string
		at          *geo.Place
	}{
		{"مسلحو الشباب", "al-Shabaab", beledweyne},
		{"ميليشيات الخوارج", "al-Shabaab", beledweyne},
		{"قوات الجيش الوطني الصومالي", "Somali government forces", beledweyne},
		{"قوات أوسوم", "African Union forces", beledweyne},
		{"بعثة الاتحاد الإفريقي", "African Union forces", beledweyne},
		{"القوات الأوغندية", "Ugandan forces", beledweyne},
		{"قوات ولاية جوبالاند", "Jubaland forces", beledweyne},
		{"قوات ولاية بونتلاند", "Puntland forces", beledweyne},
		{"قوات ولاية هيرشبيلي", "Hirshabelle forces", beledweyne},
		{"ميليشيات عشائرية", "Clan militias", beledweyne},
		{"ميليشيات المعاويسلي", "Macawisley", beledweyne},
		{"مليشيا آل دقلو", "Rapid Support Forces", fasher},
		{"قوات تأسيس", "Rapid Support Forces", fasher},
		{"كتيبة البراء بن مالك", "Sudanese Armed Forces", fasher},
		{"قوات درع السودان", "Sudanese Armed Forces", fasher},
		{"المستنفرون", "Sudanese Armed Forces", fasher},
		{"المقاومة الشعبية", "Sudanese Armed Forces", fasher},
	} {
		t.Run(tc.actor, func(t *testing.T) {
			text := "[untitled]\nاشتبكت " + tc.actor + " مع مسلحين صباح الخميس في مدينة " + tc.at.NameAr + "."
			ins := one(t, text, thursday, tc.at)
			if len(ins) != 1 || ins[0].Actor1 != tc.want {
				t.Errorf("want one clash by %s:%s", tc.want, describe(ins))
			}
		})
	}
	// "الخوارج" is ISIS where the state that fights it says so elsewhere
	mosul := place("mosul", "الموصل", geo.KindCity, "IQ", 43.13, 36.34)
	ins := one(t, "[untitled]\nهاجمت عناصر الخوارج صباح الخميس حاجزا للجيش في مدينة الموصل.", thursday, mosul)
	if len(ins) != 1 || ins[0].Actor1 != "ISIS" {
		t.Errorf("want an attack by ISIS in Iraq:%s", describe(ins))
	}
}

// TestListedTownIsNoVaguerBase: a town the body lists beside other
// targets was hit itself: it is not a vaguer telling of a strike on a
// base a few kilometres away that the text does not put in it.
func TestListedTownIsNoVaguerBase(t *testing.T) {
	base := place("base", "مطار الحمام العسكري", geo.KindFacility, "SY", 37.03, 36.52)
	town := place("town", "الصفا", geo.KindTown, "SY", 37.09, 36.47)
	village := place("village", "العين", geo.KindVillage, "SY", 37.15, 36.48)
	text := "[untitled]\nقصفت المدفعية التركية مطار الحمام العسكري صباح الخميس.\nوطال القصف المدفعي قرية العين ومحيط بلدة الصفا صباح الخميس."
	ins := one(t, text, thursday, base, town, village)
	found := map[string]bool{}
	for _, in := range ins {
		found[in.PlaceText] = true
	}
	for _, p := range []string{"مطار الحمام العسكري", "العين", "الصفا"} {
		if !found[p] {
			t.Errorf("no incident at %s:%s", p, describe(ins))
		}
	}
}

// TestNamedGroupOnArmedTargetIsBattle: a named armed group with neither
// aircraft nor artillery (the old regime's remnants, ISIS, clan militias)
// that strikes a force or a post by no stated means fights it; the same
// on civilians' cars is no battle.
func TestNamedGroupOnArmedTargetIsBattle(t *testing.T) {
	latakia := place("latakia", "القرداحة", geo.KindTown, "SY", 36.06, 35.46)
	for _, tc := range []struct {
		name, text, actor string
		want              bool
	}{
		{"the remnants on an army patrol", "[untitled]\nاستهدفت مجموعات من بقايا قوات النظام البائد صباح الخميس دورية للجيش قرب بلدة القرداحة.", "Assad loyalists", true},
		{"the remnants by another name", "[untitled]\nاستهدف فلول جيش النظام صباح الخميس حاجزا للأمن العام قرب بلدة القرداحة.", "Assad loyalists", true},
		{"no armed target", "[untitled]\nاستهدفت مجموعات من بقايا قوات النظام البائد صباح الخميس سيارات مدنية قرب بلدة القرداحة.", "Assad loyalists", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins := one(t, tc.text, thursday, latakia)
			clash := len(ins) == 1 && ins[0].SubEventType == extract.SubArmedClash && ins[0].Actor1 == tc.actor
			if clash != tc.want {
				t.Errorf("clash by %s: %v, want %v:%s", tc.actor, clash, tc.want, describe(ins))
			}
		})
	}
}

// TestEarlierEventOfAnotherKindInCountry: an earlier event of another kind
// told in passing at a country ("في أعقاب غارة ... في سوريا") is news of its
// own, not a vaguer telling of the precise event of the article; one of
// the same kind may still be.
func TestEarlierEventOfAnotherKindInCountry(t *testing.T) {
	syria := place("syria", "سوريا", geo.KindCountry, "SY", 38.99, 34.80)
	for _, tc := range []struct {
		name, text string
		n          int
	}{
		{"another kind", "[untitled]\nقصفت الفصائل بالصواريخ قاعدة في مدينة الميادين صباح الخميس.\nوجاء القصف في أعقاب غارة جوية أمريكية استهدفت مواقع للفصائل في سوريا.", 2},
		{"the same kind", "[untitled]\nقصفت الفصائل بالصواريخ قاعدة في مدينة الميادين صباح الخميس.\nوجاء القصف في أعقاب قصف صاروخي استهدف مواقع في سوريا.", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins := one(t, tc.text, thursday, mayadin, syria)
			if len(ins) != tc.n {
				t.Errorf("%d incidents, want %d:%s", len(ins), tc.n, describe(ins))
			}
		})
	}
}

// TestEarlierByDaysIsAnotherEvent: an event told as days before the news
// ("بعد أيام من غارة على X") is another event than the news at X, however
// alike; one told only as what came before ("بعد غارة على X") may be the
// same.
func TestEarlierByDaysIsAnotherEvent(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		n          int
	}{
		{"days before", "[untitled]\nأغارت طائرات حربية صباح الخميس على مستودع في مدينة الميادين.\nوتأتي الغارة بعد أيام من غارة جوية أخرى نفذتها طائرات التحالف على مدينة الميادين.", 2},
		{"about two months before", "[untitled]\nأغارت طائرات حربية صباح الخميس على مستودع في مدينة الميادين.\nوتأتي الغارة عقب قرابة شهرين من غارة جوية نفذتها طائرات التحالف على مدينة الميادين.", 2},
		{"no span", "[untitled]\nأغارت طائرات حربية صباح الخميس على مستودع في مدينة الميادين.\nوأعلن التحالف مسؤوليته بعد غارة جوية على مدينة الميادين.", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins := one(t, tc.text, thursday, mayadin)
			if len(ins) != tc.n {
				t.Errorf("%d incidents, want %d:%s", len(ins), tc.n, describe(ins))
			}
		})
	}
}

// TestPronounObjectOfEvent: a noun of event whose object is a pronoun
// ("آخر قصف له في البلاد") tells an event at the place just told, which
// the country only locates.
func TestPronounObjectOfEvent(t *testing.T) {
	base := place("base", "مطار التيفور", geo.KindFacility, "SY", 37.21, 34.52)
	syria := place("syria", "سوريا", geo.KindCountry, "SY", 38.99, 34.80)
	text := "[untitled]\nأغارت طائرات حربية على مطار التيفور صباح الخميس.\nويأتي ذلك عقب قرابة عام من آخر قصف جوي له في سوريا."
	ins := one(t, text, thursday, base, syria)
	n := 0
	for _, in := range ins {
		if in.PlaceText == "مطار التيفور" && in.SubEventType == extract.SubAirStrike {
			n++
		}
	}
	if n != 2 || len(ins) != 2 {
		t.Errorf("want two strikes on the base, today's and a year-old one:%s", describe(ins))
	}
}

// TestDeathsLocateBattle: a battle told with no place is where the next
// sentence, telling only who died in it, puts the deaths; a next sentence
// with an event of its own locates nothing. The sides stay apart when
// reports name them in either order.
func TestDeathsLocateBattle(t *testing.T) {
	lede := "[untitled]\nأصدرت الكتيبة بيانا مساء الخميس.\n"
	for _, tc := range []struct {
		name, text string
		clashAt    string
	}{
		{"the deaths' place", lede + "وذكرت أن اثنين من مقاتليها لقيا حتفهما في اشتباكات عنيفة ضد ميليشيا الدعم السريع.\nوأوضحت أن قائد الكتيبة قتل صباح الخميس في بلدة بابنوسة.", "بابنوسة"},
		{"an event of its own", lede + "وذكرت أن اثنين من مقاتليها لقيا حتفهما في اشتباكات عنيفة ضد ميليشيا الدعم السريع.\nوقصفت المدفعية صباح الخميس بلدة بابنوسة.", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins := one(t, tc.text, thursday, babanusa)
			at := ""
			for _, in := range ins {
				if in.SubEventType == extract.SubArmedClash {
					at = in.PlaceText
					if in.Actor1 == in.Actor2 {
						t.Errorf("one side on both ends: %s", describe(ins))
					}
				}
			}
			if at != tc.clashAt {
				t.Errorf("clash at %q, want %q:%s", at, tc.clashAt, describe(ins))
			}
		})
	}
}

// TestContinuingClauseOnCivilians: a verb joined by و whose only named
// actors are the civilians it hit goes on with the subject of the clause
// before, at the place of that clause's event; a named side with no
// aircraft that hits civilians by no stated means attacks them.
func TestContinuingClauseOnCivilians(t *testing.T) {
	town := place("town", "القرداحة", geo.KindTown, "SY", 36.06, 35.46)
	for _, tc := range []struct {
		name, text string
		attack     bool
	}{
		{"the cars of the residents", "[untitled]\nاعتدت خلايا من فلول النظام صباح الخميس على حاجز للأمن العام في بلدة القرداحة، وضربت عربات المدنيين.", true},
		{"a subject of its own (then no civilians' attackers known)", "[untitled]\nاعتدت خلايا من فلول النظام صباح الخميس على حاجز للأمن العام في بلدة القرداحة، وضربت قوات الأمن العام عربات المدنيين.", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins := one(t, tc.text, thursday, town)
			got := false
			for _, in := range ins {
				if in.SubEventType == extract.SubAttack && in.PlaceText == "القرداحة" && in.Actor1 == "Assad loyalists" && in.Actor2 == extract.ActorCivilians {
					got = true
				}
			}
			if got != tc.attack {
				t.Errorf("attack on civilians: %v, want %v:%s", got, tc.attack, describe(ins))
			}
		})
	}
}

// TestFacilityNamedAfterCity: an airport or port named after a city is
// the city's however far out of town it lies: the body's strike on the
// city is a vaguer telling of the strike on it. A facility of another
// name that far out is not in the city.
func TestFacilityNamedAfterCity(t *testing.T) {
	city := place("kassala", "كسلا", geo.KindCity, "SD", 36.40, 15.45)
	airport := place("airport", "مطار كسلا", geo.KindFacility, "SD", 36.33, 15.28)
	depot := place("depot", "مستودع الوادي", geo.KindFacility, "SD", 36.33, 15.28)
	for _, tc := range []struct {
		name, text string
		places     []*geo.Place
		n          int
	}{
		{"named after the city", "[untitled]\nقصفت مسيرات مطار كسلا فجر الخميس.\nوأفادت السلطات بأن المسيرات ضربت منشآت عسكرية في مدينة كسلا.", []*geo.Place{city, airport}, 1},
		{"another name", "[untitled]\nقصفت مسيرات مستودع الوادي فجر الخميس.\nوأفادت السلطات بأن المسيرات ضربت منشآت عسكرية في مدينة كسلا.", []*geo.Place{city, depot}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if ins := one(t, tc.text, thursday, tc.places...); len(ins) != tc.n {
				t.Errorf("%d incidents, want %d:%s", len(ins), tc.n, describe(ins))
			}
		})
	}
}

// TestPlacePhraseGoesOn: an adjective after a name ("X المهجورة غرب Y")
// and the place's own surroundings by a pronoun ("X ومحيطها في Y") do
// not cut the phrase: Y still locates X, and a namesake of X far from Y is
// not X.
func TestPlacePhraseGoesOn(t *testing.T) {
	far := place("far", "الصوامع", geo.KindVillage, "SY", 36.20, 32.74) // a namesake 300 km south
	hub := place("hub", "معرتمصرين", geo.KindCity, "SY", 36.67, 36.01)
	for _, tc := range []struct{ name, text string }{
		{"an adjective", "[untitled]\nقصفت المدفعية صباح الخميس محيط الصوامع القديمة شرق معرتمصرين."},
		{"its surroundings", "[untitled]\nقصفت المدفعية صباح الخميس تلة الصوامع ومحيطها في ريف معرتمصرين."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins := one(t, tc.text, thursday, far, hub)
			for _, in := range ins {
				if in.PlaceText == "الصوامع" && math.Abs(in.Point.Lat()-hub.Point.Lat()) > 0.3 {
					t.Errorf("placed at the namesake 300 km off:%s", describe(ins))
				}
			}
		})
	}
}

// TestCountrysideTelling: the headline's city and the body's countryside
// of it are one event as wide as the countryside, a vaguer telling of the
// shelling of a town of that province; not of one in the next province,
// however near, nor of an air strike.
func TestCountrysideTelling(t *testing.T) {
	city := place("city", "حماة", geo.KindCity, "SY", 36.75, 35.13)
	city.Admin1 = "HM"
	town := place("town", "اللطامنة", geo.KindTown, "SY", 36.58, 35.32)
	town.Admin1 = "HM"
	other := place("other", "خان شيخون", geo.KindTown, "SY", 36.64, 35.44)
	other.Admin1 = "ID"
	for _, tc := range []struct {
		name, text string
		places     []*geo.Place
		cityKept   bool
	}{
		{"a town of the province", "قصف مدفعي على حماة\nدكت مدفعية الجيش صباح الخميس ريف حماة الشمالي.\nوطال القصف المدفعي بلدة اللطامنة.", []*geo.Place{city, town}, false},
		{"a town of the next province", "قصف مدفعي على حماة\nدكت مدفعية الجيش صباح الخميس ريف حماة الشمالي.\nوطال القصف المدفعي بلدة خان شيخون.", []*geo.Place{city, other}, true},
		{"an air strike on the town", "قصف مدفعي على حماة\nدكت مدفعية الجيش صباح الخميس ريف حماة الشمالي.\nوأغارت طائرات حربية على بلدة اللطامنة.", []*geo.Place{city, town}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins := one(t, tc.text, thursday, tc.places...)
			kept := false
			for _, in := range ins {
				kept = kept || in.PlaceText == "حماة"
			}
			if kept != tc.cityKept {
				t.Errorf("the city's incident kept: %v, want %v:%s", kept, tc.cityKept, describe(ins))
			}
		})
	}
}
