package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/paulmach/orb"
)

// fixture stores one article per incident and returns the incident ids
// in fixture order.
func fixture(t *testing.T, s store.Store, incs []geo.Incident) []string {
	t.Helper()
	ctx := context.Background()
	proc := &scripted{byTitle: map[string][]geo.Incident{}}
	var ids []string
	for i, inc := range incs {
		title := fmt.Sprintf("خبر %d", i+1)
		proc.byTitle[title] = []geo.Incident{inc}
		art := geo.Article{Title: title, Text: inc.Evidence[0].Text, URL: fmt.Sprintf("https://example.org/%d", i+1),
			Outlet: "وكالة أ", Published: inc.Date.Add(9 * time.Hour)}
		res, err := s.Ingest(ctx, art, proc)
		if err != nil {
			t.Fatal(err)
		}
		if res.Incidents != 1 {
			t.Fatalf("fixture %d merged: %+v", i+1, res)
		}
	}
	page, err := s.Incidents(ctx, store.Query{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	byEvidence := map[string]string{}
	for _, inc := range page.Incidents {
		byEvidence[inc.Evidence[0].Text] = inc.ID
	}
	for _, inc := range incs {
		ids = append(ids, byEvidence[inc.Evidence[0].Text])
	}
	return ids
}

func withActors(inc geo.Incident, a1, a2 string) geo.Incident {
	inc.Actor1, inc.Actor2 = a1, a2
	return inc
}

func queryFixture() []geo.Incident {
	return []geo.Incident{
		withActors(report(airstrike, raqqa, "2024-05-05", "قصفت طائرات التحالف مواقع بالرقة"), "US forces", "ISIS"),
		withActors(report(shelling, idlib, "2024-05-10", "قصف مدفعي على مدينة إدلب"), "Syrian army", ""),
		withActors(report(armedClash, deir, "2024-06-01", "اشتباكات عنيفة في دير الزور"), "SDF", "Tribal militias"),
		withActors(report(airstrike, baghdad, "2024-04-01", "طائرة مسيرة تستهدف سيارة في بغداد"), "Unidentified", ""),
		withActors(report(airstrike, sanaa, "", "غارات أمريكية على صنعاء"), "US forces", "Houthis"),
		withActors(report(shelling, tyre, "2024-05-20", "قصف إسرائيلي على أطراف صور"), "Israeli forces", "Hezbollah"),
		withActors(report(airstrike, tabqa, "2024-05-06", "والطبقة تتعرض لغارة"), "", ""),
	}
}

func testIncidentsFilters(t *testing.T, e Engine) {
	ctx := context.Background()
	s := e.open(t)
	ids := fixture(t, s, queryFixture())
	syria := &orb.Bound{Min: orb.Point{35.5, 32}, Max: orb.Point{42.5, 37.5}}
	tests := []struct {
		name string
		q    store.Query
		want []int // fixture numbers, in the order expected
	}{
		{"everything, newest first, undated last", store.Query{}, []int{3, 6, 2, 7, 1, 4, 5}},
		{"bbox", store.Query{BBox: syria}, []int{3, 2, 7, 1}},
		{"tight bbox", store.Query{BBox: &orb.Bound{Min: orb.Point{38.9, 35.9}, Max: orb.Point{39.1, 36.0}}}, []int{1}},
		{"bbox edge is inside", store.Query{BBox: &orb.Bound{Min: orb.Point{39.01, 35.95}, Max: orb.Point{39.01, 35.95}}}, []int{1}},
		{"from", store.Query{From: day("2024-05-06")}, []int{3, 6, 2, 7}},
		{"to leaves undated out", store.Query{To: day("2024-05-05")}, []int{1, 4}},
		{"from and to", store.Query{From: day("2024-05-05"), To: day("2024-05-10")}, []int{2, 7, 1}},
		{"bbox and interval", store.Query{BBox: syria, From: day("2024-05-06"), To: day("2024-05-31")}, []int{2, 7}},
		{"bbox and open interval", store.Query{BBox: syria, To: day("2024-05-06")}, []int{7, 1}},
		{"sub-event type, any case", store.Query{Type: "air/drone strike"}, []int{7, 1, 4, 5}},
		{"event type", store.Query{Type: "Battles"}, []int{3}},
		{"actor in either role, any case", store.Query{Actor: "us forces"}, []int{1, 5}},
		{"actor as target", store.Query{Actor: "Hezbollah"}, []int{6}},
		{"actor substring", store.Query{Actor: "forces"}, []int{6, 1, 5}},
		{"actor with LIKE wildcard", store.Query{Actor: "%"}, nil},
		{"text with proclitic in the article", store.Query{Text: "الرقة"}, []int{1}},
		{"text without article", store.Query{Text: "رقة"}, []int{1}},
		{"text, Latin place name", store.Query{Text: "idlib"}, []int{2}},
		{"text with conjunction in the article", store.Query{Text: "طبقة"}, []int{7}},
		{"text, every word", store.Query{Text: "قصف إدلب"}, []int{2}},
		{"text, word prefix", store.Query{Text: "مدفع"}, []int{2}},
		{"text, hamza folded", store.Query{Text: "ادلب"}, []int{2}},
		{"text, no words", store.Query{Text: "!!"}, []int{3, 6, 2, 7, 1, 4, 5}},
		{"text, nothing", store.Query{Text: "حلب"}, nil},
		{"type and actor", store.Query{Type: airstrike, Actor: "US forces"}, []int{1, 5}},
		{"all filters", store.Query{BBox: syria, From: day("2024-05-01"), To: day("2024-05-31"), Type: airstrike, Actor: "US", Text: "الرقة"}, []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := s.Incidents(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var want, got []string
			for _, n := range tt.want {
				want = append(want, ids[n-1])
			}
			for _, inc := range page.Incidents {
				got = append(got, inc.ID)
			}
			if !reflect.DeepEqual(got, want) || page.Total != len(want) {
				t.Errorf("got %v (total %d), want %v", got, page.Total, want)
			}
			// EachIncident hands over the same page, one at a time.
			var each []geo.Incident
			counts, err := s.EachIncident(ctx, tt.q, func(inc *geo.Incident) error {
				each = append(each, *inc)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if counts.Total != page.Total || counts.Limit != page.Limit || !reflect.DeepEqual(each, nonNil(page.Incidents)) {
				t.Errorf("EachIncident: %d incidents (total %d), Incidents %d (total %d)", len(each), counts.Total, len(page.Incidents), page.Total)
			}
			// IncidentIDs selects the same, unordered.
			idList, err := s.IncidentIDs(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs []string
			for _, id := range idList {
				gotIDs = append(gotIDs, store.FormatID(id))
			}
			slices.Sort(gotIDs)
			wantIDs := slices.Clone(want)
			slices.Sort(wantIDs)
			if !slices.Equal(gotIDs, wantIDs) {
				t.Errorf("IncidentIDs %v, want %v", gotIDs, wantIDs)
			}
		})
	}
	// EachIncidentByID reads incidents in the order asked, leaving out
	// ids not stored, each as Incidents gives it.
	all, err := s.Incidents(ctx, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]geo.Incident{}
	for _, inc := range all.Incidents {
		byID[inc.ID] = inc
	}
	var ask []int64
	for _, n := range []int{5, 1, 7, 3} {
		id, _ := store.ParseID(ids[n-1])
		ask = append(ask, id)
	}
	ask = append(ask[:2], append([]int64{999_999}, ask[2:]...)...)
	var got []geo.Incident
	if err := s.EachIncidentByID(ctx, ask, func(inc *geo.Incident) error { got = append(got, *inc); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("EachIncidentByID gave %d incidents, want 4", len(got))
	}
	for i, n := range []int{5, 1, 7, 3} {
		if !reflect.DeepEqual(got[i], byID[ids[n-1]]) {
			t.Errorf("EachIncidentByID %d: %+v, Incidents %+v", i, got[i], byID[ids[n-1]])
		}
	}
	// An error from fn ends the read and comes back.
	stop := errors.New("enough")
	n := 0
	if _, err := s.EachIncident(ctx, store.Query{}, func(*geo.Incident) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("EachIncident after fn failed: %v, %d calls", err, n)
	}
}

// nonNil is incs, or an empty slice for none: EachIncident's callbacks
// collect into a nil slice.
func nonNil(incs []geo.Incident) []geo.Incident {
	if len(incs) == 0 {
		return nil
	}
	return incs
}

func testIncidentsPaging(t *testing.T, e Engine) {
	ctx := context.Background()
	s := e.open(t)
	var incs []geo.Incident
	for i := range 25 {
		d := ""
		if i%5 != 4 {
			d = fmt.Sprintf("2024-0%d-1%d", 1+i%3, i%2) // many share a day
		}
		// Places 25 km apart keep them from merging.
		p := &geo.Place{ID: fmt.Sprintf("test:p%d", i), Name: fmt.Sprintf("P%d", i), NameAr: "مكان",
			Kind: geo.KindVillage, Point: orb.Point{36 + 0.3*float64(i), 34}}
		incs = append(incs, report(airstrike, p, d, fmt.Sprintf("حادثة رقم %d", i)))
	}
	fixture(t, s, incs)
	all, err := s.Incidents(ctx, store.Query{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total != 25 || len(all.Incidents) != 25 {
		t.Fatalf("%d of %d incidents, want 25", len(all.Incidents), all.Total)
	}
	for i := 1; i < len(all.Incidents); i++ {
		a, b := all.Incidents[i-1], all.Incidents[i]
		ordered := !a.Date.IsZero() && (b.Date.IsZero() || a.Date.After(b.Date)) ||
			a.Date.Equal(b.Date) && len(a.ID) <= len(b.ID) && (len(a.ID) < len(b.ID) || a.ID < b.ID)
		if !ordered {
			t.Errorf("incidents %d and %d out of order: %s %v, %s %v", i-1, i, a.ID, a.Date, b.ID, b.Date)
		}
	}
	for _, size := range []int{1, 7, 10, 25, 30} {
		t.Run(fmt.Sprintf("pages of %d", size), func(t *testing.T) {
			var got []string
			for off := 0; ; off += size {
				page, err := s.Incidents(ctx, store.Query{Limit: size, Offset: off})
				if err != nil {
					t.Fatal(err)
				}
				if page.Total != 25 || page.Limit != size || page.Offset != off {
					t.Fatalf("page at %d: total %d, limit %d, offset %d", off, page.Total, page.Limit, page.Offset)
				}
				if len(page.Incidents) == 0 {
					break
				}
				for _, inc := range page.Incidents {
					got = append(got, inc.ID)
				}
			}
			var want []string
			for _, inc := range all.Incidents {
				want = append(want, inc.ID)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("pages give %v, want %v", got, want)
			}
		})
	}
}

func testIncident(t *testing.T, e Engine) {
	ctx := context.Background()
	s := e.open(t)
	ids := fixture(t, s, queryFixture())
	inc, err := s.Incident(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	want := queryFixture()[0]
	switch {
	case inc.ID != ids[0] || inc.SubEventType != want.SubEventType || inc.EventType != want.EventType:
		t.Errorf("got %+v", inc)
	case inc.Place == nil || inc.Place.ID != raqqa.ID || inc.Place.NameAr != raqqa.NameAr || inc.Place.Kind != raqqa.Kind:
		t.Errorf("place = %+v, want %+v", inc.Place, raqqa)
	case inc.Point != raqqa.Point || !inc.Date.Equal(day("2024-05-05")) || inc.Actor1 != "US forces":
		t.Errorf("point %v, date %v, actor %q", inc.Point, inc.Date, inc.Actor1)
	case len(inc.Sources) != 1:
		t.Fatalf("sources = %+v", inc.Sources)
	}
	src := inc.Sources[0]
	pub := day("2024-05-05").Add(9 * time.Hour)
	if src.URL != "https://example.org/1" || src.Title != "خبر 1" || src.Outlet != "وكالة أ" ||
		src.Published == nil || !src.Published.Equal(pub) || !reflect.DeepEqual(src.Evidence, want.Evidence) {
		t.Errorf("source = %+v", src)
	}
	if !reflect.DeepEqual(inc.Evidence, want.Evidence) {
		t.Errorf("evidence = %+v, want %+v", inc.Evidence, want.Evidence)
	}
	for _, id := range []string{"999", "abc", "", "0", "-1", "1.5"} {
		t.Run("missing "+id, func(t *testing.T) {
			if _, err := s.Incident(ctx, id); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("Incident(%q): err = %v, want store.ErrNotFound", id, err)
			}
		})
	}
}

func testQueryInvalid(t *testing.T, e Engine) {
	s := e.open(t)
	tests := []struct {
		name string
		q    store.Query
	}{
		{"negative limit", store.Query{Limit: -1}},
		{"limit too big", store.Query{Limit: store.MaxLimit + 1}},
		{"negative offset", store.Query{Offset: -1}},
		{"inverted bbox", store.Query{BBox: &orb.Bound{Min: orb.Point{40, 30}, Max: orb.Point{39, 31}}}},
		{"interval ends before it starts", store.Query{From: day("2024-02-01"), To: day("2024-01-01")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.Incidents(context.Background(), tt.q); !errors.Is(err, store.ErrInvalidQuery) {
				t.Errorf("Incidents: err = %v, want store.ErrInvalidQuery", err)
			}
			if _, err := s.Places(context.Background(), tt.q); !errors.Is(err, store.ErrInvalidQuery) {
				t.Errorf("Places: err = %v, want store.ErrInvalidQuery", err)
			}
		})
	}
}

func testPlaces(t *testing.T, e Engine) {
	ctx := context.Background()
	s := e.open(t)
	fixture(t, s, queryFixture())
	// One more article naming Raqqa twice, without incidents.
	twice := procFunc(func(context.Context, geo.Article) (geo.Geoparse, []geo.Incident, error) {
		return geo.Geoparse{Places: []geo.Toponym{{Place: raqqa, Confidence: 0.9,
			Mentions: []geo.Mention{{Start: 0, End: 5, Text: "الرقة"}, {Start: 10, End: 16, Text: "بالرقة"}}}}}, nil, nil
	})
	if _, err := s.Ingest(ctx, geo.Article{Text: "الرقة هادئة اليوم بالرقة"}, twice); err != nil {
		t.Fatal(err)
	}
	syria := &orb.Bound{Min: orb.Point{35.5, 32}, Max: orb.Point{42.5, 37.5}}
	tests := []struct {
		name  string
		q     store.Query
		want  []string // place ids in order
		first store.PlaceCount
	}{
		{"all, most incidents then mentions", store.Query{}, []string{raqqa.ID, baghdad.ID, deir.ID, idlib.ID, sanaa.ID, tabqa.ID, tyre.ID},
			store.PlaceCount{Place: *raqqa, Mentions: 3, Articles: 2, Incidents: 1}},
		{"bbox", store.Query{BBox: syria}, []string{raqqa.ID, deir.ID, idlib.ID, tabqa.ID}, store.PlaceCount{}},
		{"Arabic name", store.Query{Text: "الطبقة"}, []string{tabqa.ID}, store.PlaceCount{}},
		{"Latin name, any case", store.Query{Text: "baghdad"}, []string{baghdad.ID}, store.PlaceCount{}},
		{"id", store.Query{Text: tyre.ID}, []string{tyre.ID}, store.PlaceCount{}},
		{"paged", store.Query{Limit: 2, Offset: 1}, []string{baghdad.ID, deir.ID}, store.PlaceCount{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := s.Places(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range page.Places {
				got = append(got, p.Place.ID)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if tt.first.Place.ID != "" {
				f := page.Places[0]
				f.Place.Names, tt.first.Place.Names = nil, nil
				if !reflect.DeepEqual(f, tt.first) {
					t.Errorf("first = %+v, want %+v", f, tt.first)
				}
			}
		})
	}
}

func testUnresolved(t *testing.T, e Engine) {
	ctx := context.Background()
	s := e.open(t)
	texts := []string{
		"سقطت قذائف على قرية تل عدس. وتل عدس تقع شمال المدينة.",
		"نزح الأهالي من تل عدس بعد القصف!",
		"اشتباكات قرب مزرعة الحوش.",
	}
	proc := procFunc(func(_ context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
		var gp geo.Geoparse
		runes := []rune(art.Text)
		for _, name := range []string{"تل عدس", "الحوش"} {
			tp := geo.Toponym{Cue: "قرية"}
			for i := 0; i+len([]rune(name)) <= len(runes); i++ {
				if string(runes[i:i+len([]rune(name))]) == name {
					tp.Mentions = append(tp.Mentions, geo.Mention{Start: i, End: i + len([]rune(name)), Text: name})
				}
			}
			if len(tp.Mentions) > 0 {
				gp.Unresolved = append(gp.Unresolved, tp)
			}
		}
		return gp, nil, nil
	})
	for _, text := range texts {
		if _, err := s.Ingest(ctx, geo.Article{Text: text}, proc); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Unresolved(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.UnresolvedName{
		{Name: "تل عدس", Key: "تل عدس", Cue: "قرية", Mentions: 3, Articles: 2, Examples: []string{
			"سقطت قذائف على قرية تل عدس.", "وتل عدس تقع شمال المدينة.", "نزح الأهالي من تل عدس بعد القصف!"}},
		{Name: "الحوش", Key: "الحوش", Cue: "قرية", Mentions: 1, Articles: 1, Examples: []string{"اشتباكات قرب مزرعة الحوش."}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}
