package server

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
)

// TestHTMLItemShowsValues: an incident's page shows its fields as a
// person reads them: dates as YYYY-MM-DD, numbers as numbers, nulls left
// out, evidence quoted right to left, and its sources as links, http(s)
// only and escaped; never Go's printing of values.
func TestHTMLItemShowsValues(t *testing.T) { forEngines(t, testHTMLItemShowsValues) }

func testHTMLItemShowsValues(t *testing.T, e testEngine) {
	st := e.open(t)
	killed := 3
	p := testPlace(1)
	inc := geo.Incident{EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike", Place: p, PlaceText: "بلدة",
		Point: p.Point, GeoPrecision: 1, Date: time.Date(2024, 8, 14, 0, 0, 0, 0, time.UTC), DatePrecision: 1,
		Actor1: "Unidentified military forces", Killed: &killed,
		Evidence: []geo.Evidence{{Start: 0, End: 4, Text: "قصفت طائرات بلدة"}}, Confidence: 0.8}
	proc := titled{"html 1": {geo.Geoparse{}, []geo.Incident{inc}}, "html 2": {geo.Geoparse{}, []geo.Incident{inc}}}
	published := time.Date(2024, 8, 14, 9, 30, 0, 0, time.UTC)
	for _, a := range []geo.Article{
		{Title: "html 1", Text: "قصفت طائرات بلدة", URL: "https://example.org/report?a=1&b=<2>", Outlet: "Outlet One", Published: published},
		{Title: "html 2", Text: "قصفت طائرات بلدة", URL: "javascript:alert(1)", Outlet: "Outlet Two", Published: published},
	} {
		if _, err := st.Ingest(t.Context(), a, proc); err != nil {
			t.Fatal(err)
		}
	}
	s, _ := serverOver(t, st, nil)
	var fc struct {
		Features []struct {
			ID string `json:"id"`
		} `json:"features"`
	}
	if err := json.Unmarshal(body(t, do(t, s, req{target: "/collections/incidents/items?f=json"})), &fc); err != nil || len(fc.Features) == 0 {
		t.Fatalf("no incidents: %v", err)
	}
	for _, target := range []string{"/collections/incidents/items/" + fc.Features[0].ID + "?f=html", "/collections/incidents/items?f=html"} {
		resp := do(t, s, req{target: target})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", target, resp.StatusCode)
		}
		page := string(body(t, resp))
		for _, bad := range []string{"<nil>", "+0000 UTC", "map[", "[{", "0xc0", "javascript:", "%!"} {
			if strings.Contains(page, bad) {
				t.Errorf("%s shows %q", target, bad)
			}
		}
		for _, want := range []string{
			"2024-08-14", ">3<", "Air/drone strike",
			`<a href="https://example.org/report?a=1&amp;b=%3c2%3e" rel="noopener noreferrer nofollow"`,
			`<blockquote lang="ar" dir="rtl">قصفت طائرات بلدة</blockquote>`,
			`<main>`, `<html lang="en" dir="ltr">`, `<link rel="icon" href="/favicon.svg"`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %q", target, want)
			}
		}
		if strings.Contains(page, `">html 2</a>`) {
			t.Errorf("%s links a javascript: URL", target)
		}
		// actor2 is null: no row for it.
		if strings.Contains(page, "actor2") {
			t.Errorf("%s shows the null actor2", target)
		}
	}
}

// TestHTMLPagesLandmarks: every HTML page of the API has its language
// and direction, a title, the favicon, one banner navigation and one main
// landmark holding the h1.
func TestHTMLPagesLandmarks(t *testing.T) { forEngines(t, testHTMLPagesLandmarks) }

func testHTMLPagesLandmarks(t *testing.T, e testEngine) {
	s, _ := sharedServer(t, e, 250, nil)
	mainH1 := regexp.MustCompile(`(?s)<main>\s*<h1>[^<]+</h1>.*</main></body></html>$`)
	for _, target := range []string{"/?f=html", "/api?f=html", "/api", "/conformance?f=html", "/collections?f=html",
		"/collections/incidents?f=html", "/collections/incidents/items?f=html&limit=3", "/collections/incidents/items/1?f=html",
		"/collections/places?f=html"} {
		resp := do(t, s, req{target: target, header: map[string]string{"Accept": "text/html"}})
		page := strings.TrimSpace(string(body(t, resp)))
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/html; charset=UTF-8" {
			t.Errorf("%s: status %d, %s", target, resp.StatusCode, resp.Header.Get("Content-Type"))
			continue
		}
		for _, want := range []string{`<html lang="en" dir="ltr">`, "<title>", `rel="icon"`, `<nav aria-label="API">`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %s", target, want)
			}
		}
		if strings.Count(page, "<main>") != 1 || !mainH1.MatchString(page) {
			t.Errorf("%s: no single main landmark holding the h1 and the content", target)
		}
	}
	// /api as HTML lists every operation of the document.
	page := string(body(t, do(t, s, req{target: "/api?f=html"})))
	for _, o := range operations() {
		if !strings.Contains(page, "<code>"+o.path+"</code>") {
			t.Errorf("/api?f=html lacks %s %s", o.method, o.path)
		}
	}
}

// TestShowProp formats the values of properties for the HTML pages.
func TestShowProp(t *testing.T) {
	n := 7
	day := time.Date(2024, 8, 14, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   any
		want string
		ok   bool
	}{
		{nil, "", false},
		{"", "", false},
		{"x", "x", true},
		{day, "2024-08-14", true},
		{&day, "2024-08-14", true},
		{(*time.Time)(nil), "", false},
		{&n, "7", true},
		{(*int)(nil), "", false},
		{12, "12", true},
		{0.25, "0.25", true},
		{true, "true", true},
		{[]geo.Evidence{}, "", false},
		{[]string{"a", "b"}, "a, b", true},
		{map[string]int{"a": 1}, `{"a":1}`, true},
		{orb.Point{1, 2}, "", true},
	}
	for _, tt := range tests {
		got, ok := showProp(tt.in)
		if ok != tt.ok || tt.want != "" && got.Text != tt.want {
			t.Errorf("showProp(%#v) = %+v, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if safeHref("javascript:alert(1)") != "" || safeHref("//example.org") != "" || safeHref("data:text/html,x") != "" {
		t.Error("safeHref let an unsafe URL through")
	}
}
