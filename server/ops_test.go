package server

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestHealth(t *testing.T) { forEngines(t, testHealth) }

func testHealth(t *testing.T, e testEngine) {
	s, fs := sharedServer(t, e, 250, nil)
	tests := []struct {
		name, target string
		fail         bool
		status       int
	}{
		{"healthz", "/healthz", false, 200},
		{"readyz", "/readyz", false, 200},
		{"healthz with a failing store", "/healthz", true, 200},
		{"readyz with a failing store", "/readyz", true, 503},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs.setFail(nil)
			if tt.fail {
				fs.setFail(errSecret)
			}
			resp := do(t, s, req{target: tt.target})
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status != 200 {
				if p := decodeProblem(t, resp); strings.Contains(p.Detail, "sqlite") {
					t.Errorf("cause leaked: %s", p.Detail)
				}
			}
		})
	}
}

// TestMetricsAndLogs: requests are counted by route template and status,
// and logged without bodies, query strings or tokens.
func TestMetricsAndLogs(t *testing.T) { forEngines(t, testMetricsAndLogs) }

func testMetricsAndLogs(t *testing.T, e testEngine) {
	var logs logBuffer
	s, _ := testServer(t, e, genIncidents(10), func(o *Options) { o.Logger = logs.logger() })
	secretText := "نص سري لا يسجل"
	requests := []req{
		{target: "/collections/incidents/items/3"},
		{target: "/collections/incidents/items/4"},
		{target: "/collections/incidents/items?q=" + "secretquery"},
		{target: "/nope"},
		{method: "POST", target: "/collections"},
		{method: "POST", target: "/api/articles", body: "عنوان\n" + secretText,
			header: map[string]string{"Authorization": "Bearer s3cret", "Content-Type": "text/plain"}},
		{method: "POST", target: "/api/articles", body: "x",
			header: map[string]string{"Authorization": "Bearer wrong-token-value", "Content-Type": "text/plain"}},
	}
	for _, r := range requests {
		do(t, s, r)
	}
	m := string(body(t, do(t, s, req{target: "/metrics"})))
	for _, want := range []string{
		`incidentmap_http_requests_total{method="GET",route="/collections/:collectionId/items/:featureId",status="200"} 2`,
		`incidentmap_http_requests_total{method="GET",route="(not found)",status="404"} 1`,
		`incidentmap_http_requests_total{method="POST",route="(method not allowed)",status="405"} 1`,
		`incidentmap_http_requests_total{method="POST",route="/api/articles",status="201"} 1`,
		`incidentmap_http_requests_total{method="POST",route="/api/articles",status="401"} 1`,
		`incidentmap_http_request_duration_seconds_bucket{method="GET",route="/collections/:collectionId/items",status="200",le="+Inf"} 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	l := logs.String()
	for _, secret := range []string{"s3cret", "wrong-token-value", secretText, "secretquery"} {
		if strings.Contains(l, secret) {
			t.Errorf("the log holds %q", secret)
		}
	}
	for _, want := range []string{"method=GET", "route=/collections/:collectionId/items/:featureId", "status=200", "duration=", "bytes="} {
		if !strings.Contains(l, want) {
			t.Errorf("the log lacks %s", want)
		}
	}
}

// TestGracefulShutdown: after the context ends, a request in flight
// still completes, new connections are refused, and Serve returns nil.
func TestGracefulShutdown(t *testing.T) { forEngines(t, testGracefulShutdown) }

func testGracefulShutdown(t *testing.T, e testEngine) {
	s, fs := sharedServer(t, e, 250, nil)
	block, entered := make(chan struct{}), make(chan struct{}, 1)
	fs.setBlock(block, entered)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	url := "http://" + ln.Addr().String() + "/collections/incidents/items"
	type result struct {
		status int
		body   string
		err    error
	}
	got := make(chan result, 1)
	started := make(chan struct{})
	go func() {
		close(started)
		resp, err := http.Get(url)
		if err != nil {
			got <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		got <- result{status: resp.StatusCode, body: string(b)}
	}()
	<-started
	<-entered // the request is inside the store
	cancel()
	// Shutdown closes the listener first: new connections fail.
	for {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			break
		}
		c.Close()
		time.Sleep(time.Millisecond)
	}
	close(block)
	r := <-got
	if r.err != nil || r.status != 200 || !strings.Contains(r.body, "FeatureCollection") {
		t.Fatalf("in-flight request: %d %v %.100s", r.status, r.err, r.body)
	}
	if err := <-served; err != nil {
		t.Fatalf("Serve: %v", err)
	}
}
