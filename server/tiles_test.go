package server

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/tileindex"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
)

// getTile fetches and decodes a tile, in WGS 84.
func getTile(t *testing.T, s http.Handler, z, x, y int, query string, gz bool) (*geojson.FeatureCollection, *http.Response) {
	t.Helper()
	target := fmt.Sprintf("/tiles/incidents/%d/%d/%d.mvt", z, x, y)
	if query != "" {
		target += "?" + query
	}
	h := map[string]string{}
	if gz {
		h["Accept-Encoding"] = "gzip, deflate"
	}
	resp := do(t, s, req{target: target, header: h})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", target, resp.StatusCode, body(t, resp))
	}
	if ct := resp.Header.Get("Content-Type"); ct != MIMEMVT {
		t.Fatalf("Content-Type %q", ct)
	}
	b := body(t, resp)
	var layers mvt.Layers
	var err error
	if gz {
		if resp.Header.Get("Content-Encoding") != "gzip" {
			t.Fatal("gzip asked for, not given")
		}
		layers, err = mvt.UnmarshalGzipped(b)
	} else {
		if resp.Header.Get("Content-Encoding") != "" {
			t.Fatal("compressed without being asked")
		}
		layers, err = mvt.Unmarshal(b)
	}
	if err != nil {
		t.Fatalf("decode %s: %v", target, err)
	}
	if len(layers) != 1 || layers[0].Name != tileLayer {
		t.Fatalf("layers %v", layers)
	}
	if layers[0].Version != 2 {
		t.Errorf("layer declares MVT version %d, want 2", layers[0].Version)
	}
	layers.ProjectToWGS84(maptile.New(uint32(x), uint32(y), maptile.Zoom(z)))
	return layers.ToFeatureCollections()[tileLayer], resp
}

// inTile counts the incidents whose point falls in tile z/x/y.
func inTile(incs []geo.Incident, z, x, y int) int {
	n := 0
	want := maptile.New(uint32(x), uint32(y), maptile.Zoom(z))
	for _, inc := range incs {
		if maptile.At(inc.Point, maptile.Zoom(z)) == want {
			n++
		}
	}
	return n
}

func sumCounts(fc *geojson.FeatureCollection) (total int, clusters int) {
	for _, f := range fc.Features {
		n, _ := f.Properties["count"].(float64)
		total += int(n)
		if f.Properties["cluster"] == true {
			clusters++
		}
	}
	return total, clusters
}

func TestTiles(t *testing.T) { forEngines(t, testTiles) }

func testTiles(t *testing.T, e testEngine) {
	incs := genIncidents(250)
	s, _ := sharedServer(t, e, 250, nil)
	small, _ := sharedServer(t, e, 250, func(o *Options) { o.Limits.MaxTileFeatures = 5 })
	one := incs[41].Point
	z12 := maptile.At(one, 12)
	z9 := maptile.At(one, 9)
	tests := []struct {
		name      string
		srv       http.Handler
		z, x, y   int
		query     string
		want      int // incidents represented (sum of counts)
		clustered bool
	}{
		{"world at z0 is clusters", s, 0, 0, 0, "", 250, true},
		{"z3 is clusters", s, 3, 4, 3, "", inTile(incs, 3, 4, 3), true},
		{"z3 over the cap is fewer clusters", small, 3, 4, 3, "", inTile(incs, 3, 4, 3), true},
		{"z12 is points", s, 12, int(z12.X), int(z12.Y), "", inTile(incs, 12, int(z12.X), int(z12.Y)), false},
		{"z9 over the cap is clusters", small, 9, int(z9.X), int(z9.Y), "", inTile(incs, 9, int(z9.X), int(z9.Y)), true},
		{"filtered by type", s, 0, 0, 0, "type=Armed+clash", 83, true},
		{"filtered by datetime", s, 0, 0, 0, "datetime=2024-01-01/2024-01-31", 28, true},
		{"filtered by text", s, 0, 0, 0, "q=" + url.QueryEscape("رقم 17"), 11, true}, // 17, 170..179
		{"filtered by text and type", s, 0, 0, 0, "type=Battles&q=" + url.QueryEscape("رقم 17"), 5, true},
		{"empty", s, 5, 0, 0, "", 0, false},
	}
	for _, tt := range tests {
		for _, gz := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s gzip=%v", tt.name, gz), func(t *testing.T) {
				fc, resp := getTile(t, tt.srv, tt.z, tt.x, tt.y, tt.query, gz)
				total, clusters := sumCounts(fc)
				if total != tt.want {
					t.Errorf("counts sum to %d, want %d", total, tt.want)
				}
				if tt.clustered != (clusters > 0) && tt.want > 1 {
					t.Errorf("%d clusters among %d features", clusters, len(fc.Features))
				}
				if len(fc.Features) > tileindex.GridCells*tileindex.GridCells || tt.srv == small && len(fc.Features) > 5 {
					t.Errorf("%d features: more than the cap", len(fc.Features))
				}
				if resp.Header.Get("ETag") == "" || !strings.Contains(resp.Header.Get("Cache-Control"), "max-age") ||
					!strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
					t.Errorf("headers %v", resp.Header)
				}
			})
		}
	}
}

// TestTilePoints: at high zoom each incident is a feature where it is,
// with the properties a map styles by.
func TestTilePoints(t *testing.T) { forEngines(t, testTilePoints) }

func testTilePoints(t *testing.T, e testEngine) {
	incs := genIncidents(250)
	s, _ := sharedServer(t, e, 250, nil)
	inc := incs[7]
	tile := maptile.At(inc.Point, 14)
	fc, _ := getTile(t, s, 14, int(tile.X), int(tile.Y), "", false)
	if len(fc.Features) != 1 {
		t.Fatalf("%d features", len(fc.Features))
	}
	f := fc.Features[0]
	// A tile of zoom 14 has 4096 units over ~2.4 km: a few metres.
	if d := math.Hypot(f.Point().Lon()-inc.Point.Lon(), f.Point().Lat()-inc.Point.Lat()); d > 1e-3 {
		t.Errorf("feature at %v, incident at %v", f.Point(), inc.Point)
	}
	want := map[string]any{
		"id": "8", "sub_event_type": inc.SubEventType, "event_type": inc.EventType,
		"date": inc.Date.Format("2006-01-02"), "actor1": inc.Actor1, "count": 1.0, "cluster": false,
	}
	for k, v := range want {
		if f.Properties[k] != v {
			t.Errorf("%s = %v, want %v", k, f.Properties[k], v)
		}
	}
}

func TestTileConditional(t *testing.T) { forEngines(t, testTileConditional) }

func testTileConditional(t *testing.T, e testEngine) {
	s, _ := sharedServer(t, e, 250, nil)
	target := "/tiles/incidents/4/9/6.mvt"
	first := do(t, s, req{target: target})
	etag := first.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	gz := do(t, s, req{target: target, header: map[string]string{"Accept-Encoding": "gzip"}})
	tests := []struct {
		name, inm, ae string
		status        int
	}{
		{"same tag", etag, "", http.StatusNotModified},
		{"gzip tag", gz.Header.Get("ETag"), "gzip", http.StatusNotModified},
		{"plain tag, gzip asked", etag, "gzip", http.StatusNotModified},
		{"list with the tag", `"nope", ` + etag, "", http.StatusNotModified},
		{"weak tag", "W/" + etag, "", http.StatusNotModified},
		{"star", "*", "", http.StatusNotModified},
		{"other tag", `"nope"`, "", http.StatusOK},
		{"gzip refused", "", "gzip;q=0", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := map[string]string{}
			if tt.inm != "" {
				h["If-None-Match"] = tt.inm
			}
			if tt.ae != "" {
				h["Accept-Encoding"] = tt.ae
			}
			resp := do(t, s, req{target: target, header: h})
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status == http.StatusNotModified && len(body(t, resp)) != 0 {
				t.Error("304 with a body")
			}
			if tt.ae == "gzip;q=0" && resp.Header.Get("Content-Encoding") != "" {
				t.Error("gzip sent though refused")
			}
		})
	}
}

// TestTileCacheFollowsIngest: a tile rendered before an ingest is not
// served after it.
func TestTileCacheFollowsIngest(t *testing.T) { forEngines(t, testTileCacheFollowsIngest) }

func testTileCacheFollowsIngest(t *testing.T, e testEngine) {
	s, _ := testServer(t, e, nil, nil)
	raqqa := maptile.At(orb.Point{39.01, 35.95}, 10)
	fc, _ := getTile(t, s, 10, int(raqqa.X), int(raqqa.Y), "", false)
	if len(fc.Features) != 0 {
		t.Fatalf("%d features before ingest", len(fc.Features))
	}
	resp := do(t, s, req{method: "POST", target: "/api/articles", body: "غارة على الرقة\nنص",
		header: map[string]string{"Authorization": "Bearer s3cret", "Content-Type": "text/plain; charset=utf-8"}})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("ingest: %d %s", resp.StatusCode, body(t, resp))
	}
	fc, _ = getTile(t, s, 10, int(raqqa.X), int(raqqa.Y), "", false)
	if len(fc.Features) != 1 {
		t.Fatalf("%d features after ingest", len(fc.Features))
	}
}

func TestTileJSON(t *testing.T) { forEngines(t, testTileJSON) }

func testTileJSON(t *testing.T, e testEngine) {
	onHost, _ := sharedServer(t, e, 250, nil)
	based, _ := sharedServer(t, e, 250, func(o *Options) { o.BaseURL = "https://maps.example.org/incidents/" })
	tests := []struct {
		name      string
		s         http.Handler
		query     string
		wantTiles string
	}{
		{"plain", onHost, "", "http://tiles.example:8080/tiles/incidents/{z}/{x}/{y}.mvt"},
		{"filtered", onHost, "type=Armed+clash&datetime=2024-01-01/..", "http://tiles.example:8080/tiles/incidents/{z}/{x}/{y}.mvt?datetime=2024-01-01%2F..&type=Armed+clash"},
		{"base URL", based, "", "https://maps.example.org/incidents/tiles/incidents/{z}/{x}/{y}.mvt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := do(t, tt.s, req{target: "/tiles/incidents.json?" + tt.query, header: map[string]string{"Host": "tiles.example:8080"}})
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			var doc struct {
				TileJSON     string   `json:"tilejson"`
				Tiles        []string `json:"tiles"`
				MinZoom      int      `json:"minzoom"`
				MaxZoom      int      `json:"maxzoom"`
				VectorLayers []struct {
					ID     string            `json:"id"`
					Fields map[string]string `json:"fields"`
				} `json:"vector_layers"`
			}
			if err := json.Unmarshal(body(t, resp), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.TileJSON != "3.0.0" || len(doc.Tiles) != 1 || doc.Tiles[0] != tt.wantTiles || doc.MaxZoom != MaxZoom {
				t.Errorf("%+v", doc)
			}
			if len(doc.VectorLayers) != 1 || doc.VectorLayers[0].ID != tileLayer || doc.VectorLayers[0].Fields["count"] == "" {
				t.Errorf("vector_layers %+v", doc.VectorLayers)
			}
		})
	}
}

// TestTileRenderedOnce: clients asking for the same tile at once share
// one render.
func TestTileRenderedOnce(t *testing.T) {
	c := newTileCache(10, time.Minute, time.Now)
	release := make(chan struct{})
	var calls atomic.Int32
	var wg sync.WaitGroup
	results := make([]*cachedTile, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tile, err := c.getOrRender(t.Context(), "4/9/6?", 1, func() (*cachedTile, error) {
				calls.Add(1)
				<-release
				return &cachedTile{raw: []byte("x")}, nil
			})
			if err != nil {
				t.Error(err)
			}
			results[i] = tile
		}()
	}
	// Let every goroutine reach the cache before the render ends; a late
	// one finds the tile cached, which is just as good.
	for calls.Load() == 0 {
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("%d renders, want 1", n)
	}
	for i, r := range results {
		if r == nil || string(r.raw) != "x" {
			t.Errorf("client %d got %v", i, r)
		}
	}
	if _, ok := c.get("4/9/6?", 1); !ok {
		t.Error("the rendered tile is not cached")
	}
	if _, err := c.getOrRender(t.Context(), "4/9/6?", 1, func() (*cachedTile, error) {
		calls.Add(1)
		return &cachedTile{}, nil
	}); err != nil || calls.Load() != 1 {
		t.Errorf("a cached tile was rendered again (%d renders, %v)", calls.Load(), err)
	}
	if _, ok := c.get("4/9/6?", 2); ok {
		t.Error("a tile of an older generation was served")
	}
}
