package extract_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
)

// withUnplaced adds to gp a name the gazetteer lacks, as the geoparser
// reports it: its cue, and the place the text puts it in, if any.
func withUnplaced(gp geo.Geoparse, text, name, cue string, container *geo.Place) geo.Geoparse {
	start := utf8.RuneCountInString(text[:strings.Index(text, name)])
	gp.Unresolved = append(gp.Unresolved, geo.Toponym{Cue: cue, Container: container, Confidence: 0.5,
		Mentions: []geo.Mention{{Start: start, End: start + utf8.RuneCountInString(name), Text: name}}})
	return gp
}

// TestConditionOfWoundedIsNoHypothesis: "في حالة خطرة" tells how the
// wounded are; only "في حالة" before an event is a hypothesis.
func TestConditionOfWoundedIsNoHypothesis(t *testing.T) {
	ins := one(t, "[untitled]\nقصفت المدفعية حيا سكنيا في مدينة الفاشر، ما أدى إلى إصابة تسعة أشخاص، ثلاثة منهم في حالة خطرة.", thursday, fasher)
	if len(ins) != 1 || ins[0].SubEventType != extract.SubShelling {
		t.Errorf("want the shelling:%s", describe(ins))
	}
	if ins := one(t, "[untitled]\nوأعلنت السلطات أنها سترد في حالة تعرض مدينة الفاشر لقصف جديد.", thursday, fasher); len(ins) != 0 {
		t.Errorf("a hypothesis: %d incidents, want none:%s", len(ins), describe(ins))
	}
}

// TestCommentOnEventIsItsOwnClause: "، وهو الهجوم الثالث من نوعه" comments
// on the attack told before it; its "من نوعه" does not make that attack
// background. A comment that names places ("، وهي مطار في X ومستودع في
// Y") still belongs to the clause before.
func TestCommentOnEventIsItsOwnClause(t *testing.T) {
	ins := one(t, "[untitled]\nأغارت طائرات حربية مساء الأحد على مستودع للذخيرة في مدينة حماة، وهو الهجوم الثالث من نوعه على المدينة هذا الشهر.", thursday, hama)
	if len(ins) != 1 || ins[0].SubEventType != extract.SubAirStrike || ins[0].PlaceText != "حماة" {
		t.Errorf("want the strike on Hama:%s", describe(ins))
	}
	syria := place("syria", "سوريا", geo.KindCountry, "SY", 38.99, 34.80)
	ins = one(t, "[untitled]\nوتبنت الجماعة الثلاثاء قصف موقعين في سوريا بالصواريخ، وهي مطار في مدينة حماة ومستودع في مدينة السويداء.", thursday, hama, sweida, syria)
	if len(ins) != 2 {
		t.Errorf("want the attacks on the two sites the comment names:%s", describe(ins))
	}
}

// TestNextItemAfterLocatedItem: "X شرق المدينة وقرية Y في ناحية Z،
// ومبنى في W بمحافظة V": the cue with its و opens the list's next item
// (Y, placed by Z), however the item before was located, and Z, which
// locates Y, does not locate W named after it.
func TestNextItemAfterLocatedItem(t *testing.T) {
	text := "[untitled]\nوطال القصف الجوي تلة السرو شرق المدينة وقرية عين الورد في ناحية الحمراء، ومبنى في مرفأ الصيادين بمحافظة اللاذقية."
	hill := place("hill", "تلة السرو", geo.KindMountain, "SY", 36.30, 35.20)
	hamra := place("hamra", "الحمراء", geo.KindAdmin2, "SY", 36.40, 35.10)
	port := place("port", "مرفأ الصيادين", geo.KindFacility, "SY", 35.78, 35.52)
	latakia := place("latakia", "اللاذقية", geo.KindAdmin1, "SY", 35.90, 35.60)
	gp := withUnplaced(built(text, hill, hamra, port, latakia), text, "عين الورد", "قرية", hamra)
	ins := extracted(t, text, thursday, gp)
	want := map[string]bool{"تلة السرو": false, "عين الورد": false, "مرفأ الصيادين": false}
	for _, in := range ins {
		if _, ok := want[in.PlaceText]; ok && in.SubEventType == extract.SubAirStrike {
			want[in.PlaceText] = true
		}
		if in.PlaceText == "مرفأ الصيادين" && in.GeoPrecision != 1 {
			t.Errorf("the port placed at precision %d, not at the port itself", in.GeoPrecision)
		}
	}
	for p, ok := range want {
		if !ok {
			t.Errorf("no strike at %s:%s", p, describe(ins))
		}
	}
}

// TestConjunctionBeforeNameWithWaw: "وودجر" is the conjunction before a
// name that starts with و, written as the gazetteer does not spell it:
// the next item of the list, a target of its own.
func TestConjunctionBeforeNameWithWaw(t *testing.T) {
	text := "[untitled]\nوسقطت أمس قذائف هاون أطلقها مسلحو حركة الشباب على حيي شبس وودجر في مقديشو."
	shibis := place("shibis", "شبس", geo.KindNeighborhood, "SO", 45.350, 2.048)
	wadajir := place("wadajir", "وداجير", geo.KindNeighborhood, "SO", 45.285, 2.026)
	gp := built(text, shibis, mogadishu)
	written := "وودجر"
	start := utf8.RuneCountInString(text[:strings.Index(text, written)])
	gp.Places = append(gp.Places, geo.Toponym{Place: wadajir, Confidence: 0.5,
		Mentions: []geo.Mention{{Start: start, End: start + utf8.RuneCountInString(written), Text: written}}})
	ins := extracted(t, text, thursday, gp)
	if len(ins) != 2 || ins[0].Place == nil || ins[1].Place == nil || ins[0].Place.ID == ins[1].Place.ID {
		t.Errorf("want the shelling of both quarters:%s", describe(ins))
	}
}

// red is the Red Sea, a place of no country.
func red() *geo.Place {
	p := place("red-sea", "البحر الأحمر", geo.KindOther, "", 38.5, 20.0)
	p.FeatureCode = "SEA"
	return p
}

// TestSeaBesideCoastalTown: a sea named right after a town on land
// ("قبالة مدينة X المطلة على البحر الأحمر") says where the town lies;
// the attack is one, at the town. A sea alone is a place.
func TestSeaBesideCoastalTown(t *testing.T) {
	mocha := place("mocha", "المخا", geo.KindTown, "YE", 43.25, 13.32)
	ins := one(t, "[untitled]\nوقصفت طائرة مسيرة يوم الجمعة سفينة شحن قبالة مدينة المخا المطلة على البحر الأحمر.", thursday, mocha, red())
	if len(ins) != 1 || ins[0].PlaceText != "المخا" {
		t.Errorf("want one attack, at Mocha:%s", describe(ins))
	}
	ins = one(t, "[untitled]\nوهاجم الحوثيون بصاروخ يوم الجمعة سفينة شحن في البحر الأحمر.", thursday, red())
	if len(ins) != 1 || ins[0].PlaceText != "البحر الأحمر" {
		t.Errorf("want the attack at sea:%s", describe(ins))
	}
}

// TestShipAtSeaBesideCityStrike: a city and ships at sea struck in one
// clause ("مدينة X وسفنا في البحر الأحمر") are two targets: the sea is
// a conjunct of its own, not where the city lies.
func TestShipAtSeaBesideCityStrike(t *testing.T) {
	hodeidah := place("hodeidah", "الحديدة", geo.KindCity, "YE", 42.95, 14.80)
	ins := one(t, "[untitled]\nوقصفت الطائرات الحربية يوم الجمعة مدينة الحديدة وسفنا في البحر الأحمر.", thursday, hodeidah, red())
	if len(ins) != 2 {
		t.Errorf("want the city and the sea:%s", describe(ins))
	}
}

// TestCampaignAcrossSeas: one clause that places attacks on ships in
// several seas and nowhere on land sums up a campaign: no incident.
func TestCampaignAcrossSeas(t *testing.T) {
	aden := place("aden-gulf", "خليج عدن", geo.KindOther, "", 48.0, 12.0)
	aden.FeatureCode = "GULF"
	arabian := place("arabian", "بحر العرب", geo.KindOther, "", 63.0, 14.0)
	arabian.FeatureCode = "SEA"
	ins := one(t, "[untitled]\nوأعلن الحوثيون أنهم هاجموا بالصواريخ والمسيرات سفنا تجارية في البحر الأحمر وخليج عدن وبحر العرب.", thursday, red(), aden, arabian)
	if len(ins) != 0 {
		t.Errorf("%d incidents, want none:%s", len(ins), describe(ins))
	}
}

// TestQuarterRefinesArea: "قرب دوار X شمال حمص، في حي Y" names one place
// more and more narrowly: one incident, in quarter Y, placed by X.
func TestQuarterRefinesArea(t *testing.T) {
	homs := place("homs", "حمص", geo.KindCity, "SY", 36.72, 34.73)
	square := place("square", "دوار الساعة", geo.KindNeighborhood, "SY", 36.71, 34.74)
	text := "[untitled]\nوأصيب ثلاثة أطفال بشظايا قذيفة هاون سقطت قرب دوار الساعة شمال حمص، في حي الورود."
	gp := withUnplaced(built(text, homs, square), text, "الورود", "حي", nil)
	ins := extracted(t, text, thursday, gp)
	if len(ins) != 1 || ins[0].PlaceText != "الورود" || ins[0].Place == nil || ins[0].Place.ID != square.ID {
		t.Errorf("want one shelling, in the quarter, placed by the square:%s", describe(ins))
	}
}

// TestProvinceSumsUpUnlistedPlace: a lead that tells a bombing "in the
// province" and a body that tells it at a place the gazetteer lacks, in
// a district of that province, report one bombing, at that place.
func TestProvinceSumsUpUnlistedPlace(t *testing.T) {
	lahij := inAdmin1(place("lahij", "لحج", geo.KindAdmin1, "YE", 44.88, 13.06), "24")
	tuban := inAdmin1(place("tuban", "تبن", geo.KindAdmin2, "YE", 44.87, 13.03), "24")
	text := "[untitled]\nلقي جنديان حتفهما فجر الأحد بانفجار عبوة ناسفة استهدفت دورية عسكرية في محافظة لحج.\nوأوضح مصدر أمني أن العبوة انفجرت بالدورية في قرية الحصن بمديرية تبن."
	gp := withUnplaced(built(text, lahij, tuban), text, "الحصن", "قرية", tuban)
	ins := extracted(t, text, thursday, gp)
	if len(ins) != 1 || ins[0].PlaceText != "الحصن" || ins[0].Killed == nil || *ins[0].Killed != 2 {
		t.Errorf("want one bombing at الحصن, two killed:%s", describe(ins))
	}
}

// TestRelativeClauseOnPlace: "في بلدة X التي أعلن الجيش السيطرة عليها"
// tells two events at X: the fighting of the clause, and the taking the
// relative clause reports (its verbal noun's object is the pronoun of X).
func TestRelativeClauseOnPlace(t *testing.T) {
	town := place("town", "بلدة الخير", geo.KindTown, "SY", 36.60, 35.50)
	ins := one(t, "[untitled]\nواندلعت أمس اشتباكات عنيفة بين الجيش ومسلحين في بلدة الخير التي أعلن الجيش السيطرة عليها في الشهر الماضي.", thursday, town)
	subs := map[string]bool{}
	for _, in := range ins {
		subs[in.SubEventType] = true
	}
	if len(ins) != 2 || !subs[extract.SubArmedClash] || !subs[extract.SubGovRegains] {
		t.Errorf("want the clash and the retaking of the town:%s", describe(ins))
	}
}

// TestLikenedEventIsAnother: "بعد أيام من انفجار مماثل" tells an earlier
// bombing like the one told before it: another event, even at the same
// place.
func TestLikenedEventIsAnother(t *testing.T) {
	town := place("town", "بلدة الخير", geo.KindTown, "SY", 36.60, 35.50)
	ins := one(t, "[untitled]\nانفجرت عبوة ناسفة بدورية للجيش قرب بلدة الخير.\nوقتل جندي في الانفجار، بعد أيام من انفجار مماثل قرب بلدة الخير.", time.Time{}, town)
	if len(ins) != 2 {
		t.Errorf("want two bombings:%s", describe(ins))
	}
}

// TestGroupHeadRefersBack: "الحركة" alone, after "حركة الشباب" was named,
// is al-Shabaab; and an attack said to be like the headline's shelling
// ("هجوم آخر") is shelling too, whoever it hit.
func TestGroupHeadRefersBack(t *testing.T) {
	village := place("village", "قرية الدار", geo.KindVillage, "SO", 45.25, 4.70)
	text := "حركة الشباب تقصف قاعدة في بلدوين بقذائف الهاون\nأطلقت حركة الشباب فجر اليوم قذائف هاون على قاعدة عسكرية في مدينة بلدوين.\nوجاء ذلك عقب هجوم آخر نفذته الحركة أمس على قرية الدار، وأسفر عن إصابة ثلاثة مدنيين."
	ins := one(t, text, thursday, beledweyne, village)
	var earlier *geo.Incident
	for i := range ins {
		if ins[i].PlaceText == "قرية الدار" {
			earlier = &ins[i]
		}
	}
	if earlier == nil || earlier.Actor1 != "al-Shabaab" || earlier.SubEventType != extract.SubShelling {
		t.Errorf("want al-Shabaab's shelling of the village:%s", describe(ins))
	}
}

// TestEventTakesPlaceAt: "وجرى القصف في X" tells where the strikes told
// before happened: one incident, at X, not at the province the lead
// named.
func TestEventTakesPlaceAt(t *testing.T) {
	dohuk := inAdmin1(place("dohuk", "دهوك", geo.KindAdmin1, "IQ", 43.00, 36.87), "15")
	matin := inAdmin1(place("matin", "جبال متين", geo.KindMountain, "IQ", 43.40, 37.10), "15")
	ins := one(t, "[untitled]\nشنت مقاتلات تركية غارات جوية ليلة الأحد على مواقع لحزب العمال في محافظة دهوك.\nووقعت الغارات في جبال متين شمال المحافظة.", thursday, dohuk, matin)
	if len(ins) != 1 || ins[0].PlaceText != "جبال متين" {
		t.Errorf("want one strike, in the mountains:%s", describe(ins))
	}
}
