package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// page is an items response as a client decodes it.
type page struct {
	fc             *geojson.FeatureCollection
	numberMatched  int
	numberReturned int
	links          map[string]string // rel → href (path and query)
}

func getPage(t *testing.T, s http.Handler, target string) page {
	t.Helper()
	resp := do(t, s, req{target: target})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", target, resp.StatusCode, body(t, resp))
	}
	if ct := resp.Header.Get("Content-Type"); ct != MIMEGeoJSON {
		t.Fatalf("GET %s: Content-Type %q", target, ct)
	}
	b := body(t, resp)
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	var meta struct {
		NumberMatched  int    `json:"numberMatched"`
		NumberReturned int    `json:"numberReturned"`
		TimeStamp      string `json:"timeStamp"`
		Links          []Link `json:"links"`
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		t.Fatal(err)
	}
	if meta.TimeStamp != "2025-01-02T03:04:05Z" {
		t.Errorf("timeStamp %q", meta.TimeStamp)
	}
	p := page{fc: fc, numberMatched: meta.NumberMatched, numberReturned: meta.NumberReturned, links: map[string]string{}}
	for _, l := range meta.Links {
		u, err := url.Parse(l.Href)
		if err != nil {
			t.Fatal(err)
		}
		p.links[l.Rel] = u.RequestURI()
	}
	if p.numberReturned != len(fc.Features) {
		t.Errorf("numberReturned %d, %d features", p.numberReturned, len(fc.Features))
	}
	return p
}

func ids(fc *geojson.FeatureCollection) []string {
	out := make([]string, len(fc.Features))
	for i, f := range fc.Features {
		out[i] = fmt.Sprint(f.ID)
	}
	return out
}

// TestPagingWalk follows next links from the first page to the last and
// back with prev, for several page sizes and filters: every match once,
// in order, none missed.
func TestPagingWalk(t *testing.T) { forEngines(t, testPagingWalk) }

func testPagingWalk(t *testing.T, e testEngine) {
	s, fs := sharedServer(t, e, 250, nil)
	tests := []struct {
		name, query string
	}{
		{"all limit 7", "limit=7"},
		{"all limit 100", ""},
		{"all limit 250", "limit=250"},
		{"bbox limit 9", "limit=9&bbox=36,32,40,35"},
		{"datetime limit 13", "limit=13&datetime=2024-02-01/2024-06-30"},
		{"type limit 4", "limit=4&type=Armed+clash"},
		{"empty", "bbox=0,0,1,1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := "/collections/incidents/items?" + tt.query
			first := getPage(t, s, target)
			var seen []string
			p := first
			pages := 0
			for {
				pages++
				if p.numberMatched != first.numberMatched {
					t.Fatalf("numberMatched changed from %d to %d", first.numberMatched, p.numberMatched)
				}
				seen = append(seen, ids(p.fc)...)
				next, ok := p.links["next"]
				if !ok {
					break
				}
				if pages > 300 {
					t.Fatal("next links never end")
				}
				p = getPage(t, s, next)
			}
			if len(seen) != first.numberMatched {
				t.Errorf("walked %d features, numberMatched %d", len(seen), first.numberMatched)
			}
			dup := map[string]bool{}
			for _, id := range seen {
				if dup[id] {
					t.Fatalf("feature %s seen twice", id)
				}
				dup[id] = true
			}
			// The walk must give the same sequence as one big page.
			want, _ := fs.Store.Incidents(t.Context(), parseOrFail(t, tt.query))
			for i, inc := range want.Incidents {
				if i < len(seen) && seen[i] != inc.ID {
					t.Fatalf("position %d: %s, want %s", i, seen[i], inc.ID)
				}
			}
			// And back: prev from the last page reaches the first.
			var back []string
			for {
				back = append(ids(p.fc), back...)
				prev, ok := p.links["prev"]
				if !ok {
					break
				}
				p = getPage(t, s, prev)
			}
			if !slices.Equal(back, seen) {
				t.Errorf("prev walk gave %d features, next walk %d", len(back), len(seen))
			}
		})
	}
}

// parseOrFail turns an items query into the store query a single page of
// all matches would use.
func parseOrFail(t *testing.T, query string) storeQuery {
	t.Helper()
	v, err := url.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	p, err := parseItems(v)
	if err != nil {
		t.Fatal(err)
	}
	q := p.Filter.query(p.BBox)
	q.Limit = MaxLimit
	return q
}

func TestItemsFilters(t *testing.T) { forEngines(t, testItemsFilters) }

func testItemsFilters(t *testing.T, e testEngine) {
	s, _ := sharedServer(t, e, 250, nil)
	all := genIncidents(250)
	count := func(keep func(i int) bool) int {
		n := 0
		for i := range all {
			if keep(i) {
				n++
			}
		}
		return n
	}
	box := orb.Bound{Min: orb.Point{36.5, 32.5}, Max: orb.Point{38, 33.5}}
	day := func(i int) string { return all[i].Date.Format("2006-01-02") }
	tests := []struct {
		name, query string
		want        int
	}{
		{"bbox", "bbox=36.5,32.5,38,33.5", count(func(i int) bool { return box.Contains(all[i].Point) })},
		{"bbox with heights", "bbox=36.5,32.5,0,38,33.5,100", count(func(i int) bool { return box.Contains(all[i].Point) })},
		{"bbox-crs CRS84", "bbox=36.5,32.5,38,33.5&bbox-crs=" + url.QueryEscape(crs84), count(func(i int) bool { return box.Contains(all[i].Point) })},
		{"instant date", "datetime=" + day(5), 1},
		{"instant date-time", "datetime=" + day(5) + "T13:45:00Z", 1},
		{"interval", "datetime=" + day(10) + "/" + day(18), count(func(i int) bool { return i >= 10 && i <= 18 })},
		{"open start ..", "datetime=../" + day(20), count(func(i int) bool { return i <= 20 && i%10 != 9 })},
		{"open start empty", "datetime=/" + day(20), count(func(i int) bool { return i <= 20 && i%10 != 9 })},
		{"open end", "datetime=" + day(200) + "/..", count(func(i int) bool { return i >= 200 && i%10 != 9 })},
		{"both open is no filter", "datetime=../..", 250},
		{"sub-event type", "type=Air/drone+strike", count(func(i int) bool { return i%3 == 0 })},
		{"event type, any case", "type=battles", count(func(i int) bool { return i%3 == 2 })},
		{"actor", "actor=SDF", count(func(i int) bool { return i%4 == 2 || (i+1)%4 == 2 })},
		// Every word, as a word or the start of one.
		{"text", "q=" + url.QueryEscape("رقم 17"), count(func(i int) bool { return strings.HasPrefix(fmt.Sprint(i), "17") })},
		{"everything", "bbox=36,32,44,38&datetime=2024-01-01/2024-12-31&type=Armed+clash&actor=SDF&limit=5", count(func(i int) bool {
			return i%3 == 2 && i%10 != 9 && all[i].Date.Year() == 2024 && (i%4 == 2 || (i+1)%4 == 2)
		})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := getPage(t, s, "/collections/incidents/items?"+tt.query)
			if p.numberMatched != tt.want {
				t.Errorf("numberMatched %d, want %d", p.numberMatched, tt.want)
			}
			for _, f := range p.fc.Features {
				if strings.Contains(tt.query, "bbox=36.5") && !box.Contains(f.Point()) {
					t.Errorf("feature %v at %v outside the bbox", f.ID, f.Point())
				}
			}
		})
	}
}

func TestItem(t *testing.T) { forEngines(t, testItem) }

func testItem(t *testing.T, e testEngine) {
	s, _ := sharedServer(t, e, 250, nil)
	tests := []struct {
		name, target string
		status       int
	}{
		{"found", "/collections/incidents/items/7", http.StatusOK},
		{"found f=json", "/collections/incidents/items/7?f=json", http.StatusOK},
		{"missing", "/collections/incidents/items/999", http.StatusNotFound},
		{"not an id", "/collections/incidents/items/abc", http.StatusNotFound},
		{"unknown collection", "/collections/nope/items/1", http.StatusNotFound},
		{"unknown parameter", "/collections/incidents/items/7?limit=3", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := do(t, s, req{target: tt.target})
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status != http.StatusOK {
				decodeProblem(t, resp)
				return
			}
			if ct := resp.Header.Get("Content-Type"); ct != MIMEGeoJSON {
				t.Errorf("Content-Type %q", ct)
			}
			b := body(t, resp)
			f, err := geojson.UnmarshalFeature(b)
			if err != nil {
				t.Fatal(err)
			}
			if f.ID != "7" || f.Properties["sub_event_type"] != "Air/drone strike" || f.Point() != genIncidents(250)[6].Point {
				t.Errorf("feature %v %v %v", f.ID, f.Properties["sub_event_type"], f.Point())
			}
			var withLinks struct{ Links []Link }
			if err := json.Unmarshal(b, &withLinks); err != nil || len(withLinks.Links) == 0 {
				t.Errorf("no links: %v", err)
			}
		})
	}
}

func TestNegotiation(t *testing.T) { forEngines(t, testNegotiation) }

func testNegotiation(t *testing.T, e testEngine) {
	// The fake web map answers with the path it served, so a test can
	// tell which file a request got, not merely that it got some page.
	web := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ct := "text/html; charset=utf-8"
		if strings.HasSuffix(r.URL.Path, ".js") {
			ct = "text/javascript; charset=utf-8"
		}
		w.Header().Set("Content-Type", ct)
		_, _ = w.Write([]byte("web " + r.URL.Path))
	})
	s, _ := sharedServer(t, e, 250, func(o *Options) { o.Web = web })
	browser := "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	tests := []struct {
		name, target, accept string
		status               int
		ctype, contains      string
	}{
		{"landing json by accept", "/", "application/json", 200, "application/json", `"conformance"`},
		{"landing json by f", "/?f=json", browser, 200, "application/json", `"service-desc"`},
		{"landing curl", "/", "*/*", 200, "application/json", `"links"`},
		{"landing browser gets the map", "/", browser, 200, "text/html; charset=utf-8", "web /"},
		{"landing html by f", "/?f=html", browser, 200, "text/html; charset=UTF-8", "Conformance"},
		{"web asset", "/app.js", browser, 200, "text/javascript; charset=utf-8", "web /app.js"},
		{"web asset for curl", "/app.js", "*/*", 200, "text/javascript; charset=utf-8", "web /app.js"},
		{"api path is never the map's", "/collections/nope/x", browser, 404, MIMEProblem, "no such resource"},
		{"items html", "/collections/incidents/items", browser, 200, "text/html; charset=UTF-8", "<table>"},
		{"items html by f", "/collections/incidents/items?f=html", "", 200, "text/html; charset=UTF-8", "Air/drone strike"},
		{"items geojson", "/collections/incidents/items", "application/geo+json", 200, MIMEGeoJSON, `"FeatureCollection"`},
		{"item html", "/collections/incidents/items/2?f=html", "", 200, "text/html; charset=UTF-8", "sub_event_type"},
		{"collections", "/collections", "", 200, "application/json", `"id":"places"`},
		{"collection", "/collections/incidents", "", 200, "application/json", `"itemType":"feature"`},
		{"collection html", "/collections/incidents?f=html", "", 200, "text/html; charset=UTF-8", "Incidents"},
		{"conformance", "/conformance", "", 200, "application/json", "conf/geojson"},
		{"openapi", "/api", "", 200, MIMEOpenAPI, `"openapi":"3.0.3"`},
		{"bad f", "/collections?f=xml", "", 400, MIMEProblem, "f="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := map[string]string{}
			if tt.accept != "" {
				h["Accept"] = tt.accept
			}
			resp := do(t, s, req{target: tt.target, header: h})
			b := string(body(t, resp))
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, b)
			}
			if ct := resp.Header.Get("Content-Type"); ct != tt.ctype {
				t.Errorf("Content-Type %q, want %q", ct, tt.ctype)
			}
			if strings.HasPrefix(tt.contains, "web ") {
				if b != tt.contains {
					t.Errorf("body %q, want the web map's %q", b, tt.contains)
				}
			} else if !strings.Contains(b, tt.contains) {
				t.Errorf("body lacks %q: %.300s", tt.contains, b)
			}
		})
	}
}

func TestPlacesCollection(t *testing.T) { forEngines(t, testPlacesCollection) }

func testPlacesCollection(t *testing.T, e testEngine) {
	s, fs := testServer(t, e, nil, nil)
	loadPlaces(t, fs.Store, 30)
	p := getPage(t, s, "/collections/places/items?limit=10")
	if p.numberMatched != 30 || len(p.fc.Features) != 10 || p.links["next"] == "" {
		t.Fatalf("matched %d returned %d next %q", p.numberMatched, len(p.fc.Features), p.links["next"])
	}
	f := p.fc.Features[0]
	if f.ID != "test:0" || f.Properties["mentions"] != 3.0 || f.Properties["articles"] != 2.0 || f.Properties["incidents"] != 1.0 {
		t.Errorf("first place %v %v", f.ID, f.Properties)
	}
	resp := do(t, s, req{target: "/collections/places/items/test:12"})
	if resp.StatusCode != 200 {
		t.Fatalf("one place: %d", resp.StatusCode)
	}
	one, err := geojson.UnmarshalFeature(body(t, resp))
	if err != nil || one.ID != "test:12" {
		t.Fatalf("one place: %v %v", one, err)
	}
	for _, target := range []string{"/collections/places/items/test:99", "/collections/places/items?datetime=2024-01-01"} {
		resp := do(t, s, req{target: target})
		if resp.StatusCode/100 != 4 {
			t.Errorf("%s: %d", target, resp.StatusCode)
		}
		decodeProblem(t, resp)
	}
}
