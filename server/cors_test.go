package server

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestParseCORSOrigins(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		bad  bool
	}{
		{"", nil, false},
		{"none", nil, false},
		{"*", []string{"*"}, false},
		{"https://dash.example.org", []string{"https://dash.example.org"}, false},
		{" https://Dash.example.org/ , http://localhost:3000", []string{"https://dash.example.org", "http://localhost:3000"}, false},
		{"dash.example.org", nil, true},
		{"https://dash.example.org/app", nil, true},
		{"ftp://x.org", nil, true},
		{"*,https://x.org", nil, true},
		{"https://user@x.org", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseCORSOrigins(tt.in)
			if tt.bad {
				if err == nil {
					t.Fatalf("accepted: %v", got)
				}
				return
			}
			if err != nil || strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
	if _, err := New(Options{Store: &faultStore{}, CORSOrigins: []string{"nope"}}); !errors.Is(err, ErrConfig) {
		t.Errorf("New with a bad origin: %v, want ErrConfig", err)
	}
}

// TestCORS: reads (and their preflights) from an allowed origin are
// shared, with the useful headers exposed and never credentials; writes
// never are, and their preflights are refused; an origin not listed gets
// nothing.
func TestCORS(t *testing.T) { forEngines(t, testCORS) }

func testCORS(t *testing.T, e testEngine) {
	const other = "https://dash.example.org"
	any, _ := sharedServer(t, e, 250, func(o *Options) { o.CORSOrigins = []string{"*"} })
	listed, _ := sharedServer(t, e, 250, func(o *Options) { o.CORSOrigins = []string{other} })
	none, _ := sharedServer(t, e, 250, nil)
	private, _ := sharedServer(t, e, 250, func(o *Options) { o.CORSOrigins = []string{"*"}; o.PrivateReads = true })
	auth := "Bearer s3cret"
	tests := []struct {
		name         string
		srv          http.Handler
		method       string
		target       string
		origin       string
		reqMethod    string // Access-Control-Request-Method: a preflight
		auth         string
		status       int
		allowOrigin  string
		allowHeaders string // a substring the preflight's must hold
	}{
		{"items", any, "GET", "/collections/incidents/items?limit=1", other, "", "", 200, "*", ""},
		{"items HEAD", any, "HEAD", "/collections/incidents/items?limit=1", other, "", "", 200, "*", ""},
		{"item", any, "GET", "/collections/incidents/items/1", other, "", "", 200, "*", ""},
		{"collections", any, "GET", "/collections", other, "", "", 200, "*", ""},
		{"landing", any, "GET", "/?f=json", other, "", "", 200, "*", ""},
		{"conformance", any, "GET", "/conformance", other, "", "", 200, "*", ""},
		{"api", any, "GET", "/api", other, "", "", 200, "*", ""},
		{"tilejson", any, "GET", "/tiles/incidents.json", other, "", "", 200, "*", ""},
		{"tile", any, "GET", "/tiles/incidents/1/1/0.mvt", other, "", "", 200, "*", ""},
		{"histogram", any, "GET", "/collections/incidents/histogram", other, "", "", 200, "*", ""},
		{"changes", any, "GET", "/api/changes", other, "", "", 200, "*", ""},
		{"a read's problem is readable", any, "GET", "/collections/incidents/items?limit=0", other, "", "", 400, "*", ""},
		{"no Origin: still *, for caches", any, "GET", "/collections", "", "", "", 200, "*", ""},
		{"no Origin, listed origins: nothing", listed, "GET", "/collections", "", "", "", 200, "", ""},
		{"preflight of a read", any, "OPTIONS", "/collections/incidents/items", other, "GET", "", 204, "*", "If-None-Match"},
		{"preflight of a tile", any, "OPTIONS", "/tiles/incidents/1/1/0.mvt", other, "GET", "", 204, "*", "Accept"},
		{"write: no CORS", any, "POST", "/api/articles", other, "", auth, 415, "", ""},
		{"delete: no CORS", any, "DELETE", "/api/sources/1", other, "", auth, 501, "", ""},
		{"geoparse (POST): no CORS", any, "POST", "/api/geoparse", other, "", "", 501, "", ""},
		{"preflight of a write", any, "OPTIONS", "/api/articles", other, "POST", "", 403, "", ""},
		{"preflight of a delete", any, "OPTIONS", "/api/places/local:1", other, "DELETE", "", 403, "", ""},
		{"preflight of a POST on a read path", any, "OPTIONS", "/api/sources", other, "POST", "", 403, "", ""},
		{"preflight of an unknown path", any, "OPTIONS", "/nope", other, "GET", "", 404, "", ""},
		{"listed origin", listed, "GET", "/collections", other, "", "", 200, other, ""},
		{"origin not listed", listed, "GET", "/collections", "https://evil.example", "", "", 200, "", ""},
		{"preflight from an origin not listed", listed, "OPTIONS", "/collections", "https://evil.example", "GET", "", 403, "", ""},
		{"CORS off", none, "GET", "/collections", other, "", "", 200, "", ""},
		{"private read with the token", private, "GET", "/collections/incidents/items?limit=1", other, "", auth, 200, "*", ""},
		{"private read without: readable 401", private, "GET", "/collections/incidents/items?limit=1", other, "", "", 401, "*", ""},
		{"private preflight admits Authorization", private, "OPTIONS", "/collections/incidents/items", other, "GET", "", 204, "*", "Authorization"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := map[string]string{}
			if tt.origin != "" {
				h["Origin"] = tt.origin
			}
			if tt.reqMethod != "" {
				h["Access-Control-Request-Method"] = tt.reqMethod
			}
			if tt.auth != "" {
				h["Authorization"] = tt.auth
			}
			resp := do(t, tt.srv, req{method: tt.method, target: tt.target, header: h})
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body(t, resp))
			}
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != tt.allowOrigin {
				t.Errorf("Access-Control-Allow-Origin %q, want %q", got, tt.allowOrigin)
			}
			if got := resp.Header.Get("Access-Control-Allow-Credentials"); got != "" {
				t.Errorf("Access-Control-Allow-Credentials %q", got)
			}
			if tt.srv == listed && !strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Origin") {
				t.Errorf("an answer that depends on Origin without Vary: Origin")
			}
			if tt.allowOrigin == "" {
				for k := range resp.Header {
					if strings.HasPrefix(k, "Access-Control-") {
						t.Errorf("%s sent", k)
					}
				}
			}
			if tt.reqMethod == "" && tt.allowOrigin != "" {
				exp := resp.Header.Get("Access-Control-Expose-Headers")
				for _, want := range []string{"ETag", "Link", "Retry-After", "Content-Crs"} {
					if !strings.Contains(exp, want) {
						t.Errorf("Access-Control-Expose-Headers %q lacks %s", exp, want)
					}
				}
			}
			if tt.reqMethod != "" && tt.status == 204 {
				if m := resp.Header.Get("Access-Control-Allow-Methods"); strings.Contains(m, "POST") || strings.Contains(m, "DELETE") || !strings.Contains(m, "GET") {
					t.Errorf("Access-Control-Allow-Methods %q", m)
				}
				ah := resp.Header.Get("Access-Control-Allow-Headers")
				if !strings.Contains(ah, tt.allowHeaders) {
					t.Errorf("Access-Control-Allow-Headers %q lacks %s", ah, tt.allowHeaders)
				}
				if tt.srv != private && strings.Contains(ah, "Authorization") {
					t.Errorf("a public server admits Authorization across origins: %q", ah)
				}
			}
			if tt.status >= 400 {
				decodeProblem(t, resp)
			}
		})
	}
}
