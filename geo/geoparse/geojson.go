package geoparse

import (
	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/paulmach/orb/geojson"
)

// Attribution is the credit the licences of the gazetteer's sources
// (GeoNames, Who's On First, OpenStreetMap, OCHA) require wherever places
// are served.
const Attribution = "Place data © GeoNames (www.geonames.org), CC BY 4.0; Data from Who's On First (whosonfirst.org), CC BY; © OpenStreetMap contributors, ODbL; OCHA common operational datasets, CC BY-IGO; filtered and extended with Arabic names by incidentmap, curated rows cite their own sources."

// FeatureCollection renders a geoparse as an RFC 7946 FeatureCollection:
// one Point feature per resolved place, with the names that could not be
// placed in the foreign member "unresolved" and the credit in
// "attribution".
func FeatureCollection(g *gazetteer.Gazetteer, gp geo.Geoparse) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, t := range gp.Places {
		fc.Append(Feature(g, t))
	}
	unresolved := make([]map[string]any, 0, len(gp.Unresolved))
	for _, t := range gp.Unresolved {
		u := map[string]any{"text": t.Mentions[0].Text, "mentions": t.Mentions}
		if t.Cue != "" {
			u["cue"] = t.Cue
		}
		unresolved = append(unresolved, u)
	}
	fc.ExtraMembers = geojson.Properties{
		"unresolved":  unresolved,
		"attribution": Attribution,
	}
	return fc
}

// Feature renders one resolved toponym.
func Feature(g *gazetteer.Gazetteer, t geo.Toponym) *geojson.Feature {
	p := t.Place
	f := geojson.NewFeature(p.Point)
	var gid any
	if p.GeonameID != 0 {
		gid = p.GeonameID
	}
	admin1 := p.Admin1
	if a, err := g.Admin1(p.CountryCode, p.Admin1); err == nil && p.Admin1 != "" {
		admin1 = a.Name
	}
	f.Properties = geojson.Properties{
		"name":         p.Name,
		"name_ar":      p.NameAr,
		"source_id":    p.ID,
		"geonameid":    gid,
		"kind":         p.Kind,
		"feature_code": p.FeatureCode,
		"country_code": p.CountryCode,
		"admin1":       admin1,
		"population":   p.Population,
		"confidence":   t.Confidence,
		"mentions":     t.Mentions,
	}
	return f
}
