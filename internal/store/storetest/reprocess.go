package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

func testReprocess(t *testing.T, e Engine) {
	ctx := context.Background()
	articles := []geo.Article{
		{Title: "أ", Text: "غارة على الرقة صباح اليوم.", Published: day("2024-05-05")},
		{Title: "ب", Text: "طائرة مسيرة تقصف الرقة.", Published: day("2024-05-05")},
		{Title: "ج", Text: "قصف مدفعي على إدلب.", Published: day("2024-05-07")},
		{Title: "د", Text: "نص لا يفهمه المعالج الجديد.", Published: day("2024-05-08")},
	}
	// The old pipeline found nothing; the new one finds three reports of
	// two incidents, and fails on the last article.
	old := &scripted{}
	better := &scripted{byTitle: map[string][]geo.Incident{
		"أ": {report(airstrike, raqqa, "2024-05-05", "غارة على الرقة")},
		"ب": {report(airstrike, raqqa, "2024-05-05", "طائرة مسيرة تقصف الرقة")},
		"ج": {report(shelling, idlib, "2024-05-07", "قصف مدفعي على إدلب")},
	}}
	newer := procFunc(func(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
		if art.Title == "د" {
			return geo.Geoparse{}, nil, errors.New("cannot read this")
		}
		return better.Process(ctx, art)
	})
	s := e.open(t)
	for _, a := range articles {
		if _, err := s.Ingest(ctx, a, old); err != nil {
			t.Fatal(err)
		}
	}
	if st, _ := s.Stats(ctx); st.Incidents != 0 || st.Articles != 4 {
		t.Fatalf("before: %+v", st)
	}
	steps := []struct {
		name       string
		proc       store.Processor
		wantFailed int
		want       store.Stats
		search     int // incidents found by "الرقة"
	}{
		{"new pipeline", newer, 1, store.Stats{Articles: 4, Places: 2, Mentions: 3, Incidents: 2, Sources: 3}, 1},
		{"again: same result", newer, 1, store.Stats{Articles: 4, Places: 2, Mentions: 3, Incidents: 2, Sources: 3}, 1},
		{"back to the old one", old, 0, store.Stats{Articles: 4}, 0},
	}
	for _, tt := range steps {
		t.Run(tt.name, func(t *testing.T) {
			var calls []int
			res, err := s.Reprocess(ctx, tt.proc, func(done, total int) { calls = append(calls, done, total) })
			if err != nil {
				t.Fatal(err)
			}
			if res.Articles != 4 || res.Incidents != tt.want.Incidents || len(res.Failed) != tt.wantFailed {
				t.Errorf("result %+v", res)
			}
			for _, e := range res.Failed {
				if !errors.Is(e, store.ErrProcess) || !strings.Contains(e.Error(), "article 4") {
					t.Errorf("failure %v: want store.ErrProcess naming article 4", e)
				}
			}
			if len(calls) != 2 || calls[0] != 4 || calls[1] != 4 {
				t.Errorf("progress calls %v, want [4 4]", calls)
			}
			if st, _ := s.Stats(ctx); st != tt.want {
				t.Errorf("stats %+v, want %+v", st, tt.want)
			}
			page, err := s.Incidents(ctx, store.Query{Text: "الرقة"})
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != tt.search {
				t.Errorf("search finds %d, want %d", page.Total, tt.search)
			}
			if problems, err := s.IntegrityCheck(ctx); err != nil || len(problems) > 0 {
				t.Errorf("integrity: %v %v", problems, err)
			}
		})
	}
	checkFeatures(t, e, s)
}

// TestReprocessUnstorable: an article whose new result cannot be stored
// is skipped alone, its partial rows undone.
func testReprocessUnstorable(t *testing.T, e Engine) {
	ctx := context.Background()
	s := e.open(t)
	for _, text := range []string{"المقال الأول", "المقال الثاني"} {
		if _, err := s.Ingest(ctx, geo.Article{Text: text}, &scripted{}); err != nil {
			t.Fatal(err)
		}
	}
	proc := procFunc(func(_ context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
		good := report(airstrike, raqqa, "2024-05-05", art.Text)
		gp := geo.Geoparse{Places: []geo.Toponym{{Place: raqqa, Mentions: []geo.Mention{{Start: 0, End: 3, Text: "الم"}}}}}
		if art.Text == "المقال الثاني" {
			bad := good
			bad.SubEventType = ""
			return gp, []geo.Incident{good, bad}, nil
		}
		return gp, []geo.Incident{report(shelling, idlib, "2024-05-05", art.Text)}, nil
	})
	res, err := s.Reprocess(ctx, proc, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Failed) != 1 || !errors.Is(res.Failed[0], store.ErrProcess) {
		t.Fatalf("failed = %v", res.Failed)
	}
	st, _ := s.Stats(ctx)
	if want := (store.Stats{Articles: 2, Places: 2, Mentions: 1, Incidents: 1, Sources: 1}); st != want {
		// The second article's place and mention were rolled back with it;
		// the first's Idlib incident placed Idlib, its mention Raqqa.
		t.Errorf("stats %+v, want %+v", st, want)
	}
}
