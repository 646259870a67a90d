package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"

	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/geo/gazetteer/embedded"
	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/incidentmap/incidentmap/internal/localgaz"
	"github.com/incidentmap/incidentmap/internal/store"
)

// TestTilesMatchItems: a tile, drawn from the tile index, holds what the
// store's items hold in the same box, with the same properties, for
// every filter (free text included), on each engine.
func TestTilesMatchItems(t *testing.T) { forEngines(t, testTilesMatchItems) }

func testTilesMatchItems(t *testing.T, e testEngine) {
	incs := genIncidents(3000)
	s, _ := sharedServer(t, e, 3000, func(o *Options) { o.Limits.MaxTileFeatures = 400 })
	at := func(i, z int) maptile.Tile { return maptile.At(incs[i].Point, maptile.Zoom(z)) }
	tiles := []maptile.Tile{maptile.New(0, 0, 0), at(0, 4), at(500, 7), at(500, 8), at(77, 10), at(1234, 12), at(2999, 16)}
	filters := []string{"", "type=Armed+clash", "type=battles", "actor=sdf", "datetime=2024-03-01/2024-09-30",
		"datetime=2025-01-01/..&type=Attack", "q=" + url.QueryEscape("رقم 12"), "q=" + url.QueryEscape("قصف") + "&actor=forces"}
	for _, tile := range tiles {
		for _, f := range filters {
			t.Run(fmt.Sprintf("%d/%d/%d?%s", tile.Z, tile.X, tile.Y, f), func(t *testing.T) {
				fc, _ := getTile(t, s, int(tile.Z), int(tile.X), int(tile.Y), f, true)
				total, clusters := sumCounts(fc)
				if clusters > 0 {
					// Clusters: the counts add up to the items in the tile.
					b := tile.Bound()
					items := getPage(t, s, fmt.Sprintf("/collections/incidents/items?limit=1&bbox=%v,%v,%v,%v&%s",
						b.Min.Lon(), b.Min.Lat(), b.Max.Lon(), b.Max.Lat(), f))
					if total != items.numberMatched {
						t.Errorf("clusters count %d, items %d", total, items.numberMatched)
					}
					return
				}
				// One by one: the features are the items in the tile and
				// its buffer, with their properties.
				b := clampBound(tile.Bound(tileBuffer))
				items := getPage(t, s, fmt.Sprintf("/collections/incidents/items?limit=10000&bbox=%v,%v,%v,%v&%s",
					b.Min.Lon(), b.Min.Lat(), b.Max.Lon(), b.Max.Lat(), f))
				want := map[string]*geojson.Feature{}
				for _, it := range items.fc.Features {
					want[fmt.Sprint(it.ID)] = it
				}
				if len(fc.Features) != len(want) {
					t.Fatalf("%d features, %d items", len(fc.Features), len(want))
				}
				for _, tf := range fc.Features {
					it := want[fmt.Sprint(tf.Properties["id"])]
					if it == nil {
						t.Fatalf("feature %v is no item", tf.Properties["id"])
					}
					for _, k := range []string{"sub_event_type", "event_type", "date", "actor1", "actor2", "place", "place_name"} {
						if tf.Properties[k] != it.Properties[k] && !(tf.Properties[k] == nil && it.Properties[k] == "") {
							t.Errorf("%s: tile %v, item %v", k, tf.Properties[k], it.Properties[k])
						}
					}
					if tf.Properties["killed"] != it.Properties["killed"] || tf.Properties["confidence"] != it.Properties["confidence"] {
						t.Errorf("counts: tile %v/%v, item %v/%v", tf.Properties["killed"], tf.Properties["confidence"], it.Properties["killed"], it.Properties["confidence"])
					}
				}
			})
		}
	}
}

// TestIndexFollowsWrites: an incident ingested by another process shows
// on the tiles after the next refresh of the cursor (here, Serve's
// follower at 50 ms), and one ingested through this server at once.
func TestIndexFollowsWrites(t *testing.T) { forEngines(t, testIndexFollowsWrites) }

func testIndexFollowsWrites(t *testing.T, e testEngine) {
	s, fs := testServer(t, e, genIncidents(10), func(o *Options) { o.Limits.IndexRefresh = 50 * time.Millisecond })
	base := "http://" + loopback(t, s)
	world := func() int {
		resp, err := http.Get(base + "/collections/incidents/histogram")
		if err != nil {
			t.Fatal(err)
		}
		var h histogramAnswer
		if err := json.Unmarshal(body(t, resp), &h); err != nil {
			t.Fatal(err)
		}
		return h.NumberMatched
	}
	if n := world(); n != 10 {
		t.Fatalf("%d incidents at first, want 10", n)
	}
	// Another process: straight into the store.
	more := genIncidents(20)[10:]
	if err := loadIncidents(t.Context(), fs.Store, more); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for world() != 20 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := world(); n != 20 {
		t.Fatalf("%d incidents after another process's ingest, want 20", n)
	}
}

// TestLocalPlaceReachesTiles: a local place that stored articles name
// has them reprocessed; the tiles show the incident placed there as soon
// as the place is added, without waiting for the index's next tick.
func TestLocalPlaceReachesTiles(t *testing.T) { forEngines(t, testLocalPlaceReachesTiles) }

func testLocalPlaceReachesTiles(t *testing.T, e testEngine) {
	base, err := embedded.Places()
	if err != nil {
		t.Fatal(err)
	}
	st := e.open(t)
	layer, err := localgaz.New(t.Context(), base, st, extract.New(), geoparse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := serverOver(t, st, func(o *Options) {
		o.Processor, o.Geoparser, o.LocalPlaces = layer, layer, layer
		o.Limits.IndexRefresh = time.Hour // only writes through the server refresh it here
	})
	// Our own sentence, about an invented village.
	article := "قصف مدفعي على قرية كفرزمردان\nقصفت المدفعية صباح اليوم قرية كفرزمردان، ما أدى إلى مقتل شخصين."
	auth := map[string]string{"Authorization": "Bearer s3cret", "Content-Type": "text/plain"}
	resp := do(t, s, req{method: "POST", target: "/api/articles?published=2024-05-01", body: article, header: auth})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("ingest: %d %s", resp.StatusCode, body(t, resp))
	}
	village := orb.Point{36.71, 35.93}
	tile := maptile.At(village, 12)
	count := func() int {
		fc, _ := getTile(t, s, 12, int(tile.X), int(tile.Y), "", false)
		n, _ := sumCounts(fc)
		return n
	}
	if n := count(); n != 0 {
		t.Fatalf("%d incidents at the village before it is placed", n)
	}
	resp = do(t, s, req{method: "POST", target: "/api/places", header: map[string]string{"Authorization": "Bearer s3cret", "Content-Type": "application/json"},
		body: `{"name":"Kafr Zumurdan","name_ar":"كفرزمردان","kind":"village","country":"SY","lat":35.93,"lon":36.71}`})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("add place: %d %s", resp.StatusCode, body(t, resp))
	}
	if n := count(); n == 0 {
		t.Fatal("the tile does not show the incident the local place placed")
	}
}

// TestTilesWaitForTheIndex: a tile asked for before the index is built
// waits for the build, up to IndexWait; past it, 503 with Retry-After.
func TestTilesWaitForTheIndex(t *testing.T) { forEngines(t, testTilesWaitForTheIndex) }

func testTilesWaitForTheIndex(t *testing.T, e testEngine) {
	st := sharedStoreOf(t, e, 250)
	slow := &slowPoints{Store: st, gate: make(chan struct{})}
	s, _ := serverOver(t, slow, func(o *Options) { o.Limits.IndexWait = 30 * time.Millisecond })
	resp := do(t, s, req{target: "/tiles/incidents/0/0/0.mvt"})
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("status %d Retry-After %q, want 503 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if p := decodeProblem(t, resp); !strings.Contains(p.Detail, "index") {
		t.Errorf("detail %q", p.Detail)
	}
	if resp := do(t, s, req{target: "/readyz"}); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz while the index is built: %d", resp.StatusCode)
	}
	close(slow.gate)
	// The build started by the first request goes on: soon a tile.
	deadline := time.Now().Add(10 * time.Second)
	for do(t, s, req{target: "/tiles/incidents/0/0/0.mvt"}).StatusCode != http.StatusOK && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	fc, _ := getTile(t, s, 0, 0, 0, "", false)
	if n, _ := sumCounts(fc); n != 250 {
		t.Errorf("%d incidents on the world tile, want 250", n)
	}
	if resp := do(t, s, req{target: "/readyz"}); resp.StatusCode != http.StatusOK {
		t.Errorf("readyz once the index is built: %d", resp.StatusCode)
	}
}

// slowPoints holds the change cursor until gate is closed.
type slowPoints struct {
	store.Store
	gate chan struct{}
}

func (s *slowPoints) Points(ctx context.Context, since store.Cursor, fn func(store.Changes) error) (store.Cursor, error) {
	select {
	case <-s.gate:
	case <-ctx.Done():
		return since, ctx.Err()
	}
	return s.Store.Points(ctx, since, fn)
}

// TestIndexStartsFromSnapshot: a server saves a snapshot of its index
// into the store once it has read every incident; the next server loads
// it and reads only what was written since, and counts the same.
func TestIndexStartsFromSnapshot(t *testing.T) { forEngines(t, testIndexStartsFromSnapshot) }

func testIndexStartsFromSnapshot(t *testing.T, e testEngine) {
	st := e.open(t)
	load(t, st, genIncidents(300))
	serve := func(logs *logBuffer) (string, func()) {
		s, _ := serverOver(t, st, func(o *Options) {
			o.Logger = logs.logger()
			o.Limits.IndexRefresh = 50 * time.Millisecond
		})
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- s.Serve(ctx, ln) }()
		return "http://" + ln.Addr().String(), func() {
			cancel()
			if err := <-done; err != nil {
				t.Error(err)
			}
		}
	}
	waitFor := func(logs *logBuffer, want string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(logs.String(), want) && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if !strings.Contains(logs.String(), want) {
			t.Fatalf("the log lacks %q:\n%s", want, logs)
		}
	}
	var first logBuffer
	_, stop := serve(&first)
	waitFor(&first, "no tile index snapshot in the store yet")
	waitFor(&first, "msg=\"tile index snapshot\" saved=true")
	stop()
	// Written while no server runs: the next one must read it.
	if err := loadIncidents(t.Context(), st, genIncidents(320)[300:]); err != nil {
		t.Fatal(err)
	}
	var second logBuffer
	base, stop := serve(&second)
	defer stop()
	waitFor(&second, "tile index loaded from the store's snapshot")
	if !strings.Contains(second.String(), "incidents=300") {
		t.Errorf("the snapshot did not hold 300 incidents:\n%s", second.String())
	}
	deadline := time.Now().Add(10 * time.Second)
	n := 0
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/collections/incidents/histogram")
		if err != nil {
			t.Fatal(err)
		}
		var h histogramAnswer
		if err := json.Unmarshal(body(t, resp), &h); err != nil {
			t.Fatal(err)
		}
		if n = h.NumberMatched; n == 320 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n != 320 {
		t.Errorf("the server started from the snapshot counts %d incidents, want 320", n)
	}
}

// TestItemsFromIndexMatchStore: a page of items with a box, found by
// the tile index, is the page the store finds: the same incidents in the
// same order, the same count, with every filter and paging.
func TestItemsFromIndexMatchStore(t *testing.T) { forEngines(t, testItemsFromIndexMatchStore) }

func testItemsFromIndexMatchStore(t *testing.T, e testEngine) {
	fromIndex, _ := sharedServer(t, e, 3000, nil)
	fromStore, _ := sharedServer(t, e, 3000, nil)
	fromStore.itemsFromStore = true
	if _, err := fromIndex.index.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	boxes := []string{"36,32,40,35", "36.1,32.1,36.5,32.9", "35,30,45,40", "39.9,33.9,40.1,34.1", "0,0,1,1", "36,32,36,32"}
	filters := []string{"", "type=Armed+clash", "actor=sdf", "datetime=2024-03-01/2025-09-30", "datetime=2026-01-01/..&type=battles",
		"limit=7&offset=13", "limit=10000", "offset=2990", "datetime=../2024-02-01&actor=US"}
	for _, box := range boxes {
		for _, f := range filters {
			target := "/collections/incidents/items?bbox=" + box + "&" + f
			t.Run(target, func(t *testing.T) {
				a := getPage(t, fromIndex, target)
				b := getPage(t, fromStore, target)
				if a.numberMatched != b.numberMatched || !slices.Equal(ids(a.fc), ids(b.fc)) {
					t.Errorf("index: %d matched, %v\nstore: %d matched, %v", a.numberMatched, head(ids(a.fc)), b.numberMatched, head(ids(b.fc)))
				}
				if a.links["next"] != b.links["next"] || a.links["prev"] != b.links["prev"] {
					t.Errorf("links: index %v, store %v", a.links, b.links)
				}
			})
		}
	}
}

func head(s []string) []string { return s[:min(len(s), 8)] }

// cutFirstSave is a store whose first snapshot save lasts until its
// context ends (a shutdown during the save after the first build).
type cutFirstSave struct {
	store.Store
	started chan struct{}
	once    sync.Once
}

func (c *cutFirstSave) SaveTileSnapshot(ctx context.Context, cur store.Cursor, data []byte) (bool, error) {
	first := false
	c.once.Do(func() { first = true })
	if first {
		close(c.started)
		<-ctx.Done()
		return false, ctx.Err()
	}
	return c.Store.SaveTileSnapshot(ctx, cur, data)
}

// TestSnapshotSavedAtShutdownAfterCutSave: a server stopped while it
// saves its first snapshot saves it at shutdown, so that the next start
// does not read every incident again.
func TestSnapshotSavedAtShutdownAfterCutSave(t *testing.T) {
	forEngines(t, func(t *testing.T, e testEngine) {
		st := e.open(t)
		load(t, st, genIncidents(50))
		cut := &cutFirstSave{Store: st, started: make(chan struct{})}
		s, _ := serverOver(t, cut, func(o *Options) { o.Limits.IndexRefresh = 50 * time.Millisecond })
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- s.Serve(ctx, ln) }()
		select {
		case <-cut.started:
		case <-time.After(10 * time.Second):
			t.Fatal("no snapshot save began")
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.TileSnapshot(context.Background()); err != nil {
			t.Fatalf("no snapshot in the store after the shutdown: %v", err)
		}
	})
}
