package server

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo/extract"
)

// loopback serves s on a loopback port until the test ends and returns
// its address.
func loopback(t *testing.T, s *Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String()
}

// raw sends bytes on a new connection, half-closes it when halfClose,
// and returns everything the server answered until it closed.
func raw(t *testing.T, addr, request string, halfClose bool, wait time.Duration) string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, request); err != nil {
		t.Fatal(err)
	}
	if halfClose {
		if err := c.(*net.TCPConn).CloseWrite(); err != nil {
			t.Fatal(err)
		}
	}
	_ = c.SetReadDeadline(time.Now().Add(wait))
	b, _ := io.ReadAll(c)
	return string(b)
}

// statusLine reads the status of a raw HTTP answer.
func statusLine(t *testing.T, answer string) (int, *http.Response) {
	t.Helper()
	resp, err := http.ReadResponse(bufio.NewReader(strings.NewReader(answer)), nil)
	if err != nil {
		t.Fatalf("not an HTTP answer (%v): %q", err, answer)
	}
	return resp.StatusCode, resp
}

// TestMalformedQueryString: a query string that does not parse is a 400,
// never a page with the broken filter dropped (issue 12).
func TestMalformedQueryString(t *testing.T) { forEngines(t, testMalformedQueryString) }

func testMalformedQueryString(t *testing.T, e testEngine) {
	s, _ := sharedServer(t, e, 250, nil)
	for _, target := range []string{
		"/collections/incidents/items?bbox=44,36,44.1,36.1;x",
		"/collections/incidents/items?datetime=2024-01-01;",
		"/collections/incidents/items?limit=%zz",
		"/collections/incidents/items?q=%zz",
		"/collections/incidents/items?type=Battles&q=a%2",
		"/tiles/incidents/1/1/0.mvt?datetime=2024-01-01;x=1",
		"/collections/places/items?q=%zz",
		"/collections?f=json;",
	} {
		resp := do(t, s, req{target: target})
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", target, resp.StatusCode)
			continue
		}
		if p := decodeProblem(t, resp); !strings.Contains(p.Detail, "malformed") {
			t.Errorf("%s: detail %q", target, p.Detail)
		}
	}
}

// TestBodyReadErrors: a body the client botches is its mistake: 400 for
// a malformed or oversized chunk size, 408 for one cut by the read
// timeout, each logged at INFO, never a 500 logged as an ERROR.
func TestBodyReadErrors(t *testing.T) { forEngines(t, testBodyReadErrors) }

func testBodyReadErrors(t *testing.T, e testEngine) {
	var logs logBuffer
	s, _ := sharedServer(t, e, 250, func(o *Options) {
		o.Logger = logs.logger()
		o.Limits.ReadTimeout = 300 * time.Millisecond
	})
	addr := loopback(t, s)
	head := "POST /api/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret\r\nContent-Type: text/plain\r\n"
	tests := []struct {
		name, request string
		status        int
	}{
		{"malformed chunk size", head + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", 400},
		{"oversized chunk length", head + "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\nabc\r\n0\r\n\r\n", 400},
		{"body cut by the read timeout", head + "Content-Length: 1000\r\n\r\nعنوان\nنص", 408},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			answer := raw(t, addr, tt.request, false, 5*time.Second)
			status, resp := statusLine(t, answer)
			if status != tt.status {
				t.Fatalf("status %d, want %d: %q", status, tt.status, answer)
			}
			if ct := resp.Header.Get("Content-Type"); ct != MIMEProblem {
				t.Errorf("Content-Type %q", ct)
			}
		})
	}
	if l := logs.String(); strings.Contains(l, "level=ERROR") {
		t.Errorf("client mistakes logged as errors:\n%s", l)
	}
}

// TestClientGoneIsNot499: a request whose client half-closes its
// connection is cancelled; the answer on the wire is never the
// non-standard 499 (the log and metrics still say 499).
func TestClientGoneIsNot499(t *testing.T) { forEngines(t, testClientGoneIsNot499) }

func testClientGoneIsNot499(t *testing.T, e testEngine) {
	var logs logBuffer
	s, fs := sharedServer(t, e, 250, func(o *Options) {
		o.Logger = logs.logger()
	})
	fs.setBlock(make(chan struct{}), nil) // never closed: the store waits for the context
	addr := loopback(t, s)
	answer := raw(t, addr, "GET /collections/incidents/items HTTP/1.1\r\nHost: x\r\n\r\n", true, 5*time.Second)
	if strings.Contains(answer, "499") {
		t.Fatalf("a 499 went on the wire: %q", answer)
	}
	if answer != "" {
		if status, _ := statusLine(t, answer); status == http.StatusOK {
			t.Errorf("a cancelled request answered 200: %q", answer)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), "status=499") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), "status=499") {
		t.Errorf("the log does not record 499:\n%s", logs.String())
	}
}

// TestTileCoordinatesDigitsOnly: a tile has one name; signs, spaces and
// leading zeros are 400s.
func TestTileCoordinatesDigitsOnly(t *testing.T) { forEngines(t, testTileCoordinatesDigitsOnly) }

func testTileCoordinatesDigitsOnly(t *testing.T, e testEngine) {
	s, _ := sharedServer(t, e, 250, nil)
	for _, path := range []string{"+1/0/0", "1/+0/0", "1/0/+0", "-0/0/0", "1/-0/0", "1/0/-0", "+0/0/0", "01/0/0", "1/00/0", "%201/0/0", "1/0x1/0", "1/1e0/0"} {
		resp := do(t, s, req{target: "/tiles/incidents/" + path + ".mvt"})
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", path, resp.StatusCode)
			continue
		}
		decodeProblem(t, resp)
	}
}

// TestLinkBase: without a base URL, the links of JSON answers (bodies,
// Link headers, TileJSON, the style) are absolute on the scheme and
// Host the request named, with Vary: Host, as QGIS 3.22 needs (it does
// not resolve relative links); the HTML pages' stay relative; a Host
// that is no host name gets relative links. With a base URL, every
// link starts with it and nothing varies with Host. X-Forwarded-Proto
// and X-Forwarded-Host, which any client sets, are never read.
func TestLinkBase(t *testing.T) { forEngines(t, testLinkBase) }

func testLinkBase(t *testing.T, e testEngine) {
	targets := []struct {
		target string
		html   bool
	}{
		{"/?f=json", false}, {"/?f=html", true}, {"/api", false}, {"/collections", false}, {"/collections?f=html", true},
		{"/collections/incidents", false}, {"/collections/incidents?f=html", true},
		{"/collections/incidents/items?limit=2", false}, {"/collections/incidents/items?f=html&limit=2", true},
		{"/collections/incidents/items?f=csv&limit=2", false}, {"/collections/incidents/items/1", false},
		{"/collections/incidents/items/1?f=html", true}, {"/tiles/incidents.json", false}, {"/tiles/incidents/style.json", false},
	}
	href := regexp.MustCompile(`"(?:href|url|sprite)":"([^"]*)"|href="([^"]*)"|"tiles":\["([^"]*)"`)
	linkHeader := regexp.MustCompile(`<([^>]*)>`)
	tests := []struct {
		name, base, scheme, host string
		linkHosts                []string
		want                     string // the JSON links' prefix
	}{
		{"no base URL", "", "http", "maps.example.net:8080", nil, "http://maps.example.net:8080"},
		{"no base URL, TLS", "", "https", "maps.example.net", nil, "https://maps.example.net"},
		{"a Host that is no host name", "", "http", "a/b@elsewhere", nil, ""},
		{"base URL", "https://maps.example.org/im", "https", "maps.example.net", nil, "https://maps.example.org/im"},
		{"a trusted host", "", "http", "MAPS.example.net:8080", []string{"localhost", "maps.example.net"}, "http://MAPS.example.net:8080"},
		{"a Host not trusted", "", "http", "elsewhere.example:8080", []string{"localhost", "maps.example.net"}, ""},
		{"an IPv6 host trusted", "", "http", "[::1]:8080", []string{"::1"}, "http://[::1]:8080"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := sharedServer(t, e, 250, func(o *Options) { o.BaseURL, o.LinkHosts = tt.base, tt.linkHosts })
			for _, target := range targets {
				r := httptest.NewRequest(http.MethodGet, tt.scheme+"://placeholder"+target.target, nil)
				r.Host = tt.host
				r.Header.Set("X-Forwarded-Proto", "gopher")
				r.Header.Set("X-Forwarded-Host", "forwarded.example")
				w := httptest.NewRecorder()
				s.ServeHTTP(w, r)
				resp := w.Result()
				b := string(body(t, resp))
				if resp.StatusCode != 200 {
					t.Fatalf("%s: status %d", target.target, resp.StatusCode)
				}
				all := b + fmt.Sprint(resp.Header)
				if strings.Contains(all, "gopher") || strings.Contains(all, "forwarded.example") || strings.Contains(all, "elsewhere") {
					t.Errorf("%s: a link from X-Forwarded-* or a bad Host: %.300s", target.target, all)
				}
				// links hang on a valid Host (trusted or not) only
				// when no base URL is set
				want, vary := tt.want, tt.base == "" && !strings.Contains(tt.host, "/")
				if target.html {
					want, vary = tt.base, false
				}
				if got := slices.Contains(varyFields(resp.Header), "Host"); got != vary {
					t.Errorf("%s: Vary %q, want Host %v", target.target, resp.Header.Values("Vary"), vary)
				}
				var links []string
				for _, m := range href.FindAllStringSubmatch(b, -1) {
					links = append(links, m[1]+m[2]+m[3])
				}
				for _, m := range linkHeader.FindAllStringSubmatch(strings.Join(resp.Header.Values("Link"), ","), -1) {
					links = append(links, m[1])
				}
				if len(links) == 0 && target.target != "/api" {
					t.Errorf("%s: no links found", target.target)
				}
				for _, l := range links {
					if strings.HasPrefix(l, "https://example.org/fixture/") || strings.HasPrefix(l, "https://spec.openapis.org/") {
						continue // a source's URL: data, not a link of ours
					}
					if !strings.HasPrefix(l, want+"/") && l != want {
						t.Errorf("%s: link %q, want it on %q", target.target, l, want)
					}
				}
			}
		})
	}
	if _, err := New(Options{Store: &faultStore{}, BaseURL: "example.org"}); err == nil {
		t.Error("a base URL without scheme was accepted")
	}
}

// varyFields are the field names of h's Vary headers.
func varyFields(h http.Header) []string {
	var names []string
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			names = append(names, http.CanonicalHeaderKey(strings.TrimSpace(f)))
		}
	}
	return names
}

// TestPrivateReadsCoverMetrics: --public-reads=false protects /metrics
// like every read; the probes stay open.
func TestPrivateReadsCoverMetrics(t *testing.T) { forEngines(t, testPrivateReadsCoverMetrics) }

func testPrivateReadsCoverMetrics(t *testing.T, e testEngine) {
	s, _ := sharedServer(t, e, 250, func(o *Options) { o.PrivateReads = true })
	for target, want := range map[string]int{"/metrics": 401, "/healthz": 200, "/readyz": 200, "/collections": 401} {
		if resp := do(t, s, req{target: target}); resp.StatusCode != want {
			t.Errorf("%s without the token: status %d, want %d", target, resp.StatusCode, want)
		}
	}
	if resp := do(t, s, req{target: "/metrics", header: map[string]string{"Authorization": "Bearer s3cret"}}); resp.StatusCode != 200 {
		t.Errorf("/metrics with the token: status %d", resp.StatusCode)
	}
}

// TestHTMLPagesHeaders: the API's HTML pages carry a CSP that allows no
// script and exactly their own stylesheet, and nosniff; every answer
// carries nosniff.
func TestHTMLPagesHeaders(t *testing.T) { forEngines(t, testHTMLPagesHeaders) }

func testHTMLPagesHeaders(t *testing.T, e testEngine) {
	s, _ := sharedServer(t, e, 250, nil)
	style := regexp.MustCompile(`(?s)<style>(.*?)</style>`)
	for _, target := range []string{"/?f=html", "/collections?f=html", "/conformance?f=html", "/collections/incidents?f=html",
		"/collections/incidents/items?f=html", "/collections/incidents/items/1?f=html"} {
		resp := do(t, s, req{target: target})
		b := string(body(t, resp))
		if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=UTF-8" {
			t.Errorf("%s: Content-Type %q", target, ct)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", target, got)
		}
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.HasPrefix(csp, "default-src 'none'; ") || strings.Contains(csp, "script") || strings.Contains(csp, "unsafe") {
			t.Errorf("%s: CSP %q", target, csp)
		}
		m := style.FindStringSubmatch(b)
		if m == nil {
			t.Fatalf("%s: no stylesheet", target)
		}
		sum := sha256.Sum256([]byte(m[1]))
		if want := "style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(csp, want) {
			t.Errorf("%s: the CSP does not admit the page's stylesheet (%s): %q", target, want, csp)
		}
	}
	for _, target := range []string{"/collections", "/nope", "/collections/incidents/items?limit=0", "/metrics"} {
		if got := do(t, s, req{target: target}).Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", target, got)
		}
	}
}

// TestMetricLabelsClosed: made-up methods and paths add no series: the
// method and route labels come from closed sets.
func TestMetricLabelsClosed(t *testing.T) { forEngines(t, testMetricLabelsClosed) }

func testMetricLabelsClosed(t *testing.T, e testEngine) {
	s, _ := sharedServer(t, e, 250, nil)
	rng := rand.New(rand.NewPCG(1, 2))
	letters := "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	for i := range 300 {
		method := make([]byte, 3+rng.IntN(8))
		for j := range method {
			method[j] = letters[rng.IntN(len(letters))]
		}
		targets := []string{"/collections", fmt.Sprintf("/nope/%d", i), fmt.Sprintf("/collections/incidents/items/%d", i)}
		do(t, s, req{method: string(method), target: targets[i%len(targets)]})
	}
	m := string(body(t, do(t, s, req{target: "/metrics"})))
	series := regexp.MustCompile(`(?m)^incidentmap_http_requests_total\{method="([^"]*)",route="([^"]*)",status="(\d+)"\}`).FindAllStringSubmatch(m, -1)
	routes := map[string]bool{"(not found)": true, "(method not allowed)": true, "(web)": true, "(none)": true}
	for _, r := range s.e.Router().Routes() {
		routes[r.Path] = true
	}
	for _, sr := range series {
		if sr[1] != "OTHER" && !slices.Contains(methodLabels, sr[1]) {
			t.Errorf("method label %q", sr[1])
		}
		if !routes[sr[2]] {
			t.Errorf("route label %q", sr[2])
		}
	}
	if len(series) > 10 {
		t.Errorf("%d series after 300 made-up requests", len(series))
	}
}

// TestGeoparseBodyLimit: public geoparsing has its own, smaller body
// limit.
func TestGeoparseBodyLimit(t *testing.T) { forEngines(t, testGeoparseBodyLimit) }

func testGeoparseBodyLimit(t *testing.T, e testEngine) {
	parser, err := loadParser()
	if err != nil {
		t.Fatal(err)
	}
	text := "عنوان\n" + strings.Repeat("قصفت طائرات مدينة الرقة. ", 400) // about 17 KB
	for _, tt := range []struct {
		limit  int64
		status int
	}{{0, 200}, {8 << 10, 413}, {64 << 10, 200}} {
		s, _ := sharedServer(t, e, 250, func(o *Options) {
			o.Geoparser, o.Extractor = parser, extract.New()
			o.Limits.MaxGeoparseBytes = tt.limit
		})
		resp := do(t, s, req{method: "POST", target: "/api/geoparse", body: text, header: map[string]string{"Content-Type": "text/plain"}})
		if resp.StatusCode != tt.status {
			t.Errorf("limit %d: status %d, want %d", tt.limit, resp.StatusCode, tt.status)
		}
	}
	s, _ := sharedServer(t, e, 250, func(o *Options) { o.Geoparser = parser })
	if s.limits.MaxGeoparseBytes >= s.limits.MaxBodyBytes {
		t.Errorf("the default geoparse limit %d is not below the body limit %d", s.limits.MaxGeoparseBytes, s.limits.MaxBodyBytes)
	}
	big := "عنوان\n" + strings.Repeat("ا", int(s.limits.MaxGeoparseBytes)/2)
	resp := do(t, s, req{method: "POST", target: "/api/geoparse", body: big, header: map[string]string{"Content-Type": "text/plain"}})
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over the default geoparse limit: status %d", resp.StatusCode)
	}
	decodeProblem(t, resp)
}

// TestExpensiveRequestsCapped: beyond Limits.MaxExpensive expensive
// requests at once, one more waits ExpensiveWait, then gets 503 with
// Retry-After; cheap requests and cached tiles are still served.
func TestExpensiveRequestsCapped(t *testing.T) { forEngines(t, testExpensiveRequestsCapped) }

func testExpensiveRequestsCapped(t *testing.T, e testEngine) {
	s, fs := sharedServer(t, e, 250, func(o *Options) {
		o.Limits.MaxExpensive = 2
		o.Limits.ExpensiveWait = 20 * time.Millisecond
	})
	cached := do(t, s, req{target: "/tiles/incidents/1/1/0.mvt"})
	if cached.StatusCode != 200 {
		t.Fatalf("tile: %d", cached.StatusCode)
	}
	block, entered := make(chan struct{}), make(chan struct{}, 2)
	fs.setBlock(block, entered)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if resp := do(t, s, req{target: "/collections/incidents/items"}); resp.StatusCode != 200 {
				t.Errorf("a request inside the cap: status %d", resp.StatusCode)
			}
		}()
	}
	<-entered
	<-entered
	for _, r := range []req{
		{target: "/collections/incidents/items?limit=10000"},
		{target: "/tiles/incidents/2/2/1.mvt"},
		{method: "POST", target: "/api/articles", body: "عنوان\nنص", header: map[string]string{"Authorization": "Bearer s3cret", "Content-Type": "text/plain"}},
	} {
		resp := do(t, s, r)
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("%s %s over the cap: status %d, want 503", r.method, r.target, resp.StatusCode)
			continue
		}
		if ra := resp.Header.Get("Retry-After"); ra != "1" {
			t.Errorf("Retry-After %q", ra)
		}
		decodeProblem(t, resp)
	}
	if resp := do(t, s, req{target: "/tiles/incidents/1/1/0.mvt"}); resp.StatusCode != 200 {
		t.Errorf("a cached tile over the cap: status %d", resp.StatusCode)
	}
	if resp := do(t, s, req{target: "/collections"}); resp.StatusCode != 200 {
		t.Errorf("a cheap request over the cap: status %d", resp.StatusCode)
	}
	close(block)
	wg.Wait()
	if resp := do(t, s, req{target: "/collections/incidents/items"}); resp.StatusCode != 200 {
		t.Errorf("after the burst: status %d", resp.StatusCode)
	}
}

// TestListenLogsTheURLToOpen: the listening line says what to open, with
// localhost for "all interfaces", or the base URL.
func TestListenLogsTheURLToOpen(t *testing.T) { forEngines(t, testListenLogsTheURLToOpen) }

func testListenLogsTheURLToOpen(t *testing.T, e testEngine) {
	for _, tt := range []struct{ addr, base, want string }{
		{":0", "", "open=http://localhost:"},
		{"127.0.0.1:0", "", "open=http://127.0.0.1:"},
		{"127.0.0.1:0", "https://maps.example.org/im", "open=https://maps.example.org/im/"},
	} {
		var logs logBuffer
		s, _ := sharedServer(t, e, 250, func(o *Options) {
			o.Logger = logs.logger()
			o.BaseURL = tt.base
		})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- s.ListenAndServe(ctx, tt.addr) }()
		deadline := time.Now().Add(5 * time.Second)
		for !strings.Contains(logs.String(), "msg=listening") && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if l := logs.String(); !strings.Contains(l, "msg=listening addr=") || !strings.Contains(l, tt.want) {
			t.Errorf("%s %q: log %q lacks %q", tt.addr, tt.base, l, tt.want)
		}
	}
}

// TestTypeFilterIsTheTaxonomy: every event and sub-event type of the
// extractor's taxonomy is accepted, in any case, and nothing else.
func TestTypeFilterIsTheTaxonomy(t *testing.T) { forEngines(t, testTypeFilterIsTheTaxonomy) }

func testTypeFilterIsTheTaxonomy(t *testing.T, e testEngine) {
	s, _ := sharedServer(t, e, 250, nil)
	types := IncidentTypes()
	for _, sub := range extract.SubEventTypes() {
		if !slices.Contains(types, sub) || !slices.Contains(types, extract.EventTypeOf(sub)) {
			t.Errorf("%s or its event type is not accepted", sub)
		}
	}
	for _, typ := range append(types, strings.ToUpper(types[0])) {
		if resp := do(t, s, req{target: "/collections/incidents/items?type=" + url.QueryEscape(typ)}); resp.StatusCode != 200 {
			t.Errorf("type=%s: status %d", typ, resp.StatusCode)
		}
	}
	resp := do(t, s, req{target: "/collections/incidents/items?type=Airstrike"})
	if resp.StatusCode != 400 {
		t.Fatalf("type=Airstrike: status %d", resp.StatusCode)
	}
	if p := decodeProblem(t, resp); !slices.Equal(p.Allowed, types) {
		t.Errorf("allowed %v", p.Allowed)
	}
}

// TestGeoparseHonoursTheDeadline: the geoparser and extractor stop when
// the request's deadline passes, and the answer is a 503 problem, not a
// 200 sent after the timeout (issue 12: 36 s past a 30 s timeout).
func TestGeoparseHonoursTheDeadline(t *testing.T) {
	parser, err := loadParser()
	if err != nil {
		t.Fatal(err)
	}
	text := benchBody(100_000, true) // parsing takes tens of milliseconds
	for _, tt := range []struct {
		timeout time.Duration
		status  int
	}{{time.Millisecond, http.StatusServiceUnavailable}, {time.Minute, http.StatusOK}} {
		s, _ := sharedServer(t, engines[0], 250, func(o *Options) {
			o.Geoparser, o.Extractor = parser, extract.New()
			o.Limits.RequestTimeout = tt.timeout
		})
		resp := do(t, s, req{method: "POST", target: "/api/geoparse", body: text, header: map[string]string{"Content-Type": "text/plain"}})
		if resp.StatusCode != tt.status {
			t.Fatalf("timeout %v: status %d, want %d", tt.timeout, resp.StatusCode, tt.status)
		}
		if tt.status != http.StatusOK {
			if p := decodeProblem(t, resp); !strings.Contains(p.Detail, "took too long") {
				t.Errorf("detail %q", p.Detail)
			}
		}
	}
}
