package server

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/labstack/echo/v5"
	"github.com/paulmach/orb"
)

// placeJSON is a local gazetteer place on the wire, in the gazetteer
// table's column names.
type placeJSON struct {
	ID          string   `json:"id,omitempty"`
	Name        string   `json:"name"`
	NameAr      string   `json:"name_ar"`
	Names       []string `json:"names,omitempty"`
	Kind        geo.Kind `json:"kind"`
	FeatureCode string   `json:"feature_code,omitempty"`
	Country     string   `json:"country,omitempty"`
	Admin1      string   `json:"admin1,omitempty"`
	Admin2      string   `json:"admin2,omitempty"`
	Lat         *float64 `json:"lat"`
	Lon         *float64 `json:"lon"`
	Population  int64    `json:"population,omitempty"`
	Source      string   `json:"source,omitempty"`
}

func toPlaceJSON(p geo.Place) placeJSON {
	lat, lon := p.Point.Lat(), p.Point.Lon()
	return placeJSON{ID: p.ID, Name: p.Name, NameAr: p.NameAr, Names: p.Names, Kind: p.Kind,
		FeatureCode: p.FeatureCode, Country: p.CountryCode, Admin1: p.Admin1, Admin2: p.Admin2,
		Lat: &lat, Lon: &lon, Population: p.Population, Source: p.Source}
}

// place checks a posted place: a name, a known kind, a point on Earth.
func (pj *placeJSON) place() (geo.Place, error) {
	p := geo.Place{
		Name: strings.TrimSpace(pj.Name), NameAr: strings.TrimSpace(pj.NameAr), Names: pj.Names,
		Kind: pj.Kind, FeatureCode: pj.FeatureCode, CountryCode: strings.ToUpper(strings.TrimSpace(pj.Country)),
		Admin1: pj.Admin1, Admin2: pj.Admin2, Population: pj.Population, Source: pj.Source,
	}
	switch {
	case pj.ID != "":
		return geo.Place{}, badRequest("id is assigned by the server; leave it out")
	case p.Name == "" && p.NameAr == "":
		return geo.Place{}, problemf(http.StatusUnprocessableEntity, "a place needs name or name_ar")
	case pj.Lat == nil || pj.Lon == nil:
		return geo.Place{}, problemf(http.StatusUnprocessableEntity, "a place needs lat and lon")
	case *pj.Lat < -90 || *pj.Lat > 90 || *pj.Lon < -180 || *pj.Lon > 180:
		return geo.Place{}, problemf(http.StatusUnprocessableEntity, "lat must lie in [-90, 90] and lon in [-180, 180]")
	case p.CountryCode != "" && len(p.CountryCode) != 2:
		return geo.Place{}, problemf(http.StatusUnprocessableEntity, "country must be an ISO 3166-1 alpha-2 code")
	case p.Population < 0:
		return geo.Place{}, problemf(http.StatusUnprocessableEntity, "population cannot be negative")
	}
	if p.Kind == "" {
		p.Kind = geo.KindVillage
	}
	if !p.Kind.Valid() {
		kinds := make([]string, len(geo.Kinds))
		for i, k := range geo.Kinds {
			kinds[i] = string(k)
		}
		pe := problemf(http.StatusUnprocessableEntity, "kind %q is not a kind of place", p.Kind)
		pe.allowed = kinds
		return geo.Place{}, pe
	}
	p.Point = orb.Point{*pj.Lon, *pj.Lat}
	return p, nil
}

// listLocalPlaces serves GET /api/places.
func (s *Server) listLocalPlaces(c *echo.Context) error {
	if s.local == nil {
		return notImplemented("the local gazetteer")
	}
	if err := noParams(c.QueryParams()); err != nil {
		return err
	}
	places, err := s.local.List(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]placeJSON, len(places))
	for i, p := range places {
		out[i] = toPlaceJSON(p)
	}
	return c.JSON(http.StatusOK, map[string]any{"places": out})
}

// addLocalPlace serves POST /api/places.
func (s *Server) addLocalPlace(c *echo.Context) error {
	if s.local == nil {
		return notImplemented("the local gazetteer")
	}
	if err := noParams(c.QueryParams()); err != nil {
		return err
	}
	_, body, err := readBody(c, s.limits.MaxBodyBytes, bodyJSON)
	if err != nil {
		return err
	}
	var pj placeJSON
	if err := decodeJSON(body, &pj); err != nil {
		return err
	}
	p, err := pj.place()
	if err != nil {
		return err
	}
	added, err := s.local.Add(c.Request().Context(), p)
	if err != nil {
		return err
	}
	// A place that stored articles name has them reprocessed: the tile
	// index starts over, here before the answer, elsewhere within
	// IndexRefresh.
	s.refreshIndex(c.Request().Context())
	c.Response().Header().Set("Location", s.linkBase(c)+"/api/places/"+url.PathEscape(added.ID))
	return c.JSON(http.StatusCreated, toPlaceJSON(added))
}

// removeLocalPlace serves DELETE /api/places/{id}.
func (s *Server) removeLocalPlace(c *echo.Context) error {
	if s.local == nil {
		return notImplemented("the local gazetteer")
	}
	if err := noParams(c.QueryParams()); err != nil {
		return err
	}
	id := c.Param("id")
	if err := s.local.Remove(c.Request().Context(), id); err != nil {
		if isNotFound(err) {
			return &problemError{status: http.StatusNotFound, detail: "no local place " + id, cause: err}
		}
		return err
	}
	s.refreshIndex(c.Request().Context())
	return c.NoContent(http.StatusNoContent)
}
