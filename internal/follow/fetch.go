package follow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Errors of fetching, told apart to decide what to do next.
var (
	// ErrTooLarge: the answer is over the size limit; trying again will
	// not help.
	ErrTooLarge = errors.New("follow: response too large")
	// ErrRobots: robots.txt asks us not to fetch the URL.
	ErrRobots = errors.New("follow: disallowed by robots.txt")
	// ErrPermanent: the server answered that the URL will not work (a
	// 4xx other than 408 and 429, a type we do not read).
	ErrPermanent = errors.New("follow: permanent failure")
)

// response is what a fetch got.
type response struct {
	status       int
	body         []byte
	contentType  string
	etag         string
	lastModified string
	url          *url.URL // after redirects
}

// fetcher makes the HTTP requests of following, as a good citizen of the
// web: a User-Agent naming the project, robots.txt respected, one
// request at a time per host with a minimum delay between them,
// timeouts on connecting and on the whole request, a cap on the size of
// answers and on redirects.
type fetcher struct {
	client    *http.Client
	userAgent string
	agentName string // product token matched in robots.txt
	minDelay  time.Duration
	timeout   time.Duration
	now       func() time.Time

	mu     sync.Mutex
	hosts  map[string]*hostGate
	robots map[string]*robotsEntry
}

// hostGate lets one request at a time reach a host, minDelay apart.
type hostGate struct {
	slot chan struct{}
	last time.Time
}

// robotsEntry is a site's robots.txt, read or being read: r, err and
// expires are set (under fetcher.mu) before ready is closed.
type robotsEntry struct {
	ready   chan struct{}
	r       *robots
	err     error
	expires time.Time
}

// read reports whether e's robots.txt was read.
func (e *robotsEntry) read() bool {
	select {
	case <-e.ready:
		return true
	default:
		return false
	}
}

// robotsTTL is how long a site's robots.txt is trusted.
const robotsTTL = 12 * time.Hour

func newFetcher(opts Options) *fetcher {
	client := opts.Client
	if client == nil {
		dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
		client = &http.Client{Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           dialer.DialContext,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: 20 * time.Second,
			MaxIdleConnsPerHost:   2,
			IdleConnTimeout:       90 * time.Second,
		}}
	}
	c := *client
	max := opts.MaxRedirects
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > max {
			return fmt.Errorf("%w: more than %d redirects", ErrPermanent, max)
		}
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return fmt.Errorf("%w: redirect to %s", ErrPermanent, req.URL.Scheme)
		}
		return nil
	}
	return &fetcher{client: &c, userAgent: opts.UserAgent, agentName: "incidentmap", minDelay: opts.MinDelay,
		timeout: opts.Timeout, now: opts.Now, hosts: map[string]*hostGate{}, robots: map[string]*robotsEntry{}}
}

// gate waits for host's turn; the returned func gives it back.
func (f *fetcher) gate(ctx context.Context, host string, delay time.Duration) (func(), error) {
	f.mu.Lock()
	g := f.hosts[host]
	if g == nil {
		g = &hostGate{slot: make(chan struct{}, 1)}
		f.hosts[host] = g
	}
	f.mu.Unlock()
	select {
	case g.slot <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if wait := g.last.Add(delay).Sub(f.now()); wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			<-g.slot
			return nil, ctx.Err()
		}
	}
	return func() { g.last = f.now(); <-g.slot }, nil
}

// get fetches u, at most limit bytes, with the validators of a
// conditional GET when given. robots.txt is checked first.
func (f *fetcher) get(ctx context.Context, u *url.URL, accept, etag, lastModified string, limit int64) (*response, error) {
	rb, err := f.robotsFor(ctx, u)
	if err != nil {
		return nil, err
	}
	if !rb.allowed(u.RequestURI()) {
		return nil, ErrRobots
	}
	return f.do(ctx, u, accept, etag, lastModified, limit, max(f.minDelay, rb.crawlDelay))
}

func (f *fetcher) do(ctx context.Context, u *url.URL, accept, etag, lastModified string, limit int64, delay time.Duration) (*response, error) {
	release, err := f.gate(ctx, u.Host, delay)
	if err != nil {
		return nil, err
	}
	defer release()
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPermanent, err)
	}
	req.Header.Set("User-Agent", f.userAgent)
	req.Header.Set("Accept", accept)
	req.Header.Set("Accept-Language", "ar, *;q=0.5")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		if errors.Is(err, ErrPermanent) {
			return nil, err
		}
		return nil, fmt.Errorf("get %s: %w", u.Redacted(), err)
	}
	defer resp.Body.Close()
	out := &response{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"),
		etag: resp.Header.Get("ETag"), lastModified: resp.Header.Get("Last-Modified"), url: resp.Request.URL}
	if resp.StatusCode == http.StatusNotModified {
		return out, nil
	}
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: %s is %d bytes, over %d", ErrTooLarge, u.Redacted(), resp.ContentLength, limit)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", u.Redacted(), err)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w: %s is over %d bytes", ErrTooLarge, u.Redacted(), limit)
	}
	out.body = body
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return out, nil
	case resp.StatusCode == http.StatusRequestTimeout || resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return out, fmt.Errorf("get %s: HTTP %d", u.Redacted(), resp.StatusCode)
	default:
		return out, fmt.Errorf("%w: get %s: HTTP %d", ErrPermanent, u.Redacted(), resp.StatusCode)
	}
}

// robotsFor returns the robots.txt rules of u's site, read at most
// every robotsTTL, and once at a time: requests to a site wait for the
// one reading its robots.txt. A site without one (4xx) allows
// everything; one that fails (5xx, unreachable) allows nothing until it
// answers, and every request meanwhile fails with a passing error (not
// ErrRobots, which would skip its item for good).
func (f *fetcher) robotsFor(ctx context.Context, u *url.URL) (*robots, error) {
	key := u.Scheme + "://" + u.Host
	for {
		f.mu.Lock()
		e := f.robots[key]
		if e == nil || e.read() && !f.now().Before(e.expires) {
			e = &robotsEntry{ready: make(chan struct{})}
			f.robots[key] = e
			f.mu.Unlock()
			rb, ttl, err := f.readRobots(ctx, u)
			f.mu.Lock()
			if ctx.Err() != nil {
				delete(f.robots, key) // the next request reads it
				rb, err = nil, ctx.Err()
			} else {
				e.r, e.err, e.expires = rb, err, f.now().Add(ttl)
			}
			close(e.ready)
			f.mu.Unlock()
			return rb, err
		}
		f.mu.Unlock()
		select {
		case <-e.ready:
			f.mu.Lock()
			kept := f.robots[key] == e
			f.mu.Unlock()
			if kept {
				return e.r, e.err
			}
			// Its reader gave up: read it again.
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// readRobots fetches u's site's robots.txt: the rules, how long to
// keep them, and the error that makes them disallow everything.
func (f *fetcher) readRobots(ctx context.Context, u *url.URL) (*robots, time.Duration, error) {
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	resp, err := f.do(ctx, ru, "text/plain", "", "", 500<<10, f.minDelay)
	switch {
	case err == nil:
		return parseRobots(bytesReader(resp.body), f.agentName), robotsTTL, nil
	case resp != nil && resp.status >= 400 && resp.status < 500:
		return &robots{}, robotsTTL, nil
	case errors.Is(err, ErrTooLarge), errors.Is(err, ErrPermanent):
		return &robots{}, robotsTTL, nil
	default:
		return &robots{disallowAll: true}, 10 * time.Minute, fmt.Errorf("robots.txt of %s: %w", u.Host, err)
	}
}
