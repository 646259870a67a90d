package storetest

import (
	"bytes"
	"context"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// checkFeatures checks the stored features of s (when the engine can
// show them): one row of this build's format for every incident and
// none besides, each the encoding of the incident as read now; and
// EachFeature gives the same bytes.
func checkFeatures(t *testing.T, e Engine, s store.Store) {
	t.Helper()
	ctx := context.Background()
	ids, err := s.IncidentIDs(ctx, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64][]byte{}
	err = s.EachIncidentByID(ctx, ids, func(inc *geo.Incident) error {
		id, err := store.ParseID(inc.ID)
		if err != nil {
			return err
		}
		want[id], err = store.EncodeFeature(nil, inc)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64][]byte{}
	k := 0
	err = s.EachFeature(ctx, ids, func(b []byte) error {
		got[ids[k]] = bytes.Clone(b)
		k++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for id, w := range want {
		if !bytes.Equal(got[id], w) {
			t.Errorf("EachFeature of incident %d:\n%s\nwant\n%s", id, got[id], w)
		}
	}
	if e.StoredFeatures == nil {
		return
	}
	stored, err := e.StoredFeatures(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	for id, w := range want {
		if b, ok := stored[id]; !ok {
			t.Errorf("incident %d has no stored feature", id)
		} else if !bytes.Equal(b, w) {
			t.Errorf("stored feature of incident %d:\n%s\nwant\n%s", id, b, w)
		}
	}
	for id := range stored {
		if _, ok := want[id]; !ok {
			t.Errorf("a stored feature for incident %d, which is not stored", id)
		}
	}
}

// testFeatures: stored features follow every change of what they show:
// a merge (sources), a place renamed by a later article, a reprocess
// that drops a report, and a refresh rewrites those missing or of
// another format.
func testFeatures(t *testing.T, e Engine) {
	ctx := context.Background()
	s := e.open(t)
	renamed := *raqqa
	renamed.Name, renamed.NameAr = "Raqqa", "مدينة الرقة"
	a := report(airstrike, raqqa, "2024-05-05", "غارة على الرقة")
	b := report(airstrike, raqqa, "2024-05-05", "طائرة تقصف الرقة")
	c := report(shelling, &renamed, "2024-06-01", "قصف مدفعي على الرقة")
	d := report(armedClash, tabqa, "2024-06-02", "اشتباك في الطبقة")
	proc := &scripted{byTitle: map[string][]geo.Incident{"أ": {a}, "ب": {b}, "ج": {c}, "د": {d}}}
	for _, art := range []geo.Article{
		{Title: "أ", Text: a.Evidence[0].Text, Outlet: "وكالة أ", URL: "https://a.example/1"},
		{Title: "ب", Text: b.Evidence[0].Text, Outlet: "صحيفة ب"},
		{Title: "د", Text: d.Evidence[0].Text},
	} {
		if _, err := s.Ingest(ctx, art, proc); err != nil {
			t.Fatal(err)
		}
	}
	checkFeatures(t, e, s)
	// A later article's gazetteer names the place anew: every incident
	// there shows the new names, also the one it does not report.
	if _, err := s.Ingest(ctx, geo.Article{Title: "ج", Text: c.Evidence[0].Text}, proc); err != nil {
		t.Fatal(err)
	}
	checkFeatures(t, e, s)
	page, err := s.Incidents(ctx, store.Query{Type: airstrike})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Incidents) != 1 || page.Incidents[0].Place.NameAr != renamed.NameAr {
		t.Fatalf("airstrike incidents: %+v, want one at %s", page.Incidents, renamed.NameAr)
	}
	// Reprocessing without the second report: the merged incident loses
	// a source; without the fourth article's: its incident is gone.
	delete(proc.byTitle, "ب")
	delete(proc.byTitle, "د")
	if _, err := s.Reprocess(ctx, proc, nil); err != nil {
		t.Fatal(err)
	}
	checkFeatures(t, e, s)
	if e.SpoilFeatures == nil {
		return
	}
	if err := e.SpoilFeatures(ctx, s); err != nil {
		t.Fatal(err)
	}
	n, err := store.RefreshAllFeatures(ctx, s, 1)
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Errorf("RefreshAllFeatures rewrote nothing after SpoilFeatures")
	}
	checkFeatures(t, e, s)
	if n, err := store.RefreshAllFeatures(ctx, s, 1); err != nil || n != 0 {
		t.Errorf("a second RefreshAllFeatures rewrote %d (%v), want 0: the first went through", n, err)
	}
}
