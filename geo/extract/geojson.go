package extract

import (
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/paulmach/orb/geojson"
)

// FeatureCollection renders incidents as an RFC 7946 FeatureCollection:
// one Point feature per incident, with the GeoNames credit in the foreign
// member "attribution" (most places come from GeoNames).
func FeatureCollection(incidents []geo.Incident) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for i := range incidents {
		fc.Append(Feature(&incidents[i]))
	}
	fc.ExtraMembers = geojson.Properties{"attribution": geoparse.Attribution}
	return fc
}

// Feature renders one incident. Unknown values are null rather than
// absent, so that every feature has the same properties; id and sources
// appear once the store has set them.
func Feature(in *geo.Incident) *geojson.Feature {
	f := geojson.NewFeature(in.Point)
	var placeName, placeNameAr, placeID any
	if p := in.Place; p != nil {
		placeName, placeNameAr, placeID = p.Name, p.NameAr, p.ID
	}
	var date any
	if !in.Date.IsZero() {
		date = in.Date.Format(time.DateOnly)
	}
	evidence := in.Evidence
	if evidence == nil {
		evidence = []geo.Evidence{}
	}
	f.Properties = geojson.Properties{
		"event_type":     in.EventType,
		"sub_event_type": in.SubEventType,
		"place":          in.PlaceText,
		"place_name":     placeName,
		"place_name_ar":  placeNameAr,
		"place_id":       placeID,
		"geo_precision":  in.GeoPrecision,
		"date":           date,
		"date_precision": in.DatePrecision,
		"actor1":         nullable(in.Actor1),
		"actor2":         nullable(in.Actor2),
		"killed":         count(in.Killed),
		"injured":        count(in.Injured),
		"evidence":       evidence,
		"confidence":     in.Confidence,
		"primary":        in.Primary,
	}
	if in.ID != "" {
		f.ID = in.ID
		f.Properties["id"] = in.ID
	}
	if len(in.Sources) > 0 {
		f.Properties["sources"] = in.Sources
	}
	return f
}

// nullable is s, or null when empty.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// count is *n, or null when the text states no number.
func count(n *int) any {
	if n == nil {
		return nil
	}
	return *n
}
