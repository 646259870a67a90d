package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/paulmach/orb"
)

func testIngestIdempotent(t *testing.T, e Engine) {
	ctx := context.Background()
	s := e.open(t)
	art := geo.Article{
		Title:  "غارة جوية على الرقة",
		Text:   "قصفت طائرة مسيرة مبنى في الرقة صباح الأحد.\nوأفاد مصدر محلي بمقتل شخصين.",
		URL:    "https://example.org/a",
		Outlet: "وكالة أ",
	}
	proc := &scripted{byTitle: map[string][]geo.Incident{
		art.Title: {report(airstrike, raqqa, "2024-05-05", "قصفت طائرة مسيرة مبنى في الرقة")},
	}}
	first, err := s.Ingest(ctx, art, proc)
	if err != nil {
		t.Fatal(err)
	}
	if first.Existed || first.Incidents != 1 || first.Places != 1 || first.ArticleID == "" {
		t.Fatalf("first ingest: %+v", first)
	}
	before, _ := s.Stats(ctx)
	again := []struct {
		name string
		art  geo.Article
	}{
		{"same article", art},
		{"other line breaks and spaces", geo.Article{Title: "  غارة جوية  على الرقة", Text: "قصفت طائرة مسيرة مبنى في الرقة صباح الأحد.\r\n\r\nوأفاد مصدر محلي بمقتل شخصين.  "}},
		{"other url and outlet", geo.Article{Title: art.Title, Text: art.Text, URL: "https://mirror.example.org/a", Outlet: "صحيفة ب"}},
	}
	for _, tt := range again {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.Ingest(ctx, tt.art, proc)
			if err != nil {
				t.Fatal(err)
			}
			if !res.Existed || res.ArticleID != first.ArticleID {
				t.Errorf("got %+v, want existed article %s", res, first.ArticleID)
			}
			if after, _ := s.Stats(ctx); after != before {
				t.Errorf("stats changed: %+v → %+v", before, after)
			}
		})
	}
	if n := proc.calls.Load(); n != 1 {
		t.Errorf("processor called %d times, want 1 (existing articles are not processed)", n)
	}
	got, err := s.Article(ctx, first.ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != art.Title || got.Text != art.Text || got.URL != art.URL || got.Outlet != art.Outlet || !got.Published.IsZero() {
		t.Errorf("stored article = %+v, want %+v", got, art)
	}
	checkFeatures(t, e, s)
}

func testIngestRejects(t *testing.T, e Engine) {
	ctx := context.Background()
	failing := procFunc(func(context.Context, geo.Article) (geo.Geoparse, []geo.Incident, error) {
		return geo.Geoparse{}, nil, errors.New("parser exploded")
	})
	outOfRange := procFunc(func(context.Context, geo.Article) (geo.Geoparse, []geo.Incident, error) {
		inc := report(airstrike, raqqa, "2024-01-01", "x")
		inc.Point[1] = 123
		return geo.Geoparse{Places: []geo.Toponym{{Place: raqqa}}}, []geo.Incident{inc}, nil
	})
	noType := procFunc(func(context.Context, geo.Article) (geo.Geoparse, []geo.Incident, error) {
		inc := report(airstrike, raqqa, "2024-01-01", "x")
		inc.SubEventType = ""
		return geo.Geoparse{}, []geo.Incident{inc}, nil
	})
	ok := store.Processor(&scripted{})
	tests := []struct {
		name string
		art  geo.Article
		proc store.Processor
		want error
	}{
		{"invalid UTF-8", geo.Article{Title: "عنوان", Text: "نص \xff\xfe"}, ok, store.ErrInvalidArticle},
		{"no text", geo.Article{Title: " ", Text: "\n\t"}, ok, store.ErrInvalidArticle},
		{"processor error", geo.Article{Text: "نص أول"}, failing, store.ErrProcess},
		{"coordinates out of range", geo.Article{Text: "نص ثان"}, outOfRange, store.ErrProcess},
		{"incident without type", geo.Article{Text: "نص ثالث"}, noType, store.ErrProcess},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := e.open(t)
			_, err := s.Ingest(ctx, tt.art, tt.proc)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if st, _ := s.Stats(ctx); st != (store.Stats{}) {
				t.Errorf("something was stored: %+v", st)
			}
		})
	}
}

func testIngestSkipsUnplacedIncidents(t *testing.T, e Engine) {
	s := e.open(t)
	proc := procFunc(func(context.Context, geo.Article) (geo.Geoparse, []geo.Incident, error) {
		return geo.Geoparse{}, []geo.Incident{{EventType: explosions, SubEventType: airstrike}}, nil
	})
	res, err := s.Ingest(context.Background(), geo.Article{Text: "غارة في مكان غير معروف"}, proc)
	if err != nil {
		t.Fatal(err)
	}
	if res.Skipped != 1 || res.Incidents != 0 {
		t.Errorf("got %+v, want one skipped incident", res)
	}
}

// east is a village 14 km east of Raqqa.
var east = &geo.Place{ID: "test:east", Name: "East", NameAr: "الشرقية", Kind: geo.KindVillage, Point: orb.Point{39.165, 35.95}}

func vague(inc geo.Incident) geo.Incident {
	inc.GeoPrecision = 2
	return inc
}

// TestMerge ingests two reports, each in its own article, and counts the
// incidents and sources that result.
func testMerge(t *testing.T, e Engine) {
	ctx := context.Background()
	tests := []struct {
		name          string
		a, b          geo.Incident
		wantIncidents int
	}{
		{"same incident from two outlets", report(airstrike, raqqa, "2024-05-05", "غارة على الرقة"), report(airstrike, raqqa, "2024-05-05", "طائرة تقصف الرقة"), 1},
		{"one day apart", report(airstrike, raqqa, "2024-05-05", "غارة على الرقة"), report(airstrike, raqqa, "2024-05-06", "غارة أمس على الرقة"), 1},
		{"same place, different days", report(airstrike, raqqa, "2024-05-05", "غارة على الرقة"), report(airstrike, raqqa, "2024-05-08", "غارة جديدة على الرقة"), 2},
		{"nearby village, same day", report(airstrike, raqqa, "2024-05-05", "غارة على الرقة"), report(airstrike, mansoura, "2024-05-05", "غارة على المنصورة"), 1},
		{"another town, same day", report(airstrike, raqqa, "2024-05-05", "غارة على الرقة"), report(airstrike, tabqa, "2024-05-05", "غارة على الطبقة"), 2},
		{"other sub-event type", report(airstrike, raqqa, "2024-05-05", "غارة على الرقة"), report(shelling, raqqa, "2024-05-05", "قصف مدفعي على الرقة"), 2},
		{"undated report, same place", report(airstrike, raqqa, "2024-05-05", "غارة على الرقة"), report(airstrike, raqqa, "", "غارة على الرقة"), 1},
		{"undated report, nearby village", report(airstrike, raqqa, "2024-05-05", "غارة على الرقة"), report(airstrike, mansoura, "", "غارة على المنصورة"), 2},
		{"14 km away, both precise", report(airstrike, raqqa, "2024-05-05", "غارة على الرقة"), report(airstrike, east, "2024-05-05", "غارة شرق الرقة"), 2},
		{"14 km away, the stored one vague", vague(report(airstrike, raqqa, "2024-05-05", "غارة قرب الرقة")), report(airstrike, east, "2024-05-05", "غارة شرق الرقة"), 1},
		{"14 km away, the new one vague", report(airstrike, raqqa, "2024-05-05", "غارة على الرقة"), vague(report(airstrike, east, "2024-05-05", "غارة قرب الرقة")), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := e.open(t)
			proc := &scripted{byTitle: map[string][]geo.Incident{"أ": {tt.a}, "ب": {tt.b}}}
			ra, err := s.Ingest(ctx, geo.Article{Title: "أ", Text: tt.a.Evidence[0].Text, Outlet: "وكالة أ"}, proc)
			if err != nil {
				t.Fatal(err)
			}
			rb, err := s.Ingest(ctx, geo.Article{Title: "ب", Text: tt.b.Evidence[0].Text + " (ب)", Outlet: "صحيفة ب"}, proc)
			if err != nil {
				t.Fatal(err)
			}
			page, err := s.Incidents(ctx, store.Query{})
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != tt.wantIncidents {
				t.Fatalf("%d incidents, want %d", page.Total, tt.wantIncidents)
			}
			if tt.wantIncidents == 1 {
				if rb.Merged != 1 || rb.Incidents != 0 {
					t.Errorf("second ingest: %+v, want one merged", rb)
				}
				srcs := page.Incidents[0].Sources
				if len(srcs) != 2 || srcs[0].ArticleID != ra.ArticleID || srcs[1].ArticleID != rb.ArticleID {
					t.Errorf("sources = %+v, want articles %s and %s", srcs, ra.ArticleID, rb.ArticleID)
				}
				if srcs[1].Outlet != "صحيفة ب" || len(srcs[1].Evidence) != 1 {
					t.Errorf("second source = %+v", srcs[1])
				}
			}
			checkFeatures(t, e, s)
		})
	}
}

// TestMergeCombines: a merged incident keeps the better of each field.
func testMergeCombines(t *testing.T, e Engine) {
	ctx := context.Background()
	s := e.open(t)
	a := report(airstrike, raqqa, "", "غارة على الرقة")
	a.Actor1, a.Killed, a.GeoPrecision = "Unidentified", ptr(2), 2
	b := report(airstrike, raqqa, "2024-05-05", "غارة للتحالف على الرقة")
	b.Actor1, b.Actor2, b.Killed, b.Injured, b.Primary = "US forces", "ISIS", ptr(5), ptr(3), true
	c := report(airstrike, raqqa, "2024-05-05", "الحصيلة الأولى غارة على الرقة")
	c.Killed = ptr(4)
	proc := &scripted{byTitle: map[string][]geo.Incident{"1": {a}, "2": {b}, "3": {c}}}
	for _, title := range []string{"1", "2", "3"} {
		if _, err := s.Ingest(ctx, geo.Article{Title: title, Text: "نص المقال " + title}, proc); err != nil {
			t.Fatal(err)
		}
	}
	page, err := s.Incidents(ctx, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 1 {
		t.Fatalf("%d incidents, want 1", page.Total)
	}
	got := page.Incidents[0]
	switch {
	case !got.Date.Equal(day("2024-05-05")) || got.DatePrecision != 1:
		t.Errorf("date = %v/%d, want 2024-05-05/1", got.Date, got.DatePrecision)
	case got.Actor1 != "US forces" || got.Actor2 != "ISIS":
		t.Errorf("actors = %q, %q", got.Actor1, got.Actor2)
	case got.Killed == nil || *got.Killed != 5 || got.Injured == nil || *got.Injured != 3:
		t.Errorf("killed, injured = %v, %v; want 5, 3", got.Killed, got.Injured)
	case got.GeoPrecision != 1 || !got.Primary:
		t.Errorf("geo precision %d, primary %v", got.GeoPrecision, got.Primary)
	case got.Confidence <= 0.9:
		t.Errorf("confidence %v did not rise with three reports", got.Confidence)
	case len(got.Sources) != 3:
		t.Errorf("%d sources, want 3", len(got.Sources))
	}
	checkFeatures(t, e, s)
}

// TestMergeWithinArticle: one article reporting the same incident twice
// yields one incident with one source holding both passages.
func testMergeWithinArticle(t *testing.T, e Engine) {
	ctx := context.Background()
	s := e.open(t)
	a := report(airstrike, raqqa, "2024-05-05", "غارة على الرقة")
	b := report(airstrike, raqqa, "2024-05-05", "وأكدت المصادر الغارة على الرقة")
	proc := &scripted{byTitle: map[string][]geo.Incident{"t": {a, b}}}
	res, err := s.Ingest(ctx, geo.Article{Title: "t", Text: "نص"}, proc)
	if err != nil {
		t.Fatal(err)
	}
	if res.Incidents != 1 || res.Merged != 1 {
		t.Errorf("result %+v, want 1 new and 1 merged", res)
	}
	inc, err := s.Incident(ctx, "1")
	if err != nil {
		t.Fatal(err)
	}
	if len(inc.Sources) != 1 || len(inc.Sources[0].Evidence) != 2 {
		t.Errorf("sources = %+v, want one with two passages", inc.Sources)
	}
	checkFeatures(t, e, s)
}
