package server

import (
	"context"
	"net/http"
	"time"

	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/incidentmap/incidentmap/internal/tileindex"
	"github.com/labstack/echo/v5"
)

// Link is an OGC API / RFC 8288 web link.
type Link struct {
	Href  string `json:"href"`
	Rel   string `json:"rel"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

// The conformance classes served: Part 1 Core, GeoJSON, HTML and the
// OpenAPI 3.0 description.
var conformanceClasses = []string{
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
}

// Collection ids.
const (
	collIncidents = "incidents"
	collPlaces    = "places"
)

// collectionInfo is the fixed description of a collection.
type collectionInfo struct {
	id, title, description string
}

var collectionInfos = []collectionInfo{
	{collIncidents, "Incidents", "Armed incidents (ACLED event and sub-event types) extracted from Arabic news reports, one feature per incident, merged across reports. Filters: bbox, datetime, type (event or sub-event type), actor, q (text)."},
	{collPlaces, "Places", "The distinct gazetteer places the stored articles name, with how many mentions, articles and incidents each has."},
}

func findCollection(id string) (collectionInfo, bool) {
	for _, ci := range collectionInfos {
		if ci.id == id {
			return ci, true
		}
	}
	return collectionInfo{}, false
}

// landing serves "/": the API's landing page to clients that ask for
// JSON, the web map to browsers.
func (s *Server) landing(c *echo.Context) error {
	f, err := formatOnly(c.QueryParams())
	if err != nil {
		return err
	}
	r := c.Request()
	if !wantsJSON(c, f) && s.web != nil && f != formatHTML {
		c.Set(webKey, true)
		s.web.ServeHTTP(c.Response(), r)
		return nil
	}
	if s.private {
		if err := s.checkToken(r); err != nil {
			return err
		}
	}
	html := wantsHTML(c, f)
	base := s.docBase(c, html)
	doc := map[string]any{
		"title":       "incidentmap",
		"description": "Armed incidents extracted from Arabic news reports, geoparsed against an embedded gazetteer. " + geoparse.Attribution,
		"attribution": geoparse.Attribution,
		"links": []Link{
			{base + "/?f=json", "self", echo.MIMEApplicationJSON, "This document"},
			{base + "/?f=html", "alternate", echo.MIMETextHTML, "This document as HTML"},
			{base + "/api", "service-desc", MIMEOpenAPI, "The API definition"},
			{base + "/api?f=html", "service-doc", echo.MIMETextHTML, "The API's operations, as HTML"},
			{base + "/conformance", "conformance", echo.MIMEApplicationJSON, "Conformance classes"},
			{base + "/collections", "data", echo.MIMEApplicationJSON, "Collections"},
			{base + "/tiles/incidents.json", "tiles", echo.MIMEApplicationJSON, "Vector tiles of the incidents (TileJSON)"},
		},
	}
	if s.basemap.URL != "" {
		doc["basemap"] = map[string]string{"url": s.basemap.URL, "attribution": s.basemap.Attribution}
	}
	if html {
		return s.html(c, "landing", doc)
	}
	return c.JSON(http.StatusOK, doc)
}

// conformance serves /conformance.
func (s *Server) conformance(c *echo.Context) error {
	f, err := formatOnly(c.QueryParams())
	if err != nil {
		return err
	}
	doc := map[string]any{"conformsTo": conformanceClasses}
	if wantsHTML(c, f) {
		return s.html(c, "conformance", doc)
	}
	return c.JSON(http.StatusOK, doc)
}

// collections serves /collections.
func (s *Server) collections(c *echo.Context) error {
	f, err := formatOnly(c.QueryParams())
	if err != nil {
		return err
	}
	html := wantsHTML(c, f)
	base := s.docBase(c, html)
	ext, err := s.incidentExtent(c.Request().Context())
	if err != nil {
		return err
	}
	colls := make([]map[string]any, 0, len(collectionInfos))
	for _, ci := range collectionInfos {
		colls = append(colls, collectionDoc(base, ci, ext))
	}
	doc := map[string]any{
		"links": []Link{
			{base + "/collections", "self", echo.MIMEApplicationJSON, "This document"},
			{base + "/collections?f=html", "alternate", echo.MIMETextHTML, "This document as HTML"},
		},
		"collections": colls,
	}
	if html {
		return s.html(c, "collections", doc)
	}
	return c.JSON(http.StatusOK, doc)
}

// collection serves /collections/{collectionId}.
func (s *Server) collection(c *echo.Context) error {
	f, err := formatOnly(c.QueryParams())
	if err != nil {
		return err
	}
	ci, ok := findCollection(c.Param("collectionId"))
	if !ok {
		return noCollection(c.Param("collectionId"))
	}
	ext, err := s.incidentExtent(c.Request().Context())
	if err != nil {
		return err
	}
	html := wantsHTML(c, f)
	doc := collectionDoc(s.docBase(c, html), ci, ext)
	if html {
		return s.html(c, "collection", doc)
	}
	return c.JSON(http.StatusOK, doc)
}

func noCollection(id string) *problemError {
	p := problemf(http.StatusNotFound, "no collection %q", id)
	p.allowed = []string{collIncidents, collPlaces}
	return p
}

// collectionDoc describes one collection; ext is the incidents'.
func collectionDoc(base string, ci collectionInfo, ext tileindex.Extent) map[string]any {
	self := base + "/collections/" + ci.id
	doc := map[string]any{
		"id":          ci.id,
		"title":       ci.title,
		"description": ci.description,
		"itemType":    "feature",
		"crs":         []string{crs84},
		"storageCrs":  crs84,
		"links": []Link{
			{self, "self", echo.MIMEApplicationJSON, "This collection"},
			{self + "?f=html", "alternate", echo.MIMETextHTML, "This collection as HTML"},
			{self + "/items", "items", MIMEGeoJSON, ci.title + " as GeoJSON"},
			{self + "/items?f=html", "items", echo.MIMETextHTML, ci.title + " as HTML"},
		},
	}
	// The extent is optional in OGC API - Features: given for the
	// incidents once there are any, so that "zoom to layer" shows them;
	// never the world as a placeholder. Places have none (they are where
	// the incidents and the articles point).
	if ci.id == collIncidents && ext.N > 0 {
		doc["extent"] = extentDoc(ext)
	}
	return doc
}

// extentDoc is an OGC API extent: the box, and the interval of the
// dated incidents (open at both ends, [null, null], when none is dated).
func extentDoc(ext tileindex.Extent) map[string]any {
	b := ext.Bound
	interval := []any{nil, nil}
	if !ext.First.IsZero() {
		interval = []any{ext.First.Format(time.RFC3339), ext.Last.Add(24*time.Hour - time.Second).Format(time.RFC3339)}
	}
	return map[string]any{
		"spatial": map[string]any{
			"bbox": [][]float64{{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}},
			"crs":  crs84,
		},
		"temporal": map[string]any{
			"interval": [][]any{interval},
			"trs":      "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian",
		},
	}
}

// incidentExtent is the extent of the stored incidents, from the tile
// index, which follows every write (this server's at once, other
// processes' within the refresh): empty (N = 0) when there are none, or
// while a replica just started is still building its index.
func (s *Server) incidentExtent(ctx context.Context) (tileindex.Extent, error) {
	ix, err := s.tileIndex(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return tileindex.Extent{}, ctx.Err()
		}
		return tileindex.Extent{}, nil
	}
	return ix.Extent(), nil
}
