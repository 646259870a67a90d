package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/tileindex"
	"github.com/labstack/echo/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
)

// MIMEMVT is the media type of Mapbox vector tiles.
const MIMEMVT = "application/vnd.mapbox-vector-tile"

// tileLayer is the one layer of every tile.
const tileLayer = "incidents"

// clusterBelowZoom: tiles of lower zooms always show grid clusters; from
// this zoom on, incidents are drawn one by one unless a tile holds more
// than Limits.MaxTileFeatures.
const clusterBelowZoom = 8

// tileBuffer is how far around a tile (in tiles) incidents are read, so
// that a symbol straddling an edge is drawn whole on both tiles.
const tileBuffer = 1.0 / 64

// tile serves /tiles/incidents/{z}/{x}/{y}.mvt.
func (s *Server) tile(c *echo.Context) error {
	p, err := parseTile(c.Param("z"), c.Param("x"), c.Param("y"), c.QueryParams())
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ix, err := s.tileIndex(ctx)
	if err != nil {
		return err
	}
	t, err := s.tiles.getOrRender(ctx, tileKey(p), ix.Version(), func() (*cachedTile, error) {
		// Others may wait for this render: it must not end when the
		// client that started it goes away, only when it takes too long.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.limits.RequestTimeout)
		defer cancel()
		// A cached tile costs nothing; a render passes the gate of
		// expensive requests, as the expensive middleware does.
		leave, err := s.gate.enter(ctx)
		if err != nil {
			return nil, err
		}
		defer leave()
		return s.renderTile(rctx, ix, p)
	})
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "public, max-age=60")
	h.Add("Vary", "Accept-Encoding")
	body, etag := t.raw, t.etag
	gz := acceptsGzip(c.Request())
	if gz {
		body, etag = t.gzip, gzipETag(t.etag)
	}
	h.Set("ETag", etag)
	if etagMatches(c.Request().Header.Get("If-None-Match"), t.etag) {
		return c.NoContent(http.StatusNotModified)
	}
	if gz {
		h.Set("Content-Encoding", "gzip")
	}
	return c.Blob(http.StatusOK, MIMEMVT, body)
}

// tileKey identifies a tile and its filter in the cache.
func tileKey(p tileParams) string {
	return fmt.Sprintf("%d/%d/%d?%s", p.Z, p.X, p.Y, p.Filter.encode().Encode())
}

// mvtVersion is the Mapbox Vector Tile specification version every layer
// declares.
const mvtVersion = 2

// renderTile draws a tile from the index and encodes it.
func (s *Server) renderTile(ctx context.Context, ix *tileindex.Index, p tileParams) (*cachedTile, error) {
	t := maptile.New(uint32(p.X), uint32(p.Y), maptile.Zoom(p.Z))
	f, err := s.indexFilter(ctx, ix, p.Filter, nil)
	if err != nil {
		return nil, err
	}
	fc, counts := s.tileFeatures(ix, t, f)
	layer := mvt.NewLayer(tileLayer, fc)
	// orb's NewLayer says version 1; the tiles follow the Mapbox Vector
	// Tile specification 2.x (what readers check the field against).
	layer.Version = mvtVersion
	layers := mvt.Layers{layer}
	layers.ProjectToTile(t)
	layers.Clip(mvt.MapboxGLDefaultExtentBound)
	raw, err := mvt.Marshal(layers)
	if err != nil {
		return nil, fmt.Errorf("encode tile %d/%d/%d: %w", p.Z, p.X, p.Y, err)
	}
	var zb bytes.Buffer
	// A gzip writer holds hundreds of kilobytes: reuse them.
	zw, ok := s.gzips.Get().(*gzip.Writer)
	if !ok {
		zw, _ = gzip.NewWriterLevel(&zb, gzip.BestSpeed)
	}
	zw.Reset(&zb)
	_, _ = zw.Write(raw)
	err = zw.Close()
	s.gzips.Put(zw)
	if err != nil {
		return nil, fmt.Errorf("gzip tile: %w", err)
	}
	sum := sha256.Sum256(raw)
	return &cachedTile{
		raw:    raw,
		gzip:   zb.Bytes(),
		etag:   `"` + hex.EncodeToString(sum[:12]) + `"`,
		counts: counts,
	}, nil
}

// tileFeatures returns the features of tile t: its incidents one by one
// when there are few and the zoom is high enough, else grid clusters.
func (s *Server) tileFeatures(ix *tileindex.Index, t maptile.Tile, f *tileindex.Filter) (*geojson.FeatureCollection, tileCounts) {
	fc := geojson.NewFeatureCollection()
	if int(t.Z) >= clusterBelowZoom && ix.Count(t, f) <= s.limits.MaxTileFeatures {
		incs := ix.Incidents(t, clampBound(t.Bound(tileBuffer)), f)
		for i := range incs {
			fc.Append(tileIncident(&incs[i]))
		}
		return fc, tileCounts{Features: len(fc.Features)}
	}
	clusters := ix.Clusters(t, f, s.limits.MaxTileFeatures)
	for i := range clusters {
		fc.Append(clusterFeature(&clusters[i]))
	}
	return fc, tileCounts{Features: len(fc.Features), Clustered: true}
}

// tileIncident is an incident as a tile feature: the properties a map
// styles and labels by, not its evidence.
func tileIncident(inc *geo.Incident) *geojson.Feature {
	f := geojson.NewFeature(inc.Point)
	f.ID = inc.ID
	props := geojson.Properties{
		"id":             inc.ID,
		"event_type":     inc.EventType,
		"sub_event_type": inc.SubEventType,
		"geo_precision":  inc.GeoPrecision,
		"confidence":     inc.Confidence,
		"primary":        inc.Primary,
		"count":          1,
		"cluster":        false,
	}
	if !inc.Date.IsZero() {
		props["date"] = inc.Date.Format("2006-01-02")
	}
	if inc.PlaceText != "" {
		props["place"] = inc.PlaceText
	}
	if inc.Place != nil {
		props["place_name"] = inc.Place.Name
		if inc.Place.NameAr != "" {
			props["place_name_ar"] = inc.Place.NameAr
		}
	}
	if inc.Actor1 != "" {
		props["actor1"] = inc.Actor1
	}
	if inc.Actor2 != "" {
		props["actor2"] = inc.Actor2
	}
	if inc.Killed != nil {
		props["killed"] = *inc.Killed
	}
	if inc.Injured != nil {
		props["injured"] = *inc.Injured
	}
	f.Properties = props
	return f
}

// clusterFeature is a grid cell as a tile feature; a cell of one incident
// is that incident.
func clusterFeature(cl *tileindex.Cluster) *geojson.Feature {
	if cl.One != nil {
		return tileIncident(cl.One)
	}
	f := geojson.NewFeature(cl.Point)
	f.Properties = geojson.Properties{"count": cl.Count, "cluster": true}
	if cl.Top != "" {
		f.Properties["sub_event_type"] = cl.Top
	}
	return f
}

// clampBound keeps a box inside the valid longitudes and latitudes; a
// buffered tile at the edge of the world reaches past them.
func clampBound(b orb.Bound) orb.Bound {
	clamp := func(v, lo, hi float64) float64 { return max(lo, min(hi, v)) }
	return orb.Bound{
		Min: orb.Point{clamp(b.Min.Lon(), -180, 180), clamp(b.Min.Lat(), -90, 90)},
		Max: orb.Point{clamp(b.Max.Lon(), -180, 180), clamp(b.Max.Lat(), -90, 90)},
	}
}

// acceptsGzip reports whether the client takes gzip'd responses.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		if q, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if v, err := strconv.ParseFloat(q, 64); err == nil && v == 0 {
				return false
			}
		}
		return true
	}
	return false
}

// gzipETag is the ETag of the gzip'd representation: a different byte
// sequence needs a different strong validator.
func gzipETag(etag string) string {
	return strings.TrimSuffix(etag, `"`) + `-gz"`
}

// etagMatches reports whether an If-None-Match header names the tile in
// either encoding.
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	gz := gzipETag(etag)
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" || tag == etag || tag == gz {
			return true
		}
	}
	return false
}

// tileSet reads the tile filters of the request and returns what TileJSON
// and the style both give: the tiles' absolute URL template with those
// filters, and the data's bounds and centre.
func (s *Server) tileSet(c *echo.Context) (tiles string, bounds, center []float64, err error) {
	q, err := newQuery(c.QueryParams(), paramsTiles)
	if err != nil {
		return "", nil, nil, err
	}
	f, err := q.filter()
	if err != nil {
		return "", nil, nil, err
	}
	tiles = s.linkBase(c) + "/tiles/incidents/{z}/{x}/{y}.mvt"
	if v := f.encode(); len(v) > 0 {
		tiles += "?" + v.Encode()
	}
	ext, err := s.incidentExtent(c.Request().Context())
	if err != nil {
		return "", nil, nil, err
	}
	bounds, center = tileBounds(ext)
	return tiles, bounds, center, nil
}

// tileJSON serves /tiles/incidents.json, TileJSON 3.0.0.
func (s *Server) tileJSON(c *echo.Context) error {
	tiles, bounds, center, err := s.tileSet(c)
	if err != nil {
		return err
	}
	attribution := "Incidents extracted by incidentmap from news reports. " + geoparse.Attribution
	doc := map[string]any{
		"tilejson":    "3.0.0",
		"name":        "incidentmap incidents",
		"description": "Armed incidents extracted from Arabic news reports; grid clusters (count > 1) below zoom " + strconv.Itoa(clusterBelowZoom) + " and in dense tiles.",
		"tiles":       []string{tiles},
		"minzoom":     0,
		"maxzoom":     MaxZoom,
		"bounds":      bounds,
		"center":      center,
		"attribution": attribution,
		"scheme":      "xyz",
		"vector_layers": []map[string]any{{
			"id":          tileLayer,
			"description": "One point per incident, or per grid cell with its count",
			"minzoom":     0,
			"maxzoom":     MaxZoom,
			"fields": map[string]string{
				"id": "String", "event_type": "String", "sub_event_type": "String",
				"date": "String (YYYY-MM-DD)", "place": "String", "place_name": "String",
				"place_name_ar": "String", "actor1": "String", "actor2": "String",
				"killed": "Number", "injured": "Number", "geo_precision": "Number",
				"confidence": "Number", "primary": "Boolean",
				"count": "Number", "cluster": "Boolean",
			},
		}},
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.JSON(http.StatusOK, doc)
}

// The TileJSON bounds and center when there are no incidents: the
// Web Mercator world, centred on the theatres (Syria and Iraq).
var (
	worldBounds   = []float64{-180, -85.05112877980659, 180, 85.0511287798066}
	defaultCenter = []float64{38.5, 34.0, 5}
)

// tileBounds are the TileJSON bounds and center of the incidents'
// extent: their box (within Web Mercator's latitudes), and its middle at
// the zoom where the box fills a 512-pixel view.
func tileBounds(ext tileindex.Extent) (bounds, center []float64) {
	if ext.N == 0 {
		return worldBounds, defaultCenter
	}
	b := ext.Bound
	minLat, maxLat := max(b.Min[1], worldBounds[1]), min(b.Max[1], worldBounds[3])
	bounds = []float64{b.Min[0], minLat, b.Max[0], maxLat}
	// The widest side, in tiles at zoom 0, decides the zoom.
	merc := func(lat float64) float64 {
		r := lat * math.Pi / 180
		return math.Log(math.Tan(r)+1/math.Cos(r)) / (2 * math.Pi)
	}
	span := max((b.Max[0]-b.Min[0])/360, merc(maxLat)-merc(minLat))
	zoom := float64(clusterBelowZoom + 4) // one point: close in
	if span > 0 {
		zoom = math.Floor(math.Log2(2 / span)) // 512 px = two 256-px tiles
	}
	zoom = max(0, min(zoom, float64(MaxZoom)))
	center = []float64{
		extract.RoundCoord((b.Min[0] + b.Max[0]) / 2),
		extract.RoundCoord((minLat + maxLat) / 2),
		zoom,
	}
	return bounds, center
}

// query turns a filter (and a box) into a store query.
func (f filter) query(b *orb.Bound) store.Query {
	return store.Query{BBox: b, From: f.When.From, To: f.When.To, Type: f.Type, Actor: f.Actor, Text: f.Text}
}

// encode writes the filter back as query parameters, for links.
func (f filter) encode() url.Values {
	v := url.Values{}
	if dt := f.When.String(); dt != "" {
		v.Set("datetime", dt)
	}
	if f.Type != "" {
		v.Set("type", f.Type)
	}
	if f.Actor != "" {
		v.Set("actor", f.Actor)
	}
	if f.Text != "" {
		v.Set("q", f.Text)
	}
	return v
}

// String writes the interval as a datetime parameter; "" when unbounded.
func (iv interval) String() string {
	switch {
	case iv.From.IsZero() && iv.To.IsZero():
		return ""
	case iv.From.Equal(iv.To):
		return iv.From.Format("2006-01-02")
	}
	end := func(t interface{ IsZero() bool }, s string) string {
		if t.IsZero() {
			return ".."
		}
		return s
	}
	return end(iv.From, iv.From.Format("2006-01-02")) + "/" + end(iv.To, iv.To.Format("2006-01-02"))
}
