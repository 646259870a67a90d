package eval

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo"
)

// writeRaw writes a gold set from raw gold.jsonl text and article files.
func writeRaw(t *testing.T, gold string, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, GoldFile), []byte(gold), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestLoadFormat reads a line written by hand in the exact gold format:
// nulls, [start, end] arrays, variants, an incident.
func TestLoadFormat(t *testing.T) {
	text := "انفجار في بدمشق\nوقع انفجار في دمشق، وأكدت سورية ذلك."
	gold := `{"id": "x1", "file": "articles/x1.txt", "published": "2024-01-31", "group": null,
	 "toponyms": [{"text": "دمشق", "occurrences": [[10, 15], [30, 34]], "name": "Damascus", "kind": "city",
	   "role": "literal", "geonameid": 170654, "lat": 33.5102, "lon": 36.29128, "coarse": false, "uncertain_km": 5},
	  {"text": "سوريا", "variants": ["سورية"], "occurrences": [[42, 47]], "name": "Syria", "kind": "country",
	   "role": "metonymic", "geonameid": null, "lat": 34.8, "lon": 38.99, "coarse": true}],
	 "incidents": [{"primary": true, "event_type": "Explosions/Remote violence", "sub_event_type": "Remote explosive/landmine/IED",
	   "date": null, "place": "دمشق", "lat": 33.5102, "lon": 36.29128, "geo_precision": 1,
	   "actor1": "Unidentified", "actor2": null, "killed": 0, "injured": null, "evidence": "وقع انفجار"}]}` + "\n"
	gold = strings.ReplaceAll(gold, "\n\t ", " ")
	gold = strings.ReplaceAll(gold, "\n\t   ", " ")
	gold = strings.ReplaceAll(gold, "\n\t  ", " ")
	set, err := Load(writeRaw(t, gold, map[string]string{"articles/x1.txt": text}))
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Articles) != 1 {
		t.Fatalf("%d articles, want 1", len(set.Articles))
	}
	a := set.Articles[0]
	if a.Text != text || a.Group != "" || !a.Published.Equal(time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("article = %q group %q published %v", a.Text, a.Group, a.Published)
	}
	d := a.Toponyms[0]
	if d.GeonameID != 170654 || d.Kind != geo.KindCity || d.Coarse || d.UncertainKm != 5 ||
		len(d.Occurrences) != 2 || d.Occurrences[1] != (Occurrence{30, 34}) {
		t.Errorf("toponym 1 = %+v", d)
	}
	s := a.Toponyms[1]
	if s.GeonameID != 0 || !s.Metonymic() || !s.Coarse || len(s.Variants) != 1 {
		t.Errorf("toponym 2 = %+v", s)
	}
	if a.Toponym("سورية") != &a.Toponyms[1] || a.Toponym("دمشق") != &a.Toponyms[0] || a.Toponym("حلب") != nil {
		t.Error("Article.Toponym does not find by text and variant")
	}
	in := a.Incidents[0]
	if !in.Primary || !in.Date.IsZero() || in.Actor2 != "" || in.Killed == nil || *in.Killed != 0 ||
		in.Injured != nil || in.GeoPrecision != 1 || in.SubEventType != "Remote explosive/landmine/IED" {
		t.Errorf("incident = %+v", in)
	}
}

// TestLoadNames accepts every legitimate way a name sits in its span.
func TestLoadNames(t *testing.T) {
	tests := []struct {
		name, text, span string
		names            []string
	}{
		{"plain", "قصف على حلب اليوم", "حلب", []string{"حلب"}},
		{"proclitic ب", "قصف بحلب اليوم", "بحلب", []string{"حلب"}},
		{"two proclitics", "وبحلب قصف", "وبحلب", []string{"حلب"}},
		{"لل for ل + ال", "عودة للعراق", "للعراق", []string{"العراق"}},
		{"ولل", "وصل وللعراق", "وللعراق", []string{"العراق"}},
		{"span longer than name", "قالت الولايات المتحدة الأمريكية إن", "الولايات المتحدة الأمريكية", []string{"الولايات المتحدة"}},
		{"variant", "في سورية اليوم", "سورية", []string{"سوريا", "سورية"}},
		{"hamza and diacritics", "في إدْلِب", "إدْلِب", []string{"ادلب"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !spanHasName(tt.span, tt.names...) {
				t.Errorf("spanHasName(%q, %q) = false", tt.span, tt.names)
			}
		})
	}
	if spanHasName("حماة", "حمص") {
		t.Error("spanHasName accepts another name")
	}
}

func TestLoadErrors(t *testing.T) {
	text := "قصف على حلب"
	top := func(occ, kind, role string) string {
		return `{"id": "x1", "published": null, "group": null, "toponyms": [{"text": "حلب", "occurrences": ` + occ +
			`, "name": "Aleppo", "kind": "` + kind + `", "role": "` + role +
			`", "geonameid": null, "lat": 36.2, "lon": 37.16, "coarse": false}], "incidents": []}` + "\n"
	}
	good := top("[[8, 11]]", "city", "literal")
	files := map[string]string{"articles/x1.txt": text}
	tests := []struct {
		name  string
		gold  string
		files map[string]string
		want  string // in the error text
	}{
		{"bad json", good + "{nope\n", files, "gold.jsonl:2"},
		{"missing article", good, map[string]string{}, "x1.txt"},
		{"duplicate id", good + good, files, "id also on line 1"},
		{"no id", `{"toponyms": []}` + "\n", files, "no id"},
		{"occurrence past the end", top("[[8, 12]]", "city", "literal"), files, "outside the text"},
		{"empty occurrence", top("[[8, 8]]", "city", "literal"), files, "outside the text"},
		{"occurrence on another word", top("[[0, 3]]", "city", "literal"), files, `reads "قصف"`},
		{"occurrence not a pair", top("[[8]]", "city", "literal"), files, "want [start, end]"},
		{"unknown kind", top("[[8, 11]]", "metropolis", "literal"), files, `unknown kind "metropolis"`},
		{"unknown role", top("[[8, 11]]", "city", "figurative"), files, `unknown role "figurative"`},
		{"bad date", `{"id": "x1", "published": "5/3/2024"}` + "\n", files, "want YYYY-MM-DD"},
		{"empty set", "\n", files, "no articles"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := Load(writeRaw(t, tt.gold, tt.files))
			if err == nil || set != nil {
				t.Fatalf("Load = %v, %v; want an error", set, err)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error %q does not wrap ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
	t.Run("no gold file", func(t *testing.T) {
		if _, err := Load(t.TempDir()); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("Load of an empty folder = %v, want ErrNotExist", err)
		}
	})
	t.Run("good", func(t *testing.T) {
		if _, err := Load(writeRaw(t, good, files)); err != nil {
			t.Errorf("Load of the good set = %v", err)
		}
	})
}

// TestLoadDev reads the shared development set when it is there.
func TestLoadDev(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "eval", "dev")
	if _, err := os.Stat(filepath.Join(dir, GoldFile)); err != nil {
		t.Skipf("no dev set: %v", err)
	}
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Articles) == 0 {
		t.Fatal("no articles")
	}
	for _, a := range set.Articles {
		if len(a.Theatre) != 2 || strings.ToUpper(a.Theatre) != a.Theatre {
			t.Errorf("%s: theatre %q is not an ISO 3166 code", a.ID, a.Theatre)
		}
		n := utf8.RuneCountInString(a.Text)
		if n == 0 || len(a.Toponyms) == 0 {
			t.Errorf("%s: %d code points, %d toponyms", a.ID, n, len(a.Toponyms))
		}
		for _, tp := range a.Toponyms {
			for _, o := range tp.Occurrences {
				if o.Start < 0 || o.End <= o.Start || o.End > n {
					t.Errorf("%s: %q occurrence %v outside %d code points", a.ID, tp.Text, o, n)
				}
			}
		}
		for _, in := range a.Incidents {
			if a.Toponym(in.Place) == nil {
				t.Logf("%s: incident place %q is not a toponym text", a.ID, in.Place)
			}
		}
	}
}

// oracle answers with the gold itself: every toponym, literal or not, at
// its gold point, one mention per occurrence.
type oracle map[string]*Article

func (o oracle) Geoparse(_ context.Context, text string, _ time.Time) (geo.Geoparse, error) {
	a, ok := o[text]
	if !ok {
		return geo.Geoparse{}, errors.New("oracle: unknown text")
	}
	var g geo.Geoparse
	runes := []rune(text)
	for _, tp := range a.Toponyms {
		st := geo.Toponym{Place: &geo.Place{ID: tp.Name, Name: tp.Name, Point: tp.Point()}}
		for _, oc := range tp.Occurrences {
			st.Mentions = append(st.Mentions, geo.Mention{Start: oc.Start, End: oc.End, Text: string(runes[oc.Start:oc.End])})
		}
		g.Places = append(g.Places, st)
	}
	return g, nil
}

// TestScoreDevOracle scores the gold of the dev set against itself: every
// score must be perfect and the counts must add up.
func TestScoreDevOracle(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "eval", "dev")
	if _, err := os.Stat(filepath.Join(dir, GoldFile)); err != nil {
		t.Skipf("no dev set: %v", err)
	}
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	o := oracle{}
	for i := range set.Articles {
		o[set.Articles[i].Text] = &set.Articles[i]
	}
	rep, err := Score(context.Background(), set, o)
	if err != nil {
		t.Fatal(err)
	}
	rec, res := rep.Recognition, rep.Resolution
	if rec.Precision != 1 || rec.Recall != 1 || rec.FalseAlarms != 0 || rec.Ignored != rec.Metonymic ||
		res.ShareWithin161 != 1 || res.ShareWithin25 != 1 || res.MeanKm != 0 || res.Matched != rec.Gold {
		t.Errorf("oracle scores %+v %+v", rec, res)
	}
	t.Logf("dev: %d literal toponyms (%d not coarse), %d metonymic", rec.Gold, res.NotCoarse, rec.Metonymic)
}
