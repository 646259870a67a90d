package localgaz

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/geo/gazetteer/embedded"
	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/store/sqlite"
	"github.com/paulmach/orb"
)

func TestAddPlaceReachesStoredArticles(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"), sqlite.Options{SyncNormal: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	base, err := embedded.Places()
	if err != nil {
		t.Fatal(err)
	}
	l, err := New(ctx, base, st, extract.New(), geoparse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// An invented village: no gazetteer holds it.
	art := geo.Article{
		Title:     "قصف مدفعي على قرية زغلبونة",
		Text:      "قصفت قوات الحكومة السورية بالمدفعية الثقيلة قرية زغلبونة في ريف حماة الشمالي صباح اليوم.",
		Published: time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC),
	}
	if _, err := st.Ingest(ctx, art, l); err != nil {
		t.Fatal(err)
	}
	names, err := st.Unresolved(ctx)
	if err != nil || len(names) == 0 {
		t.Fatalf("want the village unresolved first: %v %v", names, err)
	}

	added, err := l.Add(ctx, geo.Place{NameAr: "زغلبونة", Name: "Zaghlabuna", Kind: geo.KindVillage, CountryCode: "SY", Point: orb.Point{36.7, 35.3}})
	if err != nil {
		t.Fatal(err)
	}
	if added.ID == "" {
		t.Fatal("no id assigned")
	}
	page, err := st.Places(ctx, store.Query{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, pc := range page.Places {
		found = found || pc.Place.ID == added.ID
	}
	if !found {
		t.Errorf("after adding %s, no stored article resolves to it", added.ID)
	}
	gp, err := l.Geoparse(ctx, "وصلت تعزيزات إلى قرية زغلبونة", time.Time{})
	if err != nil || len(gp.Places) != 1 || gp.Places[0].Place.ID != added.ID {
		t.Errorf("new texts do not resolve to the local place: %+v %v", gp.Places, err)
	}

	if err := l.Remove(ctx, added.ID); err != nil {
		t.Fatal(err)
	}
	if err := l.Remove(ctx, added.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second remove: %v, want ErrNotFound", err)
	}
	if gp, _ := l.Geoparse(ctx, "وصلت تعزيزات إلى قرية زغلبونة", time.Time{}); len(gp.Places) != 0 {
		t.Errorf("removed place still resolves")
	}
}

// TestWatchSeesOtherProcesses: a place added through one handle on the
// database (another replica) reaches a layer over another handle.
func TestWatchSeesOtherProcesses(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "t.db")
	var handles [2]*sqlite.Store
	for i := range handles {
		st, err := sqlite.Open(ctx, path, sqlite.Options{SyncNormal: true})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		handles[i] = st
	}
	base := []geo.Place{{ID: "test:raqqa", Name: "Ar Raqqah", NameAr: "الرقة", Kind: geo.KindCity, Point: orb.Point{39.01, 35.95}}}
	a, err := New(ctx, base, handles[0], extract.New(), geoparse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(ctx, base, handles[1], extract.New(), geoparse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go b.Watch(wctx, 20*time.Millisecond, func(err error) { t.Error(err) })
	if _, err := a.Add(ctx, geo.Place{NameAr: "زغلبونة", Kind: geo.KindVillage, Point: orb.Point{36.5, 35.3}}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for b.local.Load() != 1 {
		if time.Now().After(deadline) {
			t.Fatal("the other layer never saw the new place")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
