package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// Cache policies: the page and its configuration are revalidated on each
// load (their ETag makes that a 304), the assets never change under their
// content-hashed names.
const (
	cacheRevalidate = "no-cache"
	cacheImmutable  = "public, max-age=31536000, immutable"
)

// minGzip is the smallest body worth compressing.
const minGzip = 1024

// contentTypes are the types of the files dist holds, set explicitly so
// that they do not depend on the host's MIME tables.
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".json":  "application/json",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".woff2": "font/woff2",
}

// Site serves the web map: index.html at "/", /config.json, and the
// bundle's assets under /assets/. Build it with Handler.
type Site struct {
	files map[string]*file // by URL path
	csp   string
}

// file is one response body with its headers.
type file struct {
	body  []byte
	ctype string
	etag  string
	cache string

	gzipOnce sync.Once
	gz       []byte // nil when compression does not pay
}

// Handler builds the Site for cfg from the embedded build. A binary
// built without the page (an empty dist) answers 503 with the remedy.
func Handler(cfg Config) *Site {
	s := &Site{files: map[string]*file{}, csp: contentSecurityPolicy(cfg.BasemapURL)}
	_ = fs.WalkDir(dist, "dist", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := dist.ReadFile(p)
		if err != nil {
			return err
		}
		urlPath := strings.TrimPrefix(p, "dist")
		cache := cacheImmutable
		if !strings.HasPrefix(urlPath, "/assets/") {
			cache = cacheRevalidate
		}
		s.files[urlPath] = newFile(body, typeOf(p), cache)
		return nil
	})
	if idx, ok := s.files["/index.html"]; ok {
		s.files["/"] = idx
	}
	if b, err := cfg.configJSON(); err == nil {
		s.files["/config.json"] = newFile(b, contentTypes[".json"], cacheRevalidate)
	}
	return s
}

func newFile(body []byte, ctype, cache string) *file {
	sum := sha256.Sum256(body)
	return &file{body: body, ctype: ctype, cache: cache, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
}

func typeOf(p string) string {
	ext := path.Ext(p)
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// Serves reports whether the site has a file for the URL path p (every
// path, when the binary was built without the page: they all answer 503
// with the remedy).
func (s *Site) Serves(p string) bool {
	if _, built := s.files["/"]; !built {
		return true
	}
	_, ok := s.files[p]
	return ok
}

// ServeHTTP serves GET and HEAD requests for the page's files.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if _, built := s.files["/"]; !built {
		http.Error(w, "the web map is not built into this binary: run make web, then go build", http.StatusServiceUnavailable)
		return
	}
	f, ok := s.files[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if strings.HasPrefix(f.ctype, "text/html") {
		h.Set("Content-Security-Policy", s.csp)
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	}
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", f.cache)
	body, etag := f.body, f.etag
	if compressible(f.ctype) && len(f.body) >= minGzip {
		// An outer compressor (the server's gzip middleware) announces
		// itself with Vary: Accept-Encoding; compressing again would
		// double-encode.
		if !varies(h) {
			h.Add("Vary", "Accept-Encoding")
			if acceptsGzip(r) {
				if gz := f.gzipped(); gz != nil {
					body, etag = gz, strings.TrimSuffix(f.etag, `"`)+`-gz"`
					h.Set("Content-Encoding", "gzip")
				}
			}
		}
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// gzipped compresses the body once, on first use; nil when that does not
// make it smaller.
func (f *file) gzipped() []byte {
	f.gzipOnce.Do(func() {
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if err != nil {
			return
		}
		if _, err := zw.Write(f.body); err != nil {
			return
		}
		if err := zw.Close(); err != nil {
			return
		}
		if buf.Len() < len(f.body) {
			f.gz = buf.Bytes()
		}
	})
	return f.gz
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.HasPrefix(ctype, "application/json") || strings.HasPrefix(ctype, "image/svg")
}

func varies(h http.Header) bool {
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), "Accept-Encoding") {
				return true
			}
		}
	}
	return false
}

// acceptsGzip reports whether the request accepts gzip with a non-zero
// quality.
func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for _, part := range strings.Split(v, ",") {
			name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
				continue
			}
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// contentSecurityPolicy allows the page's own files, the API on the same
// origin, and the basemap's tiles: nothing else loads, and no script
// runs that the bundle did not bring.
func contentSecurityPolicy(basemapURL string) string {
	img := "'self' data: blob:"
	if o := tileOrigin(basemapURL); o != "" {
		img += " " + o
	} else if basemapURL != "" {
		img += " https: http:"
	}
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self'",
		// Leaflet positions everything with inline styles.
		"style-src 'self' 'unsafe-inline'",
		"img-src " + img,
		"connect-src 'self'",
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
		"frame-ancestors 'none'",
	}, "; ")
}
