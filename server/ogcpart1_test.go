package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/web"
)

// TestLimitAboveMaxIsCapped: OGC API - Features /req/core/fc-limit-response-1:
// a limit above the maximum is served as the maximum, not refused; a
// limit below 1 or not an integer is still a 400.
func TestLimitAboveMaxIsCapped(t *testing.T) {
	tests := []struct {
		query  string
		want   int
		status int
	}{
		{"", DefaultLimit, 200},
		{"limit=7", 7, 200},
		{"limit=10000", MaxLimit, 200},
		{"limit=10001", MaxLimit, 200},
		{"limit=500000", MaxLimit, 200},
		{"limit=99999999999999999999999", MaxLimit, 200},
		{"limit=0", 0, 400},
		{"limit=-5", 0, 400},
		{"limit=-99999999999999999999999", 0, 400},
		{"limit=ten", 0, 400},
		{"limit=1.5", 0, 400},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			v, _ := url.ParseQuery(tt.query)
			for _, parse := range []func(url.Values) (int, error){
				func(v url.Values) (int, error) { p, err := parseItems(v); return p.Limit, err },
				func(v url.Values) (int, error) { p, err := parsePlaces(v); return p.Limit, err },
			} {
				got, err := parse(v)
				if tt.status == 400 {
					if pe, ok := err.(*problemError); !ok || pe.status != 400 {
						t.Fatalf("got %v, want a 400", err)
					}
					continue
				}
				if err != nil || got != tt.want {
					t.Errorf("limit %d, %v; want %d", got, err, tt.want)
				}
			}
		})
	}
}

// TestLimitCappedOverHTTP: a page asked with a limit above the maximum is
// a 200 whose next link carries on from the capped page.
func TestLimitCappedOverHTTP(t *testing.T) { forEngines(t, testLimitCappedOverHTTP) }

func testLimitCappedOverHTTP(t *testing.T, e testEngine) {
	s, _ := sharedServer(t, e, 250, nil)
	for _, target := range []string{"/collections/incidents/items?limit=20000", "/collections/places/items?limit=20000", "/api/unresolved?limit=20000"} {
		resp := do(t, s, req{target: target})
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d: %s", target, resp.StatusCode, body(t, resp))
		}
	}
}

// TestCRS: crs and bbox-crs take CRS84, the one CRS the collections
// list; anything else is a 400 problem naming it; features come with
// Content-Crs.
func TestCRS(t *testing.T) { forEngines(t, testCRS) }

func testCRS(t *testing.T, e testEngine) {
	s, fs := testServer(t, e, genIncidents(5), nil)
	loadPlaces(t, fs.Store, 2)
	c84 := url.QueryEscape(crs84)
	for _, target := range []string{
		"/collections/incidents/items?crs=" + c84,
		"/collections/incidents/items?bbox=35,31,45,38&bbox-crs=" + c84 + "&crs=" + c84,
		"/collections/incidents/items/1?crs=" + c84,
		"/collections/incidents/items/1?crs=" + c84 + "&f=html",
		"/collections/places/items?crs=" + c84,
		"/collections/places/items/test:1?crs=" + c84,
	} {
		resp := do(t, s, req{target: target})
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d: %s", target, resp.StatusCode, body(t, resp))
			continue
		}
		if got := resp.Header.Get("Content-Crs"); got != "<"+crs84+">" {
			t.Errorf("%s: Content-Crs %q", target, got)
		}
	}
	for _, target := range []string{
		"/collections/incidents/items?crs=" + url.QueryEscape("http://www.opengis.net/def/crs/EPSG/0/4326"),
		"/collections/incidents/items?crs=EPSG:3857",
		"/collections/incidents/items?bbox=35,31,45,38&bbox-crs=" + url.QueryEscape("http://www.opengis.net/def/crs/EPSG/0/4326"),
		"/collections/places/items?crs=x",
		"/collections/incidents/items/1?crs=x",
	} {
		resp := do(t, s, req{target: target})
		if resp.StatusCode != 400 {
			t.Errorf("%s: status %d, want 400", target, resp.StatusCode)
			continue
		}
		p := decodeProblem(t, resp)
		if len(p.Allowed) != 1 || p.Allowed[0] != crs84 || !strings.Contains(p.Detail, "CRS84") {
			t.Errorf("%s: problem %+v", target, p)
		}
		if resp.Header.Get("Content-Crs") != "" {
			t.Errorf("%s: a problem with Content-Crs", target)
		}
	}
	// What the collections advertise is what is accepted.
	var doc struct {
		Collections []struct {
			CRS        []string `json:"crs"`
			StorageCRS string   `json:"storageCrs"`
		} `json:"collections"`
	}
	if err := json.Unmarshal(body(t, do(t, s, req{target: "/collections?f=json"})), &doc); err != nil {
		t.Fatal(err)
	}
	for _, c := range doc.Collections {
		if len(c.CRS) != len(supportedCRS) || c.CRS[0] != crs84 || c.StorageCRS != crs84 {
			t.Errorf("a collection advertises crs %v, storageCrs %q", c.CRS, c.StorageCRS)
		}
	}
}

// TestUnknownPathsAreProblems: whatever no route or file answers is a
// problem document, inside the API's paths and outside them, for every
// method; another method on a file of the web map is a 405 problem.
func TestUnknownPathsAreProblems(t *testing.T) { forEngines(t, testUnknownPathsAreProblems) }

func testUnknownPathsAreProblems(t *testing.T, e testEngine) {
	s, _ := sharedServer(t, e, 250, func(o *Options) { o.Web = web.Handler(web.Config{}) })
	tests := []struct {
		method, target string
		status         int
	}{
		{"GET", "/nope", 404},
		{"GET", "/favicon.ico", 404},
		{"GET", "/assets/nope.js", 404},
		{"GET", "/index.htm", 404},
		{"GET", "/collections/incidents/items/1/more", 404},
		{"GET", "/api/nope", 404},
		{"GET", "/tiles/nope", 404},
		{"GET", "/conformance/x", 404},
		{"POST", "/nope", 404},
		{"PUT", "/assets/nope.js", 404},
		{"POST", "/favicon.svg", 405},
		{"DELETE", "/config.json", 405},
		{"POST", "/", 405},
		{"PATCH", "/collections", 405},
		{"DELETE", "/api/geoparse", 405},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			resp := do(t, s, req{method: tt.method, target: tt.target})
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			decodeProblem(t, resp)
			if tt.status == 405 && resp.Header.Get("Allow") == "" {
				t.Errorf("a 405 without Allow")
			}
		})
	}
	// The map's files are still served, and the favicon the HTML pages
	// point to.
	for _, target := range []string{"/", "/config.json", "/favicon.svg"} {
		resp := do(t, s, req{target: target, header: map[string]string{"Accept": "text/html"}})
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d", target, resp.StatusCode)
		}
	}
}

// TestHeadWhereverGet: every route GET serves, the web map and its files,
// and the fallback's 404 answer HEAD with the same status and headers and
// no body (RFC 9110 §9.3.2). The routes come from the router, so a new
// GET route is covered by this test without touching it.
func TestHeadWhereverGet(t *testing.T) { forEngines(t, testHeadWhereverGet) }

func testHeadWhereverGet(t *testing.T, e testEngine) {
	st := e.open(t)
	load(t, st, genIncidents(5))
	s, fs := serverOver(t, st, func(o *Options) {
		o.LocalPlaces = &fakeLocal{}
		o.Sources, _ = st.(SourceStore)
		o.Web = web.Handler(web.Config{})
	})
	loadPlaces(t, fs.Store, 2)
	// Over the wire: net/http is what drops the body of a HEAD answer.
	base := "http://" + loopback(t, s)
	concrete := strings.NewReplacer(":collectionId", "incidents", ":featureId", "1", ":z", "1", ":x", "1", ":y", "0.mvt")
	type target struct {
		path   string
		status int
	}
	targets := []target{{"/", 200}, {"/?f=json", 200}, {"/?f=html", 200}, {"/config.json", 200}, {"/favicon.svg", 200},
		{"/collections/places/items", 200}, {"/collections/places/items/test:1", 200}, {"/collections/places", 200},
		{"/nope", 404}, {"/api/nope", 404}}
	gets := 0
	for _, r := range s.e.Router().Routes() {
		if r.Method != http.MethodGet {
			continue
		}
		gets++
		targets = append(targets, target{concrete.Replace(r.Path), 200})
	}
	if gets < 15 {
		t.Fatalf("only %d GET routes", gets)
	}
	for _, tt := range targets {
		t.Run(tt.path, func(t *testing.T) {
			get, err := http.Get(base + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			body(t, get)
			head, err := http.Head(base + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if get.StatusCode != tt.status {
				t.Fatalf("GET: status %d, want %d", get.StatusCode, tt.status)
			}
			if head.StatusCode != get.StatusCode {
				t.Fatalf("HEAD: status %d, GET %d", head.StatusCode, get.StatusCode)
			}
			if b := body(t, head); len(b) != 0 {
				t.Errorf("HEAD answered %d bytes", len(b))
			}
			for _, h := range []string{"Content-Type", "Content-Crs", "Allow", "Access-Control-Allow-Origin"} {
				if g, hd := get.Header.Get(h), head.Header.Get(h); g != hd {
					t.Errorf("%s: GET %q, HEAD %q", h, g, hd)
				}
			}
		})
	}
}
