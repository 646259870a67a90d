package extract_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/gazetteer/embedded"
	"github.com/incidentmap/incidentmap/geo/geoparse"
)

var (
	parserOnce sync.Once
	parser     *geoparse.Parser
	extractor  = extract.New()
)

// embeddedParser builds the parser over the embedded gazetteer once.
func embeddedParser(t testing.TB) *geoparse.Parser {
	parserOnce.Do(func() {
		places, err := embedded.Places()
		if err != nil {
			t.Fatal(err)
		}
		parser = geoparse.New(gazetteer.New(places), geoparse.Options{})
	})
	return parser
}

// incidents geoparses text and extracts its incidents.
func incidents(t testing.TB, text string, published time.Time) []geo.Incident {
	t.Helper()
	gp, err := embeddedParser(t).Geoparse(context.Background(), text, published)
	if err != nil {
		t.Fatalf("Geoparse(%q): %v", text, err)
	}
	ins, err := extractor.Incidents(context.Background(), text, published, gp)
	if err != nil {
		t.Fatal(err)
	}
	return ins
}

// Thursday 9 November 2023: the publication date of the tests.
var thursday = time.Date(2023, 11, 9, 0, 0, 0, 0, time.UTC)

// describe prints incidents for failure messages.
func describe(ins []geo.Incident) string {
	var b strings.Builder
	for _, in := range ins {
		fmt.Fprintf(&b, "\n  %s at %q (p%d) %s %s→%s", in.SubEventType, in.PlaceText, in.GeoPrecision,
			in.Date.Format(time.DateOnly), in.Actor1, in.Actor2)
	}
	return b.String()
}

func TestTriggerClasses(t *testing.T) {
	tests := []struct {
		name, text, event, sub, place string
	}{
		{"air strike", "شنت طائرات حربية روسية فجر اليوم غارات جوية على مدينة إدلب.",
			extract.EventRemote, extract.SubAirStrike, "إدلب"},
		{"drone", "استهدفت طائرة مسيرة سيارة في مدينة القامشلي.",
			extract.EventRemote, extract.SubAirStrike, "القامشلي"},
		{"shelling", "قصفت قوات النظام بالمدفعية الثقيلة بلدة سراقب أمس.",
			extract.EventRemote, extract.SubShelling, "سراقب"},
		{"rockets", "سقطت ثلاث قذائف صاروخية على حقل العمر النفطي.",
			extract.EventRemote, extract.SubShelling, "حقل العمر النفطي"},
		{"missiles of an air power", "استهدفت صواريخ إسرائيلية مطار دمشق الدولي.",
			extract.EventRemote, extract.SubAirStrike, "مطار دمشق الدولي"},
		{"IED", "انفجرت عبوة ناسفة بسيارة عسكرية في مدينة درعا.",
			extract.EventRemote, extract.SubIED, "درعا"},
		{"armed clash", "اندلعت اشتباكات عنيفة بين قوات سوريا الديمقراطية وعناصر من تنظيم داعش في بلدة هجين.",
			extract.EventBattles, extract.SubArmedClash, "هجين"},
		{"shooting a soldier is a clash", "قتل مجهولون عنصرا من قوات النظام برصاص مباشر في مدينة الصنمين.",
			extract.EventBattles, extract.SubArmedClash, "الصنمين"},
		{"shooting a civilian is an attack", "أطلق مسلحون مجهولون النار على مدني في مدينة الميادين.",
			extract.EventCivilians, extract.SubAttack, "الميادين"},
		{"interception", "أسقطت الدفاعات الجوية طائرة مسيرة في أجواء قاعدة عين الأسد.",
			extract.EventStrategic, extract.SubDisrupted, "عين الأسد"},
		{"launcher found", "عثرت القوات الأمنية على صاروخ معد للإطلاق في مدينة هيت.",
			extract.EventStrategic, extract.SubDisrupted, "هيت"},
		{"base established", "أنشأت القوات التركية قاعدة عسكرية جديدة قرب مدينة الباب.",
			extract.EventStrategic, extract.SubBase, "الباب"},
		{"looting", "نهب مسلحون محتويات منازل المدنيين في مدينة الرقة.",
			extract.EventStrategic, extract.SubLooting, "الرقة"},
		{"attack with no means by an air power", "استهدفت القوات الأميركية مواقع في مدينة البوكمال.",
			extract.EventRemote, extract.SubAirStrike, "البوكمال"},
		{"attack with no means by a militia", "استهدفت الميليشيات الموالية لإيران قاعدة التنف.",
			extract.EventRemote, extract.SubShelling, "التنف"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ins := incidents(t, tc.text, thursday)
			if len(ins) != 1 {
				t.Fatalf("%d incidents, want 1:%s", len(ins), describe(ins))
			}
			in := ins[0]
			if in.EventType != tc.event || in.SubEventType != tc.sub || !strings.Contains(in.PlaceText, tc.place) {
				t.Errorf("got%s\nwant %s / %s at %q", describe(ins), tc.event, tc.sub, tc.place)
			}
			if extract.EventTypeOf(in.SubEventType) != in.EventType {
				t.Errorf("event type %q does not belong to %q", in.EventType, in.SubEventType)
			}
		})
	}
}

func TestDates(t *testing.T) {
	friday := thursday.AddDate(0, 0, 1)
	jan := time.Date(2024, 1, 5, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		text      string
		published time.Time
		want      string // YYYY-MM-DD, "" for none
		precision int
	}{
		{"weekday", "قصفت طائرات مجهولة مدينة البوكمال الإثنين.", thursday, "2023-11-06", 1},
		{"weekday with today", "قصفت طائرات مجهولة فجر اليوم الخميس مدينة البوكمال.", thursday, "2023-11-09", 1},
		{"the day before yesterday", "قصفت طائرات مجهولة أول أمس الأربعاء مدينة البوكمال.", friday, "2023-11-08", 1},
		{"yesterday", "قصفت طائرات مجهولة مدينة البوكمال أمس.", thursday, "2023-11-08", 1},
		{"last night", "قصفت طائرات مجهولة مدينة البوكمال الليلة الماضية.", thursday, "2023-11-08", 1},
		{"today", "قصفت طائرات مجهولة مدينة البوكمال اليوم.", thursday, "2023-11-09", 1},
		{"at dawn", "قصفت طائرات مجهولة مدينة البوكمال فجرا.", thursday, "2023-11-09", 1},
		{"day and both month names", "قصفت طائرات مجهولة مدينة البوكمال في 25 آذار/مارس.", thursday, "2023-03-25", 1},
		{"two-word month", "قصفت طائرات مجهولة مدينة البوكمال في 3 تشرين الثاني/نوفمبر.", thursday, "2023-11-03", 1},
		{"ordinal in words", "قصفت طائرات مجهولة مدينة البوكمال في السابع عشر من تشرين الأول.", thursday, "2023-10-17", 1},
		{"ordinal with tens", "قصفت طائرات مجهولة مدينة البوكمال في الحادي والعشرين من أيلول.", thursday, "2023-09-21", 1},
		{"year before publication", "قصفت طائرات مجهولة مدينة البوكمال في 20 كانون الأول/ديسمبر.", jan, "2023-12-20", 1},
		{"explicit year", "قصفت طائرات مجهولة مدينة البوكمال في 15 أغسطس 2021.", thursday, "2021-08-15", 1},
		{"explicit year, no publication", "قصفت طائرات مجهولة مدينة البوكمال في 15 أغسطس 2021.", time.Time{}, "2021-08-15", 1},
		{"day of this month", "قصفت طائرات مجهولة مدينة البوكمال في الخامس من الشهر الجاري.", thursday, "2023-11-05", 1},
		{"last week", "قصفت طائرات مجهولة مدينة البوكمال الأسبوع الماضي.", thursday, "2023-11-02", 2},
		{"month only", "قصفت طائرات مجهولة مدينة البوكمال في أيلول الماضي.", thursday, "2023-09-01", 3},
		{"relative, no publication", "قصفت طائرات مجهولة مدينة البوكمال أمس.", time.Time{}, "", 0},
		// no day in the text: around the publication, a week's precision
		{"no date", "قصفت طائرات مجهولة مدينة البوكمال.", thursday, "2023-11-09", 2},
		{"no date, no publication", "قصفت طائرات مجهولة مدينة البوكمال.", time.Time{}, "", 0},
		{"Russia Today is no day", "قالت قناة روسيا اليوم إن طائرات مجهولة قصفت مدينة البوكمال.", thursday, "2023-11-09", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ins := incidents(t, tc.text, tc.published)
			if len(ins) != 1 {
				t.Fatalf("%d incidents, want 1:%s", len(ins), describe(ins))
			}
			got := ""
			if !ins[0].Date.IsZero() {
				got = ins[0].Date.Format(time.DateOnly)
			}
			if got != tc.want || ins[0].DatePrecision != tc.precision {
				t.Errorf("date %q precision %d, want %q precision %d", got, ins[0].DatePrecision, tc.want, tc.precision)
			}
		})
	}
}

func TestActors(t *testing.T) {
	tests := []struct {
		name, text, actor1, actor2 string
	}{
		{"coalition aircraft", "قصفت طائرات التحالف مقرات تابعة للحرس الثوري في مدينة البوكمال.",
			extract.ActorCoalition, extract.ActorIRGC},
		{"US forces", "قصفت القوات الأميركية مواقع للميليشيات الإيرانية في مدينة الميادين.",
			extract.ActorUS, extract.ActorIranMilitias},
		{"militias loyal to Iran", "استهدفت الميليشيات الموالية لإيران بالصواريخ قاعدة التنف.",
			extract.ActorIranMilitias, ""},
		{"factions backed by Iran", "قصفت فصائل مدعومة من إيران حقل كونيكو للغاز بالصواريخ.",
			extract.ActorIranMilitias, ""},
		{"SDF", "قصفت قسد بالمدفعية مواقع لقوات النظام في ريف دير الزور.",
			extract.ActorSDF, extract.ActorSyrianGov},
		{"Israeli army", "شن الجيش الإسرائيلي غارات على مواقع لحزب الله في مدينة صور.",
			extract.ActorIsrael, extract.ActorHezbollah},
		{"adjective on the attack", "أدى قصف إسرائيلي على مطار دمشق الدولي إلى أضرار.",
			extract.ActorIsrael, ""},
		{"unknown gunmen", "أطلق مجهولون النار على مدني في مدينة درعا.",
			extract.ActorUnidentified, extract.ActorCivilians},
		{"passive: the base's owner is the target", "تعرضت القاعدة الأميركية في حقل العمر النفطي لهجوم بطائرة مسيرة.",
			extract.ActorUnidentified, extract.ActorUS},
		{"the leader of a coalition is no actor", "قصفت طائرات التحالف الدولي بقيادة الولايات المتحدة مدينة البوكمال.",
			extract.ActorCoalition, ""},
		{"Houthis", "قصف الحوثيون بقذائف الهاون حي الجحملية في مدينة تعز.",
			extract.ActorHouthis, ""},
		{"the coalition in Yemen", "شنت مقاتلات التحالف غارات على معسكر في مدينة صعدة.",
			extract.ActorSaudiCoalition, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ins := incidents(t, tc.text, thursday)
			if len(ins) != 1 {
				t.Fatalf("%d incidents, want 1:%s", len(ins), describe(ins))
			}
			if ins[0].Actor1 != tc.actor1 || ins[0].Actor2 != tc.actor2 {
				t.Errorf("actors %q → %q, want %q → %q", ins[0].Actor1, ins[0].Actor2, tc.actor1, tc.actor2)
			}
		})
	}
}

func TestCasualties(t *testing.T) {
	n := func(v int) *int { return &v }
	tests := []struct {
		name, text      string
		killed, injured *int
	}{
		{"number words", "انفجرت عبوة ناسفة في مدينة درعا، ما أدى إلى مقتل ثلاثة عناصر من قوات النظام.", n(3), nil},
		{"digits", "قصفت طائرات مجهولة مدينة البوكمال، ما أسفر عن إصابة 12 جنديا.", nil, n(12)},
		{"compound number", "قصفت طائرات مجهولة مدينة البوكمال، ما أسفر عن مقتل تسعة وخمسين مدنيا.", n(59), nil},
		{"killed and injured", "قصفت طائرات مجهولة مدينة البوكمال، ما أسفر عن مقتل شخصين وإصابة خمسة آخرين.", n(2), n(5)},
		{"count before the noun", "سقطت قذيفة على مدينة حلب، وقتل ثلاثة مدنيين وسقط 7 جرحى.", n(3), n(7)},
		{"one person", "قصفت طائرة مسيرة سيارة في مدينة القامشلي، ما أدى إلى مقتل عنصر وإصابة آخر.", n(1), n(1)},
		{"tens are no number", "قصفت طائرات مجهولة مدينة البوكمال، ما أدى إلى إصابة عشرات الجنود.", nil, nil},
		{"no casualties", "سقطت قذائف صاروخية على قاعدة التنف دون وقوع إصابات.", nil, n(0)},
		{"none stated", "قصفت طائرات مجهولة مدينة البوكمال.", nil, nil},
		{"shells are not people", "سقوط ثلاثة صواريخ على حقل العمر النفطي.", nil, nil},
	}
	str := func(p *int) string {
		if p == nil {
			return "null"
		}
		return fmt.Sprint(*p)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ins := incidents(t, tc.text, thursday)
			if len(ins) != 1 {
				t.Fatalf("%d incidents, want 1:%s", len(ins), describe(ins))
			}
			if str(ins[0].Killed) != str(tc.killed) || str(ins[0].Injured) != str(tc.injured) {
				t.Errorf("killed %s injured %s, want %s and %s", str(ins[0].Killed), str(ins[0].Injured), str(tc.killed), str(tc.injured))
			}
		})
	}
}

func TestNoEvent(t *testing.T) {
	tests := []struct{ name, text string }{
		{"statistics over a month", "تعرضت القواعد الأميركية في سوريا والعراق لخمسة وخمسين هجوما خلال شهر."},
		{"habit", "وبين الحين والآخر، تتعرض مواقع النظام في ريف حلب لقصف من الفصائل."},
		{"threat", "هددت الفصائل العراقية بشن هجمات جديدة على القواعد الأميركية في سوريا."},
		{"possible attack", "يترقب الجميع هجوما محتملا على مدينة حلب."},
		{"warning", "حذرت واشنطن من هجمات على قواتها في سوريا."},
		{"purpose", "تهدف الضربات إلى ردع هجمات الميليشيات على القواعد في دير الزور."},
		{"aircraft flying", "حلقت طائرات حربية في سماء مدينة دير الزور."},
		{"no attack word", "زار وفد عسكري مدينة حلب أمس."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if ins := incidents(t, tc.text, thursday); len(ins) != 0 {
				t.Errorf("%d incidents, want none:%s", len(ins), describe(ins))
			}
		})
	}
}

func TestCounting(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		places []string // PlaceText of each incident, in order
	}{
		{"three villages, three incidents",
			"شنت طائرات مجهولة غارات على بلدات هجين والشعفة والسوسة في ريف دير الزور الشرقي.",
			[]string{"هجين", "الشعفة", "السوسة"}},
		{"the same place twice in a day is one",
			"قصفت طائرات مجهولة مدينة البوكمال فجر اليوم. وعادت الطائرات وقصفت مدينة البوكمال مساء اليوم.",
			[]string{"البوكمال"}},
		{"two kinds of attack are two incidents",
			"قصفت قوات النظام مدينة سراقب بالمدفعية، فيما اندلعت اشتباكات في مدينة درعا.",
			[]string{"سراقب", "درعا"}},
		{"the launch site is not the place",
			"أطلقت الميليشيات صواريخ من مدينة الميادين على حقل العمر النفطي.",
			[]string{"حقل العمر النفطي"}},
		{"the attacker's base is not the place",
			"استهدفت القوات الأميركية المتمركزة في حقل كونيكو بالمدفعية مواقع في بلدة خشام.",
			[]string{"خشام"}},
		{"the province is only where the village is",
			"قصفت طائرات مجهولة قرية السوسة في محافظة دير الزور.",
			[]string{"السوسة"}},
		{"a vaguer report of the same strike merges",
			"غارات على دير الزور\nشنت طائرات مجهولة فجر اليوم غارات على حقل كونيكو للغاز.",
			[]string{"حقل كونيكو للغاز"}},
		{"a dateline is not the place",
			"دمشق - سقطت قذائف صاروخية على حقل العمر النفطي.",
			[]string{"حقل العمر النفطي"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ins := incidents(t, tc.text, thursday)
			var got []string
			for _, in := range ins {
				got = append(got, in.PlaceText)
			}
			if strings.Join(got, "|") != strings.Join(tc.places, "|") {
				t.Errorf("places %q, want %q:%s", got, tc.places, describe(ins))
			}
		})
	}
}

func TestPrecision(t *testing.T) {
	tests := []struct {
		name, text string
		want       int
	}{
		{"the place itself", "قصفت طائرات مجهولة مدينة البوكمال.", 1},
		{"near a place", "قصفت طائرات مجهولة مواقع قرب مدينة البوكمال.", 2},
		{"countryside", "قصفت طائرات مجهولة مواقع في ريف حلب الشمالي.", 2},
		{"province", "قصفت طائرات مجهولة مواقع في محافظة دير الزور.", 3},
		{"country", "قصفت طائرات مجهولة مواقع في سوريا.", 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ins := incidents(t, tc.text, thursday)
			if len(ins) != 1 || ins[0].GeoPrecision != tc.want {
				t.Errorf("want one incident at precision %d:%s", tc.want, describe(ins))
			}
		})
	}
}

func TestPrimary(t *testing.T) {
	text := "غارات أميركية على البوكمال\n" +
		"شنت طائرات أميركية فجر اليوم غارات على مواقع في مدينة البوكمال. " +
		"كما قصفت قوات النظام مدينة حلب بالمدفعية."
	ins := incidents(t, text, thursday)
	primaries := 0
	for _, in := range ins {
		if in.Primary {
			primaries++
			if in.PlaceText != "البوكمال" || in.SubEventType != extract.SubAirStrike {
				t.Errorf("primary is %s at %q, want the headline's strike on البوكمال", in.SubEventType, in.PlaceText)
			}
		}
	}
	if primaries != 1 || len(ins) != 2 {
		t.Errorf("%d primaries among %d incidents, want 1 among 2:%s", primaries, len(ins), describe(ins))
	}
}

func TestEvidence(t *testing.T) {
	text := "قصف على البوكمال\nشنت طائرات مجهولة فجر اليوم غارات على مدينة البوكمال. وفي سياق آخر، سقطت قذيفة على مدينة حلب."
	runes := []rune(text)
	for _, in := range incidents(t, text, thursday) {
		if len(in.Evidence) == 0 {
			t.Fatalf("%s at %q has no evidence", in.SubEventType, in.PlaceText)
		}
		for _, e := range in.Evidence {
			if e.Start < 0 || e.End > len(runes) || e.Start >= e.End || string(runes[e.Start:e.End]) != e.Text {
				t.Errorf("evidence [%d,%d) %q does not match the text", e.Start, e.End, e.Text)
			}
			if !strings.Contains(e.Text, strings.TrimPrefix(in.PlaceText, "مدينة ")) {
				t.Errorf("evidence %q does not name %q", e.Text, in.PlaceText)
			}
		}
		if in.Confidence <= 0 || in.Confidence > 1 {
			t.Errorf("confidence %v outside (0, 1]", in.Confidence)
		}
	}
}

func TestNoInput(t *testing.T) {
	ctx := context.Background()
	if ins, err := extractor.Incidents(ctx, "", thursday, geo.Geoparse{}); err != nil || len(ins) != 0 {
		t.Errorf("empty text: %d incidents, %v", len(ins), err)
	}
	// A geoparse that names nothing leaves nothing to place.
	if ins, err := extractor.Incidents(ctx, "قصفت طائرات مجهولة مواقع عسكرية.", thursday, geo.Geoparse{}); err != nil || len(ins) != 0 {
		t.Errorf("no places: %d incidents (%v):%s", len(ins), err, describe(ins))
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := extractor.Incidents(cancelled, "قصفت طائرات مواقع في دير الزور.", thursday, geo.Geoparse{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}
