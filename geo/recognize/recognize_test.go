package recognize

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/arabic"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/lexicon"
	"github.com/paulmach/orb"
)

// testGazetteer holds a few invented places and real-looking names: enough
// to test recognition rules without the embedded tables.
func testRecognizer(t *testing.T) *Recognizer {
	t.Helper()
	places := []geo.Place{
		{ID: "t:aleppo", NameAr: "حلب", Kind: geo.KindCity, CountryCode: "SY", Point: orb.Point{37.16, 36.2}, Population: 2000000},
		{ID: "t:raqqa", NameAr: "الرقة", Kind: geo.KindCity, CountryCode: "SY", Point: orb.Point{39.0, 35.95}, Population: 200000},
		{ID: "t:mayadin", NameAr: "الميادين", Kind: geo.KindTown, CountryCode: "SY", Point: orb.Point{40.45, 35.02}, Population: 40000},
		{ID: "t:muscat", NameAr: "مسقط", Kind: geo.KindCity, FeatureCode: "PPLC", CountryCode: "OM", Point: orb.Point{58.4, 23.6}, Population: 800000},
		{ID: "t:village", NameAr: "الضيعة", Kind: geo.KindVillage, CountryCode: "SY", Point: orb.Point{38.9, 36.0}},
		{ID: "t:village2", NameAr: "الكرمة", Kind: geo.KindVillage, CountryCode: "SY", Point: orb.Point{38.95, 36.05}},
		{ID: "t:elazig", NameAr: "العزيز", Kind: geo.KindAdmin1, CountryCode: "TR", Point: orb.Point{39.2, 38.7}},
		// names that are also common words: a verb (تدمر, "destroys"), a
		// noun (صور, "pictures"), and a big city that is also a word (حلب)
		{ID: "t:palmyra", NameAr: "تدمر", Kind: geo.KindTown, CountryCode: "SY", Point: orb.Point{38.27, 34.56}, Population: 51000},
		{ID: "t:tyre", NameAr: "صور", Kind: geo.KindTown, CountryCode: "LB", Point: orb.Point{35.2, 33.27}, Population: 60000},
	}
	lex := testLexicon(t, "word.verb\tتدمر\nword.noun\tصور\nword.noun\tحلب\nword.verb\tحلب\n")
	return New(gazetteer.New(places), geo.DefaultCoverage(), lex)
}

// keys returns the keys of the candidates found in text, with "<" and the
// container's key after a contained name.
func recognized(r *Recognizer, text string) []string {
	cands := r.Recognize(text, arabic.Tokens(text))
	var out []string
	for _, c := range cands {
		k := c.Key
		if j, ok := c.Container(); ok {
			rel := " in "
			if c.Near {
				rel = " near "
			}
			k += rel + cands[j].Key
		}
		out = append(out, k)
	}
	return out
}

func TestRecognizeRules(t *testing.T) {
	r := testRecognizer(t)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"a reporter's outlet is no place", "وقال مراسل الميادين إن القصف استمر.", nil},
		{"a channel's name is no place", "ونقلت قناة الميادين عن مصادر.", nil},
		{"a local network named after a town", "وذكرت شبكة الرقة 24 أن الطيران حلق.", nil},
		{"a town's outlet tail", "ونشر موقع الرقة بوست صورا.", nil},
		{"a person's name", "وقال عبد العزيز إن المدينة هادئة.", nil},
		{"an idiom", "عاد إلى مسقط رأسه بعد سنوات.", nil},
		{"the town itself", "قصفت الطائرات مدينة الميادين.", []string{"ميادين"}},
		{"container after في", "سقطت قذائف على الضيعة في حلب.", []string{"ضيعه in حلب", "حلب"}},
		{"container after بريف", "سقطت قذائف على الضيعة بريف الرقة.", []string{"ضيعه near رقه", "رقه"}},
		{"container after a direction", "قصف على الضيعة شرق الرقة.", []string{"ضيعه near رقه", "رقه"}},
		{"container after التابعة لـ", "قرية الضيعة التابعة لمحافظة الرقة.", []string{"ضيعه in رقه", "رقه"}},
		{"a preposition written on the container", "قصف الضيعة بحلب.", []string{"ضيعه in حلب", "حلب"}},
		{"a list shares its container", "قصف على الضيعة والكرمة بريف الرقة.", []string{"ضيعه near رقه", "كرمه near رقه", "رقه"}},
		{"coordination is no container", "قصف على الضيعة وناحية الرقة.", []string{"ضيعه", "رقه"}},
		{"a full stop ends the link", "قصف على الضيعة. في الرقة هدوء.", []string{"ضيعه", "رقه"}},
		{"a verb that is a town's name", "الغارات تدمر المنازل في الرقة.", []string{"رقه"}},
		{"the town after a preposition", "وصلت التعزيزات إلى تدمر أمس.", []string{"تدمر"}},
		{"the town with ب", "وقع انفجار بتدمر.", []string{"تدمر"}},
		{"the town after a cue", "قصفت الطائرات مدينة تدمر.", []string{"تدمر"}},
		{"a noun that is a town's name", "نشرت الوكالة صور الدمار في الرقة.", []string{"رقه"}},
		{"one mention placed places them all", "قصف على صور. وقالت مصادر إن صور تعرضت لغارات.", []string{"صور", "صور"}},
		{"a prominent city needs no evidence", "حلب تستعد لموجة برد.", []string{"حلب"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := recognized(r, tt.text)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("%q\ngot  %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

// testLexicon is the embedded lexicon with its generated common words
// replaced by the ones the tests name.
func testLexicon(t *testing.T, words string) *lexicon.Lexicon {
	t.Helper()
	fsys := fstest.MapFS{}
	names, err := fs.Glob(lexicon.Data(), "*.tsv")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if name == "commonwords.tsv" {
			continue
		}
		data, err := fs.ReadFile(lexicon.Data(), name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	fsys["commonwords.tsv"] = &fstest.MapFile{Data: []byte("class\tform\n" + words)}
	lex, err := lexicon.Parse(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return lex
}

func TestHeadline(t *testing.T) {
	r := testRecognizer(t)
	for _, tt := range []struct {
		text string
		want []bool
	}{
		{"قصف على حلب\nوسقطت قذائف على الرقة.", []bool{true, false}},
		{"[untitled]\nقصف على حلب وسقطت قذائف على الرقة.", []bool{false, false}},
		{"\nقصف على حلب\nالرقة", []bool{true, false}},
		// a kicker above the headline: the line under it is the headline
		{"أخبار عربية\nقذائف صاروخية تسقط على مدينة حلب\nوسقطت قذائف على الرقة.", []bool{true, false}},
	} {
		cands := r.Recognize(tt.text, arabic.Tokens(tt.text))
		if len(cands) != len(tt.want) {
			t.Fatalf("%q: %d candidates", tt.text, len(cands))
		}
		for i, c := range cands {
			if c.Headline != tt.want[i] {
				t.Errorf("%q: candidate %s headline %v, want %v", tt.text, c.Key, c.Headline, tt.want[i])
			}
		}
	}
}

// TestFacilityHoldsOneName: a facility (a field, a base) holds the one
// name before it; the names listed before that one are places of their
// own, not in it.
func TestFacilityHoldsOneName(t *testing.T) {
	places := []geo.Place{
		{ID: "t:field", NameAr: "حقل التيم", Kind: geo.KindFacility, CountryCode: "SY", Point: orb.Point{40.2, 35.2}},
		{ID: "t:village", NameAr: "الضيعة", Kind: geo.KindVillage, CountryCode: "SY", Point: orb.Point{38.9, 36.0}},
		{ID: "t:village2", NameAr: "الكرمة", Kind: geo.KindVillage, CountryCode: "SY", Point: orb.Point{40.21, 35.21}},
		{ID: "t:raqqa", NameAr: "الرقة", Kind: geo.KindCity, CountryCode: "SY", Point: orb.Point{39.0, 35.95}, Population: 200000},
	}
	r := New(gazetteer.New(places), geo.DefaultCoverage(), testLexicon(t, ""))
	for _, tt := range []struct{ text, want string }{
		{"سقطت قذائف على الضيعة، والكرمة في حقل التيم.", "ضيعه|كرمه in حقل التيم|حقل التيم"},
		{"سقطت قذائف على الضيعة والكرمة بريف الرقة.", "ضيعه near رقه|كرمه near رقه|رقه"},
	} {
		if got := strings.Join(recognized(r, tt.text), "|"); got != tt.want {
			t.Errorf("%q\ngot  %q\nwant %q", tt.text, got, tt.want)
		}
	}
}
