package server

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/labstack/echo/v5"
	"github.com/paulmach/orb/geojson"
)

// notImplemented is the problem of a route whose dependency the server
// was started without.
func notImplemented(what string) *problemError {
	return problemf(http.StatusNotImplemented, "%s is not available on this server", what)
}

// placeItems serves a page of the places collection.
func (s *Server) placeItems(c *echo.Context) error {
	if s.places == nil {
		return notImplemented("the places collection")
	}
	p, err := parsePlaces(c.QueryParams())
	if err != nil {
		return err
	}
	page, err := s.places.Places(c.Request().Context(), store.Query{BBox: p.BBox, Text: p.Text, Limit: p.Limit, Offset: p.Offset})
	if err != nil {
		return err
	}
	fc := geojson.NewFeatureCollection()
	for i := range page.Places {
		fc.Append(placeFeature(&page.Places[i]))
	}
	fc.ExtraMembers = geojson.Properties{"attribution": geoparse.Attribution}
	html := wantsHTML(c, p.Format)
	links := pageLinks(s.docBase(c, html)+"/collections/"+collPlaces+"/items", c.QueryParams(), p.Limit, p.Offset, page.Total, html)
	return s.featurePage(c, fc, page.Total, links, html, "Places")
}

// placeItem serves one place of the collection.
func (s *Server) placeItem(c *echo.Context) error {
	if s.places == nil {
		return notImplemented("the places collection")
	}
	f, err := itemFormat(c.QueryParams())
	if err != nil {
		return err
	}
	id := c.Param("featureId")
	ctx := c.Request().Context()
	// Text matches a place's exact id (and names containing it): page
	// through those for the id itself.
	for off := 0; ; off += MaxLimit {
		page, err := s.places.Places(ctx, store.Query{Text: id, Limit: MaxLimit, Offset: off})
		if err != nil {
			return err
		}
		for i := range page.Places {
			if page.Places[i].Place.ID != id {
				continue
			}
			html := wantsHTML(c, f)
			base := s.docBase(c, html) + "/collections/" + collPlaces
			self := base + "/items/" + url.PathEscape(id)
			return s.feature(c, placeFeature(&page.Places[i]), []Link{
				{self, "self", MIMEGeoJSON, "This place"},
				{self + "?f=html", "alternate", echo.MIMETextHTML, "This place as HTML"},
				{base, "collection", echo.MIMEApplicationJSON, "The places collection"},
			}, html)
		}
		if off+MaxLimit >= page.Total || len(page.Places) == 0 {
			return problemf(http.StatusNotFound, "no place %q among the places the articles name", id)
		}
	}
}

// placeFeature renders a place with its counts.
func placeFeature(pc *store.PlaceCount) *geojson.Feature {
	p := &pc.Place
	f := geojson.NewFeature(extract.RoundPoint(p.Point))
	f.ID = p.ID
	var gid any
	if p.GeonameID != 0 {
		gid = p.GeonameID
	}
	f.Properties = geojson.Properties{
		"name":         p.Name,
		"name_ar":      p.NameAr,
		"source_id":    p.ID,
		"geonameid":    gid,
		"kind":         string(p.Kind),
		"feature_code": p.FeatureCode,
		"country_code": p.CountryCode,
		"mentions":     pc.Mentions,
		"articles":     pc.Articles,
		"incidents":    pc.Incidents,
	}
	return f
}

// isNotFound reports the not-found errors of every dependency.
func isNotFound(err error) bool {
	return errors.Is(err, ErrNotFound) || errors.Is(err, store.ErrNotFound)
}
