package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
)

// The fixture article: our own sentences, a headline then a body.
const fixtureText = "قصف مسيّرات على بدير الزور\n" +
	"استهدفت طائرات مسيرة فجر اليوم موقعا عسكريا في دير الزور، كما سقطت قذائف قرب البوكمال. " +
	"وقالت واشنطن إن العملية جاءت ردا على هجمات سابقة قرب نهر الفرات شرقي سوريا."

// Gold points of the fixture places.
var (
	ptDeir     = orb.Point{40.14084, 35.33588}
	ptBukamal  = orb.Point{40.91854, 34.45226}
	ptWash     = orb.Point{-77.03637, 38.89511}
	ptEuphrate = orb.Point{40.42, 35.15}
	ptSyria    = orb.Point{38.99, 34.8}
)

// occ returns the code-point span of the nth (from 0) occurrence of sub.
func occ(t testing.TB, text, sub string, nth int) Occurrence {
	t.Helper()
	from, start := 0, -1
	for i := 0; i <= nth; i++ {
		j := strings.Index(text[from:], sub)
		if j < 0 {
			t.Fatalf("%q: occurrence %d not found", sub, nth)
		}
		start = from + j
		from = start + len(sub)
	}
	s := utf8.RuneCountInString(text[:start])
	return Occurrence{Start: s, End: s + utf8.RuneCountInString(sub)}
}

// mention is occ as a system mention.
func mention(t testing.TB, text, sub string, nth int) geo.Mention {
	t.Helper()
	o := occ(t, text, sub, nth)
	return geo.Mention{Start: o.Start, End: o.End, Text: sub}
}

func goldToponym(text, name string, kind geo.Kind, role Role, coarse bool, pt orb.Point, occs ...Occurrence) Toponym {
	return Toponym{
		Text: text, Name: name, Kind: kind, Role: role, Coarse: coarse,
		Lat: pt.Lat(), Lon: pt.Lon(), Occurrences: occs,
	}
}

// fixtureArticle is the gold for fixtureText: four literal places, two of
// them coarse, and one metonymic capital.
func fixtureArticle(t testing.TB, id string) Article {
	tx := fixtureText
	return Article{
		ID:        id,
		File:      "articles/" + id + ".txt",
		Published: Date{time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)},
		Text:      tx,
		Toponyms: []Toponym{
			goldToponym("دير الزور", "Deir ez-Zor", geo.KindCity, RoleLiteral, false, ptDeir,
				occ(t, tx, "بدير الزور", 0), occ(t, tx, "دير الزور", 1)),
			goldToponym("البوكمال", "Albu Kamal", geo.KindCity, RoleLiteral, false, ptBukamal,
				occ(t, tx, "البوكمال", 0)),
			goldToponym("واشنطن", "Washington", geo.KindCity, RoleMetonymic, false, ptWash,
				occ(t, tx, "واشنطن", 0)),
			goldToponym("نهر الفرات", "Euphrates", geo.KindRiver, RoleLiteral, true, ptEuphrate,
				occ(t, tx, "نهر الفرات", 0)),
			goldToponym("سوريا", "Syria", geo.KindCountry, RoleLiteral, true, ptSyria,
				occ(t, tx, "سوريا", 0)),
		},
		Incidents: []Incident{{
			Primary: true, EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike",
			Date: Date{time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)}, Place: "دير الزور",
			Lat: ptDeir.Lat(), Lon: ptDeir.Lon(), GeoPrecision: 1, Actor1: "Unidentified",
		}},
	}
}

// writeSet writes articles as a gold set folder and returns its path.
func writeSet(t testing.TB, arts ...Article) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "articles"), 0o755); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, a := range arts {
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(b))
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(a.File)), []byte(a.Text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, GoldFile), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// place builds a gazetteer place at pt.
func place(id, name string, pt orb.Point) *geo.Place {
	return &geo.Place{ID: id, Name: name, Point: pt}
}

// offset moves pt north by km along its meridian: exactly km away.
func offset(pt orb.Point, km float64) orb.Point {
	return orb.Point{pt.Lon(), pt.Lat() + km/EarthRadiusKm*180/3.141592653589793}
}

func top(p *geo.Place, ms ...geo.Mention) geo.Toponym {
	return geo.Toponym{Place: p, Mentions: ms}
}

// fakeGeoparser answers from a table keyed by text and records the
// published dates it was given.
type fakeGeoparser struct {
	byText    map[string]geo.Geoparse
	err       error
	published []time.Time
}

func (f *fakeGeoparser) Geoparse(_ context.Context, text string, published time.Time) (geo.Geoparse, error) {
	f.published = append(f.published, published)
	if f.err != nil {
		return geo.Geoparse{}, f.err
	}
	g, ok := f.byText[text]
	if !ok {
		return geo.Geoparse{}, fmt.Errorf("fake: unknown text")
	}
	return g, nil
}
