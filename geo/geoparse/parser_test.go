package geoparse_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/gazetteer/embedded"
	"github.com/incidentmap/incidentmap/geo/geoparse"
)

var update = flag.Bool("update", false, "rewrite golden files")

var (
	parserOnce sync.Once
	parser     *geoparse.Parser
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

func parse(t *testing.T, text string) geo.Geoparse {
	t.Helper()
	gp, err := embeddedParser(t).Geoparse(context.Background(), text, time.Time{})
	if err != nil {
		t.Fatalf("Geoparse(%q): %v", text, err)
	}
	return gp
}

// found returns the place whose mention is the given text, or ends with
// it after a cue word taken into the name ("مدينة حمص").
func found(gp geo.Geoparse, written string) *geo.Toponym {
	for i := range gp.Places {
		for _, m := range gp.Places[i].Mentions {
			if m.Text == written || strings.HasSuffix(m.Text, " "+written) {
				return &gp.Places[i]
			}
		}
	}
	return nil
}

func TestRecognition(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		want    []string // mention texts (as written) that must be places
		wantNot []string // words that must not be mentions
	}{
		{"proclitic ب", "سقطت قذيفة بدير الزور صباحا", []string{"بدير الزور"}, nil},
		{"proclitic و+ال", "وصلت التعزيزات إلى الميادين والبوكمال", []string{"الميادين", "والبوكمال"}, nil},
		{"لل contraction", "توجهت القافلة من حلب للميادين", []string{"حلب", "للميادين"}, nil},
		{"demonyms are not places", "قالت الحكومة السورية إن القوات الأميركية والإيرانية انسحبت", nil, []string{"السورية", "الأميركية", "والإيرانية"}},
		{"organisations", "أعلنت قوات سوريا الديمقراطية والمرصد السوري لحقوق الإنسان ذلك", nil, []string{"سوريا", "السوري"}},
		{"media named after places", "قالت قناة الميادين ووكالة الأناضول إن الهجوم فشل", nil, []string{"الميادين", "الأناضول"}},
		{"months and weekdays", "وقع الهجوم يوم الخميس في تموز الماضي وفي آذار", nil, []string{"الخميس", "تموز", "آذار"}},
		{"function words", "قال إن الهجوم أدى إلى مقتل عنصر كان في الموقع", nil, []string{"إن", "إلى", "كان", "أدى"}},
		{"person names", "قال الرئيس بايدن إن بلاده سترد", nil, []string{"بايدن"}},
		{"adjective after a cue", "سقطت القذيفة على حي سكني وقرية زراعية", nil, []string{"سكني", "زراعية"}},
		{"city after cue", "قصفت الطائرات مدينة حمص", []string{"حمص"}, nil},
		{"two-word name", "دارت اشتباكات في تل أبيض", []string{"تل أبيض"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gp := parse(t, tc.text)
			for _, w := range tc.want {
				if found(gp, w) == nil {
					t.Errorf("%q not found as a place in %q; got %v", w, tc.text, names(gp))
				}
			}
			for _, w := range tc.wantNot {
				if p := found(gp, w); p != nil {
					t.Errorf("%q taken for %s (%s)", w, p.Place.Name, p.Place.ID)
				}
				for _, u := range gp.Unresolved {
					if u.Mentions[0].Text == w {
						t.Errorf("%q reported as an unresolved place", w)
					}
				}
			}
		})
	}
}

// wantNoPlace checks that each of texts names no place, resolved or not.
func wantNoPlace(t *testing.T, texts ...string) {
	t.Helper()
	for _, text := range texts {
		t.Run(text, func(t *testing.T) {
			if gp := parse(t, text); len(gp.Places)+len(gp.Unresolved) > 0 {
				t.Errorf("want no place, got %v", names(gp))
			}
		})
	}
}

func names(gp geo.Geoparse) []string {
	var out []string
	for _, p := range gp.Places {
		out = append(out, p.Mentions[0].Text+"="+p.Place.Name)
	}
	for _, u := range gp.Unresolved {
		out = append(out, u.Mentions[0].Text+"=?")
	}
	return out
}

// Spelling variants of one place must meet the same gazetteer entry.
func TestSpellingVariants(t *testing.T) {
	groups := [][]string{
		{"سوريا", "سورية"},
		{"البوكمال", "البو كمال", "أبو كمال"},
		{"الولايات المتحدة الأميركية", "الولايات المتحدة الأمريكية"},
		{"الرقة", "الرقه"},
	}
	for _, spellings := range groups {
		t.Run(spellings[0], func(t *testing.T) {
			var id string
			for _, s := range spellings {
				gp := parse(t, "وصل الوفد إلى "+s+" أمس")
				p := found(gp, s)
				if p == nil {
					t.Fatalf("%q not found: %v", s, names(gp))
				}
				if id == "" {
					id = p.Place.ID
				} else if p.Place.ID != id {
					t.Errorf("%q → %s, want %s like %q", s, p.Place.ID, id, spellings[0])
				}
			}
		})
	}
}

func TestUnresolvedAfterCue(t *testing.T) {
	gp := parse(t, "استهدفت غارة قرية زغلبونة الصغيرة")
	if len(gp.Unresolved) != 1 || gp.Unresolved[0].Mentions[0].Text != "زغلبونة" {
		t.Fatalf("want the unknown village as unresolved, got %v", names(gp))
	}
	if gp.Unresolved[0].Cue == "" {
		t.Error("unresolved name lost its cue")
	}
}

// TestListDescriptors: a descriptor after a listed name ("للنفط") does
// not end the list the cue opened: the next name is one of its kind, here
// the field the gazetteer names "حقل مجنون".
func TestListDescriptors(t *testing.T) {
	gp := parse(t, "استهدفت طائرات مسيرة حقلي الرميلة للنفط ومجنون للنفط في البصرة.")
	for _, p := range gp.Places {
		if strings.HasSuffix(p.Mentions[0].Text, "مجنون") {
			if p.Place.Kind != geo.KindFacility || p.Cue == "" {
				t.Errorf("the second field: %s (%s), cue %q; want the field, after its cue", p.Place.ID, p.Place.Kind, p.Cue)
			}
			return
		}
	}
	t.Fatalf("want the second field; got %v", names(gp))
}

// TestListCueSingular: a listed name the gazetteer holds only with its
// head word ("مخيم X") is found with the singular of the list's cue:
// "مخيمي X وY" names the camps X and Y.
func TestListCueSingular(t *testing.T) {
	gp := parse(t, "سقطت قذائف على مخيمي كلمة وعطاش للنازحين قرب مدينة نيالا مساء أمس.")
	for _, want := range []string{"curated:cp-sd-kalma", "curated:cp-sd-otash"} {
		ok := false
		for _, p := range gp.Places {
			ok = ok || p.Place.ID == want
		}
		if !ok {
			t.Errorf("%s not found: %v", want, names(gp))
		}
	}
}

// TestSettlementCueNamesNoFeature: a name the text introduces as a
// settlement is not a river or a province of that name; unknown as a
// settlement, it stays unresolved.
func TestSettlementCueNamesNoFeature(t *testing.T) {
	for _, text := range []string{
		"قصفت طائرات حربية قرية الفرات في ريف الرقة.",
		"استهدفت مسيرة سيارة في محلة العاصي في قضاء صور.",
	} {
		gp := parse(t, text)
		for _, p := range gp.Places {
			if p.Place.Kind == geo.KindRiver {
				t.Errorf("%s: %q resolved to the river %s", text, p.Mentions[0].Text, p.Place.Name)
			}
		}
		if len(gp.Unresolved) != 1 {
			t.Errorf("%s: unresolved %v, want the settlement", text, names(gp))
		}
	}
}

func TestMentionsAreCodePointSpans(t *testing.T) {
	text := "عاجل:\nقصفٌ مدفعيّ على بلدة الهول وريف الحسكة الجنوبي"
	gp := parse(t, text)
	runes := []rune(text)
	all := append(append([]geo.Toponym{}, gp.Places...), gp.Unresolved...)
	if len(all) == 0 {
		t.Fatal("nothing found")
	}
	for _, p := range all {
		for _, m := range p.Mentions {
			if got := string(runes[m.Start:m.End]); got != m.Text {
				t.Errorf("span [%d,%d) is %q, mention says %q", m.Start, m.End, got, m.Text)
			}
		}
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name string
		text string
		want error
	}{
		{"empty", "", geoparse.ErrEmpty},
		{"blank", " \n\t ", geoparse.ErrEmpty},
		{"invalid utf-8", "حلب \xff\xfe", geoparse.ErrEncoding},
		{"binary", "PK\x03\x04\x00\x00binary", geoparse.ErrBinary},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := embeddedParser(t).Geoparse(context.Background(), tc.text, time.Time{})
			if !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestGolden pins the whole GeoJSON output for the sample article; run
// with -update after a deliberate change to the parser or the data.
func TestGolden(t *testing.T) {
	text, err := os.ReadFile("testdata/sample.txt")
	if err != nil {
		t.Fatal(err)
	}
	p := embeddedParser(t)
	gp, err := p.Geoparse(context.Background(), string(text), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(geoparse.FeatureCollection(p.Gazetteer(), gp)); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/sample.geojson.golden"
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("output differs from %s; run go test -update and review the diff", golden)
	}
}

func FuzzGeoparse(f *testing.F) {
	f.Add("قصف على بدير الزور والبوكمال")
	f.Add("قرية زغلبونة\nمدينة")
	f.Add("ـــًٌٍَُِّْ «حلب» ١٢٣")
	f.Add("\u200fحي\u200c الشهداء")
	p := embeddedParser(f)
	f.Fuzz(func(t *testing.T, text string) {
		gp, err := p.Geoparse(context.Background(), text, time.Time{})
		if err != nil {
			return
		}
		n := utf8.RuneCountInString(text)
		runes := []rune(text)
		for _, tp := range append(gp.Places, gp.Unresolved...) {
			for _, m := range tp.Mentions {
				if m.Start < 0 || m.End > n || m.Start >= m.End {
					t.Fatalf("span [%d,%d) outside [0,%d)", m.Start, m.End, n)
				}
				if string(runes[m.Start:m.End]) != m.Text {
					t.Fatalf("span text mismatch")
				}
			}
			if tp.Confidence < 0 || tp.Confidence > 1 {
				t.Fatalf("confidence %v", tp.Confidence)
			}
		}
		if strings.TrimSpace(text) == "" {
			t.Fatal("empty text accepted")
		}
	})
}

// Names coordinated after a dual or plural cue share it, whether the
// gazetteer knows them or not.
func TestListsAfterCues(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // mentions, resolved or unresolved
	}{
		{"dual with و", "قصفت المدفعية قريتي زغلبونة وكفرشمعون أمس", []string{"زغلبونة", "وكفرشمعون"}},
		{"plural with colon and commas", "شملت الغارات بلدات: زغلبونة، دير بعلان، وخربة نعسان", []string{"زغلبونة", "دير بعلان", "وخربة نعسان"}},
		{"quotes between cue and name", "استهدف القصف مطار «زغلبونة» العسكري", []string{"زغلبونة"}},
		{"list ends at a possessive", "قصفت الطائرات قريتي زغلبونة وحلفائها", []string{"زغلبونة"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gp := parse(t, tc.text)
			var ms []geo.Mention
			for _, tp := range append(gp.Places, gp.Unresolved...) {
				ms = append(ms, tp.Mentions...)
			}
			sort.Slice(ms, func(i, j int) bool { return ms[i].Start < ms[j].Start })
			var got []string
			for _, m := range ms {
				got = append(got, m.Text)
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("mentions %q, want %q", got, tc.want)
			}
		})
	}
}

// TestWaterBodies covers the class of seas, gulfs and straits that
// maritime attacks are reported in: named bare, alone or in a list, each
// is the sea, never a small namesake (the Sudanese locality بحر العرب)
// nor dropped as a small place outside the article's countries.
func TestWaterBodies(t *testing.T) {
	seas := map[string]string{
		"البحر الأحمر":  "curated:water-red-sea",
		"بحر العرب":     "curated:water-arabian-sea",
		"البحر المتوسط": "curated:water-mediterranean-sea",
		"خليج عدن":      "curated:water-gulf-of-aden",
		"الخليج العربي": "curated:water-persian-gulf",
		"خليج عمان":     "curated:water-gulf-of-oman",
		"باب المندب":    "curated:water-bab-el-mandeb",
		"مضيق هرمز":     "curated:water-strait-of-hormuz",
		"المحيط الهندي": "curated:water-indian-ocean",
		"خليج العقبة":   "curated:water-gulf-of-aqaba",
	}
	check := func(t *testing.T, gp geo.Geoparse, name, want string) {
		t.Helper()
		p := found(gp, name)
		if p == nil {
			t.Errorf("%s: not placed; got %v", name, names(gp))
			return
		}
		if p.Place.ID != want {
			t.Errorf("%s: placed at %s, want %s", name, p.Place.ID, want)
		}
	}
	for name, id := range seas {
		t.Run(name, func(t *testing.T) {
			check(t, parse(t, "قالت الجماعة إنها استهدفت سفينة تجارية في "+name+" بصاروخ باليستي."), name, id)
			gp := parse(t, "أعلن الحوثيون في اليمن استهداف سفن في البحر الأحمر و"+name+" خلال الأسبوع.")
			check(t, gp, "و"+name, id)
		})
	}
	t.Run("a locality of that name with its cue", func(t *testing.T) {
		gp := parse(t, "هاجمت قوات الدعم السريع قرى في محلية بحر العرب بولاية شرق دارفور.")
		check(t, gp, "محلية بحر العرب", "curated:sd-loc-bahr-al-arab")
	})
}

// TestPlacesAbroadNeedPlainText covers names that a foreign city or a
// foreign village bears, in reports of the region: the text's cue or
// container says a local place the gazetteer lacks, so none is drawn
// abroad; named plainly, the foreign city is still found.
func TestPlacesAbroadNeedPlainText(t *testing.T) {
	for _, tc := range []struct {
		text, name string
		want       string // the place's id, "" when it must stay unresolved
	}{
		{"قصفت مسيرة قرية براغ قرب أربيل.", "براغ", ""},
		{"كانت قرية ’’براغ‘‘ التي تقع على طريق أربيل هدفا لهجمات متكررة.", "براغ", ""},
		{"سقطت قذيفة على قرية لندن شمالي الموصل.", "لندن", ""},
		{"قصفت مسيرة بلدة باريس في ريف حلب.", "باريس", ""},
		{"زار الوزير مدينة باريس أمس.", "باريس", "geonames:2988507"},
		// one of several Syrian villages of the name, in a report from
		// Ramallah: kept only by its own weight, so not kept
		{"وشهدت محافظة رام الله اعتقال شقيقين من قرية الطيبة، وفي الخليل اعتقل ستة مواطنين.", "الطيبة", ""},
	} {
		t.Run(tc.text, func(t *testing.T) {
			gp := parse(t, tc.text)
			var got string
			for _, p := range gp.Places {
				if strings.Contains(p.Mentions[0].Text, tc.name) {
					got = p.Place.ID
				}
			}
			if got != tc.want {
				t.Errorf("%s placed at %q, want %q (places %v)", tc.name, got, tc.want, names(gp))
			}
		})
	}
}

// TestStatedContainerHolds: where the text puts a name (in a city, on a
// road), no namesake far from there is drawn: a quarter of another
// country's capital, a province for a road named after a man, a capital
// for a street named after it.
func TestStatedContainerHolds(t *testing.T) {
	for _, tc := range []struct{ text, name string }{
		{"سقطت قذيفة قرب كراج مساكن رأس النبع في دمشق.", "رأس النبع"},
		{"توغلت الآليات قرب جسر وادي غزة على طريق صلاح الدين وسط القطاع.", "صلاح الدين"},
		{"قصفت المدفعية شارع بغداد في دمشق.", "بغداد"},
		{"اندلعت اشتباكات في شارع القاهرة بمدينة غزة.", "القاهرة"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			gp := parse(t, tc.text)
			for _, p := range gp.Places {
				if strings.Contains(p.Mentions[0].Text, tc.name) {
					t.Errorf("%s drawn at %s (%s)", tc.name, p.Place.Name, p.Place.ID)
				}
			}
		})
	}
}

// TestListedVillageFarFromItsList: villages a cue lists are neighbours;
// one whose only namesake lies far from all the article's places is a
// village the gazetteer lacks. Cities a cue lists span a country.
func TestListedVillageFarFromItsList(t *testing.T) {
	gp := parse(t, "وشن الطيران الحربي غارات على بلدات: طاريا، بوداي، الأنصار، شمسطار.")
	if p := found(gp, "الأنصار"); p != nil && p.Place != nil {
		t.Errorf("الأنصار drawn at %s, 80 km from the villages listed with it", p.Place.ID)
	}
	if found(gp, "بوداي") == nil || found(gp, "شمسطار") == nil {
		t.Errorf("the list's villages: %v", names(gp))
	}
	gp = parse(t, "شنت الطائرات غارات على مدن: حلب، دمشق، البوكمال.")
	for _, name := range []string{"حلب", "دمشق", "البوكمال"} {
		if p := found(gp, name); p == nil || p.Place == nil {
			t.Errorf("%s not placed in a list of cities: %v", name, names(gp))
		}
	}
}

// TestCompoundNameHeads: heads of compound village names in every
// theatre (ود and أم in Sudan, بني in Yemen, عيل in Somalia) start a
// two-word name after a cue, and a gazetteer name that ends on a head
// ("قرية أبو") does not swallow the start of a longer one.
func TestCompoundNameHeads(t *testing.T) {
	for _, tc := range []struct{ text, name string }{
		{"هاجمت قوات الدعم السريع قرية ود حسين شمال المناقل.", "ود حسين"},
		{"هاجمت قوات الدعم السريع قرية أبو قوتة شمال المناقل.", "أبو قوتة"},
		{"قصفت طائرات التحالف مديرية بني حشيش شرق صنعاء.", "بني حشيش"},
		{"هاجمت حركة الشباب بلدة عيل بور وسط الصومال.", "عيل بور"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			gp := parse(t, tc.text)
			whole := false
			for _, p := range append(append([]geo.Toponym{}, gp.Places...), gp.Unresolved...) {
				whole = whole || strings.HasSuffix(p.Mentions[0].Text, tc.name)
			}
			if !whole {
				t.Errorf("%s not found whole: %v", tc.name, names(gp))
			}
		})
	}
}

// TestFeaturesNamedAfterPlaces: a landmark that bears a place's name
// ("برج الأردن", "سوق ليبيا") is a toponym of its own, left unplaced,
// and never the country or city it is named after; an institution before
// a country is named after it, before a city it is that city's own.
func TestFeaturesNamedAfterPlaces(t *testing.T) {
	for _, tc := range []struct {
		text, feature, notAt string
	}{
		{"دمرت غارة جوية برج الأردن وسط مدينة غزة.", "برج الأردن", "Jordan"},
		{"سقطت قذائف على سوق ليبيا في أم درمان.", "سوق ليبيا", "Libya"},
		{"اندلعت النيران في مبنى العراق بحي الرمال.", "مبنى العراق", "Iraq"},
		{"قصفت المسيرات ميدان مصر في مدينة الأبيض.", "ميدان مصر", "Egypt"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			gp := parse(t, tc.text)
			for _, p := range gp.Places {
				if strings.Contains(p.Place.Name, tc.notAt) {
					t.Errorf("%s drawn at %s (%s)", tc.feature, p.Place.Name, p.Place.ID)
				}
			}
			unplaced := false
			for _, u := range gp.Unresolved {
				unplaced = unplaced || u.Mentions[0].Text == tc.feature
			}
			if !unplaced {
				t.Errorf("%s not an unplaced toponym of its own: %v", tc.feature, names(gp))
			}
		})
	}
	gp := parse(t, "استقبل مستشفى الكويت في رفح عشرات الجرحى.")
	for _, p := range gp.Places {
		if p.Place.Kind == geo.KindCountry {
			t.Errorf("مستشفى الكويت drawn at the country %s", p.Place.Name)
		}
	}
	gp = parse(t, "قصفت قوات الدعم السريع سوق الفاشر بالمدفعية.")
	if p := found(gp, "الفاشر"); p == nil || p.Place == nil || !strings.Contains(p.Place.Name, "Fasher") {
		t.Errorf("the market of El Fasher is in El Fasher: %v", names(gp))
	}
}

// TestNextItemIsNoContainer: a name followed by a new item of a list
// ("X، وفي ناحية Y") is not put in Y: a district seat far from Y is not
// lost to a village of the name near another place of the article.
func TestNextItemIsNoContainer(t *testing.T) {
	gp := parse(t, "قصفت الطائرات مواقع في جبل قنديل وقضاء سنجار، وفي ناحية سيد صادق بمحافظة السليمانية. وقتل جنديان في بغداد.")
	p := found(gp, "سنجار")
	if p == nil || p.Place == nil || p.Place.Point.Lon() > 42.5 {
		t.Errorf("سنجار not at the district seat in Nineveh: %v", names(gp))
	}
}

// TestPartyIsNoPlace: the name after a head of an organisation (حزب،
// تيار، منظمة) is the organisation's, even when some place bears it.
func TestPartyIsNoPlace(t *testing.T) {
	for _, tc := range []struct{ text, name string }{
		{"قصفت المسيرات مواقع لحزب العمال في جبل قنديل.", "العمال"},
		{"أصدرت منظمة الأنبار للإغاثة بيانا عن الهجوم على الرمادي.", "الأنبار"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			gp := parse(t, tc.text)
			for _, p := range append(append([]geo.Toponym{}, gp.Places...), gp.Unresolved...) {
				if strings.Contains(p.Mentions[0].Text, tc.name) {
					t.Errorf("%s taken for a place: %v", tc.name, names(gp))
				}
			}
		})
	}
}

// TestBareCountryIsNoScope: a country named bare, as the subject or
// object of a verb ("قصفت تركيا"), is as often its government as a place:
// it does not make the article about that country and push out a town
// of another.
func TestBareCountryIsNoScope(t *testing.T) {
	for _, tc := range []struct{ text, name string }{
		{"قصفت تركيا مواقع حزب العمال الكردستاني في سنجار.", "سنجار"},
		{"اتهمت إيران الولايات المتحدة بقصف البوكمال.", "البوكمال"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			gp := parse(t, tc.text)
			if p := found(gp, tc.name); p == nil || p.Place == nil {
				t.Errorf("%s not placed: %v", tc.name, names(gp))
			}
		})
	}
}

// TestNamingWords: a word of naming after a place noun ("المنطقة
// المسماة X", "قرية تدعى X", "منطقة يطلق عليها اسم X") makes the next
// word a name, however common; after a person ("شاب يدعى X") it does not.
func TestNamingWords(t *testing.T) {
	for _, tc := range []struct{ text, name string }{
		{"سقطت قذائف على المنطقة المسماة الكرامة شمال حلب.", "الكرامة"},
		{"قصفت المدفعية قرية تدعى أم الخير في ريف حماة.", "أم الخير"},
		{"داهمت القوات منطقة يطلق عليها اسم البساتين جنوب بغداد.", "البساتين"},
		{"انفجرت عبوة في المنطقة المعروفة باسم المثلث جنوب درعا.", "المثلث"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			gp := parse(t, tc.text)
			ok := false
			for _, p := range append(append([]geo.Toponym{}, gp.Places...), gp.Unresolved...) {
				ok = ok || strings.Contains(p.Mentions[0].Text, tc.name)
			}
			if !ok {
				t.Errorf("%s not found: %v", tc.name, names(gp))
			}
		})
	}
	gp := parse(t, "أطلق مجهولون النار على شاب يدعى خالد في درعا.")
	for _, p := range append(append([]geo.Toponym{}, gp.Places...), gp.Unresolved...) {
		if strings.Contains(p.Mentions[0].Text, "خالد") {
			t.Errorf("a man's name taken for a place: %v", names(gp))
		}
	}
}

// TestDistrictNearCity: a district said to lie near a city ("شمال حلب")
// is one about it, not a namesake district in another province.
func TestDistrictNearCity(t *testing.T) {
	gp := parse(t, "سقطت قذائف على منطقة الكرامة شمال حلب.")
	if p := found(gp, "الكرامة"); p != nil && p.Place != nil && p.Place.Point.Lon() > 38.5 {
		t.Errorf("الكرامة drawn at %s, %v, far east of Aleppo", p.Place.Name, p.Place.Point)
	}
}

// TestGenericParts: a part of a settlement named generically ("البلدة
// القديمة", "المنطقة الصناعية", "السوق الشعبي") is a toponym where the
// text puts it in a place, left unplaced with that place as container;
// alone it may be any town's and is not one.
func TestGenericParts(t *testing.T) {
	for _, tc := range []struct{ text, part, in string }{
		{"اقتحمت قوات الاحتلال البلدة القديمة في نابلس واعتقلت شابين.", "البلدة القديمة", "Nablus"},
		{"قصفت المسيرات المنطقة الصناعية بمدينة الأبيض.", "المنطقة الصناعية", "Obeid"},
		{"انفجرت سيارة في السوق الشعبي لمدينة إعزاز.", "السوق الشعبي", "zāz"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			gp := parse(t, tc.text)
			var part *geo.Toponym
			for i := range gp.Unresolved {
				if gp.Unresolved[i].Mentions[0].Text == tc.part {
					part = &gp.Unresolved[i]
				}
			}
			if part == nil || part.Container == nil || !strings.Contains(part.Container.Name, tc.in) {
				t.Errorf("%s not an unplaced part of %s: %v", tc.part, tc.in, names(gp))
			}
		})
	}
	gp := parse(t, "داهمت القوات البلدة القديمة واعتقلت شابين.")
	if len(gp.Unresolved)+len(gp.Places) != 0 {
		t.Errorf("a part of no stated place taken for one: %v", names(gp))
	}
}

// TestCountryAdjective: a country's "-ية" form after an indefinite noun
// is its adjective ("طائرة مسيرة تركية", "مصادر سورية"), no place; after a
// preposition, a direction, its verb or at a line's start it is the
// country.
func TestCountryAdjective(t *testing.T) {
	for _, tc := range []struct {
		text    string
		country bool
	}{
		{"استهدفت طائرة مسيرة تركية سيارة في القامشلي.", false},
		{"قالت مصادر سورية إن الجيش قصف مواقع في عفرين.", false},
		{"قصفت قوات تركية مواقع في منبج.", false},
		{"عاد اللاجئون من تركية إلى منبج.", true},
		{"قصفت القوات شمال سورية.", true},
		{"تعرضت سورية لقصف عنيف.", true},
		{"سورية: قصف على إدلب", true},
	} {
		t.Run(tc.text, func(t *testing.T) {
			gp := parse(t, tc.text)
			got := false
			for _, p := range gp.Places {
				got = got || p.Place.Kind == geo.KindCountry
			}
			if got != tc.country {
				t.Errorf("country found %v, want %v: %v", got, tc.country, names(gp))
			}
		})
	}
}

// TestQuarterFarFromItsCity: a quarter ("حي X") lies in a city the
// article names; a village of the name 90 km from every place named is
// another place, left unplaced.
func TestQuarterFarFromItsCity(t *testing.T) {
	gp := parse(t, "وفي تعز، قتلت امرأة برصاص قناص في حي الروضة شرق المدينة.")
	if p := found(gp, "الروضة"); p != nil && p.Place != nil {
		t.Errorf("حي الروضة drawn at %s %v", p.Place.Name, p.Place.Point)
	}
}
