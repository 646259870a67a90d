package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo/extract"
)

// badCase is one request of the bad-request corpus and the status it
// must get.
type badCase struct {
	name   string
	r      req
	status int
}

// badValues are values each query parameter must refuse. Each is sent
// to every route that takes the parameter.
var badValues = map[string][]string{
	"bbox": {"1,2,3", "a,b,c,d", "NaN,1,2,3", "1,2,Inf,4", "1e400,0,1,1", "-200,0,10,10", "0,-91,10,10", "0,0,181,1",
		"0,0,1,91", "0,10,10,0", "170,0,-170,10", "", "1,2,3,4,5", "1,,3,4", "1 2 3 4", "1;2;3;4", "[1,2,3,4]", "1,2,3,4,5,6,7"},
	"bbox-crs": {"EPSG:4326", "", "http://www.opengis.net/def/crs/EPSG/0/4326", "crs84"},
	"datetime": {"", "yesterday", "2024-13-01", "2024-02-30", "2024-03-01/2024-02-01", "..", "1800-01-01", "2300-01-01",
		"2024-03-01T25:00:00Z", "2024-03-01/garbage", "garbage/2024-03-01", "2024-03-01/2024-04-01/2024-05-01",
		"20240301", "2024-3-1", "01/03/2024"},
	// A limit above the maximum is capped, not refused (OGC API -
	// Features /req/core/fc-limit-response-1): TestLimitAboveMaxIsCapped.
	"limit":  {"0", "-1", "abc", "", "1.5", "1e3", "-99999999999999999999", "0x10"},
	"crs":    {"EPSG:4326", "", "http://www.opengis.net/def/crs/EPSG/0/4326", "crs84"},
	"offset": {"-1", "10000001", "x", "", "1.0"},
	"type":   {"Airstrike", "air", "Air strike", "", strings.Repeat("x", 201), "Battles,Armed clash"},
	"actor":  {strings.Repeat("x", 201), ""},
	"q":      {strings.Repeat("ق", 201), "", "  "},
	"f":      {"xml", "", "JSONX", "geojson2", "text"},
	"bin":    {"year", "", "days", "1d", "hour"},
}

// corpusRoutes are the GET routes with query parameters, with the
// parameters each takes.
var corpusRoutes = []struct {
	path   string
	params []queryParam
}{
	{"/collections/incidents/items", paramsItems},
	{"/collections/places/items", paramsPlaces},
	{"/collections/incidents/histogram", paramsHistogram},
	{"/tiles/incidents/2/2/1.mvt", paramsTiles},
	{"/tiles/incidents.json", paramsTiles},
	{"/api/unresolved", paramsUnresolved},
	{"/collections", paramsFormat},
	{"/collections/incidents", paramsFormat},
	{"/conformance", paramsFormat},
	{"/collections/incidents/items/1", paramsItem},
	{"/healthz", paramsNone},
	{"/readyz", paramsNone},
	{"/metrics", paramsNone},
	{"/api", paramsFormat},
	{"/api/places", paramsNone},
}

// badCorpus builds the corpus: every bad value of every parameter on
// every route that takes it, unknown, repeated, malformed and non-UTF-8
// parameters everywhere, bad tile paths, wrong methods and bad bodies.
func badCorpus() []badCase {
	var cs []badCase
	add := func(name string, r req, status int) { cs = append(cs, badCase{name, r, status}) }
	for _, rt := range corpusRoutes {
		for _, p := range rt.params {
			for _, v := range badValues[p.Name] {
				add(fmt.Sprintf("%s %s=%q", rt.path, p.Name, v), req{target: rt.path + "?" + url.Values{p.Name: {v}}.Encode()}, 400)
			}
			// Repeated, and not UTF-8.
			add(rt.path+" repeated "+p.Name, req{target: rt.path + "?" + p.Name + "=" + url.QueryEscape(p.Example) + "&" + p.Name + "=" + url.QueryEscape(p.Example)}, 400)
			add(rt.path+" "+p.Name+" not UTF-8", req{target: rt.path + "?" + p.Name + "=%FF%FE"}, 400)
		}
		for _, unknown := range []string{"bbx", "limits", "Limit", "format", "sort", "page", "filter"} {
			add(rt.path+" unknown "+unknown, req{target: rt.path + "?" + unknown + "=1"}, 400)
		}
		for _, raw := range []string{"a=1;b=2", "q=%zz", "limit=%", "%=1", "bbox=1,2,3,4;x"} {
			add(rt.path+" malformed "+raw, req{target: rt.path + "?" + raw}, 400)
		}
		if rt.path != "/api/places" { // POST adds a place there
			add(rt.path+" POST", req{method: "POST", target: rt.path}, 405)
		}
		add(rt.path+" PUT", req{method: "PUT", target: rt.path}, 405)
		add(rt.path+" made-up method", req{method: "BREW", target: rt.path}, 405)
	}
	// Tile paths.
	for _, p := range []string{"17/0/0", "-1/0/0", "03/0/0", "2/4/0", "2/0/4", "2/0/y", "+1/0/0", "1/+0/0", "1/0/+0", "-0/0/0",
		"1/-0/0", "1/0/-0", "x/0/0", "1/1.0/0", "99999999999/0/0", "1/0/99999999999", "0/0/0x0", "%201/0/0"} {
		add("tile "+p, req{target: "/tiles/incidents/" + p + ".mvt"}, 400)
	}
	for _, p := range []string{"2/0/0.png", "2/0/0", "2/0/0.mvt/x", "2/0"} {
		add("tile path "+p, req{target: "/tiles/incidents/" + p}, 404)
	}
	// Routing.
	for _, p := range []string{"/nope", "/collections/nope", "/collections/nope/items", "/collections/nope/items/1",
		"/collections/incidents/items/999999", "/api/nope", "/tiles/nope.json", "/metrics/x", "/collections/places/items/nope"} {
		add("unknown "+p, req{target: p}, 404)
	}
	auth := func(ct string) map[string]string {
		h := map[string]string{"Authorization": "Bearer s3cret"}
		if ct != "" {
			h["Content-Type"] = ct
		}
		return h
	}
	// Bodies of both POST routes that read an article.
	for _, path := range []string{"/api/articles", "/api/geoparse"} {
		for _, b := range []struct {
			name, ctype, body string
			status            int
		}{
			{"no content type", "", `{"text":"x"}`, 415},
			{"html", "text/html", "<p>x</p>", 415},
			{"latin-1", "text/plain; charset=iso-8859-1", "x", 415},
			{"malformed content type", "text/", "x", 415},
			{"form", "application/x-www-form-urlencoded", "text=x", 415},
			{"xml", "application/xml", "<text>x</text>", 415},
			{"bad JSON", "application/json", `{"text": "x"`, 400},
			{"JSON array", "application/json", `[{"text":"x"}]`, 400},
			{"JSON string", "application/json", `"x"`, 400},
			{"unknown field", "application/json", `{"text":"x","body":"y"}`, 400},
			{"wrong type", "application/json", `{"text":42}`, 400},
			{"two values", "application/json", `{"text":"x"}{"text":"y"}`, 400},
			{"empty JSON body", "application/json", "", 400},
			{"invalid UTF-8 JSON", "application/json", "{\"text\":\"\xff\xfe\"}", 400},
			{"invalid UTF-8 text", "text/plain", "عنوان\n\xff", 400},
			{"bad published", "application/json", `{"text":"عنوان\nنص","published":"03/12/2024"}`, 400},
			{"published out of range", "application/json", `{"text":"عنوان\nنص","published":"1066-10-14"}`, 400},
			{"published in the query with JSON", "application/json", `{"text":"x"}`, 400},
			{"unknown query", "text/plain", "عنوان\nنص", 400},
			{"binary", "application/json", `{"text":"a\u0000b"}`, 422},
		} {
			target := path
			switch b.name {
			case "published in the query with JSON":
				target += "?published=2024-01-01"
			case "unknown query":
				target += "?lang=ar"
			}
			add(path+" "+b.name, req{method: "POST", target: target, header: auth(b.ctype), body: b.body}, b.status)
		}
		add(path+" GET", req{target: path}, 405)
		add(path+" DELETE", req{method: "DELETE", target: path, header: auth("")}, 405)
	}
	for _, b := range []struct{ name, body string }{
		{"no text", `{"title":"  ","text":""}`}, {"title only", `{"title":"x"}`}, {"bad url", `{"text":"x","url":"javascript:alert(1)"}`},
		{"relative url", `{"text":"x","url":"/a"}`}, {"url without host", `{"text":"x","url":"http://"}`},
	} {
		add("/api/articles "+b.name, req{method: "POST", target: "/api/articles", header: auth("application/json"), body: b.body}, 400)
	}
	add("/api/articles text/plain empty", req{method: "POST", target: "/api/articles", header: auth("text/plain"), body: " \n\n"}, 400)
	add("/api/articles JSON text blank", req{method: "POST", target: "/api/articles", header: auth("application/json"), body: `{"title":"x","text":" \n "}`}, 400)
	add("/api/articles text/plain bad url", req{method: "POST", target: "/api/articles?url=ftp://x/y", header: auth("text/plain"), body: "h\nنص"}, 400)
	add("/api/articles text/plain bad published", req{method: "POST", target: "/api/articles?published=soon", header: auth("text/plain"), body: "h\nنص"}, 400)
	add("/api/geoparse text/plain bad published", req{method: "POST", target: "/api/geoparse?published=soon", header: auth("text/plain"), body: "h\nنص"}, 400)
	add("/api/geoparse empty text", req{method: "POST", target: "/api/geoparse", header: auth("application/json"), body: `{"text":"  "}`}, 422)
	// Local places.
	for _, b := range []struct {
		name, body string
		status     int
	}{
		{"no point", `{"name":"x"}`, 422}, {"off Earth", `{"name":"x","lat":91,"lon":0}`, 422},
		{"no kind of place", `{"name":"x","lat":1,"lon":0,"kind":"castle"}`, 422}, {"with an id", `{"id":"local:9","name":"x","lat":1,"lon":0}`, 400},
		{"no name", `{"lat":1,"lon":0}`, 422}, {"bad country", `{"name":"x","lat":1,"lon":0,"country":"SYR"}`, 422},
		{"negative population", `{"name":"x","lat":1,"lon":0,"population":-1}`, 422}, {"lat as text", `{"name":"x","lat":"1","lon":0}`, 400},
	} {
		add("/api/places "+b.name, req{method: "POST", target: "/api/places", header: auth("application/json"), body: b.body}, b.status)
	}
	add("/api/places with a query", req{method: "POST", target: "/api/places?x=1", header: auth("application/json"), body: `{"name":"x","lat":1,"lon":0}`}, 400)
	add("remove a missing local place", req{method: "DELETE", target: "/api/places/local:404", header: auth("")}, 404)
	add("remove with a query", req{method: "DELETE", target: "/api/places/local:1?force=1", header: auth("")}, 400)
	// Authentication.
	for _, h := range []map[string]string{
		{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic czNjcmV0Og=="}, {"Authorization": "Bearer"}, {"Authorization": "s3cret"},
	} {
		h["Content-Type"] = "text/plain"
		add(fmt.Sprintf("write with %q", h["Authorization"]), req{method: "POST", target: "/api/articles", header: h, body: "h\nنص"}, 401)
	}
	return cs
}

// TestBadRequestCorpus: every request of the corpus gets its 4xx, as a
// problem document (exactly application/problem+json, with status,
// title, detail and instance), never a 5xx and never a 200 with the bad
// filter dropped.
func TestBadRequestCorpus(t *testing.T) { forEngines(t, testBadRequestCorpus) }

func testBadRequestCorpus(t *testing.T, e testEngine) {
	parser, err := loadParser()
	if err != nil {
		t.Fatal(err)
	}
	s, fs := testServer(t, e, genIncidents(20), func(o *Options) {
		o.Geoparser, o.Extractor = parser, extract.New()
		o.LocalPlaces = &fakeLocal{}
	})
	loadPlaces(t, fs.Store, 2)
	corpus := badCorpus()
	if len(corpus) < 300 {
		t.Fatalf("the corpus holds %d cases, want at least 300", len(corpus))
	}
	t.Logf("%d cases", len(corpus))
	for _, c := range corpus {
		t.Run(c.name, func(t *testing.T) {
			resp := do(t, s, c.r)
			if resp.StatusCode >= 500 {
				t.Fatalf("status %d: %s", resp.StatusCode, body(t, resp))
			}
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, c.status, body(t, resp))
			}
			p := decodeProblem(t, resp)
			if want := strings.SplitN(c.r.target, "?", 2)[0]; p.Instance != want {
				u, _ := url.Parse(c.r.target)
				if u == nil || p.Instance != u.Path {
					t.Errorf("instance %q, want %q", p.Instance, want)
				}
			}
			if c.status == http.StatusMethodNotAllowed && resp.Header.Get("Allow") == "" {
				t.Error("405 without Allow")
			}
		})
	}
}
