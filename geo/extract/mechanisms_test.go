package extract_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/paulmach/orb"
)

// place makes a gazetteer place for hand-built geoparses.
func place(id, nameAr string, kind geo.Kind, cc string, lon, lat float64) *geo.Place {
	return &geo.Place{ID: "t:" + id, Name: id, NameAr: nameAr, Kind: kind, CountryCode: cc, Point: orb.Point{lon, lat}}
}

// built geoparses text by hand: every occurrence of a place's Arabic name
// is a mention of it, with the proclitics written on it (و ف ب ل ك).
// It tests the extractor apart from the geoparser and the gazetteer.
func built(text string, places ...*geo.Place) geo.Geoparse {
	var gp geo.Geoparse
	for _, p := range places {
		t := geo.Toponym{Place: p, Confidence: 0.9}
		for from := 0; ; {
			i := strings.Index(text[from:], p.NameAr)
			if i < 0 {
				break
			}
			start, end := from+i, from+i+len(p.NameAr)
			for start > 0 {
				r, n := utf8.DecodeLastRuneInString(text[:start])
				if !strings.ContainsRune("وفبلك", r) {
					break
				}
				start -= n
			}
			t.Mentions = append(t.Mentions, geo.Mention{
				Start: utf8.RuneCountInString(text[:start]), End: utf8.RuneCountInString(text[:end]), Text: text[start:end],
			})
			from = end
		}
		if len(t.Mentions) > 0 {
			gp.Places = append(gp.Places, t)
		}
	}
	return gp
}

// Places of the tests, with approximate points: the tests read the
// extractor's choices, not the map.
var (
	beledweyne = place("beledweyne", "بلدوين", geo.KindCity, "SO", 45.20, 4.74)
	mogadishu  = place("mogadishu", "مقديشو", geo.KindCity, "SO", 45.34, 2.04)
	yaroun     = place("yaroun", "يارون", geo.KindVillage, "LB", 35.42, 33.08)
	khiam      = place("khiam", "الخيام", geo.KindTown, "LB", 35.61, 33.33)
	kfarkela   = place("kfarkela", "كفركلا", geo.KindVillage, "LB", 35.58, 33.28)
	houla      = place("houla", "حولا", geo.KindVillage, "LB", 35.52, 33.21)
	lebanon    = place("lebanon", "لبنان", geo.KindCountry, "LB", 35.86, 33.85)
	fasher     = place("fasher", "الفاشر", geo.KindCity, "SD", 25.35, 13.63)
	babanusa   = place("babanusa", "بابنوسة", geo.KindTown, "SD", 27.80, 11.33)
	wadmadani  = place("wadmadani", "ود مدني", geo.KindCity, "SD", 33.52, 14.40)
	marib      = place("marib", "مأرب", geo.KindCity, "YE", 45.32, 15.46)
	aden       = place("aden", "عدن", geo.KindCity, "YE", 45.03, 12.78)
	saada      = place("saada", "صعدة", geo.KindCity, "YE", 43.76, 16.94)
	damascusAP = place("damascus-airport", "مطار دمشق الدولي", geo.KindFacility, "SY", 36.52, 33.41)
	hama       = place("hama", "حماة", geo.KindCity, "SY", 36.75, 35.13)
	sweida     = place("sweida", "السويداء", geo.KindCity, "SY", 36.57, 32.71)
	beita      = place("beita", "بيتا", geo.KindVillage, "PS", 35.29, 32.14)
	nablus     = place("nablus", "نابلس", geo.KindCity, "PS", 35.26, 32.22)
	laboueh    = inAdmin1(place("laboueh", "اللبوة", geo.KindTown, "LB", 36.35, 34.19), "09")
	beqaa      = inAdmin1(place("beqaa", "البقاع", geo.KindAdmin1, "LB", 35.90, 33.75), "01")
)

// inAdmin1 sets a place's first-level division.
func inAdmin1(p *geo.Place, code string) *geo.Place {
	p.Admin1 = code
	return p
}

// one extracts the incidents of text over a hand-built geoparse.
func one(t *testing.T, text string, published time.Time, places ...*geo.Place) []geo.Incident {
	t.Helper()
	return extracted(t, text, published, built(text, places...))
}

// extracted runs the extractor over a geoparse made by hand.
func extracted(t *testing.T, text string, published time.Time, gp geo.Geoparse) []geo.Incident {
	t.Helper()
	ins, err := extractor.Incidents(context.Background(), text, published, gp)
	if err != nil {
		t.Fatal(err)
	}
	return ins
}

func TestMechanisms(t *testing.T) {
	n := func(v int) *int { return &v }
	type want struct {
		sub, place, actor1, actor2 string
		killed, injured            *int
	}
	tests := []struct {
		name   string
		text   string
		places []*geo.Place
		want   []want
	}{
		{"passive ambush: the killed are the target, the ambushers attack",
			"قُتل ثلاثة جنود من الجيش الصومالي في كمين نصبه مسلحو حركة الشباب قرب مدينة بلدوين.",
			[]*geo.Place{beledweyne},
			[]want{{extract.SubArmedClash, "بلدوين", "al-Shabaab", "Somali government forces", n(3), nil}}},
		{"agentless strike",
			"استُهدفت سيارة مدنية بغارة جوية على طريق بلدة يارون.",
			[]*geo.Place{yaroun},
			[]want{{extract.SubAirStrike, "يارون", extract.ActorUnidentified, "", nil, nil}}},
		{"casualties in words, an actor of Sudan's war",
			"قصفت قوات الدعم السريع أحياء مدينة الفاشر بالمدفعية، ما أسفر عن مقتل خمسة مدنيين وإصابة سبعة آخرين.",
			[]*geo.Place{fasher},
			[]want{{extract.SubShelling, "الفاشر", "Rapid Support Forces", extract.ActorCivilians, n(5), n(7)}}},
		{"the army alone is the army of the country where it fights",
			"قصف الجيش بالمدفعية مواقع في مدينة الفاشر.",
			[]*geo.Place{fasher},
			[]want{{extract.SubShelling, "الفاشر", "Sudanese Armed Forces", "", nil, nil}}},
		{"the coalition in Yemen",
			"شنت مقاتلات التحالف غارات على مدينة صعدة.",
			[]*geo.Place{saada},
			[]want{{extract.SubAirStrike, "صعدة", extract.ActorSaudiCoalition, "", nil, nil}}},
		{"an untitled article: two events, two tolls",
			"[untitled]\nقصفت طائرة مسيرة مدينة مأرب، ما أدى إلى مقتل ثلاثة أشخاص.\nوفي حادث منفصل، انفجرت عبوة ناسفة في مدينة عدن، ما أدى إلى مقتل أربعة جنود.",
			[]*geo.Place{marib, aden},
			[]want{{extract.SubAirStrike, "مأرب", "", "", n(3), nil}, {extract.SubIED, "عدن", "", "", n(4), nil}}},
		{"territory taken by a non-state actor",
			"سيطرت قوات الدعم السريع على مدينة بابنوسة.",
			[]*geo.Place{babanusa},
			[]want{{extract.SubNonStateTakes, "بابنوسة", "Rapid Support Forces", "", nil, nil}}},
		{"territory retaken by the government",
			"استعاد الجيش السوداني السيطرة على مدينة ود مدني.",
			[]*geo.Place{wadmadani},
			[]want{{extract.SubGovRegains, "ود مدني", "Sudanese Armed Forces", "", nil, nil}}},
		{"a verbal noun governed by a verb of managing reports the event",
			"وتمكنت قوات الدعم السريع من السيطرة على مدينة بابنوسة بعد معارك عنيفة.",
			[]*geo.Place{babanusa},
			[]want{{extract.SubNonStateTakes, "بابنوسة", "Rapid Support Forces", "", nil, nil}}},
		{"the same verb of managing with نجح في",
			"ونجح الجيش السوداني في استعادة مدينة ود مدني.",
			[]*geo.Place{wadmadani},
			[]want{{extract.SubGovRegains, "ود مدني", "Sudanese Armed Forces", "", nil, nil}}},
		{"a list of villages: one incident each",
			"شنت طائرات حربية إسرائيلية غارات على بلدات كفركلا والخيام وحولا جنوبي لبنان.",
			[]*geo.Place{kfarkela, khiam, houla, lebanon},
			[]want{{extract.SubAirStrike, "كفركلا", "Israel", "", nil, nil}, {extract.SubAirStrike, "الخيام", "Israel", "", nil, nil},
				{extract.SubAirStrike, "حولا", "Israel", "", nil, nil}}},
		{"an intercepted strike is the strike, at its target",
			"اعترضت الدفاعات الجوية صواريخ إسرائيلية استهدفت مطار دمشق الدولي.",
			[]*geo.Place{damascusAP},
			[]want{{extract.SubAirStrike, "مطار دمشق الدولي", "Israel", "", nil, nil}}},
		{"a drone shot down on its own",
			"أسقطت الدفاعات الجوية طائرة مسيرة في أجواء مدينة حماة.",
			[]*geo.Place{hama},
			[]want{{extract.SubDisrupted, "حماة", "", "", nil, nil}}},
		{"arrests",
			"اعتقلت قوات الاحتلال خمسة شبان من بلدة بيتا جنوب نابلس.",
			[]*geo.Place{beita, nablus},
			[]want{{extract.SubArrests, "بيتا", "Israel", "", nil, nil}}},
		{"a suicide bombing",
			"فجر انتحاري نفسه داخل مطعم في مدينة مقديشو.",
			[]*geo.Place{mogadishu},
			[]want{{extract.SubSuicide, "مقديشو", "", "", nil, nil}}},
		{"a protest",
			"تظاهر مئات من الأهالي في مدينة السويداء للمطالبة بالإفراج عن المعتقلين.",
			[]*geo.Place{sweida},
			[]want{{extract.SubPeaceful, "السويداء", "", "", nil, nil}}},
		{"an abduction by gunmen",
			"اختطف مسلحون مجهولون ثلاثة مدنيين من بلدة بيتا.",
			[]*geo.Place{beita},
			[]want{{extract.SubAbduction, "بيتا", extract.ActorUnidentified, extract.ActorCivilians, nil, nil}}},
		{"a year after منذ measures time up to now: the event is news",
			"قتل خمسة مدنيين في غارة جوية على مدينة صعدة هي الأعنف منذ عام 2015.",
			[]*geo.Place{saada},
			[]want{{extract.SubAirStrike, "صعدة", "", "", n(5), nil}}},
		{"a year that names an agreement does not date the clause",
			"شنت طائرات إسرائيلية غارة على بلدة يارون في خرق لاتفاق عام 2006.",
			[]*geo.Place{yaroun},
			[]want{{extract.SubAirStrike, "يارون", "Israel", "", nil, nil}}},
		{"under a placeholder title the lead tells what a bare strike is",
			"untitled\nشنت طائرات أمريكية غارات على مدينة صعدة.\nوذكرت مصادر أن قصفا استهدف مدينة مأرب.",
			[]*geo.Place{saada, marib},
			[]want{{extract.SubAirStrike, "صعدة", "", "", nil, nil}, {extract.SubAirStrike, "مأرب", "", "", nil, nil}}},
		{"an earlier strike answered is not of the headline's kind",
			"طائرة مسيرة تقصف مدينة مأرب\nقصفت طائرة مسيرة مدينة مأرب ردا على استهداف مدينة عدن.",
			[]*geo.Place{marib, aden},
			[]want{{extract.SubAirStrike, "مأرب", "", "", nil, nil}}},
		{"an earlier strike said to be another is of the headline's kind",
			"طائرة مسيرة تقصف مدينة مأرب\nقصفت طائرة مسيرة مدينة مأرب بعد هجوم آخر استهدف مدينة عدن.",
			[]*geo.Place{marib, aden},
			[]want{{extract.SubAirStrike, "مأرب", "", "", nil, nil}, {extract.SubAirStrike, "عدن", "", "", nil, nil}}},
		{"what an attack destroyed is the attack",
			"استهدف الجيش الأمريكي مستودعا في مدينة مأرب وتم تدميره بالكامل.",
			[]*geo.Place{marib},
			[]want{{extract.SubAirStrike, "مأرب", "US forces", "", nil, nil}}},
		{"a drone sighted beside bulldozing is no strike",
			"وحلقت طائرة مسيرة إسرائيلية فوق بلدة بيتا وهدم منزل نفذته جرافة إسرائيلية في البلدة.",
			[]*geo.Place{beita},
			[]want{{extract.SubLooting, "بيتا", "Israel", "", nil, nil}}},
		{"كما goes on with the scene of the sentence before",
			"اعتقالات في نابلس\nاعتقلت قوات الاحتلال ثلاثة شبان في مدينة نابلس.\nكما استهدف مقاومون آلية عسكرية بعبوة ناسفة.",
			[]*geo.Place{nablus},
			[]want{{extract.SubArrests, "نابلس", "Israel", "", nil, nil}, {extract.SubIED, "نابلس", "", "", nil, nil}}},
		{"a dateline with its outlet in brackets is no place of the event",
			"[untitled]\nمأرب (خاص) قتل ثلاثة جنود في هجوم بعبوة ناسفة استهدف دوريتهم في مدينة عدن.",
			[]*geo.Place{marib, aden},
			[]want{{extract.SubIED, "عدن", "", "", n(3), nil}}},
		{"a verb written with hamza and ل keeps its letters (ألقت)",
			"ألقت مروحيات النظام براميل متفجرة على مدينة حماة.",
			[]*geo.Place{hama},
			[]want{{extract.SubAirStrike, "حماة", "", "", nil, nil}}},
		{"a ground assault on an armed post is a battle, whoever the attackers",
			"هاجم مسلحون مجهولون حاجزا للجيش في مدينة مأرب ما أدى لمقتل عنصر وإصابة آخرين.",
			[]*geo.Place{marib},
			[]want{{extract.SubArmedClash, "مأرب", "", "", n(1), nil}}},
		{"a toll told before its cause belongs to the cause",
			"عنوان\nقتلت امرأة إثر قذيفة أطلقها الحوثيون على منزلها في مدينة مأرب.",
			[]*geo.Place{marib},
			[]want{{extract.SubShelling, "مأرب", "Houthis", "", n(1), nil}}},
		{"a count softened after its noun (على الأقل)",
			"عنوان\nوقال مصدر طبي إن 9 أشخاص على الأقل قتلوا في قصف مدفعي على مدينة مأرب.",
			[]*geo.Place{marib},
			[]want{{extract.SubShelling, "مأرب", "", "", n(9), nil}}},
		{"a dual verb counts two",
			"عنوان\nشنت طائرة مسيرة غارة على سيارة في مدينة مأرب، وقتلا على الفور.",
			[]*geo.Place{marib},
			[]want{{extract.SubAirStrike, "مأرب", "", "", n(2), nil}}},
		{"the toll of the event a noun with the article refers back to",
			"عنوان\nانفجرت سيارة مفخخة في مدينة مأرب مساء الأحد.\nوأسفر الانفجار عن مقتل 20 شخصا وإصابة 52 آخرين.",
			[]*geo.Place{marib},
			[]want{{extract.SubIED, "مأرب", "", "", n(20), n(52)}}},
		{"the owner of a cell dismantled is the target, not the attacker",
			"عنوان\nوأعلنت أمس تفكيك خلية تفجيرات لتنظيم الدولة في مدينة حماة.",
			[]*geo.Place{hama},
			[]want{{extract.SubArrests, "حماة", "", "ISIS", nil, nil}}},
		{"its countryside (وريفها) is no place name of its own",
			"عنوان\nقصفت المدفعية قرى حماة وريفها.",
			[]*geo.Place{hama},
			[]want{{extract.SubShelling, "حماة", "", "", nil, nil}}},
		{"a road named by its two ends is one place: a dash",
			"استهدفت مسيرة إسرائيلية سيارة على طريق يارون - حولا جنوبي لبنان.",
			[]*geo.Place{yaroun, houla, lebanon},
			[]want{{extract.SubAirStrike, "يارون", "Israel", "", nil, nil}}},
		{"a road named by its two ends is one place: بين X وY",
			"قصفت المدفعية الإسرائيلية الطريق الواصل بين كفركلا والخيام.",
			[]*geo.Place{kfarkela, khiam},
			[]want{{extract.SubShelling, "كفركلا", "Israel", "", nil, nil}}},
		{"a road named by its two ends is one place: باتجاه",
			"انفجرت عبوة ناسفة بدورية للجيش على طريق مأرب باتجاه صعدة.",
			[]*geo.Place{marib, saada},
			[]want{{extract.SubIED, "مأرب", "", "", nil, nil}}},
		{"villages listed after a road cue elsewhere stay two",
			"شنت طائرات حربية غارات على كفركلا والخيام بعد قطع الطريق.",
			[]*geo.Place{kfarkela, khiam},
			[]want{{extract.SubAirStrike, "كفركلا", "", "", nil, nil}, {extract.SubAirStrike, "الخيام", "", "", nil, nil}}},
		{"what an attack destroyed twice over is still the attack",
			"استهدف الجيش الأمريكي مستودعا في مدينة مأرب وتم تدميره بالكامل وتدمير العربات فيه.",
			[]*geo.Place{marib},
			[]want{{extract.SubAirStrike, "مأرب", "US forces", "", nil, nil}}},
		{"destruction on its own is property destruction",
			"جرفت قوات الاحتلال أراضي زراعية في بلدة بيتا ودمرت سياجا.",
			[]*geo.Place{beita},
			[]want{{extract.SubLooting, "بيتا", "Israel", "", nil, nil}}},
		{"the city refers back to the city of the incident told",
			"قصفت طائرات حربية مدينة صعدة صباح اليوم.\nوقصفت طائرات حربية مدينة مأرب ظهرا.\nوفي المساء اندلعت اشتباكات عنيفة داخل المدينة.",
			[]*geo.Place{saada, marib},
			[]want{{extract.SubAirStrike, "صعدة", "", "", nil, nil}, {extract.SubAirStrike, "مأرب", "", "", nil, nil}, {extract.SubArmedClash, "مأرب", "", "", nil, nil}}},
		{"a unit that acts reports an event",
			"اغتالت خلية مسلحة ضابطا في مدينة حماة.",
			[]*geo.Place{hama},
			[]want{{extract.SubAttack, "حماة", "", "", nil, nil}}},
		{"a ground force's attack on civilians by no stated means is an attack",
			"قتل عشرة مدنيين في هجوم شنته قوات الدعم السريع على قرى مدينة الفاشر.",
			[]*geo.Place{fasher},
			[]want{{extract.SubAttack, "الفاشر", "Rapid Support Forces", extract.ActorCivilians, n(10), nil}}},
		{"its attack on civilians with shells is shelling",
			"قتل عشرة مدنيين في هجوم بالقذائف شنته قوات الدعم السريع على مدينة الفاشر.",
			[]*geo.Place{fasher},
			[]want{{extract.SubShelling, "الفاشر", "Rapid Support Forces", extract.ActorCivilians, n(10), nil}}},
		{"since this morning is news",
			"منذ صباح اليوم، قصفت قوات الدعم السريع مدينة الفاشر بالمدفعية.",
			[]*geo.Place{fasher},
			[]want{{extract.SubShelling, "الفاشر", "Rapid Support Forces", "", nil, nil}}},
		{"air defences that confront an attack intercept it",
			"تصدت الدفاعات الجوية لطائرات مسيرة فوق مدينة مأرب.",
			[]*geo.Place{marib},
			[]want{{extract.SubDisrupted, "مأرب", "", "", nil, nil}}},
		{"troops that confront an attack fight",
			"تصدى الجيش السوداني لهجوم شنته قوات الدعم السريع على مدينة بابنوسة.",
			[]*geo.Place{babanusa},
			[]want{{extract.SubArmedClash, "بابنوسة", "", "", nil, nil}}},
		{"a headline with no place takes the lead's, not the finest place named",
			"استشهاد ثلاثة فلسطينيين في غارات إسرائيلية\nشنت طائرات إسرائيلية غارات على مدينة نابلس، بعد اعتقال شاب من قرية بيتا.",
			[]*geo.Place{nablus, beita},
			[]want{{extract.SubAirStrike, "نابلس", "Israel", "", n(3), nil}, {extract.SubArrests, "بيتا", "", "", nil, nil}}},
		{"a town of a province is in it though far from its point and coded in another governorate",
			"شنت طائرات إسرائيلية غارات على بلدة اللبوة في البقاع الشمالي.",
			[]*geo.Place{laboueh, beqaa},
			[]want{{extract.SubAirStrike, "اللبوة", "Israel", "", nil, nil}}},
		{"a verbal noun with its object reports the event though articled",
			"أعلنت الشرطة العثور على صاروخ معد للإطلاق قرب مدينة حماة.",
			[]*geo.Place{hama},
			[]want{{extract.SubDisrupted, "حماة", "", "", nil, nil}}},
		{"an arrest told by its verbal noun and object",
			"أسفرت الحملة عن القبض على خمسة مطلوبين في مدينة نابلس.",
			[]*geo.Place{nablus},
			[]want{{extract.SubArrests, "نابلس", "", "", nil, nil}}},
		{"troops on the ground who target medics attack civilians",
			"استهدفت قوات الاحتلال سيارات الإسعاف في مدينة نابلس.",
			[]*geo.Place{nablus},
			[]want{{extract.SubAttack, "نابلس", "Israel", extract.ActorCivilians, nil, nil}}},
		{"the same state's bare targeting with no troops named stays a strike",
			"استهدفت إسرائيل سيارة في مدينة نابلس.",
			[]*geo.Place{nablus},
			[]want{{extract.SubAirStrike, "نابلس", "Israel", "", nil, nil}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ins := one(t, tc.text, thursday, tc.places...)
			if len(ins) != len(tc.want) {
				t.Fatalf("%d incidents, want %d:%s", len(ins), len(tc.want), describe(ins))
			}
			for i, w := range tc.want {
				in := ins[i]
				if in.SubEventType != w.sub || in.PlaceText != w.place {
					t.Errorf("incident %d: %s at %q, want %s at %q", i, in.SubEventType, in.PlaceText, w.sub, w.place)
				}
				if w.actor1 != "" && in.Actor1 != w.actor1 || w.actor2 != "" && in.Actor2 != w.actor2 {
					t.Errorf("incident %d: actors %q → %q, want %q → %q", i, in.Actor1, in.Actor2, w.actor1, w.actor2)
				}
				if str(in.Killed) != str(w.killed) || str(in.Injured) != str(w.injured) {
					t.Errorf("incident %d: killed %s injured %s, want %s and %s", i, str(in.Killed), str(in.Injured), str(w.killed), str(w.injured))
				}
				if in.Actor1 == extract.ActorCivilians {
					t.Errorf("incident %d: the victims are the attacker", i)
				}
			}
		})
	}
}

func TestNoSpuriousIncidents(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		places []*geo.Place
	}{
		{"a ceasefire line is no shooting", "انتشر الجيش اللبناني على طول خط وقف إطلاق النار قرب الخيام.", []*geo.Place{khiam}},
		{"a threat", "هددت حركة الشباب بشن هجمات على مدينة بلدوين.", []*geo.Place{beledweyne}},
		{"a habit", "تتعرض أحياء مدينة الفاشر لقصف متكرر منذ أشهر.", []*geo.Place{fasher}},
		{"the sound of explosions", "سمع دوي انفجارات في مدينة عدن.", []*geo.Place{aden}},
		{"a statistic", "تعرضت مدينة الفاشر لأكثر من ثلاثين هجوما خلال الشهر الماضي.", []*geo.Place{fasher}},
		{"history: a past year alone dates the sentence", "وفي عام 2014 سيطر تنظيم داعش على مدينة حماة قبل أن يطرد منها.", []*geo.Place{hama}},
		{"history with the year last", "استعاد الجيش السوداني السيطرة على مدينة ود مدني في العام 2019.", []*geo.Place{wadmadani}},
		{"a span since the war began", "منذ اندلاع الحرب في أبريل، تعرضت أحياء مدينة الفاشر لقصف واشتباكات عنيفة.", []*geo.Place{fasher}},
		{"an arena of fighting is a state", "تحولت مدينة بابنوسة إلى ساحة معارك.", []*geo.Place{babanusa}},
		{"where a speaker with a long title sits is no target", "اجتماع المجلس\nاجتمع المجلس أمس.\nقالت عضوة مجلس النواب عن مدينة حماة سعاد محمود إن طائرة شنت غارات على تجمع للأهالي.", []*geo.Place{hama}},
		{"nor where a later speaker sits", "اجتماع المجلس\nاجتمع المجلس أمس.\nوأوضح مصدر أن طائرة قصفت مدنيين، بينما قال نائب في مدينة حماة إن الغارات استمرت.", []*geo.Place{hama}},
		{"a unit named for what it does",
			"نشرت وسائل إعلام صورا لعناصر خلية تفجيرات في مدينة حماة.", []*geo.Place{hama}},
		{"nor a gang of kidnappers",
			"تنتشر عصابات اختطاف في أحياء مدينة حماة.", []*geo.Place{hama}},
		{"nor are warplanes flying over",
			"حلقت طائرات حربية في أجواء مدينة حماة.", []*geo.Place{hama}},
		{"a fire brought under control", "وتمكنت طواقم الدفاع المدني من السيطرة على الحريق في بلدة بيتا.", []*geo.Place{beita}},
		{"the release of prisoners", "أطلقت السلطات سراح عشرة معتقلين من سجن في مدينة حماة.", []*geo.Place{hama}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if ins := one(t, tc.text, thursday, tc.places...); len(ins) != 0 {
				t.Errorf("%d incidents, want none:%s", len(ins), describe(ins))
			}
		})
	}
}

// TestHistoryUndated: with no publication date, a sentence dated by a
// bare year is background; one dated by the day is news.
func TestHistoryUndated(t *testing.T) {
	if ins := one(t, "وبعد انسحاب تنظيم داعش عام 2017 سيطرت القوات الحكومية على مدينة حماة.", time.Time{}, hama); len(ins) != 0 {
		t.Errorf("a bare year: %d incidents, want none:%s", len(ins), describe(ins))
	}
	if ins := one(t, "قصفت طائرات حربية مدينة حماة يوم الأحد.", time.Time{}, hama); len(ins) != 1 {
		t.Errorf("a day: %d incidents, want one:%s", len(ins), describe(ins))
	}
}

// str prints a count for failure messages.
func str(p *int) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

func TestProvinceHoldsItsTowns(t *testing.T) {
	ins := one(t, "شنت طائرات إسرائيلية غارات على بلدة اللبوة في البقاع الشمالي.", thursday, laboueh, beqaa)
	if len(ins) != 1 || ins[0].Place == nil || ins[0].Place.ID != laboueh.ID || ins[0].GeoPrecision != 1 {
		t.Fatalf("want one strike at the town itself:%s", describe(ins))
	}
}

// TestStrikeAlreadyToldBesideSighting: "الغارة" with the article, in a
// clause that reports a drone sighted and bulldozing elsewhere, is the
// strike already told; the clause reports no new strike at its places.
func TestStrikeAlreadyToldBesideSighting(t *testing.T) {
	text := "شنت طائرة مسيرة إسرائيلية غارة على بلدة الخيام.\n" +
		"وذكر شهود أن الغارة رافقها تحليق طائرة حربية إسرائيلية فوق بلدة يارون وهدم منزلين نفذته جرافة إسرائيلية شرق بلدة حولا."
	var strikes, razing []string
	for _, in := range one(t, text, time.Time{}, khiam, yaroun, houla) {
		switch in.SubEventType {
		case extract.SubAirStrike:
			strikes = append(strikes, in.PlaceText)
		case extract.SubLooting:
			razing = append(razing, in.PlaceText)
		}
	}
	if len(strikes) != 1 || strikes[0] != "الخيام" {
		t.Errorf("strikes at %v, want only at الخيام", strikes)
	}
	if !slices.Contains(razing, "حولا") {
		t.Errorf("property destruction at %v, want it at حولا", razing)
	}
}

// TestNotEventPhrasesDoNotAnchor: phrases that look like events but are
// not (who holds an area, a front line, a ceasefire) make no clause an
// event report, whatever else it says.
func TestNotEventPhrasesDoNotAnchor(t *testing.T) {
	for _, text := range []string{
		"ردت الفصائل على الهجوم بفرض حصار على الأحياء الخاضعة لسيطرة الجيش في مدينة حماة.",
		"نزح السكان إلى المناطق الواقعة تحت سيطرة الجيش في مدينة حماة.",
		"انتشرت القوات على خطوط التماس قرب مدينة حماة.",
		// وقت (time) reads as no verb: ألقت (dropped) is not ال + قت
		"أعلنت الوزارة في وقت متأخر من مساء الخميس عن توجه تعزيزات إلى مدينة حماة.",
	} {
		t.Run(text, func(t *testing.T) {
			if ins := one(t, "عنوان\n"+text, time.Time{}, hama); len(ins) != 0 {
				t.Errorf("%d incidents, want none: %s at %s", len(ins), ins[0].SubEventType, ins[0].PlaceText)
			}
		})
	}
}

// TestAttackerSpreadsToUnnamedStrikes: an article that names one attacker
// for its strikes tells the others without it; they are that attacker's,
// unless the article names several attackers of that kind.
func TestAttackerSpreadsToUnnamedStrikes(t *testing.T) {
	actors := func(text string) map[string]string {
		out := map[string]string{}
		for _, in := range one(t, text, time.Time{}, khiam, kfarkela, houla) {
			out[in.PlaceText] = in.Actor1
		}
		return out
	}
	got := actors("غارة إسرائيلية على الخيام\nشنت طائرات حربية إسرائيلية غارة على بلدة الخيام.\nواستهدفت غارة أخرى بلدة كفركلا.")
	if got["كفركلا"] != "Israel" {
		t.Errorf("the unnamed strike's attacker %q, want Israel (%v)", got["كفركلا"], got)
	}
	got = actors("غارة إسرائيلية على الخيام\nشنت طائرات حربية إسرائيلية غارة على بلدة الخيام.\nوشنت طائرات أمريكية غارة على بلدة حولا.\nواستهدفت غارة أخرى بلدة كفركلا.")
	if a := got["كفركلا"]; a != "" && a != extract.ActorUnidentified {
		t.Errorf("with two attackers named, the unnamed strike's is %q, want none", a)
	}
}

// TestTargetSpreadsToUnnamedStrikes: the one target a side's strikes are
// said to hit is the target of its strikes told without one.
func TestTargetSpreadsToUnnamedStrikes(t *testing.T) {
	got := map[string]string{}
	text := "غارة إسرائيلية على الخيام\nشنت طائرات حربية إسرائيلية غارة على مواقع لحزب الله في بلدة الخيام.\nواستهدفت غارة أخرى بلدة كفركلا."
	for _, in := range one(t, text, time.Time{}, khiam, kfarkela) {
		got[in.PlaceText] = in.Actor2
	}
	if got["كفركلا"] != "Hezbollah" {
		t.Errorf("targets %v, want Hezbollah at كفركلا too", got)
	}
}

// TestRaidWithArrestsIsArrests: a raid told only by words of entering
// (اقتحم، داهم، توغل) in the sentence of its arrests is one arrest
// operation; a raid with fighting told stays a clash beside the arrests.
func TestRaidWithArrestsIsArrests(t *testing.T) {
	ins := one(t, "اقتحمت قوات الاحتلال مدينة نابلس فجر اليوم واعتقلت ثلاثة شبان.", thursday, nablus)
	if len(ins) != 1 || ins[0].SubEventType != extract.SubArrests {
		t.Errorf("want one arrest operation:%s", describe(ins))
	}
	ins = one(t, "اقتحمت قوات الاحتلال مدينة نابلس فجر اليوم واندلعت اشتباكات مسلحة مع مقاومين، واعتقلت ثلاثة شبان.", thursday, nablus)
	var clash, arrests bool
	for _, in := range ins {
		clash = clash || in.SubEventType == extract.SubArmedClash
		arrests = arrests || in.SubEventType == extract.SubArrests
	}
	if !clash || !arrests {
		t.Errorf("want the clash and the arrests:%s", describe(ins))
	}
}

// TestGroundAssaultOnVillage: a ground force's assault on a village the
// gazetteer lacks ("قرية X", placed by its container), with no armed target
// and no fighting told, is an attack on its people; on positions of an
// armed group it stays a battle.
func TestGroundAssaultOnVillage(t *testing.T) {
	gezira := place("gezira", "الجزيرة", geo.KindAdmin1, "SD", 33.52, 14.40)
	text := "هاجمت قوات الدعم السريع قرية ود النعيم بولاية الجزيرة."
	gp := built(text, gezira)
	name := "ود النعيم"
	start := utf8.RuneCountInString(text[:strings.Index(text, name)])
	gp.Unresolved = append(gp.Unresolved, geo.Toponym{
		Cue: "قرية", Container: gezira,
		Mentions: []geo.Mention{{Start: start, End: start + utf8.RuneCountInString(name), Text: name}},
	})
	ins, err := extractor.Incidents(context.Background(), text, thursday, gp)
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 1 || ins[0].SubEventType != extract.SubAttack || ins[0].Actor2 != extract.ActorCivilians {
		t.Errorf("want an attack on civilians:%s", describe(ins))
	}
	ins = one(t, "هاجمت قوات الدعم السريع مواقع الجيش في مدينة بابنوسة.", thursday, babanusa)
	if len(ins) != 1 || ins[0].SubEventType != extract.SubArmedClash {
		t.Errorf("want a clash:%s", describe(ins))
	}
}

// TestInterceptionOverhead: drones intercepted over a sea or in a
// place's skies, no target named, are weapons shot down (Disrupted
// weapons use), and the speaker who says "إنها اعترضت" is who downed them.
func TestInterceptionOverhead(t *testing.T) {
	redSea := place("red-sea", "البحر الأحمر", geo.KindOther, "", 38.5, 20.0)
	ins := one(t, "[untitled]\nقالت القيادة المركزية الأمريكية إنها اعترضت ثلاث طائرات مسيرة فوق البحر الأحمر.", thursday, redSea)
	if len(ins) != 1 || ins[0].SubEventType != extract.SubDisrupted || ins[0].Actor1 != extract.ActorUS {
		t.Errorf("want US forces downing drones:%s", describe(ins))
	}
	ins = one(t, "[untitled]\nأعلنت الدفاعات الجوية أنها اعترضت صاروخا في أجواء مدينة مأرب.", thursday, marib)
	if len(ins) != 1 || ins[0].SubEventType != extract.SubDisrupted {
		t.Errorf("want a missile downed:%s", describe(ins))
	}
	// an intercepted strike at a named target is coded as the strike,
	// and who intercepted it did not launch it
	ins = one(t, "[untitled]\nقالت القيادة المركزية الأمريكية إنها اعترضت صاروخا أطلق على مدينة مأرب.", thursday, marib)
	for _, in := range ins {
		if in.SubEventType == extract.SubDisrupted || in.Actor1 == extract.ActorUS {
			t.Errorf("an intercepted strike on a city taken for weapons downed, or for the interceptor's:%s", describe(ins))
		}
	}
	// "أسقط" is the perfect of downing, not "I fall" of سقط
	obeid := place("obeid", "الأبيض", geo.KindCity, "SD", 30.22, 13.18)
	ins = one(t, "[untitled]\nقال الجيش السوداني إنه أسقط طائرة مسيرة في مدينة الأبيض.", thursday, obeid)
	if len(ins) != 1 || ins[0].SubEventType != extract.SubDisrupted || ins[0].Actor1 != "Sudanese Armed Forces" {
		t.Errorf("want the army downing a drone:%s", describe(ins))
	}
}

// TestSpeakerActs: "قال الجيش إنه قصف" — the pronoun after the verb of
// saying is the speaker, who is the attacker.
func TestSpeakerActs(t *testing.T) {
	for _, tc := range []struct{ text, actor string }{
		{"[untitled]\nقالت قوات الدعم السريع إنها قصفت مواقع في مدينة الفاشر بالمدفعية.", "Rapid Support Forces"},
		{"[untitled]\nقالت القيادة المركزية الأمريكية إنها شنت غارات على مدينة صعدة.", extract.ActorUS},
		{"[untitled]\nأعلن الجيش الإسرائيلي أنه قصف بلدة الخيام.", "Israel"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			ins := one(t, tc.text, thursday, fasher, saada, khiam)
			if len(ins) != 1 || ins[0].Actor1 != tc.actor {
				t.Errorf("want %s as attacker:%s", tc.actor, describe(ins))
			}
		})
	}
}

// TestCityStrikeNotVillageStrike: a strike on a city and shelling of a
// village 15 km away are two events; the city is no vaguer telling of
// the village unless the text puts the village in the city's countryside.
func TestCityStrikeNotVillageStrike(t *testing.T) {
	nabatieh := place("nabatieh", "النبطية", geo.KindCity, "LB", 35.48, 33.38)
	arnoun := place("arnoun", "أرنون", geo.KindVillage, "LB", 35.52, 33.26)
	ins := one(t, "غارة إسرائيلية على سيارة في النبطية\nاستشهد مواطنان في غارة نفذتها مسيرة إسرائيلية على سيارة عند مدخل مدينة النبطية. وقصفت المدفعية الإسرائيلية أطراف بلدة أرنون.", thursday, nabatieh, arnoun)
	at := map[string]string{}
	for _, in := range ins {
		at[in.PlaceText] = in.SubEventType
	}
	if at["النبطية"] != extract.SubAirStrike || at["أرنون"] != extract.SubShelling {
		t.Errorf("want the strike on the city and the shelling of the village:%s", describe(ins))
	}
}

// TestDayOfStrikesInGaza: an article we wrote in the style of a day's
// report: strikes on a city and an area listed beside it (two targets,
// though the area's point lies near the city), a strike on a quarter the
// text puts in another city (not the first city's, however near), the
// headline's toll not replacing the body's own, "وسط القطاع" and "منذ
// فجر اليوم" read as place and time, and fire from armour on civilians
// an attack by the armour's side, with the toll after "استشهاد 3 وإصابة".
func TestDayOfStrikesInGaza(t *testing.T) {
	khanYounis := place("khan-younis", "خان يونس", geo.KindCity, "PS", 34.306, 31.340)
	rafah := place("rafah", "رفح", geo.KindCity, "PS", 34.244, 31.297)
	mawasi := place("mawasi", "المواصي", geo.KindRegion, "PS", 34.255, 31.340)
	geneina := place("geneina", "حي الجنينة", geo.KindNeighborhood, "PS", 34.265, 31.286)
	netzarim := place("netzarim", "نتساريم", geo.KindRoad, "PS", 34.435, 31.462)
	text := "استشهاد 12 فلسطينيا في قصف إسرائيلي على خان يونس ورفح\n" +
		"استشهد 12 فلسطينيا وأصيب العشرات، منذ فجر اليوم الأربعاء، في غارات إسرائيلية استهدفت منازل في مدينة خان يونس ومنطقة المواصي غربها.\n" +
		"وقصفت طائرات الاحتلال منزلا في حي الجنينة شرق رفح، ما أدى إلى استشهاد 5 مواطنين.\n" +
		"كما أطلقت آليات الاحتلال النار على المواطنين قرب نتساريم وسط القطاع، ما أسفر عن استشهاد 3 وإصابة آخرين."
	gp := built(text, khanYounis, rafah, mawasi, geneina, netzarim)
	for i := range gp.Places {
		if gp.Places[i].Place == geneina {
			gp.Places[i].Container, gp.Places[i].Near = rafah, true
		}
	}
	ins, err := extractor.Incidents(context.Background(), text, thursday, gp)
	if err != nil {
		t.Fatal(err)
	}
	at := map[string]geo.Incident{}
	for _, in := range ins {
		at[in.PlaceText] = in
	}
	for _, name := range []string{"خان يونس", "المواصي", "حي الجنينة"} {
		if at[name].SubEventType != extract.SubAirStrike {
			t.Errorf("no air strike at %s:%s", name, describe(ins))
		}
	}
	if k := at["حي الجنينة"].Killed; k == nil || *k != 5 {
		t.Errorf("the quarter's own toll is 5:%s", describe(ins))
	}
	if in := at["نتساريم"]; in.SubEventType != extract.SubAttack || in.Actor1 != "Israel" ||
		in.Actor2 != extract.ActorCivilians || in.Killed == nil || *in.Killed != 3 {
		t.Errorf("want Israel's fire on civilians, 3 killed:%s", describe(ins))
	}
}

// TestPassiveIsNoHabit: "أصيب" (was injured) is no first person
// imperfect ("I hit"), so a bombing told with it is news, not a habit.
func TestPassiveIsNoHabit(t *testing.T) {
	village := place("harouniya", "الهارونية", geo.KindVillage, "IQ", 45.09, 33.88)
	ins := one(t, "[untitled]\nوفي محافظة ديالى، قتل مدنيان وأصيب ثالث بانفجار عبوة ناسفة في قرية الهارونية.", thursday, village)
	if len(ins) != 1 || ins[0].SubEventType != extract.SubIED {
		t.Errorf("want the bombing:%s", describe(ins))
	}
}

// TestGunmenOnBase: gunmen's attack by no stated means on a military
// base is a battle, not shelling.
func TestGunmenOnBase(t *testing.T) {
	town := place("town", "بلدة الخير", geo.KindTown, "SO", 46.3, 5.2)
	ins := one(t, "[untitled]\nقتل سبعة جنود في هجوم شنه مسلحو حركة الشباب على قاعدة عسكرية في بلدة الخير.", thursday, town)
	if len(ins) != 1 || ins[0].SubEventType != extract.SubArmedClash || ins[0].Actor1 != "al-Shabaab" {
		t.Errorf("want al-Shabaab's battle at the base:%s", describe(ins))
	}
}

// TestCountrysideHoldsItsFronts: "ريف حلب الشرقي" is the countryside of
// Aleppo, as wide as its province: a clash there told with its front
// ("على محور سد تشرين", 90 km off) is one clash at the front.
func TestCountrysideHoldsItsFronts(t *testing.T) {
	aleppo := inAdmin1(place("aleppo", "حلب", geo.KindCity, "SY", 37.16, 36.20), "09")
	tishrin := inAdmin1(place("tishrin", "سد تشرين", geo.KindFacility, "SY", 38.18, 36.38), "09")
	ins := one(t, "[untitled]\nوفي ريف حلب الشرقي، دارت اشتباكات بين فصائل الجيش الوطني السوري وقسد على محور سد تشرين.", thursday, aleppo, tishrin)
	if len(ins) != 1 || ins[0].PlaceText != "سد تشرين" || ins[0].SubEventType != extract.SubArmedClash {
		t.Errorf("want one clash at the front:%s", describe(ins))
	}
}

// TestGroundForceAttacksOnVillages: attacks a ground force made by no
// stated means on villages are violence against their people, one
// incident a village.
func TestGroundForceAttacksOnVillages(t *testing.T) {
	v1 := place("v1", "ود الفكي", geo.KindVillage, "SD", 33.10, 14.20)
	v2 := place("v2", "الحلة الجديدة", geo.KindVillage, "SD", 33.12, 14.22)
	ins := one(t, "[untitled]\nشنت قوات الدعم السريع أمس هجوما على قريتي ود الفكي والحلة الجديدة، وقتلت عشرين شخصا.", thursday, v1, v2)
	if len(ins) != 2 {
		t.Fatalf("want two attacks:%s", describe(ins))
	}
	for _, in := range ins {
		if in.SubEventType != extract.SubAttack || in.Actor2 != extract.ActorCivilians {
			t.Errorf("want attacks on civilians:%s", describe(ins))
		}
	}
}

// TestHeadlineGuessTakesBodyType: a headline naming no means gets a type
// by default; the body's telling of the same event, at the same place,
// gives it its type and makes one incident.
func TestHeadlineGuessTakesBodyType(t *testing.T) {
	dhale := place("dhale", "الضالع", geo.KindCity, "YE", 44.73, 13.70)
	ins := one(t, "مقتل 4 جنود بهجوم حوثي في الضالع\nقتل أربعة جنود من القوات الحكومية، اليوم الأحد، في هجوم شنه مسلحو جماعة الحوثي على مواقع عسكرية في الضالع.", thursday, dhale)
	if len(ins) != 1 || ins[0].SubEventType != extract.SubArmedClash {
		t.Errorf("want one battle:%s", describe(ins))
	}
}

// TestHeadlineCityHoldsCountrysidePlace: a headline's city, where the body
// puts the event's place in that city or its countryside ("X في ريف حمص"),
// names the event's area: one incident, at the body's place, however far
// the place lies from the city's point.
func TestHeadlineCityHoldsCountrysidePlace(t *testing.T) {
	homs := place("homs", "حمص", geo.KindCity, "SY", 36.72, 34.73)
	shayrat := place("shayrat", "مطار الشعيرات", geo.KindFacility, "SY", 36.91, 34.49) // about 30 km away
	t4 := place("t4", "مطار التيفور", geo.KindFacility, "SY", 37.63, 34.52)            // about 85 km away
	for _, airbase := range []*geo.Place{shayrat, t4} {
		t.Run(airbase.Name, func(t *testing.T) {
			text := "غارات جوية على حمص\n" +
				"قتل أربعة عناصر في غارة نفذتها طائرات حربية فجر اليوم على " + airbase.NameAr + " في ريف حمص الشرقي."
			gp := built(text, homs, airbase)
			for i := range gp.Places {
				if gp.Places[i].Place == airbase {
					gp.Places[i].Container, gp.Places[i].Near = homs, true
				}
			}
			ins := extracted(t, text, thursday, gp)
			if len(ins) != 1 || ins[0].Place == nil || ins[0].Place.ID != airbase.ID || !ins[0].Primary {
				t.Errorf("want one primary strike at %s:%s", airbase.NameAr, describe(ins))
			}
		})
	}
}

// TestTitlePlaceIsNoTarget: a place in a title of office ("والي ولاية X",
// "قائد شرطة ولاية X") is not where the event happened when the clause
// names another place; alone, it is.
func TestTitlePlaceIsNoTarget(t *testing.T) {
	khartoum := place("khartoum", "الخرطوم", geo.KindCity, "SD", 32.53, 15.59)
	singa := place("singa", "سنجة", geo.KindCity, "SD", 33.93, 13.15)
	gezira := place("gezira-state", "الجزيرة", geo.KindAdmin1, "SD", 33.2, 14.4)
	sennar := place("sennar", "سنار", geo.KindCity, "SD", 33.63, 13.55)
	aden := place("aden", "عدن", geo.KindCity, "YE", 45.03, 12.78)
	tests := []struct {
		text   string
		places []*geo.Place
		want   string
	}{
		{"لقي نائب قائد شرطة ولاية الخرطوم حتفه خلال اشتباك مسلح قرب مدينة سنجة.", []*geo.Place{khartoum, singa}, "سنجة"},
		{"قتل والي ولاية الجزيرة السابق في اشتباكات عنيفة بمدينة سنار.", []*geo.Place{gezira, sennar}, "سنار"},
		{"اغتيل محافظ عدن بتفجير سيارة مفخخة استهدفت موكبه.", []*geo.Place{aden}, "عدن"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			ins := one(t, "عنوان\n"+tt.text, thursday, tt.places...)
			if len(ins) != 1 || !strings.HasSuffix(ins[0].PlaceText, tt.want) {
				t.Errorf("want one incident at %s:%s", tt.want, describe(ins))
			}
		})
	}
}

// TestTollNounTakesToldMeans: a massacre (مجزرة، مذبحة) names the victims,
// not the means: told beside a strike at the same place, it is that strike
// (one incident, of the strike's type); told alone, an attack.
func TestTollNounTakesToldMeans(t *testing.T) {
	deirBalah := place("deir-al-balah", "دير البلح", geo.KindCity, "PS", 34.35, 31.42)
	village := place("taybeh", "الطيبة", geo.KindVillage, "SD", 33.1, 14.3)
	ins := one(t, "مجزرة في دير البلح\n"+
		"استشهد 20 فلسطينيا في غارات إسرائيلية على منازل في مدينة دير البلح فجر اليوم.", thursday, deirBalah)
	if len(ins) != 1 || ins[0].SubEventType != extract.SubAirStrike || !ins[0].Primary {
		t.Errorf("want one primary air strike:%s", describe(ins))
	}
	ins = one(t, "عنوان\nقال شهود إن مسلحين ارتكبوا مذبحة في قرية الطيبة راح ضحيتها عشرات المدنيين.", thursday, village)
	if len(ins) != 1 || ins[0].SubEventType != extract.SubAttack {
		t.Errorf("want one attack:%s", describe(ins))
	}
}

// TestDefenceMunitionIsNoAttack: the defence's own munitions ("صاروخ
// للدفاعات الجوية", "صاروخ اعتراضي") falling somewhere are no attack there;
// a drone that the defences intercepted ("مسيرة اعترضتها الدفاعات") is
// still the attack's means.
func TestDefenceMunitionIsNoAttack(t *testing.T) {
	mazzeh := place("mazzeh", "المزة", geo.KindNeighborhood, "SY", 36.25, 33.50)
	eilat := place("eilat", "إيلات", geo.KindCity, "IL", 34.95, 29.56)
	for _, text := range []string{
		"وسقط صاروخ للدفاعات الجوية على ساحة عامة في المزة مساء أمس.",
		"وسقطت شظايا صاروخ اعتراضي على سطح مبنى في المزة.",
	} {
		t.Run(text, func(t *testing.T) {
			if ins := one(t, "عنوان\n"+text, thursday, mazzeh); len(ins) != 0 {
				t.Errorf("want no incident:%s", describe(ins))
			}
		})
	}
	ins := one(t, "عنوان\nوأطلق الحوثيون طائرة مسيرة اعترضتها الدفاعات قبل وصولها إلى مدينة إيلات.", thursday, eilat)
	if len(ins) != 1 || ins[0].SubEventType != extract.SubAirStrike {
		t.Errorf("want the intercepted drone strike:%s", describe(ins))
	}
}

// TestHeadlineCountrysideHoldsTown: a headline's "ريف X" is X's province,
// so it holds a town the body tells the same event at, however close
// the ranks of a city and a town: one incident, at the town.
func TestHeadlineCountrysideHoldsTown(t *testing.T) {
	latakia := place("latakia", "اللاذقية", geo.KindCity, "SY", 35.79, 35.52)
	qardaha := place("qardaha", "القرداحة", geo.KindTown, "SY", 36.06, 35.46)
	idlib := place("idlib", "إدلب", geo.KindCity, "SY", 36.63, 35.93)
	sarmin := place("sarmin", "سرمين", geo.KindTown, "SY", 36.72, 35.90)
	daraa := place("daraa", "درعا", geo.KindCity, "SY", 36.10, 32.62)
	nawa := place("nawa", "نوى", geo.KindTown, "SY", 36.03, 32.89)
	for _, tt := range []struct {
		name, text string
		city, town *geo.Place
	}{
		{"clash", "اشتباكات عنيفة في ريف اللاذقية\nاندلعت مواجهات بين قوات الأمن ومسلحين في محيط بلدة القرداحة مساء الأحد.", latakia, qardaha},
		{"shelling", "قصف مدفعي على ريف إدلب\nقصفت قوات النظام بالمدفعية الثقيلة أطراف بلدة سرمين صباح اليوم.", idlib, sarmin},
		{"air strike", "غارات جوية تستهدف ريف درعا الغربي\nشنت طائرات حربية غارتين على مدينة نوى فجر الخميس.", daraa, nawa},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ins := one(t, tt.text, thursday, tt.city, tt.town)
			if len(ins) != 1 || ins[0].Place == nil || ins[0].Place.ID != tt.town.ID || !ins[0].Primary {
				t.Errorf("want one primary incident at %s:%s", tt.town.NameAr, describe(ins))
			}
		})
	}
}
