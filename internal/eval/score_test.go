package eval

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
)

const tol = 1e-9

func near(a, b float64) bool { return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b)) }

// checkRecognition compares counts exactly and ratios within tol.
func checkRecognition(t *testing.T, got, want Recognition) {
	t.Helper()
	if !near(got.Precision, want.Precision) || !near(got.Recall, want.Recall) || !near(got.F1, want.F1) {
		t.Errorf("recognition P/R/F1 = %v/%v/%v, want %v/%v/%v",
			got.Precision, got.Recall, got.F1, want.Precision, want.Recall, want.F1)
	}
	got.Precision, got.Recall, got.F1 = 0, 0, 0
	want.Precision, want.Recall, want.F1 = 0, 0, 0
	if got != want {
		t.Errorf("recognition counts\n got %+v\nwant %+v", got, want)
	}
}

// checkResolution compares counts exactly and ratios and km within tol.
func checkResolution(t *testing.T, got, want Resolution) {
	t.Helper()
	if !near(got.ShareWithin161, want.ShareWithin161) || !near(got.ShareWithin25, want.ShareWithin25) ||
		!near(got.MeanKm, want.MeanKm) || !near(got.MedianKm, want.MedianKm) {
		t.Errorf("resolution shares 161/25 = %v/%v mean/median = %v/%v, want %v/%v %v/%v",
			got.ShareWithin161, got.ShareWithin25, got.MeanKm, got.MedianKm,
			want.ShareWithin161, want.ShareWithin25, want.MeanKm, want.MedianKm)
	}
	got.ShareWithin161, got.ShareWithin25, got.MeanKm, got.MedianKm = 0, 0, 0, 0
	want.ShareWithin161, want.ShareWithin25, want.MeanKm, want.MedianKm = 0, 0, 0, 0
	if got != want {
		t.Errorf("resolution counts\n got %+v\nwant %+v", got, want)
	}
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func TestScoreRules(t *testing.T) {
	tx := fixtureText
	m := func(sub string, nth int) geo.Mention { return mention(t, tx, sub, nth) }
	deir := place("geonames:1", "Deir ez-Zor", ptDeir)
	bukamal := place("geonames:2", "Albu Kamal", ptBukamal)
	wash := place("geonames:3", "Washington", ptWash)
	euph := place("local:4", "Euphrates", ptEuphrate)
	syria := place("geonames:5", "Syria", ptSyria)
	d1 := 111.1950802335329 // one degree of latitude

	tests := []struct {
		name       string
		parse      geo.Geoparse
		rec        Recognition
		res        Resolution
		misses     []string // gold texts
		falseAlarm []string // system texts
		wrong      []string // gold texts, "!" suffix when unresolved
	}{
		{
			name: "perfect, metonymic found and ignored",
			parse: geo.Geoparse{Places: []geo.Toponym{
				top(deir, m("بدير الزور", 0), m("دير الزور", 1)),
				top(bukamal, m("البوكمال", 0)),
				top(wash, m("واشنطن", 0)),
				top(euph, m("نهر الفرات", 0)),
				top(syria, m("سوريا", 0)),
			}},
			rec: Recognition{Gold: 4, Matched: 4, Metonymic: 1, System: 5, TruePositives: 4, Ignored: 1,
				Precision: 1, Recall: 1, F1: 1},
			res: Resolution{Matched: 4, Resolved: 4, Within161: 4, NotCoarse: 2, Within25: 2,
				ShareWithin161: 1, ShareWithin25: 1},
		},
		{
			name:   "nothing found: literal misses only, metonymic not required",
			rec:    Recognition{Gold: 4, Missed: 4, Metonymic: 1},
			misses: []string{"دير الزور", "البوكمال", "نهر الفرات", "سوريا"},
		},
		{
			name: "partial overlap matches, touching span does not",
			parse: geo.Geoparse{Places: []geo.Toponym{
				top(deir, m("الزور", 0)),   // inside the headline span
				top(bukamal, m("قرب ", 0)), // ends exactly where البوكمال starts
				top(euph, m("الفرات", 0)),  // tail of نهر الفرات
			}},
			rec: Recognition{Gold: 4, Matched: 2, Missed: 2, Metonymic: 1, System: 3, TruePositives: 2, FalseAlarms: 1,
				Precision: 2.0 / 3, Recall: 0.5, F1: f1(2.0/3, 0.5)},
			res:        Resolution{Matched: 2, Resolved: 2, Within161: 2, NotCoarse: 1, Within25: 1, ShareWithin161: 1, ShareWithin25: 1},
			misses:     []string{"البوكمال", "سوريا"},
			falseAlarm: []string{"قرب "},
		},
		{
			name: "metonymic ignored both ways; literal and metonymic overlap is a true positive",
			parse: geo.Geoparse{
				Places: []geo.Toponym{
					top(wash, m("وقالت واشنطن", 0)),
					top(syria, m("واشنطن", 0), m("سوريا", 0)),
				},
			},
			rec: Recognition{Gold: 4, Matched: 1, Missed: 3, Metonymic: 1, System: 2, TruePositives: 1, Ignored: 1,
				Precision: 1, Recall: 0.25, F1: f1(1, 0.25)},
			res:    Resolution{Matched: 1, Resolved: 1, Within161: 1, ShareWithin161: 1},
			misses: []string{"دير الزور", "البوكمال", "نهر الفرات"},
		},
		{
			name: "unresolved places count for recognition, fail resolution",
			parse: geo.Geoparse{
				Places: []geo.Toponym{
					top(nil, m("البوكمال", 0)), // a Place entry without a place
				},
				Unresolved: []geo.Toponym{
					// An Unresolved entry is unresolved even if it carries a
					// candidate place.
					top(deir, m("دير الزور", 1)),
					top(nil, m("طائرات", 0)),
				},
			},
			rec: Recognition{Gold: 4, Matched: 2, Missed: 2, Metonymic: 1, System: 3, TruePositives: 2, FalseAlarms: 1,
				Precision: 2.0 / 3, Recall: 0.5, F1: f1(2.0/3, 0.5)},
			res:        Resolution{Matched: 2, Unresolved: 2, NotCoarse: 2},
			misses:     []string{"نهر الفرات", "سوريا"},
			falseAlarm: []string{"طائرات"},
			wrong:      []string{"دير الزور!", "البوكمال!"},
		},
		{
			name: "coarse places only at 161 km",
			parse: geo.Geoparse{Places: []geo.Toponym{
				top(place("x:1", "near Deir", offset(ptDeir, 100)), m("دير الزور", 1)),
				top(place("x:2", "near Bukamal", offset(ptBukamal, 20)), m("البوكمال", 0)),
				top(place("x:3", "near Euphrates", offset(ptEuphrate, 100)), m("نهر الفرات", 0)),
				top(place("x:4", "far Syria", offset(ptSyria, 200)), m("سوريا", 0)),
			}},
			rec: Recognition{Gold: 4, Matched: 4, Metonymic: 1, System: 4, TruePositives: 4,
				Precision: 1, Recall: 1, F1: 1},
			res: Resolution{Matched: 4, Resolved: 4, Within161: 3, NotCoarse: 2, Within25: 1,
				ShareWithin161: 0.75, ShareWithin25: 0.5, MeanKm: 105, MedianKm: 100},
			wrong: []string{"دير الزور", "سوريا"},
		},
		{
			name: "most overlapping mentions wins, then the first, Places before Unresolved",
			parse: geo.Geoparse{
				Places: []geo.Toponym{
					// One mention of دير الزور, far away: loses to the next.
					top(place("x:1", "wrong Deir", offset(ptDeir, 300)), m("بدير الزور", 0)),
					// Two mentions of دير الزور, placed right.
					top(deir, m("دير الزور", 0), m("دير الزور", 1)),
					// Tie on البوكمال: the first one, placed 1 degree off, wins.
					top(place("x:2", "first Bukamal", offset(ptBukamal, d1)), m("البوكمال", 0)),
					top(bukamal, m("البوكمال", 0)),
					// Tie with an unresolved place: the resolved one wins.
					top(syria, m("سوريا", 0)),
				},
				Unresolved: []geo.Toponym{top(nil, m("سوريا", 0))},
			},
			rec: Recognition{Gold: 4, Matched: 3, Missed: 1, Metonymic: 1, System: 6, TruePositives: 6,
				Precision: 1, Recall: 0.75, F1: f1(1, 0.75)},
			res: Resolution{Matched: 3, Resolved: 3, Within161: 3, NotCoarse: 2, Within25: 1,
				ShareWithin161: 1, ShareWithin25: 0.5, MeanKm: 37.065, MedianKm: 0}, // d1/3 to the metre
			misses: []string{"نهر الفرات"},
			wrong:  []string{"البوكمال"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := Load(writeSet(t, fixtureArticle(t, "a1")))
			if err != nil {
				t.Fatal(err)
			}
			p := &fakeGeoparser{byText: map[string]geo.Geoparse{tx: tt.parse}}
			rep, err := Score(context.Background(), set, p)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.PerArticle) != 1 {
				t.Fatalf("%d article reports, want 1", len(rep.PerArticle))
			}
			ar := rep.PerArticle[0]
			checkRecognition(t, rep.Recognition, tt.rec)
			checkRecognition(t, ar.Recognition, tt.rec)
			checkResolution(t, rep.Resolution, tt.res)
			checkResolution(t, ar.Resolution, tt.res)
			var misses, fas, wrong []string
			for _, x := range ar.Misses {
				misses = append(misses, x.Text)
			}
			for _, x := range ar.FalseAlarms {
				fas = append(fas, x.Text)
			}
			for _, x := range ar.WrongResolutions {
				s := x.GoldText
				if x.Unresolved {
					s += "!"
				}
				wrong = append(wrong, s)
			}
			checkStrings(t, "misses", misses, tt.misses)
			checkStrings(t, "false alarms", fas, tt.falseAlarm)
			checkStrings(t, "wrong resolutions", wrong, tt.wrong)
			want := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
			if len(p.published) != 1 || !p.published[0].Equal(want) {
				t.Errorf("published passed = %v, want [%v]", p.published, want)
			}
		})
	}
}

func checkStrings(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s = %q, want %q", what, got, want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s = %q, want %q", what, got, want)
			return
		}
	}
}

// secondText is a second article of our own, about another place.
const secondText = "اشتباكات في حلب\nاندلعت اشتباكات عنيفة داخل مدينة حلب وامتدت إلى ريف إدلب الجنوبي."

var ptAleppo = orb.Point{37.16117, 36.20124}

func secondArticle(t testing.TB) Article {
	tx := secondText
	return Article{
		ID:   "a2",
		File: "articles/a2.txt",
		Text: tx,
		Toponyms: []Toponym{
			goldToponym("حلب", "Aleppo", geo.KindCity, RoleLiteral, false, ptAleppo,
				occ(t, tx, "حلب", 0), occ(t, tx, "حلب", 1)),
			goldToponym("ريف إدلب", "Idlib countryside", geo.KindRegion, RoleLiteral, true, orb.Point{36.6, 35.8},
				occ(t, tx, "ريف إدلب", 0)),
		},
	}
}

// TestScoreMicroAverage checks that ratios pool the counts of all articles
// rather than average per-article ratios, and that mean and median run
// over every resolved match of the set.
func TestScoreMicroAverage(t *testing.T) {
	a1, a2 := fixtureArticle(t, "a1"), secondArticle(t)
	set, err := Load(writeSet(t, a1, a2))
	if err != nil {
		t.Fatal(err)
	}
	m1 := func(sub string, nth int) geo.Mention { return mention(t, fixtureText, sub, nth) }
	m2 := func(sub string, nth int) geo.Mention { return mention(t, secondText, sub, nth) }
	p := &fakeGeoparser{byText: map[string]geo.Geoparse{
		// a1: 1 true positive (10 km off), 3 false alarms.
		fixtureText: {Places: []geo.Toponym{
			top(place("x:1", "Deir", offset(ptDeir, 10)), m1("دير الزور", 1)),
			top(place("x:2", "a", ptDeir), m1("طائرات", 0)),
			top(place("x:3", "b", ptDeir), m1("قذائف", 0)),
			top(place("x:4", "c", ptDeir), m1("هجمات", 0)),
		}},
		// a2: 2 true positives of 2 (30 km and 50 km off).
		secondText: {Places: []geo.Toponym{
			top(place("x:5", "Aleppo", offset(ptAleppo, 30)), m2("حلب", 1)),
			top(place("x:6", "Idlib", offset(orb.Point{36.6, 35.8}, 50)), m2("ريف إدلب", 0)),
		}},
	}}
	rep, err := Score(context.Background(), set, p)
	if err != nil {
		t.Fatal(err)
	}
	// Micro: P = 3/6 (macro would be (1/4+1)/2), R = 3/6.
	checkRecognition(t, rep.Recognition, Recognition{Gold: 6, Matched: 3, Missed: 3, Metonymic: 1, System: 6,
		TruePositives: 3, FalseAlarms: 3, Precision: 0.5, Recall: 0.5, F1: 0.5})
	checkResolution(t, rep.Resolution, Resolution{Matched: 3, Resolved: 3, Within161: 3, NotCoarse: 2, Within25: 1,
		ShareWithin161: 1, ShareWithin25: 0.5, MeanKm: 30, MedianKm: 30})
	if p.published[1] != (time.Time{}) {
		t.Errorf("published for a null date = %v, want zero", p.published[1])
	}
	if got := len(rep.PerArticle[1].WrongResolutions); got != 1 {
		t.Errorf("a2 wrong resolutions = %d, want 1 (Aleppo at 30 km)", got)
	}
}

func TestScoreErrors(t *testing.T) {
	set, err := Load(writeSet(t, fixtureArticle(t, "a1")))
	if err != nil {
		t.Fatal(err)
	}
	errBoom := errors.New("boom")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want error
	}{
		{"geoparser error", context.Background(), errBoom, errBoom},
		{"cancelled", cancelled, nil, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Score(tt.ctx, set, &fakeGeoparser{err: tt.err})
			if !errors.Is(err, tt.want) || rep != nil {
				t.Fatalf("Score = %v, %v; want nil, %v", rep, err, tt.want)
			}
		})
	}
}
