package web

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

var testConfig = Config{
	BasemapURL:         "https://{s}.tile.example.org/{z}/{x}/{y}.png",
	BasemapAttribution: "© Example <contributors>",
}

// assetPaths are the /assets/ files index.html refers to.
func assetPaths(t *testing.T, s *Site) []string {
	t.Helper()
	idx, ok := s.files["/index.html"]
	if !ok {
		t.Fatal("no index.html in the embedded build")
	}
	var out []string
	for _, m := range regexp.MustCompile(`(?:href|src)="(assets/[^"]+)"`).FindAllStringSubmatch(string(idx.body), -1) {
		out = append(out, "/"+m[1])
	}
	if len(out) < 3 {
		t.Fatalf("index.html names %d assets, want the script, the stylesheet and the icon", len(out))
	}
	return out
}

func assetWithSuffix(t *testing.T, s *Site, suffix string) string {
	t.Helper()
	for _, p := range assetPaths(t, s) {
		if strings.HasSuffix(p, suffix) {
			return p
		}
	}
	t.Fatalf("index.html names no %s asset", suffix)
	return ""
}

func TestHandlerServes(t *testing.T) {
	s := Handler(testConfig)
	js := assetWithSuffix(t, s, ".js")
	css := assetWithSuffix(t, s, ".css")
	icon := assetWithSuffix(t, s, ".svg")
	tests := []struct {
		name, method, path, acceptEncoding string
		status                             int
		ctype, cache, encoding             string
	}{
		{"page at root", "GET", "/", "", 200, "text/html; charset=utf-8", cacheRevalidate, ""},
		{"page by name", "GET", "/index.html", "", 200, "text/html; charset=utf-8", cacheRevalidate, ""},
		{"page gzipped", "GET", "/", "gzip, deflate", 200, "text/html; charset=utf-8", cacheRevalidate, "gzip"},
		{"head", "HEAD", "/", "", 200, "text/html; charset=utf-8", cacheRevalidate, ""},
		{"config", "GET", "/config.json", "", 200, "application/json", cacheRevalidate, ""},
		{"script", "GET", js, "gzip", 200, "text/javascript; charset=utf-8", cacheImmutable, "gzip"},
		{"script, gzip refused", "GET", js, "gzip;q=0, br", 200, "text/javascript; charset=utf-8", cacheImmutable, ""},
		{"stylesheet", "GET", css, "", 200, "text/css; charset=utf-8", cacheImmutable, ""},
		{"icon, too small to compress", "GET", icon, "gzip", 200, "image/svg+xml", cacheImmutable, ""},
		{"unknown asset", "GET", "/assets/nope-12345678.js", "", 404, "text/plain; charset=utf-8", "", ""},
		{"unknown page", "GET", "/about", "", 404, "text/plain; charset=utf-8", "", ""},
		{"directory", "GET", "/assets/", "", 404, "text/plain; charset=utf-8", "", ""},
		{"post", "POST", "/", "", 405, "text/plain; charset=utf-8", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.path, nil)
			if tc.acceptEncoding != "" {
				req.Header.Set("Accept-Encoding", tc.acceptEncoding)
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			res := rec.Result()
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tc.status)
			}
			if got := res.Header.Get("Content-Type"); got != tc.ctype {
				t.Errorf("Content-Type %q, want %q", got, tc.ctype)
			}
			if got := res.Header.Get("Cache-Control"); got != tc.cache {
				t.Errorf("Cache-Control %q, want %q", got, tc.cache)
			}
			if got := res.Header.Get("Content-Encoding"); got != tc.encoding {
				t.Errorf("Content-Encoding %q, want %q", got, tc.encoding)
			}
			if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q, want nosniff", got)
			}
			body := rec.Body.Bytes()
			if tc.method == "HEAD" {
				if len(body) != 0 {
					t.Errorf("HEAD answered %d bytes of body", len(body))
				}
				return
			}
			if tc.status != 200 {
				return
			}
			if tc.encoding == "gzip" {
				body = gunzip(t, body)
			}
			if want := s.files[tc.path].body; !bytes.Equal(body, want) {
				t.Errorf("body differs from the embedded file (%d bytes, want %d)", len(body), len(want))
			}
		})
	}
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestHandlerAssetsExist checks that every file index.html loads is
// embedded, so a partial build cannot ship.
func TestHandlerAssetsExist(t *testing.T) {
	s := Handler(Config{})
	for _, p := range assetPaths(t, s) {
		t.Run(p, func(t *testing.T) {
			if _, ok := s.files[p]; !ok {
				t.Errorf("index.html loads %s, which is not embedded", p)
			}
		})
	}
}

func TestHandlerConditional(t *testing.T) {
	s := Handler(testConfig)
	js := assetWithSuffix(t, s, ".js")
	for _, tc := range []struct{ name, path, encoding string }{
		{"page", "/", ""},
		{"script", js, ""},
		{"script gzipped", js, "gzip"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			get := func(etag string) *http.Response {
				req := httptest.NewRequest("GET", tc.path, nil)
				if tc.encoding != "" {
					req.Header.Set("Accept-Encoding", tc.encoding)
				}
				if etag != "" {
					req.Header.Set("If-None-Match", etag)
				}
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				return rec.Result()
			}
			first := get("")
			etag := first.Header.Get("ETag")
			if etag == "" {
				t.Fatal("no ETag")
			}
			if again := get(etag); again.StatusCode != http.StatusNotModified {
				t.Errorf("If-None-Match %s: status %d, want 304", etag, again.StatusCode)
			}
		})
	}
}

// TestHandlerOuterGzip checks that a body an outer middleware compresses
// (it sets Vary: Accept-Encoding first, as echo's does) is not
// compressed twice.
func TestHandlerOuterGzip(t *testing.T) {
	s := Handler(testConfig)
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	rec.Header().Add("Vary", "Accept-Encoding")
	s.ServeHTTP(rec, req)
	if got := rec.Header().Get("Content-Encoding"); got != "" {
		t.Errorf("Content-Encoding %q under an outer compressor, want none", got)
	}
	if !bytes.Equal(rec.Body.Bytes(), s.files["/"].body) {
		t.Error("body is not the page as is")
	}
}

func TestHandlerConfig(t *testing.T) {
	s := Handler(testConfig)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/config.json", nil))
	var doc struct {
		Basemap struct{ URL, Attribution string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Basemap.URL != testConfig.BasemapURL || doc.Basemap.Attribution != testConfig.BasemapAttribution {
		t.Errorf("config %+v, want %+v", doc.Basemap, testConfig)
	}
}

func TestHandlerCSP(t *testing.T) {
	tests := []struct {
		name, basemap, want string
	}{
		{"subdomain template", "https://{s}.tile.example.org/{z}/{x}/{y}.png", "img-src 'self' data: blob: https://*.tile.example.org;"},
		{"one host with a port", "http://127.0.0.1:9/{z}/{x}/{y}.png", "img-src 'self' data: blob: http://127.0.0.1:9;"},
		{"no basemap", "", "img-src 'self' data: blob:;"},
		{"host not expressible", "https://tiles{s}.example.org/{z}/{x}/{y}.png", "img-src 'self' data: blob: https: http:;"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			Handler(Config{BasemapURL: tc.basemap}).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
			csp := rec.Header().Get("Content-Security-Policy")
			if !strings.Contains(csp, tc.want) {
				t.Errorf("CSP %q lacks %q", csp, tc.want)
			}
			if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "connect-src 'self'") {
				t.Errorf("CSP %q lets scripts or requests go elsewhere", csp)
			}
		})
	}
}

func TestTileOrigin(t *testing.T) {
	tests := []struct{ tmpl, want string }{
		{"https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"},
		{"https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.org"},
		{"http://[::1]:8081/{z}/{x}/{y}.png", "http://[::1]:8081"},
		{"https://{s}-tiles.example.org/{z}/{x}/{y}.png", ""},
		{"https://{a}.example.org/{z}/{x}/{y}.png", ""},
		{"/tiles/{z}/{x}/{y}.png", ""},
		{"ftp://example.org/{z}/{x}/{y}.png", ""},
		{"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.tmpl, func(t *testing.T) {
			if got := tileOrigin(tc.tmpl); got != tc.want {
				t.Errorf("tileOrigin(%q) = %q, want %q", tc.tmpl, got, tc.want)
			}
		})
	}
}
