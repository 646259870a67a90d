package server

import (
	"net/http"
	"strings"

	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/labstack/echo/v5"
)

// geoparseRequest is the JSON body of POST /api/geoparse.
type geoparseRequest struct {
	Text      string `json:"text"`
	Published string `json:"published"`
}

// postGeoparse serves POST /api/geoparse: the places of a text as GeoJSON,
// with its incidents in the foreign member "incidents" when an extractor
// is configured. Nothing is stored.
func (s *Server) postGeoparse(c *echo.Context) error {
	if s.geoparser == nil {
		return notImplemented("geoparsing")
	}
	p, err := parseGeoparse(c.QueryParams())
	if err != nil {
		return err
	}
	kind, body, err := readBody(c, s.limits.MaxGeoparseBytes, bodyJSON, bodyText)
	if err != nil {
		return err
	}
	text, published := string(body), p.Published
	if kind == bodyJSON {
		if _, given := c.QueryParams()["published"]; given {
			return badRequest("give published in the JSON body, not the query")
		}
		var req geoparseRequest
		if err := decodeJSON(body, &req); err != nil {
			return err
		}
		text = req.Text
		if req.Published != "" {
			if published, err = parseDate(req.Published); err != nil {
				return badRequest("published %q: %v; want YYYY-MM-DD or RFC 3339", req.Published, err)
			}
		}
	}
	text = strings.TrimPrefix(text, "\ufeff")
	if err := geoparse.Check(text); err != nil {
		return err
	}
	ctx := c.Request().Context()
	gp, err := s.geoparser.Geoparse(ctx, text, published)
	if err != nil {
		return err
	}
	fc := geoparse.FeatureCollection(s.geoparser.Gazetteer(), gp)
	if s.extractor != nil {
		incs, err := s.extractor.Incidents(ctx, text, published, gp)
		if err != nil {
			return err
		}
		fc.ExtraMembers["incidents"] = extract.FeatureCollection(incs)
	}
	return s.geoJSON(c, http.StatusOK, fc)
}
