package eval

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
)

const (
	air   = "Air/drone strike"
	shell = "Shelling/artillery/missile attack"
)

var day0 = time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)

// fakeExtractor answers from a table keyed by text.
type fakeExtractor map[string][]geo.Incident

func (f fakeExtractor) Incidents(_ context.Context, text string, _ time.Time, _ geo.Geoparse) ([]geo.Incident, error) {
	return f[text], nil
}

// sys builds a system incident.
func sys(sub string, pt orb.Point, date time.Time, p *geo.Place) geo.Incident {
	return geo.Incident{SubEventType: sub, Point: pt, Date: date, Place: p, PlaceText: "x"}
}

// goldIncident builds a gold incident at pt named place.
func goldIncident(sub, place string, pt orb.Point, date time.Time, precision int) Incident {
	return Incident{SubEventType: sub, Place: place, Lat: pt.Lat(), Lon: pt.Lon(), Date: Date{date}, GeoPrecision: precision}
}

func TestIncidentMatches(t *testing.T) {
	a := fixtureArticle(t, "a1")
	deir := goldIncident(air, "دير الزور", ptDeir, day0, 1)
	syria := goldIncident(air, "سوريا", ptSyria, time.Time{}, 3)
	nowhere := goldIncident(air, "مكان غير مذكور", ptDeir, time.Time{}, 3)
	nowhereFine := goldIncident(air, "مكان غير مذكور", ptDeir, time.Time{}, 1)
	tests := []struct {
		name string
		gold Incident
		sys  geo.Incident
		want bool
	}{
		{"same place and day", deir, sys(air, ptDeir, day0, nil), true},
		{"24 km away", deir, sys(air, offset(ptDeir, 24), day0, nil), true},
		{"26 km away", deir, sys(air, offset(ptDeir, 26), day0, nil), false},
		{"another sub-event type", deir, sys(shell, ptDeir, day0, nil), false},
		{"a day apart", deir, sys(air, ptDeir, day0.AddDate(0, 0, 1), nil), true},
		{"two days apart", deir, sys(air, ptDeir, day0.AddDate(0, 0, -2), nil), false},
		{"system date unknown", deir, sys(air, ptDeir, time.Time{}, nil), true},
		{"gold date unknown", syria, sys(air, offset(ptSyria, 100), day0, nil), true},
		{"coarse gold place: 160 km", syria, sys(air, offset(ptSyria, 160), time.Time{}, nil), true},
		{"coarse gold place: 162 km", syria, sys(air, offset(ptSyria, 162), time.Time{}, nil), false},
		{"no toponym, precision 3: coarse", nowhere, sys(air, offset(ptDeir, 100), time.Time{}, nil), true},
		{"no toponym, precision 1: fine", nowhereFine, sys(air, offset(ptDeir, 100), time.Time{}, nil), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, _ := incidentMatches(&a, &tc.gold, &tc.sys); got != tc.want {
				t.Errorf("match = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestMatchIncidentsMaximum: the closest pair first would leave one gold
// incident unmatched; the matching must find two pairs.
func TestMatchIncidentsMaximum(t *testing.T) {
	a := fixtureArticle(t, "a1")
	a.Incidents = []Incident{
		goldIncident(air, "دير الزور", ptDeir, day0, 1),
		goldIncident(air, "دير الزور", offset(ptDeir, 20), day0, 1),
	}
	s := []geo.Incident{
		sys(air, offset(ptDeir, 10), day0, nil),  // near both, nearest to the second
		sys(air, offset(ptDeir, -10), day0, nil), // near the first only
	}
	got := matchIncidents(&a, s)
	if got[0] != 1 || got[1] != 0 {
		t.Errorf("matching %v, want [1 0]", got)
	}
}

func TestScoreIncidents(t *testing.T) {
	a1 := fixtureArticle(t, "a1")
	a1.Incidents = append(a1.Incidents, goldIncident(shell, "البوكمال", ptBukamal, day0, 1))
	a2 := fixtureArticle(t, "a2")
	a2.Text += " (2)"
	set := &Set{Dir: "fixture", Articles: []Article{a1, a2}}
	p := &fakeGeoparser{byText: map[string]geo.Geoparse{a1.Text: {}, a2.Text: {}}}
	x := fakeExtractor{
		a1.Text: {
			sys(air, ptDeir, day0, nil),
			sys(air, offset(ptDeir, 1), day0, nil), // a second report of one gold incident
			sys(shell, ptWash, day0, nil),          // far away
		},
		a2.Text: nil,
	}
	rep, err := ScoreIncidents(context.Background(), set, p, x)
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Scores
	if s.Gold != 3 || s.System != 3 || s.Matched != 1 || s.Missed != 2 || s.FalseAlarms != 2 {
		t.Errorf("counts %+v", s)
	}
	if !near(s.Precision, 1.0/3) || !near(s.Recall, 1.0/3) || !near(s.F1, 1.0/3) {
		t.Errorf("P/R/F1 %v/%v/%v, want 1/3 each", s.Precision, s.Recall, s.F1)
	}
	if len(rep.PerArticle) != 2 || len(rep.PerArticle[0].Misses) != 1 || len(rep.PerArticle[0].FalseAlarms) != 2 ||
		len(rep.PerArticle[1].Misses) != 1 || rep.PerArticle[1].Misses[0].Primary != true {
		t.Errorf("per article %+v", rep.PerArticle)
	}
	if len(p.published) != 2 || !p.published[0].Equal(day0) {
		t.Errorf("geoparser given published %v", p.published)
	}
}

func TestScoreIncidentsErrors(t *testing.T) {
	set := &Set{Articles: []Article{fixtureArticle(t, "a1")}}
	boom := errors.New("boom")
	if _, err := ScoreIncidents(context.Background(), set, &fakeGeoparser{err: boom}, fakeExtractor{}); !errors.Is(err, boom) {
		t.Errorf("geoparser error: got %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ScoreIncidents(ctx, set, &fakeGeoparser{}, fakeExtractor{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v", err)
	}
}

func TestScoreGroups(t *testing.T) {
	deir := place("geonames:1", "Deir ez-Zor", ptDeir)
	tests := []struct {
		name     string
		reports  [][]geo.Incident // per article of the group
		kept     int
		clusters int
	}{
		{"one place, one day: one incident", [][]geo.Incident{
			{sys(air, ptDeir, day0, deir)},
			{sys(air, offset(ptDeir, 3), day0.AddDate(0, 0, 1), nil)},
		}, 1, 1},
		{"same place, no date: one incident", [][]geo.Incident{
			{sys(air, ptDeir, day0, deir)},
			{sys(air, ptDeir, time.Time{}, deir)},
		}, 1, 1},
		{"three days apart: kept twice", [][]geo.Incident{
			{sys(air, ptDeir, day0.AddDate(0, 0, -1), deir)},
			{sys(air, ptDeir, day0.AddDate(0, 0, 2), deir)},
		}, 2, 2},
		{"10 km apart: kept twice", [][]geo.Incident{
			{sys(air, ptDeir, day0, nil)},
			{sys(air, offset(ptDeir, 10), day0, nil)},
		}, 2, 2},
		{"missed", [][]geo.Incident{
			{sys(shell, ptDeir, day0, deir)},
			{sys(air, ptBukamal, day0, nil)},
		}, 0, 2},
		// One article's primary is found, the other's is not: the group
		// is not merged although one incident holds a primary.
		{"one primary missed", [][]geo.Incident{
			{sys(air, ptDeir, day0, deir)},
			{sys(shell, ptDeir, day0, deir)},
		}, 1, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			set := &Set{}
			x := fakeExtractor{}
			p := &fakeGeoparser{byText: map[string]geo.Geoparse{}}
			for i, rs := range tc.reports {
				a := fixtureArticle(t, "g"+string(rune('1'+i)))
				a.Text += strings.Repeat(" ", i+1)
				a.Group = "G"
				a.Incidents[0].Date = Date{}
				set.Articles = append(set.Articles, a)
				x[a.Text] = rs
				p.byText[a.Text] = geo.Geoparse{}
			}
			rep, err := ScoreIncidents(context.Background(), set, p, x)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Groups) != 1 {
				t.Fatalf("%d groups", len(rep.Groups))
			}
			g := rep.Groups[0]
			if g.Kept != tc.kept || g.Clusters != tc.clusters || len(g.Articles) != len(tc.reports) {
				t.Errorf("kept %d of %d clusters over %v, want %d of %d", g.Kept, g.Clusters, g.Articles, tc.kept, tc.clusters)
			}
			want := tc.kept == 1 && g.Matched == len(tc.reports)
			if right := rep.GroupsRight == 1; right != want || g.Merged != want {
				t.Errorf("GroupsRight %d, merged %v with %d kept, %d primaries matched", rep.GroupsRight, g.Merged, g.Kept, g.Matched)
			}
			if tc.name == "one primary missed" && (g.Matched != 1 || g.Merged) {
				t.Errorf("one primary missed: matched %d, merged %v", g.Matched, g.Merged)
			}
		})
	}
}

func TestIncidentReportOutput(t *testing.T) {
	a := fixtureArticle(t, "a1")
	a.Group = "G1"
	set := &Set{Dir: "fixture", Articles: []Article{a}}
	p := &fakeGeoparser{byText: map[string]geo.Geoparse{a.Text: {}}}
	x := fakeExtractor{a.Text: {
		{SubEventType: shell, Point: ptBukamal, PlaceText: "البوكمال", Confidence: 0.5,
			Evidence: []geo.Evidence{{Start: 0, End: 3, Text: "قصف"}}},
	}}
	rep, err := ScoreIncidents(context.Background(), set, p, x)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Incidents    P 0.000 (0/1)  R 0.000 (0/1)", "Groups       0/1", "MISSED",
		"miss         Air/drone strike at دير الزور", "false alarm  Shelling/artillery/missile attack at البوكمال"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, b.String())
		}
	}
	// Attached to the toponym report, it prints after it and marshals
	// under "incidents".
	full := &Report{Dir: "fixture", Incidents: rep}
	b.Reset()
	if err := full.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Recognition") || !strings.Contains(b.String(), "Incidents    P") {
		t.Errorf("combined report:\n%s", b.String())
	}
	data, err := json.Marshal(full)
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Incidents struct {
			Scores     IncidentScores `json:"scores"`
			Groups     []GroupReport  `json:"groups"`
			PerArticle []struct {
				FalseAlarms []IncidentFalseAlarm `json:"false_alarms"`
			} `json:"per_article"`
		} `json:"incidents"`
	}
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back.Incidents.Scores.Gold != 1 || len(back.Incidents.Groups) != 1 ||
		back.Incidents.PerArticle[0].FalseAlarms[0].Place != "البوكمال" {
		t.Errorf("JSON round trip: %s", data)
	}
	if data, _ := json.Marshal(&Report{}); strings.Contains(string(data), "incidents") {
		t.Errorf("a report without incidents mentions them: %s", data)
	}
}
