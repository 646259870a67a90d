package server

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v5"
)

// routes builds the router with every route of the API: this file is
// the one place that says what the server answers.
func (s *Server) routes() *echo.Echo {
	e := echo.NewWithConfig(echo.Config{
		Logger:           s.log,
		HTTPErrorHandler: s.handleError,
		// Everything no route matches: the web map's files, or a 404
		// problem. A router-level handler, unlike a "/*" route, leaves
		// the 405s of known paths alone.
		Router: echo.NewRouter(echo.RouterConfig{NotFoundHandler: s.fallback}),
	})
	// observe is outermost so that it sees the final status of every
	// request, the router's 404s and 405s included; cors comes next so
	// that a read's problem answers are readable across origins too;
	// checkQuery refuses a query string that does not parse before any
	// handler reads it.
	e.Use(s.observe, s.cors, s.recoverPanics, s.deadline, s.checkQuery)
	gz := newGzipper().middleware
	read, write, costly, crs := s.requireRead, s.requireWrite, s.expensive, contentCRS
	// get serves GET and HEAD alike (RFC 9110 §9.3.2): net/http drops
	// the body of a HEAD answer.
	get := func(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) {
		e.Match([]string{http.MethodGet, http.MethodHead}, path, h, m...)
	}

	// OGC API - Features, Part 1 (Core, GeoJSON, HTML). "/" is shared with
	// the web map: JSON for clients that ask for it, the map otherwise.
	get("/", s.landing, gz)
	get("/api", s.openAPI, gz)
	get("/conformance", s.conformance, read, gz)
	get("/collections", s.collections, read, gz)
	get("/collections/:collectionId", s.collection, read, gz)
	get("/collections/:collectionId/items", s.items, read, crs, costly, gz)
	get("/collections/incidents/histogram", s.histogram, read, gz)
	get("/collections/:collectionId/items/:featureId", s.item, read, crs, gz)

	// Vector tiles (compressed and cached by the handler itself, which
	// passes the gate only to render a tile not in the cache).
	get("/tiles/incidents.json", s.tileJSON, read, gz)
	get("/tiles/incidents/:z/:x/:y", s.tile, read)
	get("/tiles/incidents/style.json", s.tileStyle, read, gz)
	for _, f := range []string{"sprite.json", "sprite.png", "sprite@2x.json", "sprite@2x.png"} {
		get("/tiles/incidents/"+f, s.tileSprite, read, gz)
	}

	// Ingestion, geoparsing, and the gazetteer's to-do list.
	e.POST("/api/articles", s.postArticle, write, costly)
	e.POST("/api/geoparse", s.postGeoparse, read, costly, gz)
	get("/api/unresolved", s.unresolvedNames, read, gz)

	// The local gazetteer layer.
	get("/api/places", s.listLocalPlaces, read, gz)
	e.POST("/api/places", s.addLocalPlace, write)
	e.DELETE("/api/places/:id", s.removeLocalPlace, write)

	// Following outlets, and what open maps poll to see new incidents.
	get("/api/sources", s.listSources, read, gz)
	e.POST("/api/sources", s.addSource, write)
	e.DELETE("/api/sources/:id", s.removeSource, write)
	get("/api/changes", s.changes, read)

	// Operations: the probes are open to all, as a load balancer's need;
	// the metrics are reads like any other.
	get("/healthz", s.healthz)
	get("/readyz", s.readyz)
	get("/metrics", s.metrics.handler(s.log), read)
	return e
}

// webKey marks, in the echo context, a request the web map served.
const webKey = "incidentmap.web"

// apiPrefixes are the paths the API owns: an unknown path under them is a
// 404 problem, never handed to the web map.
var apiPrefixes = []string{"/api", "/collections", "/conformance", "/tiles", "/healthz", "/readyz", "/metrics"}

// webFiles is what the web map's handler may tell: whether it has a
// file for a path (web.Site does).
type webFiles interface {
	Serves(path string) bool
}

// fallback serves what no route matched: the web map's files for GET and
// HEAD outside the API's paths; anything else is a problem document (404,
// or 405 for another method on a file of the map).
func (s *Server) fallback(c *echo.Context) error {
	r := c.Request()
	if s.web == nil || isAPIPath(r.URL.Path) {
		return echo.ErrNotFound
	}
	if wf, ok := s.web.(webFiles); ok && !wf.Serves(r.URL.Path) {
		return echo.ErrNotFound
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		c.Response().Header().Set(echo.HeaderAllow, "GET, HEAD, OPTIONS")
		return echo.ErrMethodNotAllowed
	}
	c.Set(webKey, true)
	s.web.ServeHTTP(c.Response(), r)
	return nil
}

// contentCRS sends the Content-Crs header of OGC API - Features Part 2
// with features: their coordinates are CRS84 (the problem answer of a
// failed request drops it).
func contentCRS(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		c.Response().Header().Set("Content-Crs", "<"+crs84+">")
		return next(c)
	}
}

func isAPIPath(p string) bool {
	for _, pre := range apiPrefixes {
		if p == pre || strings.HasPrefix(p, pre+"/") || strings.HasPrefix(p, pre+".") {
			return true
		}
	}
	return false
}
