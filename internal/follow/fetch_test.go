package follow

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The fetcher's manners, each against a server of the test's: one
// request at a time per host and a delay between two, robots.txt and
// its Crawl-delay, redirects within a limit, answers within a size and
// a time, conditional GET and a User-Agent naming the project.

// visit is one request a test server saw.
type visit struct {
	path       string
	start, end time.Time
	agent      string
	header     http.Header
}

// politeServer records its visits and the most requests it had at once.
type politeServer struct {
	*httptest.Server
	mu      sync.Mutex
	visits  []visit
	active  int
	maxBusy int
}

func newPoliteServer(t *testing.T, robots string, handler http.HandlerFunc) *politeServer {
	t.Helper()
	ps := &politeServer{}
	ps.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := visit{path: r.URL.RequestURI(), start: time.Now(), agent: r.UserAgent(), header: r.Header.Clone()}
		ps.mu.Lock()
		ps.active++
		ps.maxBusy = max(ps.maxBusy, ps.active)
		ps.mu.Unlock()
		if r.URL.Path == "/robots.txt" {
			if robots == "" {
				http.NotFound(w, r)
			} else {
				fmt.Fprint(w, robots)
			}
		} else {
			handler(w, r)
		}
		ps.mu.Lock()
		ps.active--
		v.end = time.Now()
		ps.visits = append(ps.visits, v)
		ps.mu.Unlock()
	}))
	t.Cleanup(ps.Close)
	return ps
}

func (ps *politeServer) seen() []visit {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return append([]visit(nil), ps.visits...)
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func testFetcher(o Options) *fetcher {
	o.defaults()
	return newFetcher(o)
}

// TestFetchOneAtATimePerHost: requests to one host wait their turn and
// MinDelay after the last one ended; another host is not held up.
func TestFetchOneAtATimePerHost(t *testing.T) {
	slow := func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		fmt.Fprint(w, "<html></html>")
	}
	a := newPoliteServer(t, "", slow)
	b := newPoliteServer(t, "", slow)
	const delay = 60 * time.Millisecond
	f := testFetcher(Options{MinDelay: delay})
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 12)
	for i := range 6 {
		for _, srv := range []*politeServer{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := f.get(ctx, mustURL(t, fmt.Sprintf("%s/p/%d", srv.URL, i)), "text/html", "", "", 1<<20)
				errs <- err
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for name, srv := range map[string]*politeServer{"a": a, "b": b} {
		vs := srv.seen()
		if len(vs) != 7 || vs[0].path != "/robots.txt" {
			t.Fatalf("host %s: %d requests, first %q; want robots.txt and 6 pages", name, len(vs), vs[0].path)
		}
		if srv.maxBusy != 1 {
			t.Errorf("host %s had %d requests at once", name, srv.maxBusy)
		}
		for i := 1; i < len(vs); i++ {
			if gap := vs[i].start.Sub(vs[i-1].end); gap < delay-5*time.Millisecond {
				t.Errorf("host %s: request %d came %v after the one before ended, want %v", name, i, gap, delay)
			}
			if vs[i].agent != UserAgent {
				t.Errorf("host %s: User-Agent %q", name, vs[i].agent)
			}
		}
	}
	// Two hosts are fetched side by side: their requests overlap in
	// time, so the whole took well under twice one host's.
	va, vb := a.seen(), b.seen()
	spanA := va[len(va)-1].end.Sub(va[0].start)
	first, end := va[0].start, va[len(va)-1].end
	if vb[0].start.Before(first) {
		first = vb[0].start
	}
	if vb[len(vb)-1].end.After(end) {
		end = vb[len(vb)-1].end
	}
	both := end.Sub(first)
	if both > spanA*3/2 {
		t.Errorf("two hosts took %v, one %v: not fetched side by side", both, spanA)
	}
}

// TestFetchRobots: robots.txt's rules for our product token (or for
// every crawler) and its Crawl-delay are obeyed; a site without one
// allows everything; one whose robots.txt fails allows nothing for now.
func TestFetchRobots(t *testing.T) {
	ctx := context.Background()
	ok := func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html></html>") }
	t.Run("rules", func(t *testing.T) {
		srv := newPoliteServer(t, "User-agent: *\nDisallow: /\n\nUser-agent: incidentmap\nDisallow: /private/\nAllow: /private/open\nCrawl-delay: 0.15\n", ok)
		f := testFetcher(Options{MinDelay: time.Millisecond})
		for _, tt := range []struct {
			path    string
			allowed bool
		}{{"/news/1", true}, {"/private/2", false}, {"/private/open/3", true}, {"/news/4", true}} {
			_, err := f.get(ctx, mustURL(t, srv.URL+tt.path), "text/html", "", "", 1<<20)
			if tt.allowed && err != nil || !tt.allowed && !errors.Is(err, ErrRobots) {
				t.Errorf("%s: %v, allowed %v", tt.path, err, tt.allowed)
			}
		}
		vs := srv.seen()
		var paths []string
		for _, v := range vs {
			paths = append(paths, v.path)
		}
		if strings.Join(paths, " ") != "/robots.txt /news/1 /private/open/3 /news/4" {
			t.Errorf("requests %v: robots.txt read once, forbidden paths never", paths)
		}
		for i := 2; i < len(vs); i++ {
			if gap := vs[i].start.Sub(vs[i-1].end); gap < 145*time.Millisecond {
				t.Errorf("request %d came %v after the one before: Crawl-delay is 0.15 s", i, gap)
			}
		}
	})
	t.Run("none", func(t *testing.T) {
		srv := newPoliteServer(t, "", ok)
		f := testFetcher(Options{MinDelay: time.Millisecond})
		if _, err := f.get(ctx, mustURL(t, srv.URL+"/a"), "text/html", "", "", 1<<20); err != nil {
			t.Error(err)
		}
	})
	t.Run("failing", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/robots.txt" {
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			t.Errorf("fetched %s though robots.txt failed", r.URL.Path)
		}))
		defer srv.Close()
		f := testFetcher(Options{MinDelay: time.Millisecond})
		// A passing failure, tried again later, not a refusal for good
		// (which would skip the item): the first request and those
		// that find the failure remembered.
		for _, p := range []string{"/a", "/b"} {
			_, err := f.get(ctx, mustURL(t, srv.URL+p), "text/html", "", "", 1<<20)
			if err == nil || errors.Is(err, ErrRobots) || errors.Is(err, ErrPermanent) {
				t.Errorf("%s, robots.txt answering 503: %v", p, err)
			}
		}
	})
}

// TestParseRobots: the group that names us wins over *; the longest
// matching rule wins, allow on a tie; * and $ match as RFC 9309 says.
func TestParseRobots(t *testing.T) {
	const txt = `# a site's rules
User-agent: OtherBot
Disallow: /

User-agent: *
Disallow: /tmp/
Crawl-delay: 3

User-agent: IncidentMap
User-agent: Another
Disallow: /search
Disallow: /*.pdf$
Allow: /search/about
Disallow: /ar/
Allow: /ar/
`
	r := parseRobots(strings.NewReader(txt), "incidentmap")
	if r.crawlDelay != 0 {
		t.Errorf("crawl delay %v: the * group's, not ours", r.crawlDelay)
	}
	for _, tt := range []struct {
		path string
		want bool
	}{
		{"/", true},
		{"/tmp/x", true}, // the * group is not ours
		{"/search", false},
		{"/search?q=حلب", false},
		{"/search/about", true},
		{"/files/report.pdf", false},
		{"/files/report.pdf?x=1", true},
		{"/ar/news", true}, // a tie: allow
	} {
		if got := r.allowed(tt.path); got != tt.want {
			t.Errorf("allowed(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
	every := parseRobots(strings.NewReader("User-agent: *\nDisallow: /tmp/\nCrawl-delay: 2.5\n"), "incidentmap")
	if every.allowed("/tmp/a") || !every.allowed("/news") || every.crawlDelay != 2500*time.Millisecond {
		t.Errorf("the * group: %+v", every)
	}
	if none := parseRobots(strings.NewReader("Disallow: /\n"), "incidentmap"); !none.allowed("/a") {
		t.Error("rules outside any group applied")
	}
}

// TestFetchRedirects: redirects are followed up to MaxRedirects, to
// http(s) only.
func TestFetchRedirects(t *testing.T) {
	var srv *politeServer
	srv = newPoliteServer(t, "", func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/hop/"):
			n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hop/"))
			if n == 0 {
				http.Redirect(w, r, "/end", http.StatusFound)
			} else {
				http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusMovedPermanently)
			}
		case r.URL.Path == "/ftp":
			http.Redirect(w, r, "ftp://files.example.org/a", http.StatusFound)
		default:
			fmt.Fprint(w, "<html>end</html>")
		}
	})
	f := testFetcher(Options{MinDelay: time.Millisecond, MaxRedirects: 3})
	ctx := context.Background()
	// /hop/N makes N+1 redirects.
	resp, err := f.get(ctx, mustURL(t, srv.URL+"/hop/2"), "text/html", "", "", 1<<20)
	if err != nil || resp.url.Path != "/end" {
		t.Fatalf("3 redirects: %v %v", resp, err)
	}
	if _, err := f.get(ctx, mustURL(t, srv.URL+"/hop/3"), "text/html", "", "", 1<<20); !errors.Is(err, ErrPermanent) {
		t.Errorf("4 redirects: %v, want ErrPermanent", err)
	}
	if _, err := f.get(ctx, mustURL(t, srv.URL+"/ftp"), "text/html", "", "", 1<<20); !errors.Is(err, ErrPermanent) {
		t.Errorf("a redirect to ftp: %v, want ErrPermanent", err)
	}
}

// TestFetchLimits: an answer over the size limit is refused whether it
// says its length or not; one that takes longer than Timeout, before
// its header or within its body, fails as a passing error; statuses are
// told apart.
func TestFetchLimits(t *testing.T) {
	body := strings.Repeat("خبر ", 300) // 2,400 bytes
	srv := newPoliteServer(t, "", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/sized":
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			fmt.Fprint(w, body)
		case "/streamed":
			for i := 0; i < len(body); i += 100 {
				fmt.Fprint(w, body[i:i+100])
				w.(http.Flusher).Flush()
			}
		case "/late-header":
			time.Sleep(600 * time.Millisecond)
			fmt.Fprint(w, "late")
		case "/late-body":
			fmt.Fprint(w, "<html>")
			w.(http.Flusher).Flush()
			time.Sleep(600 * time.Millisecond)
			fmt.Fprint(w, "</html>")
		default:
			code, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/status/"))
			w.WriteHeader(code)
		}
	})
	f := testFetcher(Options{MinDelay: time.Millisecond, Timeout: 300 * time.Millisecond})
	ctx := context.Background()
	get := func(path string, limit int64) (*response, error) {
		return f.get(ctx, mustURL(t, srv.URL+path), "text/html", "", "", limit)
	}
	for _, p := range []string{"/sized", "/streamed"} {
		if _, err := get(p, int64(len(body))-1); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s over the limit: %v, want ErrTooLarge", p, err)
		}
		if resp, err := get(p, int64(len(body))); err != nil || string(resp.body) != body {
			t.Errorf("%s at the limit: %v", p, err)
		}
	}
	for _, p := range []string{"/late-header", "/late-body"} {
		start := time.Now()
		_, err := get(p, 1<<20)
		if err == nil || errors.Is(err, ErrPermanent) || errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: %v, want a passing error", p, err)
		}
		if d := time.Since(start); d > 550*time.Millisecond {
			t.Errorf("%s took %v, timeout 300 ms", p, d)
		}
	}
	for _, tt := range []struct {
		status    int
		permanent bool
	}{{404, true}, {410, true}, {403, true}, {408, false}, {429, false}, {500, false}, {503, false}} {
		_, err := get(fmt.Sprintf("/status/%d", tt.status), 1<<20)
		if err == nil || errors.Is(err, ErrPermanent) != tt.permanent {
			t.Errorf("HTTP %d: %v, permanent %v", tt.status, err, tt.permanent)
		}
	}
}

// TestFetchConditional: the validators given are sent, and a 304 is an
// answer, not an error.
func TestFetchConditional(t *testing.T) {
	const etag, modified = `"v7"`, "Wed, 01 May 2024 10:00:00 GMT"
	srv := newPoliteServer(t, "", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == modified {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", modified)
		fmt.Fprint(w, "<rss/>")
	})
	f := testFetcher(Options{MinDelay: time.Millisecond})
	ctx := context.Background()
	u := mustURL(t, srv.URL+"/feed")
	resp, err := f.get(ctx, u, "application/rss+xml", "", "", 1<<20)
	if err != nil || resp.status != 200 || resp.etag != etag || resp.lastModified != modified {
		t.Fatalf("first: %+v %v", resp, err)
	}
	for _, v := range [][2]string{{etag, ""}, {"", modified}} {
		resp, err := f.get(ctx, u, "application/rss+xml", v[0], v[1], 1<<20)
		if err != nil || resp.status != http.StatusNotModified {
			t.Errorf("with %q: %+v %v, want 304", v, resp, err)
		}
	}
	vs := srv.seen()
	last := vs[len(vs)-1].header
	if last.Get("If-Modified-Since") != modified || last.Get("If-None-Match") != "" {
		t.Errorf("last request's validators: %v", last)
	}
}

// TestBackoff: the wait after n failures doubles the interval n times,
// up to the cap, within a fifth either way, and is jittered.
func TestBackoff(t *testing.T) {
	every, most := 10*time.Minute, 6*time.Hour
	for _, tt := range []struct {
		n    int
		want time.Duration
	}{{1, 20 * time.Minute}, {2, 40 * time.Minute}, {3, 80 * time.Minute}, {5, 320 * time.Minute}, {6, most}, {40, most}} {
		seen := map[time.Duration]bool{}
		for range 50 {
			d := backoff(every, tt.n, most)
			if d < tt.want*4/5 || d > tt.want*6/5 {
				t.Errorf("backoff after %d failures: %v, want %v ±20%%", tt.n, d, tt.want)
			}
			seen[d] = true
		}
		if len(seen) < 10 {
			t.Errorf("backoff after %d failures: %d values in 50: no jitter", tt.n, len(seen))
		}
	}
}
