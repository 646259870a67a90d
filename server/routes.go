package server

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"
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
	// request, the router's 404s and 405s included.
	e.Use(s.observe, s.recoverPanics, s.deadline)
	gz := middleware.GzipWithConfig(middleware.GzipConfig{MinLength: 1024, Level: 5})
	read, write := s.requireRead, s.requireWrite

	// OGC API - Features, Part 1 (Core, GeoJSON, HTML). "/" is shared with
	// the web map: JSON for clients that ask for it, the map otherwise.
	e.GET("/", s.landing, gz)
	e.GET("/api", s.openAPI, gz)
	e.GET("/conformance", s.conformance, read, gz)
	e.GET("/collections", s.collections, read, gz)
	e.GET("/collections/:collectionId", s.collection, read, gz)
	e.GET("/collections/:collectionId/items", s.items, read, gz)
	e.GET("/collections/incidents/histogram", s.histogram, read, gz)
	e.GET("/collections/:collectionId/items/:featureId", s.item, read, gz)

	// Vector tiles (compressed and cached by the handler itself).
	e.GET("/tiles/incidents.json", s.tileJSON, read, gz)
	e.GET("/tiles/incidents/:z/:x/:y", s.tile, read)

	// Ingestion, geoparsing, and the gazetteer's to-do list.
	e.POST("/api/articles", s.postArticle, write)
	e.POST("/api/geoparse", s.postGeoparse, read, gz)
	e.GET("/api/unresolved", s.unresolvedNames, read, gz)

	// The local gazetteer layer.
	e.GET("/api/places", s.listLocalPlaces, read, gz)
	e.POST("/api/places", s.addLocalPlace, write)
	e.DELETE("/api/places/:id", s.removeLocalPlace, write)

	// Operations: open to all, like a load balancer's probes need.
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", s.metrics.handler(s.log))
	return e
}

// webKey marks, in the echo context, a request the web map served.
const webKey = "incidentmap.web"

// apiPrefixes are the paths the API owns: an unknown path under them is a
// 404 problem, never handed to the web map.
var apiPrefixes = []string{"/api", "/collections", "/conformance", "/tiles", "/healthz", "/readyz", "/metrics"}

// fallback serves what no route matched: the web map's files for GET and
// HEAD outside the API's paths, else 404.
func (s *Server) fallback(c *echo.Context) error {
	r := c.Request()
	if s.web != nil && (r.Method == http.MethodGet || r.Method == http.MethodHead) && !isAPIPath(r.URL.Path) {
		c.Set(webKey, true)
		s.web.ServeHTTP(c.Response(), r)
		return nil
	}
	return echo.ErrNotFound
}

func isAPIPath(p string) bool {
	for _, pre := range apiPrefixes {
		if p == pre || strings.HasPrefix(p, pre+"/") || strings.HasPrefix(p, pre+".") {
			return true
		}
	}
	return false
}
