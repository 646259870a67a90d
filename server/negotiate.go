package server

import (
	"fmt"
	"mime"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v5"
)

// MIMEGeoJSON is the media type of GeoJSON (RFC 7946).
const MIMEGeoJSON = "application/geo+json"

// wantsHTML decides between JSON and HTML: the f parameter wins, then the
// Accept header's preference (a browser prefers text/html), then JSON.
func wantsHTML(c *echo.Context, f format) bool {
	if f != "" {
		return f == formatHTML
	}
	varyAccept(c)
	html, js := acceptQ(c.Request().Header.Get("Accept"))
	return html > js
}

// wantsJSON reports whether a request for "/" is the API's and not the
// web map's: f=json, or an Accept header that prefers JSON to HTML.
func wantsJSON(c *echo.Context, f format) bool {
	if f != "" {
		return f == formatJSON
	}
	varyAccept(c)
	html, js := acceptQ(c.Request().Header.Get("Accept"))
	return js > 0 && js >= html
}

// wantsCSV reports whether a request for items asks for CSV: f=csv, or
// no f and an Accept header that prefers text/csv to HTML and JSON.
func wantsCSV(c *echo.Context, f format) bool {
	if f != "" {
		return f == formatCSV
	}
	accept := c.Request().Header.Get("Accept")
	if !strings.Contains(accept, "csv") {
		return false
	}
	varyAccept(c)
	csv := 0.0
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil || mt != "text/csv" {
			continue
		}
		csv = 1
		if v, err := strconv.ParseFloat(params["q"], 64); err == nil {
			csv = v
		}
	}
	html, js := acceptQ(accept)
	return csv > 0 && csv > html && csv > js
}

// varyAccept tells caches that the response depends on Accept.
func varyAccept(c *echo.Context) {
	h := c.Response().Header()
	for _, v := range h.Values("Vary") {
		if strings.Contains(v, "Accept") && !strings.Contains(v, "Accept-") {
			return
		}
	}
	h.Add("Vary", "Accept")
}

// acceptQ returns the quality an Accept header gives HTML and JSON
// (application/json, application/geo+json and other +json types).
// Wildcards count for both, below an explicit type.
func acceptQ(accept string) (html, js float64) {
	if strings.TrimSpace(accept) == "" {
		return 0, 0
	}
	var wildHTML, wildJSON float64
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if s, ok := params["q"]; ok {
			if v, err := strconv.ParseFloat(s, 64); err == nil {
				q = v
			}
		}
		switch {
		case mt == "text/html" || mt == "application/xhtml+xml":
			html = max(html, q)
		case mt == "application/json" || strings.HasSuffix(mt, "+json"):
			js = max(js, q)
		case mt == "*/*":
			wildHTML, wildJSON = max(wildHTML, q), max(wildJSON, q)
		case mt == "text/*":
			wildHTML = max(wildHTML, q)
		case mt == "application/*":
			wildJSON = max(wildJSON, q)
		}
	}
	if html == 0 {
		html = wildHTML * 0.99
	}
	if js == 0 {
		js = wildJSON * 0.99
	}
	return html, js
}

// parseBaseURL checks Options.BaseURL: an absolute http(s) URL, perhaps
// with a path prefix, without query or fragment. It returns it without
// its trailing slash, the prefix every link is built on.
func parseBaseURL(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "", fmt.Errorf("%w: base URL %q: %v", ErrConfig, s, err)
	case u.Scheme != "http" && u.Scheme != "https", u.Host == "":
		return "", fmt.Errorf("%w: base URL %q: want an absolute http(s) URL such as https://incidents.example.org", ErrConfig, s)
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		return "", fmt.Errorf("%w: base URL %q: no query, fragment or user info", ErrConfig, s)
	}
	return strings.TrimSuffix(s, "/"), nil
}
