package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v5"
)

// TestBadRequests: every kind of bad input gets its 4xx problem document,
// never a 500.
func TestBadRequests(t *testing.T) { forEngines(t, testBadRequests) }

func testBadRequests(t *testing.T, e testEngine) {
	s, _ := sharedServer(t, e, 250, nil)
	noToken, _ := sharedServer(t, e, 250, func(o *Options) { o.Token = "" })
	private, _ := sharedServer(t, e, 250, func(o *Options) { o.PrivateReads = true })
	local, _ := sharedServer(t, e, 250, func(o *Options) { o.LocalPlaces = &fakeLocal{} })
	auth := map[string]string{"Authorization": "Bearer s3cret"}
	withAuth := func(h map[string]string) map[string]string {
		out := map[string]string{"Authorization": "Bearer s3cret"}
		for k, v := range h {
			out[k] = v
		}
		return out
	}
	jsonCT := withAuth(map[string]string{"Content-Type": "application/json"})
	big := strings.Repeat("ا", 600_000) // 1.2 MB of UTF-8
	tests := []struct {
		name   string
		srv    http.Handler
		r      req
		status int
		allow  string // the Allow header a 405 must carry
	}{
		// Routing.
		{"unknown route", nil, req{target: "/nope"}, 404, ""},
		{"unknown collection", nil, req{target: "/collections/nope"}, 404, ""},
		{"unknown collection items", nil, req{target: "/collections/nope/items"}, 404, ""},
		{"missing incident", nil, req{target: "/collections/incidents/items/12345"}, 404, ""},
		{"POST to a read-only resource", nil, req{method: "POST", target: "/collections"}, 405, "GET"},
		{"DELETE items", nil, req{method: "DELETE", target: "/collections/incidents/items"}, 405, "GET"},
		{"GET the ingest route", nil, req{target: "/api/articles"}, 405, "POST"},
		{"PUT a local place", nil, req{method: "PUT", target: "/api/places/local:1"}, 405, "DELETE"},
		{"POST a tile", nil, req{method: "POST", target: "/tiles/incidents/1/0/0.mvt"}, 405, "GET"},
		// Query parameters.
		{"unknown parameter", nil, req{target: "/collections/incidents/items?bbx=1,2,3,4"}, 400, ""},
		{"repeated parameter", nil, req{target: "/collections/incidents/items?limit=1&limit=2"}, 400, ""},
		{"invalid UTF-8 parameter", nil, req{target: "/collections/incidents/items?q=%FF%FE"}, 400, ""},
		{"parameter on landing", nil, req{target: "/?limit=1", header: map[string]string{"Accept": "application/json"}}, 400, ""},
		{"parameter on healthz", nil, req{target: "/healthz?verbose=1"}, 400, ""},
		{"parameter on metrics", nil, req{target: "/metrics?x=1"}, 400, ""},
		{"bad f", nil, req{target: "/conformance?f=xml"}, 400, ""},
		{"bbox of 3 numbers", nil, req{target: "/collections/incidents/items?bbox=1,2,3"}, 400, ""},
		{"bbox not numbers", nil, req{target: "/collections/incidents/items?bbox=a,b,c,d"}, 400, ""},
		{"bbox NaN", nil, req{target: "/collections/incidents/items?bbox=NaN,1,2,3"}, 400, ""},
		{"bbox longitude out of range", nil, req{target: "/collections/incidents/items?bbox=-200,0,10,10"}, 400, ""},
		{"bbox latitude out of range", nil, req{target: "/collections/incidents/items?bbox=0,-91,10,10"}, 400, ""},
		{"bbox latitudes reversed", nil, req{target: "/collections/incidents/items?bbox=0,10,10,0"}, 400, ""},
		{"bbox across the antimeridian", nil, req{target: "/collections/incidents/items?bbox=170,0,-170,10"}, 400, ""},
		{"bbox-crs other than CRS84", nil, req{target: "/collections/incidents/items?bbox=0,0,1,1&bbox-crs=EPSG:3857"}, 400, ""},
		{"datetime garbage", nil, req{target: "/collections/incidents/items?datetime=yesterday"}, 400, ""},
		{"datetime bad month", nil, req{target: "/collections/incidents/items?datetime=2024-13-01"}, 400, ""},
		{"datetime empty", nil, req{target: "/collections/incidents/items?datetime="}, 400, ""},
		{"datetime open instant", nil, req{target: "/collections/incidents/items?datetime=.."}, 400, ""},
		{"datetime reversed", nil, req{target: "/collections/incidents/items?datetime=2024-05-01/2024-04-01"}, 400, ""},
		{"datetime out of range", nil, req{target: "/collections/incidents/items?datetime=1066-10-14"}, 400, ""},
		{"limit 0", nil, req{target: "/collections/incidents/items?limit=0"}, 400, ""},
		{"limit a fraction", nil, req{target: "/collections/incidents/items?limit=1.5"}, 400, ""},
		{"crs other than CRS84", nil, req{target: "/collections/incidents/items?crs=EPSG:3857"}, 400, ""},
		{"item crs other than CRS84", nil, req{target: "/collections/incidents/items/1?crs=EPSG:4326"}, 400, ""},
		{"limit negative", nil, req{target: "/collections/incidents/items?limit=-5"}, 400, ""},
		{"limit not a number", nil, req{target: "/collections/incidents/items?limit=ten"}, 400, ""},
		{"offset negative", nil, req{target: "/collections/incidents/items?offset=-1"}, 400, ""},
		{"offset huge", nil, req{target: "/collections/incidents/items?offset=99999999999"}, 400, ""},
		{"q too long", nil, req{target: "/collections/incidents/items?q=" + strings.Repeat("x", 201)}, 400, ""},
		{"unresolved limit", nil, req{target: "/api/unresolved?limit=0"}, 400, ""},
		// Tiles.
		{"zoom too deep", nil, req{target: "/tiles/incidents/17/0/0.mvt"}, 400, ""},
		{"zoom negative", nil, req{target: "/tiles/incidents/-1/0/0.mvt"}, 400, ""},
		{"zoom with leading zero", nil, req{target: "/tiles/incidents/03/0/0.mvt"}, 400, ""},
		{"x out of range", nil, req{target: "/tiles/incidents/2/4/0.mvt"}, 400, ""},
		{"y out of range", nil, req{target: "/tiles/incidents/2/0/4.mvt"}, 400, ""},
		{"y not a number", nil, req{target: "/tiles/incidents/2/0/y.mvt"}, 400, ""},
		{"tile without .mvt", nil, req{target: "/tiles/incidents/2/0/0.png"}, 404, ""},
		{"tile unknown parameter", nil, req{target: "/tiles/incidents/2/0/0.mvt?limit=5"}, 400, ""},
		{"tile bad datetime", nil, req{target: "/tiles/incidents/2/0/0.mvt?datetime=x"}, 400, ""},
		{"tilejson unknown parameter", nil, req{target: "/tiles/incidents.json?z=1"}, 400, ""},
		// Authentication.
		{"write without token", nil, req{method: "POST", target: "/api/articles", header: map[string]string{"Content-Type": "application/json"}, body: `{"text":"x"}`}, 401, ""},
		{"write with wrong token", nil, req{method: "POST", target: "/api/articles", header: map[string]string{"Authorization": "Bearer nope", "Content-Type": "application/json"}, body: `{"text":"x"}`}, 401, ""},
		{"write with basic auth", nil, req{method: "POST", target: "/api/articles", header: map[string]string{"Authorization": "Basic czNjcmV0Og=="}}, 401, ""},
		{"write on a server without token", noToken, req{method: "POST", target: "/api/articles", header: jsonCT, body: `{"text":"x"}`}, 403, ""},
		{"delete on a server without token", noToken, req{method: "DELETE", target: "/api/places/local:1", header: auth}, 403, ""},
		{"private read without token", private, req{target: "/collections/incidents/items"}, 401, ""},
		{"private tile without token", private, req{target: "/tiles/incidents/0/0/0.mvt"}, 401, ""},
		{"private landing without token", private, req{target: "/?f=json"}, 401, ""},
		// Bodies.
		{"no content type", nil, req{method: "POST", target: "/api/articles", header: auth, body: `{"text":"x"}`}, 415, ""},
		{"html body", nil, req{method: "POST", target: "/api/articles", header: withAuth(map[string]string{"Content-Type": "text/html"}), body: "<p>x</p>"}, 415, ""},
		{"latin-1 body", nil, req{method: "POST", target: "/api/articles", header: withAuth(map[string]string{"Content-Type": "text/plain; charset=iso-8859-1"}), body: "x"}, 415, ""},
		{"malformed content type", nil, req{method: "POST", target: "/api/articles", header: withAuth(map[string]string{"Content-Type": "text/"}), body: "x"}, 415, ""},
		{"text/plain to local places", local, req{method: "POST", target: "/api/places", header: withAuth(map[string]string{"Content-Type": "text/plain"}), body: "x"}, 415, ""},
		{"body too large", nil, req{method: "POST", target: "/api/articles", header: jsonCT, body: `{"text":"` + big + `"}`}, 413, ""},
		{"text body too large", nil, req{method: "POST", target: "/api/articles", header: withAuth(map[string]string{"Content-Type": "text/plain"}), body: big}, 413, ""},
		{"bad JSON", nil, req{method: "POST", target: "/api/articles", header: jsonCT, body: `{"text": "x"`}, 400, ""},
		{"JSON array", nil, req{method: "POST", target: "/api/articles", header: jsonCT, body: `[{"text": "x"}]`}, 400, ""},
		{"unknown field", nil, req{method: "POST", target: "/api/articles", header: jsonCT, body: `{"text":"x","body":"y"}`}, 400, ""},
		{"wrong type", nil, req{method: "POST", target: "/api/articles", header: jsonCT, body: `{"text":42}`}, 400, ""},
		{"two JSON values", nil, req{method: "POST", target: "/api/articles", header: jsonCT, body: `{"text":"x"}{"text":"y"}`}, 400, ""},
		{"empty body", nil, req{method: "POST", target: "/api/articles", header: jsonCT}, 400, ""},
		{"invalid UTF-8 JSON", nil, req{method: "POST", target: "/api/articles", header: jsonCT, body: "{\"text\":\"\xff\xfe\"}"}, 400, ""},
		{"invalid UTF-8 text", nil, req{method: "POST", target: "/api/articles", header: withAuth(map[string]string{"Content-Type": "text/plain"}), body: "عنوان\n\xff"}, 400, ""},
		{"no text", nil, req{method: "POST", target: "/api/articles", header: jsonCT, body: `{"title":"  ","text":""}`}, 400, ""},
		{"a title and no text", nil, req{method: "POST", target: "/api/articles", header: jsonCT, body: `{"title":"x"}`}, 400, ""},
		{"an empty text/plain article", nil, req{method: "POST", target: "/api/articles", header: withAuth(map[string]string{"Content-Type": "text/plain"}), body: " \n  "}, 400, ""},
		{"binary text", nil, req{method: "POST", target: "/api/articles", header: jsonCT, body: `{"text":"a\u0000b"}`}, 422, ""},
		{"bad published", nil, req{method: "POST", target: "/api/articles", header: jsonCT, body: `{"text":"x","published":"03/12/2024"}`}, 400, ""},
		{"bad url", nil, req{method: "POST", target: "/api/articles", header: jsonCT, body: `{"text":"x","url":"javascript:alert(1)"}`}, 400, ""},
		{"query with a JSON article", nil, req{method: "POST", target: "/api/articles?published=2024-01-01", header: jsonCT, body: `{"text":"x"}`}, 400, ""},
		{"unknown query on an article", nil, req{method: "POST", target: "/api/articles?lang=ar", header: withAuth(map[string]string{"Content-Type": "text/plain"}), body: "x"}, 400, ""},
		{"local place without a point", local, req{method: "POST", target: "/api/places", header: jsonCT, body: `{"name":"x"}`}, 422, ""},
		{"local place off Earth", local, req{method: "POST", target: "/api/places", header: jsonCT, body: `{"name":"x","lat":91,"lon":0}`}, 422, ""},
		{"local place of no kind", local, req{method: "POST", target: "/api/places", header: jsonCT, body: `{"name":"x","lat":1,"lon":0,"kind":"castle"}`}, 422, ""},
		{"local place with an id", local, req{method: "POST", target: "/api/places", header: jsonCT, body: `{"id":"local:9","name":"x","lat":1,"lon":0}`}, 400, ""},
		{"remove a missing local place", local, req{method: "DELETE", target: "/api/places/local:404", header: auth}, 404, ""},
		// Missing dependencies.
		{"geoparse without a parser", nil, req{method: "POST", target: "/api/geoparse", header: map[string]string{"Content-Type": "text/plain"}, body: "x"}, 501, ""},
		{"local places without the layer", nil, req{target: "/api/places"}, 501, ""},
		{"remove a place without the layer", nil, req{method: "DELETE", target: "/api/places/local:1", header: auth}, 501, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := tt.srv
			if srv == nil {
				srv = s
			}
			resp := do(t, srv, tt.r)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body(t, resp))
			}
			p := decodeProblem(t, resp)
			if p.Instance != strings.SplitN(tt.r.target, "?", 2)[0] {
				t.Errorf("instance %q", p.Instance)
			}
			if tt.allow != "" && !strings.Contains(resp.Header.Get("Allow"), tt.allow) {
				t.Errorf("Allow %q lacks %s", resp.Header.Get("Allow"), tt.allow)
			}
			if tt.status == 401 && resp.Header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
}

// TestStreamedBodyTooLarge: a body without Content-Length is cut at the
// limit too.
func TestStreamedBodyTooLarge(t *testing.T) { forEngines(t, testStreamedBodyTooLarge) }

func testStreamedBodyTooLarge(t *testing.T, e testEngine) {
	s, _ := sharedServer(t, e, 250, func(o *Options) { o.Limits.MaxBodyBytes = 100 })
	r := httptest.NewRequest("POST", "/api/articles", strings.NewReader(strings.Repeat("x", 101)))
	r.ContentLength = -1
	r.Header.Set("Content-Type", "text/plain")
	r.Header.Set("Authorization", "Bearer s3cret")
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
}

// TestInternalErrorsStayInternal: a store failure is a 500 whose detail
// says nothing of the cause, which goes to the log.
func TestInternalErrorsStayInternal(t *testing.T) { forEngines(t, testInternalErrorsStayInternal) }

func testInternalErrorsStayInternal(t *testing.T, e testEngine) {
	var logs logBuffer
	s, fs := sharedServer(t, e, 250, func(o *Options) { o.Logger = logs.logger() })
	fs.setFail(errSecret)
	resp := do(t, s, req{target: "/collections/incidents/items"})
	if resp.StatusCode != 500 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	b := string(body(t, resp))
	if strings.Contains(b, "table incidents") || strings.Contains(b, "sqlite") {
		t.Errorf("the cause reached the client: %s", b)
	}
	if !strings.Contains(logs.String(), "no such table incidents") {
		t.Errorf("the cause is not in the log: %s", logs.String())
	}
	// A panic is an error (a 500), not a dropped connection.
	c := s.e.NewContext(httptest.NewRequest("GET", "/healthz", nil), httptest.NewRecorder())
	err := s.recoverPanics(func(*echo.Context) error { panic("boom") })(c)
	if err == nil || !strings.Contains(err.Error(), "panic: boom") || classify(err).status != 500 {
		t.Errorf("panic gave %v", err)
	}
}

var errSecret = errorString("sqlite: no such table incidents")

type errorString string

func (e errorString) Error() string { return string(e) }
