package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
)

// testdata/ar.dic and ar.aff are a tiny dictionary we wrote in the layout
// of Ayaspell's: stopwords, names.dic with its proper-noun sections, its
// common nouns and its credits, then verbs.

func readAffix(t *testing.T) affix {
	t.Helper()
	aff, err := os.ReadFile("testdata/ar.aff")
	if err != nil {
		t.Fatal(err)
	}
	a, err := parseAffix(aff)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestParseAffix(t *testing.T) {
	a := readAffix(t)
	if len(a.aliases) != 9 || !slices.Equal(a.aliases[0], []string{"AA", "AB", "AC", "AD", "CA"}) {
		t.Errorf("aliases = %q", a.aliases)
	}
	if !a.prefixes["mj"] || !a.prefixes["nj"] || a.prefixes["AA"] {
		t.Errorf("prefixes = %v", a.prefixes)
	}
	if _, err := parseAffix([]byte("SET UTF-8\nAF 1\nAF ABC # 1\n")); !errors.Is(err, ErrLayout) {
		t.Errorf("short flags: err = %v, want ErrLayout", err)
	}
}

func TestSplit(t *testing.T) {
	a := readAffix(t)
	dic, err := os.ReadFile("testdata/ar.dic")
	if err != nil {
		t.Fatal(err)
	}
	d, err := split(dic, a.aliases)
	if err != nil {
		t.Fatal(err)
	}
	var nouns []string
	for _, l := range d.nouns {
		w, _, _ := strings.Cut(l, "/")
		nouns = append(nouns, w)
	}
	// Kept: the stopword, the letter name before the proper sections, the
	// nisba among the countries, the common nouns (مسقط with its dual).
	// Left out: the names, دمشق/2 (proper flags), أنقرة/5 (a capital
	// without a dual), the credits.
	want := []string{"في", "عين/8", "تركي/6", "مسقط/1", "بيض/1", "خضراء/1"}
	for i := range want {
		want[i], _, _ = strings.Cut(want[i], "/")
	}
	if !slices.Equal(nouns, want) {
		t.Errorf("nouns = %q, want %q", nouns, want)
	}
	if len(d.verbs) != 4 || d.dropped != 2 || d.names != 6 {
		t.Errorf("%d verbs, %d dropped, %d names; want 4, 2, 6", len(d.verbs), d.dropped, d.names)
	}

	for name, mangle := range map[string]func(string) string{
		"no verbs":     func(s string) string { return strings.Replace(s, "verb.huns.dic", "other.dic", 1) },
		"no proper":    func(s string) string { return strings.Replace(s, "#القارات", "#قارات", 1) },
		"no common":    func(s string) string { return strings.Replace(s, "####الأسماء####", "#أسماء", 1) },
		"no credits":   func(s string) string { return strings.Replace(s, "#####\n", "", 1) },
		"bad alias":    func(s string) string { return strings.Replace(s, "بيض/1", "بيض/99", 1) },
		"no file name": func(s string) string { return "20\nكلمة\n" + s },
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := split([]byte(mangle(string(dic))), a.aliases); !errors.Is(err, ErrLayout) {
				t.Errorf("err = %v, want ErrLayout", err)
			}
		})
	}
}

func TestProperFlags(t *testing.T) {
	tests := []struct {
		flags  string
		proper bool
	}{
		{"AB NA LA", true},           // دمشق: a nisba, no article, no pronoun
		{"AA AB NA LB", true},        // إسكندرية: the article, a nisba
		{"AB JA", true},              // the months: no article
		{"AA AB JA", false},          // مفكر: a participle
		{"AA AB", false},             // سينما: a loanword
		{"AA AB AC AD LA", false},    // قدس: pronouns
		{"BA BB DA LA", false},       // عشر: a feminine
		{"", false},                  // a particle
		{"AD AC AB AA CA JA", false}, // مسقط
	}
	for _, tt := range tests {
		if got := properFlags(strings.Fields(tt.flags)); got != tt.proper {
			t.Errorf("properFlags(%s) = %v, want %v", tt.flags, got, tt.proper)
		}
	}
}

func TestReadings(t *testing.T) {
	prefixes := map[string]bool{"nj": true, "mj": true}
	tests := []struct {
		word, reading string
		verb          bool
		clitic, plain bool
	}{
		{"مسقط", "st:مسقط", false, false, true},
		{"مسقط", "st:مسقط fl:AB", false, false, true},
		{"بنش", "fl:nj st:نش fl:AB", false, true, false}, // ب + نش
		{"سيدمر", "س st:دمر is:prst po:verb", true, true, false},
		{"تركية", "st:تركي fl:BB", false, false, true},
		{"حمامات", "st:حمام fl:HB", false, false, true},
		{"آباده", "st:آباد fl:AD", false, false, false},       // his آباد
		{"سلقين", "st:سلق fl:CB", false, false, false},        // two chards
		{"درعا", "st:درع fl:JA", false, false, false},         // accusative
		{"زعفرانية", "st:زعفران fl:LB", false, false, false},  // a nisba of any noun
		{"عجلون", "st:عجل fl:IB", false, false, false},        // a masculine plural
		{"مسقطي", "st:مسقط fl:AC fl:aa", false, false, false}, // pronouns
		{"تدمر", "st:دمر is:prst po:verb", true, false, true}, // she destroys
		{"يبرح", "is:prst st:برح po:verb", true, false, true}, // he leaves
		{"حلب", "st:حلب is:pst po:verb", true, false, true},   // he milked
		{"سرت", "is:pst st:سرا po:verb", true, false, true},   // she went by night
		{"سيرت", "is:pst st:سير po:verb fl:Fx", true, false, true},
		{"جنوا", "is:pst st:جنى po:verb", true, false, true}, // they reaped
		{"اهرون", "is:prst st:هر po:verb fl:Qx", true, false, false},
		{"تهرون", "is:prst st:هر po:verb fl:Qx", true, false, true},
		{"أدير", "is:pst is:prst st:أدار is:imp po:verb", true, false, false}, // I run
		{"أبهر", "is:pst is:prst st:أبهر po:verb", true, false, true},         // he dazzled
		{"درعا", "is:pst st:درع po:verb fl:Ax", true, false, false},           // they two
		{"راشيا", "is:pst st:راشى is:imp po:verb", true, false, false},        // they two
		{"تركيا", "st:ركا is:prst po:verb", true, false, false},               // you two
		{"تبنين", "is:prst st:بنى po:verb", true, false, false},               // you (f.)
		{"تعين", "is:prst st:عين po:verb", true, false, true},                 // she appoints
		{"عدن", "st:عد is:pst po:verb fl:Cx", true, false, false},             // they (f.)
		{"رول", "is:imp st:رال po:verb", true, false, false},                  // an imperative
		{"بيضه", "is:pst st:بيض po:verb fl:Hi", true, false, false},           // an object
	}
	for _, tt := range tests {
		r := reading(strings.Fields(tt.reading))
		if got := r.clitic(prefixes); got != tt.clitic {
			t.Errorf("%s [%s]: clitic = %v, want %v", tt.word, tt.reading, got, tt.clitic)
		}
		if got := r.plain(tt.word, tt.verb); got != tt.plain {
			t.Errorf("%s [%s]: plain = %v, want %v", tt.word, tt.reading, got, tt.plain)
		}
	}
}

func TestSpellings(t *testing.T) {
	tests := map[string][]string{
		"حلب":  {"حلب"},
		"ابيض": {"ابيض", "أبيض", "إبيض", "آبيض"},
		"جبله": {"جبله", "جبلة"},
		"اذني": {"اذني", "أذني", "إذني", "آذني", "اذنى", "أذنى", "إذنى", "آذنى"},
	}
	for w, want := range tests {
		if got := spellings(w); !slices.Equal(got, want) {
			t.Errorf("spellings(%s) = %q, want %q", w, got, want)
		}
	}
}

func TestNameForms(t *testing.T) {
	places := []geo.Place{
		{ID: "a", NameAr: "الخَضْراء", Names: []string{"Al Khadra", "الخضرا"}, Population: 10},
		{ID: "b", Name: "Khadra", NameAr: "خضراء", Population: 20},
		{ID: "c", NameAr: "رأس العين"}, // two words
		{ID: "d", NameAr: "گلستان"},    // a Persian letter: asked as the Arabic one
		{ID: "e", NameAr: "ٱلبيض"},     // alef wasla
		{ID: "g", NameAr: "جبلة"},      // ة kept as written
		{ID: "h", NameAr: "ابيض"},      // hamza dropped
		{ID: "i", NameAr: "تل‏"},       // a direction mark
		{ID: "j", NameAr: "السلام 2"},  // a digit makes two words
		{ID: "k", NameAr: "مِسقَط"},    // diacritics
		{ID: "l", NameAr: "ت"},         // one letter
		{ID: "m", NameAr: "العَين"},    // short: Key keeps the article
		{ID: "n", NameAr: "الخضراء"},   // again
		{ID: "o", Name: "حمص", NameAr: ""},
	}
	forms, largest := nameForms(places)
	want := map[string][]string{
		"خضراء":  {"خضراء"},
		"خضرا":   {"خضرا"},
		"بيض":    {"بيض"},
		"جبله":   {"جبلة"},
		"ابيض":   {"ابيض", "آبيض", "أبيض", "إبيض"},
		"تل":     {"تل"},
		"مسقط":   {"مسقط"},
		"عين":    {"عين"},
		"حمص":    {"حمص"},
		"كلستان": {"كلستان"},
	}
	for k, ws := range want {
		slices.Sort(ws)
		if !slices.Equal(forms[k], ws) {
			t.Errorf("forms[%s] = %q, want %q", k, forms[k], ws)
		}
	}
	if len(forms) != len(want) {
		t.Errorf("forms = %q, want the keys of %q", forms, want)
	}
	if p := largest["خضراء"]; p == nil || p.ID != "b" {
		t.Errorf("largest place of خضراء = %v, want b", p)
	}
}

func TestGenerate(t *testing.T) {
	bin, err := exec.LookPath("hunspell")
	if err != nil {
		t.Skip("hunspell is not installed")
	}
	cfg := config{Dic: "testdata/ar.dic", Aff: "testdata/ar.aff", Hunspell: bin, Version: "test"}
	var places []geo.Place
	for i, n := range []string{"تدمر", "مسقط", "دمشق", "أنقرة", "الخضراء", "البيض", "وبيض", "تركية", "سرت", "أدمر", "عدن", "مسقطه", "آسيا", "سليمان", "محمد", "عين", "رأس العين"} {
		places = append(places, geo.Place{ID: string(rune('a' + i)), NameAr: n, Kind: geo.KindTown})
	}
	res, err := generate(context.Background(), cfg, places)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res.rows() {
		got = append(got, r[0]+" "+r[1])
	}
	want := []string{
		"word.noun بيض", "word.noun تركيه", "word.noun خضراء", "word.noun عين", "word.noun مسقط",
		"word.verb تدمر", "word.verb سرت",
	}
	if !slices.Equal(got, want) {
		t.Errorf("rows = %q, want %q", got, want)
	}
	var table bytes.Buffer
	if err := writeTable(&table, res, cfg, "0123"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(table.String(), "hunspell-ar test (") || !strings.HasSuffix(table.String(), "class\tform\n"+strings.ReplaceAll(strings.Join(want, "\n"), " ", "\t")+"\n") {
		t.Errorf("table:\n%s", table.String())
	}
	var explain bytes.Buffer
	if err := writeExplain(&explain, res); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(explain.String(), "word.verb\tسرت\tسرت\tst:سر is:pst po:verb fl:Fx\t") {
		t.Errorf("explain:\n%s", explain.String())
	}

	t.Run("no hunspell", func(t *testing.T) {
		cfg := cfg
		cfg.Hunspell = filepath.Join(t.TempDir(), "hunspell")
		if _, err := generate(context.Background(), cfg, places); err == nil {
			t.Error("no error without hunspell")
		}
	})
}

func TestRun(t *testing.T) {
	if _, err := exec.LookPath("hunspell"); err != nil {
		t.Skip("hunspell is not installed")
	}
	// The test dictionary is too small to pass for Ayaspell's: run refuses
	// it, and leaves the output alone.
	out := filepath.Join(t.TempDir(), "commonwords.tsv")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := config{Dic: "testdata/ar.dic", Aff: "testdata/ar.aff", Hunspell: "hunspell", Version: "test"}
	if err := run(context.Background(), cfg, out, ""); !errors.Is(err, ErrLayout) {
		t.Errorf("err = %v, want ErrLayout", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "old" {
		t.Errorf("output overwritten: %q", b)
	}
	cfg.Dic = filepath.Join(t.TempDir(), "missing.dic")
	if err := run(context.Background(), cfg, out, ""); err == nil || !strings.Contains(err.Error(), "hunspell-ar") {
		t.Errorf("err = %v, want a hint to install hunspell-ar", err)
	}
}
