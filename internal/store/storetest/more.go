package storetest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/paulmach/orb"
)

// testReprocessKeepsIDs: incidents the pipeline finds again keep their
// ids, so that feature ids and permalinks survive a reprocess.
func testReprocessKeepsIDs(t *testing.T, e Engine) {
	ctx := context.Background()
	s := e.open(t)
	for i := range 30 {
		if _, err := s.Ingest(ctx, SyntheticArticle(i), Synthetic{}); err != nil {
			t.Fatal(err)
		}
	}
	before := allIncidents(t, s)
	if len(before) == 0 {
		t.Fatal("no incidents")
	}
	res, err := s.Reprocess(ctx, Synthetic{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != 30 || len(res.Failed) != 0 {
		t.Fatalf("reprocess: %+v", res)
	}
	after := allIncidents(t, s)
	if !slices.Equal(before, after) {
		t.Errorf("incidents changed across a reprocess with the same pipeline:\nbefore %v\nafter  %v", before, after)
	}
	// A new incident after the reprocess takes a fresh id.
	r, err := s.Ingest(ctx, SyntheticArticle(1000), Synthetic{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Incidents > 0 {
		now := allIncidents(t, s)
		if len(now) <= len(after) {
			t.Errorf("%d incidents after a new one, %d before", len(now), len(after))
		}
	}
	checkFeatures(t, e, s)
}

// allIncidents lists every incident as "id type date place sources".
func allIncidents(t *testing.T, s store.Store) []string {
	t.Helper()
	page, err := s.Incidents(context.Background(), store.Query{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, inc := range page.Incidents {
		var srcs []string
		for _, src := range inc.Sources {
			srcs = append(srcs, src.ArticleID)
		}
		out = append(out, fmt.Sprintf("%s %s %s %v %v", inc.ID, inc.SubEventType, inc.Date.Format("2006-01-02"), inc.Point, srcs))
	}
	slices.Sort(out)
	return out
}

// testLocalPlaces: the local layer's places are stored, listed, removed,
// and every change moves the gazetteer version, seen by every handle on
// the database.
func testLocalPlaces(t *testing.T, e Engine) {
	ctx := context.Background()
	dsn := e.NewDSN(t)
	a, err := e.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := e.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	v0, err := b.GazetteerVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p := geo.Place{NameAr: "تل عدس", Name: "Tell Adas", Names: []string{"تل العدس"}, Kind: geo.KindVillage,
		CountryCode: "SY", Point: orb.Point{40.1, 36.2}}
	added, err := a.AddLocalPlace(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if added.ID == "" || added.Source == "" {
		t.Errorf("added %+v: want an id and a source", added)
	}
	v1, _ := b.GazetteerVersion(ctx)
	if v1 == v0 {
		t.Error("adding a place left the gazetteer version")
	}
	list, err := b.LocalPlaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != added.ID || list[0].NameAr != p.NameAr || !slices.Equal(list[0].Names, p.Names) ||
		list[0].Point != p.Point || list[0].Kind != p.Kind {
		t.Errorf("listed %+v, want %+v", list, added)
	}
	if err := b.RemoveLocalPlace(ctx, "local:999999"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("removing a missing place: %v, want ErrNotFound", err)
	}
	if err := b.RemoveLocalPlace(ctx, "geonames:1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("removing a gazetteer place: %v, want ErrNotFound", err)
	}
	if err := b.RemoveLocalPlace(ctx, added.ID); err != nil {
		t.Fatal(err)
	}
	if v2, _ := a.GazetteerVersion(ctx); v2 == v1 {
		t.Error("removing a place left the gazetteer version")
	}
	if list, _ := a.LocalPlaces(ctx); len(list) != 0 {
		t.Errorf("after removal: %+v", list)
	}
	// ArticlesNaming finds an article by spelling or unresolved key.
	proc := procFunc(func(_ context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
		return geo.Geoparse{Unresolved: []geo.Toponym{{Cue: "قرية", Mentions: []geo.Mention{{Start: 0, End: 6, Text: "تل عدس"}}}}}, nil, nil
	})
	if _, err := a.Ingest(ctx, geo.Article{Text: "تل عدس قرية صغيرة"}, proc); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		keys, spellings []string
		want            int
	}{
		{[]string{store.UnresolvedKey("تل عدس")}, nil, 1},
		{nil, []string{"قرية صغيرة"}, 1},
		{[]string{"لا شيء"}, []string{"لا شيء"}, 0},
		{nil, nil, 0},
	} {
		n, err := b.ArticlesNaming(ctx, tt.keys, tt.spellings)
		if err != nil || n != tt.want {
			t.Errorf("ArticlesNaming(%q, %q) = %d, %v; want %d", tt.keys, tt.spellings, n, err, tt.want)
		}
	}
}

// readPoints reads Points from c into held (by id) and returns the next
// cursor and whether the read was a reset.
func readPoints(t *testing.T, s store.Store, c store.Cursor, held map[int64]store.Point) (store.Cursor, bool) {
	t.Helper()
	reset := false
	next, err := s.Points(context.Background(), c, func(ch store.Changes) error {
		if ch.Reset {
			reset = true
			clear(held)
		}
		for _, p := range ch.Points {
			held[p.ID] = p
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return next, reset
}

// testPoints: the cursor gives everything from the start, then only what
// changed, and starts over after a reprocess.
func testPoints(t *testing.T, e Engine) {
	ctx := context.Background()
	s := e.open(t)
	held := map[int64]store.Point{}
	c, reset := readPoints(t, s, store.Cursor{}, held)
	if !reset || len(held) != 0 {
		t.Fatalf("empty store: reset %v, %d points", reset, len(held))
	}
	for i := range 20 {
		if _, err := s.Ingest(ctx, SyntheticArticle(i), Synthetic{}); err != nil {
			t.Fatal(err)
		}
	}
	c, reset = readPoints(t, s, c, held)
	check := func(when string) {
		t.Helper()
		page, err := s.Incidents(ctx, store.Query{Limit: store.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		if len(held) != page.Total {
			t.Fatalf("%s: %d points held, %d incidents", when, len(held), page.Total)
		}
		for _, inc := range page.Incidents {
			id, _ := store.ParseID(inc.ID)
			p, ok := held[id]
			if !ok {
				t.Fatalf("%s: incident %s missing from the points", when, inc.ID)
			}
			if p.SubEventType != inc.SubEventType || p.Lon != inc.Point.Lon() || p.Lat != inc.Point.Lat() ||
				!p.Date.Equal(inc.Date) || p.Actor1 != inc.Actor1 || p.Confidence != inc.Confidence ||
				(p.Killed == nil) != (inc.Killed == nil) || p.Killed != nil && *p.Killed != *inc.Killed {
				t.Fatalf("%s: point %+v, incident %+v", when, p, inc)
			}
		}
	}
	check("after ingest")
	if reset {
		t.Error("an incremental read reset")
	}
	// Nothing new: nothing read.
	n := 0
	c2, err := s.Points(ctx, c, func(ch store.Changes) error { n += len(ch.Points); return nil })
	if err != nil || n != 0 || c2.Epoch != c.Epoch {
		t.Errorf("idle read: %d points, cursor %v → %v, %v", n, c, c2, err)
	}
	// A merge changes an incident: it comes again.
	if _, err := s.Ingest(ctx, geo.Article{Title: SyntheticArticle(3).Title, Text: SyntheticArticle(3).Text + " تحديث",
		Published: SyntheticArticle(3).Published}, Synthetic{}); err != nil {
		t.Fatal(err)
	}
	c, _ = readPoints(t, s, c, held)
	check("after another report")
	// A reprocess deriving the same changes nothing.
	if _, err := s.Reprocess(ctx, Synthetic{}, nil); err != nil {
		t.Fatal(err)
	}
	c, _ = readPoints(t, s, c, held)
	check("after reprocess")
	// One that drops incidents makes readers start over.
	first := SyntheticArticle(0).Title
	fewer := procFunc(func(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
		gp, incs, err := Synthetic{}.Process(ctx, art)
		if art.Title == first {
			incs = nil
		}
		return gp, incs, err
	})
	if _, err := s.Reprocess(ctx, fewer, nil); err != nil {
		t.Fatal(err)
	}
	c, reset = readPoints(t, s, c, held)
	if !reset {
		t.Error("no reset after a reprocess that deleted incidents")
	}
	check("after a reprocess that deleted incidents")
	// A cursor ahead of the store (kept from before a restore) starts
	// over.
	if _, reset = readPoints(t, s, store.Cursor{Epoch: c.Epoch, Pos: c.Pos + 1_000_000}, held); !reset {
		t.Error("a cursor ahead of the store did not reset")
	}
	check("after a cursor from the future")
}

// testTileSnapshot: the store keeps the newest snapshot of the tile
// index with its cursor, whoever saves it.
func testTileSnapshot(t *testing.T, e Engine) {
	ctx := context.Background()
	s := e.open(t)
	if _, _, err := s.TileSnapshot(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("an empty store's snapshot: %v", err)
	}
	save := func(c store.Cursor, data string) bool {
		t.Helper()
		saved, err := s.SaveTileSnapshot(ctx, c, []byte(data))
		if err != nil {
			t.Fatal(err)
		}
		return saved
	}
	kept := func() (store.Cursor, string) {
		t.Helper()
		c, data, err := s.TileSnapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return c, string(data)
	}
	big := strings.Repeat("\x00\xffدير", 1<<18) // a megabyte, bytes of every kind
	if !save(store.Cursor{Epoch: 1, Pos: 10}, big) {
		t.Error("the first snapshot was not saved")
	}
	if c, data := kept(); c != (store.Cursor{Epoch: 1, Pos: 10}) || data != big {
		t.Errorf("kept %v and %d bytes", c, len(data))
	}
	if save(store.Cursor{Epoch: 1, Pos: 9}, "older") || save(store.Cursor{Epoch: 1, Pos: 10}, "as new") {
		t.Error("an older snapshot replaced a newer one")
	}
	if !save(store.Cursor{Epoch: 1, Pos: 11}, "newer") || !save(store.Cursor{Epoch: 2, Pos: 3}, "another epoch") {
		t.Error("a newer snapshot was not saved")
	}
	if c, data := kept(); c != (store.Cursor{Epoch: 2, Pos: 3}) || data != "another epoch" {
		t.Errorf("kept %v %q", c, data)
	}
}

// concurrentArticles are reports of separate incidents, several
// reports each, every article listed twice: however they interleave,
// merging them gives the same incidents (each group lies days or many
// kilometres from every other, with the same fields in every report).
func concurrentArticles(groups, reports int) ([]geo.Article, store.Processor) {
	proc := &scripted{byTitle: map[string][]geo.Incident{}}
	subs := []string{airstrike, shelling, armedClash}
	var out []geo.Article
	for g := range groups {
		p := knownPlaces[g%len(knownPlaces)]
		date := day("2024-01-01").AddDate(0, 0, 5*(g/len(knownPlaces)))
		for r := range reports {
			title := fmt.Sprintf("مجموعة %d تقرير %d", g, r)
			inc := report(subs[g%len(subs)], p, date.Format("2006-01-02"), "خبر عن "+p.NameAr+" "+title)
			inc.Actor1, inc.Killed = "Unidentified", ptr(g%4)
			proc.byTitle[title] = []geo.Incident{inc}
			a := geo.Article{Title: title, Text: inc.Evidence[0].Text, Outlet: fmt.Sprintf("وكالة %d", r), Published: date}
			out = append(out, a, a)
		}
	}
	return out, proc
}

// testConcurrentIngest: four handles (as four processes or workers)
// ingest the same articles in different orders at once, each article
// twice; the database ends as a serial run leaves it.
func testConcurrentIngest(t *testing.T, e Engine) {
	ctx := context.Background()
	arts, proc := concurrentArticles(24, 4)
	serial := e.open(t)
	for _, a := range arts {
		if _, err := serial.Ingest(ctx, a, proc); err != nil {
			t.Fatal(err)
		}
	}
	dsn := e.NewDSN(t)
	var handles []store.Store
	for range 4 {
		h, err := e.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		handles = append(handles, h)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(handles))
	for w, h := range handles {
		wg.Add(1)
		go func() {
			defer wg.Done()
			order := slices.Clone(arts)
			rand.New(rand.NewPCG(uint64(w), 9)).Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			for _, a := range order {
				if _, err := h.Ingest(ctx, a, proc); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	want, _ := serial.Stats(ctx)
	got, _ := handles[0].Stats(ctx)
	if got != want {
		t.Errorf("concurrent stats %+v, serial %+v", got, want)
	}
	if a, b := incidentShapes(t, serial), incidentShapes(t, handles[1]); !slices.Equal(a, b) {
		t.Errorf("concurrent incidents differ from serial:\nserial     %v\nconcurrent %v", a, b)
	}
	if problems, err := handles[2].IntegrityCheck(ctx); err != nil || len(problems) > 0 {
		t.Errorf("integrity: %v %v", problems, err)
	}
	checkFeatures(t, e, handles[1])
}

// incidentShapes lists the incidents without ids or article ids, which
// depend on the order of ingestion: type, day, place and how many
// sources.
func incidentShapes(t *testing.T, s store.Store) []string {
	t.Helper()
	page, err := s.Incidents(context.Background(), store.Query{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, inc := range page.Incidents {
		var titles []string
		for _, src := range inc.Sources {
			titles = append(titles, src.Title)
		}
		slices.Sort(titles)
		out = append(out, fmt.Sprintf("%s %s %s %v", inc.SubEventType, inc.Date.Format("2006-01-02"), inc.Place.ID, titles))
	}
	slices.Sort(out)
	return out
}

// testConcurrentMerge: many outlets report one incident at the same
// moment through several handles; they end as one incident with every
// report as a source.
func testConcurrentMerge(t *testing.T, e Engine) {
	ctx := context.Background()
	dsn := e.NewDSN(t)
	const writers, each = 4, 6
	proc := &scripted{byTitle: map[string][]geo.Incident{}}
	var arts [writers][]geo.Article
	for w := range writers {
		for i := range each {
			title := fmt.Sprintf("تقرير %d-%d", w, i)
			// Points within a few hundred metres: one incident.
			p := *raqqa
			p.ID = fmt.Sprintf("test:raqqa-%d-%d", w, i)
			p.Point = orb.Point{raqqa.Point.Lon() + float64(w)*0.001, raqqa.Point.Lat() + float64(i)*0.001}
			proc.byTitle[title] = []geo.Incident{report(airstrike, &p, "2024-05-05", "غارة على الرقة "+title)}
			arts[w] = append(arts[w], geo.Article{Title: title, Text: "غارة على الرقة " + title})
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		h, err := e.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, a := range arts[w] {
				if _, err := h.Ingest(ctx, a, proc); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	s, err := e.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	page, err := s.Incidents(ctx, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 1 || len(page.Incidents[0].Sources) != writers*each {
		var n []int
		for _, inc := range page.Incidents {
			n = append(n, len(inc.Sources))
		}
		t.Errorf("%d incidents (sources %v), want 1 with %d sources", page.Total, n, writers*each)
	}
	checkFeatures(t, e, s)
}
