package server

import (
	"net"
	"strings"

	"github.com/labstack/echo/v5"
)

// linkBase is the prefix of the links in a JSON answer (OGC links,
// next/prev, TileJSON and style URLs, Link and Location headers):
// Options.BaseURL when one is configured, else the scheme and host the
// request named when it is one of Options.LinkHosts, with Vary: Host,
// because QGIS 3.22's OGC API provider does not resolve relative links;
// relative links for a Host not trusted. X-Forwarded-Proto and
// X-Forwarded-Host are not read: the server has no notion of a trusted
// proxy, and any client sets them; behind a proxy that changes the
// scheme or host, configure the base URL. A request without a usable
// Host (HTTP/1.0, or one that is no host name) gets relative links.
func (s *Server) linkBase(c *echo.Context) string {
	if s.base != "" {
		return s.base
	}
	r := c.Request()
	if !validHost(r.Host) {
		return ""
	}
	addVary(c, "Host")
	if s.linkHosts != nil && !s.linkHosts[hostName(r.Host)] {
		return "" // a Host not ours: relative links, never its name
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// hostName is the lower-case host of a Host header, without its port
// or an IPv6 literal's brackets.
func hostName(h string) string {
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	return strings.ToLower(strings.Trim(h, "[]"))
}

// docBase is linkBase for a JSON document, and the configured base
// (relative links when none) for an HTML page, whose links browsers
// resolve.
func (s *Server) docBase(c *echo.Context, html bool) string {
	if html {
		return s.base
	}
	return s.linkBase(c)
}

// validHost reports whether h is a host name or IP literal with an
// optional port: what may go between "//" and the path of a URL
// without changing its meaning. net/http refuses other Host headers
// already; this guards handlers called another way.
func validHost(h string) bool {
	if h == "" || len(h) > 255 {
		return false
	}
	for i := 0; i < len(h); i++ {
		switch b := h[i]; {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		case strings.IndexByte("-._:[]", b) >= 0:
		default:
			return false
		}
	}
	return true
}

// addVary adds name to the response's Vary header unless it is there.
func addVary(c *echo.Context, name string) {
	h := c.Response().Header()
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), name) {
				return
			}
		}
	}
	h.Add("Vary", name)
}
