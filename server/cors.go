package server

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v5"
)

// CORS: a dashboard on another origin reads incidents, collections,
// TileJSON and tiles (GET and HEAD, and their preflights). Writes never
// get CORS: a POST or DELETE answer carries no Access-Control-* header,
// and a preflight that asks for any method other than GET or HEAD is
// refused, so no page elsewhere can make a visitor's browser write.
// Credentials (cookies) are never allowed: the API uses none; a private
// server's reads take the token in the Authorization header, which a
// preflight admits for reads alone.

// corsExposed are the response headers a cross-origin script may read:
// caching, paging, back-off and the OGC headers.
var corsExposed = strings.Join([]string{
	"ETag", "Link", "Retry-After", "Content-Crs", "Content-Length", "Content-Disposition", "Location", "WWW-Authenticate",
}, ", ")

// corsMaxAge is how long a browser may keep a preflight's answer
// (seconds).
const corsMaxAge = "600"

// ParseCORSOrigins reads the --cors-origins setting: "*" (any origin),
// a comma-separated list of origins such as
// "https://dash.example.org,http://localhost:3000", or "" or "none" (no
// CORS at all; "none" because an empty environment variable is taken as
// unset). Each origin is scheme://host[:port], no path.
func ParseCORSOrigins(s string) ([]string, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "none") {
		return nil, nil
	}
	var out []string
	for _, o := range strings.Split(s, ",") {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		if o == "*" {
			out = append(out, o)
			continue
		}
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return nil, fmt.Errorf("CORS origin %q: want * or scheme://host[:port], such as https://dash.example.org", o)
		}
		out = append(out, strings.ToLower(u.Scheme+"://"+u.Host))
	}
	if slices.Contains(out, "*") && len(out) > 1 {
		return nil, fmt.Errorf("CORS origins %q: * already allows every origin; give * alone or a list", s)
	}
	return out, nil
}

// corsOrigin is the Access-Control-Allow-Origin for origin, or "" when
// it is not allowed.
func (s *Server) corsOrigin(origin string) string {
	if origin == "" || len(s.corsOrigins) == 0 {
		return ""
	}
	if s.corsOrigins[0] == "*" {
		return "*"
	}
	if slices.Contains(s.corsOrigins, strings.ToLower(origin)) {
		return origin
	}
	return ""
}

// isRead reports whether a method only reads.
func isRead(method string) bool { return method == http.MethodGet || method == http.MethodHead }

// cors adds the CORS headers to reads from allowed origins and answers
// their preflights. It runs after routing: a preflight reaches it as
// echo's OPTIONS answer for a known path, with the path's methods.
func (s *Server) cors(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		if len(s.corsOrigins) == 0 {
			return next(c)
		}
		r := c.Request()
		origin := r.Header.Get("Origin")
		h := c.Response().Header()
		allow := s.corsOrigin(origin)
		if s.corsOrigins[0] != "*" {
			// The answer depends on Origin, with or without one: a
			// shared cache must not give one origin's answer to another.
			h.Add("Vary", "Origin")
		}
		if reqMethod := r.Header.Get("Access-Control-Request-Method"); r.Method == http.MethodOptions && reqMethod != "" && origin != "" {
			return s.preflight(c, allow, reqMethod, next)
		}
		if isRead(r.Method) && (allow != "" || s.corsOrigins[0] == "*") {
			// With *, every read says so, Origin or not, so that a
			// cached answer serves every origin alike.
			if allow == "" {
				allow = "*"
			}
			h.Set("Access-Control-Allow-Origin", allow)
			h.Set("Access-Control-Expose-Headers", corsExposed)
		}
		return next(c)
	}
}

// preflight answers a CORS preflight: 204 with the grants for a read of
// a path that serves GET, from an allowed origin; else a 403 problem that
// says why (the browser then refuses the request).
func (s *Server) preflight(c *echo.Context, allow, method string, next echo.HandlerFunc) error {
	methods, _ := c.Get(echo.ContextKeyHeaderAllow).(string)
	switch {
	case methods == "" && c.RouteInfo().Path == "":
		return next(c) // an unknown path: its 404
	case allow == "":
		return problemf(http.StatusForbidden, "cross-origin requests from %s are not allowed: this server's CORS origins (--cors-origins) do not list it", c.Request().Header.Get("Origin"))
	case !isRead(method):
		p := problemf(http.StatusForbidden, "cross-origin %s is not allowed: only reads (GET, HEAD) are served to other origins; writes are for same-origin pages and programs that are not browsers", method)
		p.allowed = []string{http.MethodGet, http.MethodHead}
		return p
	case methods != "" && !strings.Contains(methods, http.MethodGet):
		return next(c) // a path without GET: its Allow header
	}
	h := c.Response().Header()
	h.Set("Access-Control-Allow-Origin", allow)
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
	allowHeaders := "Accept, Accept-Language, If-None-Match, If-Modified-Since, Range"
	if s.private {
		// Reads need the token here; no cookies are ever involved.
		allowHeaders += ", Authorization"
	}
	h.Set("Access-Control-Allow-Headers", allowHeaders)
	h.Set("Access-Control-Max-Age", corsMaxAge)
	if methods != "" {
		h.Set("Allow", methods)
	}
	return c.NoContent(http.StatusNoContent)
}
