package extract_test

import (
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
)

// Places of the Syria tests, with approximate points.
var (
	mayadin = place("mayadin", "الميادين", geo.KindCity, "SY", 40.45, 35.02)
	idlib   = place("idlib", "إدلب", geo.KindCity, "SY", 36.63, 35.93)
)

// TestOutletNameEndsAtPunctuation: an outlet's head (وكالة، المرصد،
// موقع) swallows the words of the outlet's name written right after it,
// never past a comma: the actor after the comma acts, and the actor
// after "موقعا" (a military site) is the site's owner.
func TestOutletNameEndsAtPunctuation(t *testing.T) {
	tests := []struct {
		name, text     string
		actor1, actor2 string
	}{
		{"the subject after a comma that ends the source",
			"ونقلا عن المرصد، قصف التحالف بالطائرات مخازن قرب مدينة الميادين.",
			extract.ActorCoalition, ""},
		{"the subject after a comma that ends an agency's name",
			"ووفق وكالة محلية، هاجم التحالف بطائرات مسيرة مخازن في مدينة الميادين.",
			extract.ActorCoalition, ""},
		{"a site's owner after the head word of a site",
			"قصفت طائرات أميركية موقعا لقوات النظام في مدينة الميادين.",
			extract.ActorUS, extract.ActorSyrianGov},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ins := one(t, tc.text, time.Time{}, mayadin)
			if len(ins) != 1 {
				t.Fatalf("%d incidents, want 1:%s", len(ins), describe(ins))
			}
			if ins[0].Actor1 != tc.actor1 || ins[0].Actor2 != tc.actor2 {
				t.Errorf("actors %q → %q, want %q → %q", ins[0].Actor1, ins[0].Actor2, tc.actor1, tc.actor2)
			}
		})
	}
}

// TestBackerIsNoPlace: a country after a tie of any gender and number
// (المرتبطة بـ، المقربين من، المدعومون من) backs the actor before it; the
// place after it is the target.
func TestBackerIsNoPlace(t *testing.T) {
	iran := place("iran", "إيران", geo.KindCountry, "IR", 53.69, 32.43)
	hasakah := place("hasakah", "الحسكة", geo.KindAdmin1, "SY", 40.90, 36.60)
	for _, text := range []string{
		"قصفت كتائب حزب الله المرتبطة بإيران بالصواريخ قاعدة للتحالف في ريف محافظة الحسكة.",
		"قصف الحشد الشعبي المقرب من إيران بالصواريخ قاعدة للتحالف في ريف محافظة الحسكة.",
		"قصف مقاتلو الحشد الشعبي المرتبطون بإيران بالصواريخ قاعدة للتحالف في ريف محافظة الحسكة.",
	} {
		t.Run(text, func(t *testing.T) {
			ins := one(t, text, time.Time{}, iran, hasakah)
			if len(ins) != 1 || ins[0].PlaceText != "الحسكة" {
				t.Errorf("want one strike at الحسكة:%s", describe(ins))
			}
		})
	}
}

// TestFoiledAttackIsDisrupted: an attack foiled (أحبط، أفشل، أجهض) never
// hit, so the means it would have used do not make it a strike; foiled
// by air defences it was intercepted, and stays the strike it was.
func TestFoiledAttackIsDisrupted(t *testing.T) {
	tests := []struct{ text, sub string }{
		{"أعلن التحالف أنه أحبط هجوما صاروخيا على قاعدة له في مدينة الميادين.", extract.SubDisrupted},
		{"وأفشلت القوات الأميركية هجوما بطائرات مسيرة على موقع لها قرب مدينة الميادين.", extract.SubDisrupted},
		{"قال الجيش إنه أجهض هجوما بالقذائف كان يستهدف نقطة له في مدينة الميادين.", extract.SubDisrupted},
		{"أحبطت الدفاعات الجوية هجوما بطائرات مسيرة على مدينة الميادين.", extract.SubAirStrike},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			ins := one(t, tc.text, time.Time{}, mayadin)
			if len(ins) != 1 || ins[0].SubEventType != tc.sub {
				t.Errorf("want one %s:%s", tc.sub, describe(ins))
			}
		})
	}
}

// TestActorNameWithArticleNeedsIt: an actor's name of several words
// written with the article (الرد السريع، الدعم السريع) is a name only
// with it; the same words bare are a common phrase ("في رد سريع").
func TestActorNameWithArticleNeedsIt(t *testing.T) {
	tests := []struct {
		text   string
		places []*geo.Place
		actor1 string
	}{
		{"وفي رد سريع قصفت طائرة مسيرة مواقع قرب مدينة إدلب.", []*geo.Place{idlib}, extract.ActorUnidentified},
		{"وفي دعم سريع للمسلحين قصفت طائرة مسيرة مواقع في مدينة الفاشر.", []*geo.Place{fasher}, extract.ActorUnidentified},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			ins := one(t, tc.text, time.Time{}, tc.places...)
			if len(ins) != 1 || ins[0].Actor1 != tc.actor1 {
				t.Errorf("want one incident by %s:%s", tc.actor1, describe(ins))
			}
		})
	}
}

// TestInterceptionOfToldStrike: a strike intercepted and the strike told
// in full are one event, told in either order: the defender who
// intercepted is the strike's target, not a second attacker, and the
// strike's own telling says what it was.
func TestInterceptionOfToldStrike(t *testing.T) {
	omar := place("omar", "حقل العمر", geo.KindFacility, "SY", 40.54, 35.08)
	for _, text := range []string{
		"عنوان\nقصفت فصائل موالية لإيران بالصواريخ قاعدة التحالف في حقل العمر.\nوتصدت الدفاعات الجوية للتحالف للصواريخ في حقل العمر.",
		"عنوان\nتصدت الدفاعات الجوية للتحالف لصواريخ في حقل العمر.\nوكانت فصائل موالية لإيران قد قصفت بالصواريخ قاعدة التحالف في حقل العمر.",
	} {
		t.Run(text, func(t *testing.T) {
			ins := one(t, text, time.Time{}, omar)
			if len(ins) != 1 || ins[0].SubEventType != extract.SubShelling || ins[0].Actor1 != extract.ActorIranMilitias ||
				ins[0].Actor2 != extract.ActorCoalition {
				t.Errorf("want one shelling by Iran-backed militias on the coalition:%s", describe(ins))
			}
		})
	}
}

// TestCountryWideEventOfItsOwn: an event the text places only at a
// country is dropped where it restates one placed precisely (same type
// and sides), kept where none of them can be it (the other side's
// strikes).
func TestCountryWideEventOfItsOwn(t *testing.T) {
	omar := place("omar", "حقل العمر", geo.KindFacility, "SY", 40.54, 35.08)
	syria := place("syria", "سوريا", geo.KindCountry, "SY", 38.99, 34.80)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"the other side's strikes in the country",
			"عنوان\nقصفت فصائل موالية لإيران بالصواريخ قاعدة التحالف في حقل العمر.\nوكانت القوات الأميركية قد شنت غارات جوية استهدفت مخازن لتلك الفصائل في سوريا الشهر الماضي.",
			[]string{"حقل العمر", "سوريا"}},
		{"the same strike restated at the country",
			"عنوان\nقصفت فصائل موالية لإيران بالصواريخ قاعدة التحالف في حقل العمر.\nوذكرت مصادر أن فصائل موالية لإيران قصفت بالصواريخ قاعدة للتحالف في سوريا.",
			[]string{"حقل العمر"}},
		{"an undated restatement of a dated strike",
			"عنوان\nقصفت فصائل موالية لإيران بالصواريخ قاعدة التحالف في حقل العمر يوم 5 تشرين الثاني.\nوذكرت مصادر أن فصائل موالية لإيران قصفت بالصواريخ قاعدة للتحالف في سوريا.",
			[]string{"حقل العمر"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ins := one(t, tc.text, thursday, omar, syria)
			var got []string
			for _, in := range ins {
				got = append(got, in.PlaceText)
			}
			if len(got) != len(tc.want) || len(got) > 0 && got[0] != tc.want[0] || len(got) > 1 && got[1] != tc.want[1] {
				t.Errorf("places %q, want %q:%s", got, tc.want, describe(ins))
			}
		})
	}
}

// TestListedCityIsATarget: a city written as the next item of a list of
// villages (with و on its name, its cue or the word of a part before
// it) is another target, though it holds them; named by a link word it
// only locates them.
func TestListedCityIsATarget(t *testing.T) {
	saraqib := place("saraqib", "سراقب", geo.KindCity, "SY", 36.80, 35.86)
	kafrbatikh := place("kafrbatikh", "كفربطيخ", geo.KindVillage, "SY", 36.76, 35.84)
	dadikh := place("dadikh", "داديخ", geo.KindVillage, "SY", 36.78, 35.83)
	tests := []struct {
		text string
		want int
	}{
		{"عنوان\nاستهدفت قوات النظام بالمدفعية قرية كفربطيخ وقرية داديخ وأطراف مدينة سراقب.", 3},
		{"عنوان\nاستهدفت قوات النظام بالمدفعية قرية كفربطيخ وداديخ ومدينة سراقب.", 3},
		{"عنوان\nاستهدفت قوات النظام بالمدفعية كفربطيخ وداديخ ومحيط سراقب.", 3},
		{"عنوان\nاستهدفت قوات النظام بالمدفعية مواقع بريف إدلب، وأطراف مدينة سراقب وقرية داديخ.", 2},
		{"عنوان\nاستهدفت قوات النظام بالمدفعية قرية كفربطيخ وداديخ قرب مدينة سراقب.", 2},
		{"عنوان\nاستهدفت قوات النظام بالمدفعية قرية كفربطيخ وداديخ في ريف مدينة سراقب.", 2},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			if ins := one(t, tc.text, time.Time{}, saraqib, kafrbatikh, dadikh, idlib); len(ins) != tc.want {
				t.Errorf("%d incidents, want %d:%s", len(ins), tc.want, describe(ins))
			}
		})
	}
}

// TestFrontNamedByItsPlace: a front line (محور) is named by the place
// it runs at, which the event hit; "محور المقاومة" is an alliance.
func TestFrontNamedByItsPlace(t *testing.T) {
	ins := incidents(t, "ألقت مروحيات النظام براميل متفجرة على محور كبانة في جبل الأكراد.", thursday)
	if len(ins) != 1 || ins[0].PlaceText != "كبانة" {
		t.Errorf("want one strike at كبانة:%s", describe(ins))
	}
	if ins := incidents(t, "وقال قيادي في محور المقاومة إن الرد قادم.", thursday); len(ins) != 0 {
		t.Errorf("want none:%s", describe(ins))
	}
}

// TestCouncilTitleIsNoTarget: a council over a place (المجلس المحلي
// لمدينة X، مجلس X العسكري) holds an office there: where the clause
// names another place, X is in its title, not where the event happened.
func TestCouncilTitleIsNoTarget(t *testing.T) {
	for _, text := range []string{
		"وقال المجلس المحلي لمدينة إدلب إن طائرة مسيرة قصفت سوقا في مدينة سراقب.",
		"واتهم المجلس التنفيذي لمنطقة إدلب طائرة مسيرة بقصف سوق في مدينة سراقب.",
	} {
		t.Run(text, func(t *testing.T) {
			saraqib := place("saraqib", "سراقب", geo.KindCity, "SY", 36.80, 35.86)
			ins := one(t, text, time.Time{}, idlib, saraqib)
			if len(ins) != 1 || ins[0].PlaceText != "سراقب" {
				t.Errorf("want one strike at سراقب:%s", describe(ins))
			}
		})
	}
}
