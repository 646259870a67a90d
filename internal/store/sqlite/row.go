package sqlite

import (
	"database/sql"
	"fmt"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// incidentColumns selects an incident with its place; scanIncident reads
// them. The alias i is incidents, p places.
const incidentColumns = `i.id, i.event_type, i.sub_event_type, i.place_id, i.place_name,
	i.place_name_ar, i.place_text, i.lon, i.lat, i.geo_precision, i.date, i.date_precision,
	i.actor1, i.actor2, i.killed, i.injured, i.confidence, i.is_primary,
	p.geonameid, p.name, p.name_ar, p.kind, p.feature_code, p.country, p.admin1, p.admin2,
	p.lon, p.lat, p.population, p.source`

// incidentFrom joins an incident to its place.
const incidentFrom = ` FROM incidents i LEFT JOIN places p ON p.id = i.place_id`

type scanner interface{ Scan(dest ...any) error }

// scanIncident reads one row of incidentColumns.
// extra are destinations for columns after incidentColumns.
func scanIncident(sc scanner, extra ...any) (geo.Incident, int64, error) {
	var (
		inc                                  geo.Incident
		id                                   int64
		placeID, date                        sql.NullString
		placeName, placeNameAr               string
		killed, injured                      sql.NullInt64
		primary                              bool
		gid, pop                             sql.NullInt64
		pName, pNameAr, kind, fcode, country sql.NullString
		admin1, admin2, source               sql.NullString
		pLon, pLat                           sql.NullFloat64
		lon, lat                             float64
	)
	err := sc.Scan(append([]any{&id, &inc.EventType, &inc.SubEventType, &placeID, &placeName,
		&placeNameAr, &inc.PlaceText, &lon, &lat, &inc.GeoPrecision, &date, &inc.DatePrecision,
		&inc.Actor1, &inc.Actor2, &killed, &injured, &inc.Confidence, &primary,
		&gid, &pName, &pNameAr, &kind, &fcode, &country, &admin1, &admin2,
		&pLon, &pLat, &pop, &source}, extra...)...)
	if err != nil {
		return geo.Incident{}, 0, fmt.Errorf("read incident: %w", err)
	}
	inc.ID = store.FormatID(id)
	inc.Point = orb.Point{lon, lat}
	if inc.Date, err = parseDay(date); err != nil {
		return geo.Incident{}, 0, fmt.Errorf("incident %d: %w", id, err)
	}
	inc.Killed, inc.Injured = intPtr(killed), intPtr(injured)
	inc.Primary = primary
	if placeID.Valid {
		p := &geo.Place{ID: placeID.String, Name: placeName, NameAr: placeNameAr, Point: inc.Point}
		if pName.Valid { // the place row is there (it always is, unless rebuilt under us)
			p.GeonameID = gid.Int64
			p.Name, p.NameAr = pName.String, pNameAr.String
			p.Kind = geo.Kind(kind.String)
			p.FeatureCode, p.CountryCode = fcode.String, country.String
			p.Admin1, p.Admin2 = admin1.String, admin2.String
			p.Point = orb.Point{pLon.Float64, pLat.Float64}
			p.Population = pop.Int64
			p.Source = source.String
		}
		inc.Place = p
	}
	return inc, id, nil
}
