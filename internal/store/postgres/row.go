package postgres

import (
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// incidentColumns selects an incident with its place; scanIncident reads
// them. The alias i is incidents, p places.
const incidentColumns = `i.id, i.event_type, i.sub_event_type, i.place_id, i.place_name,
	i.place_name_ar, i.place_text, ST_X(i.geom), ST_Y(i.geom), i.geo_precision, i.date, i.date_precision,
	i.actor1, i.actor2, i.killed, i.injured, i.confidence, i.is_primary,
	p.geonameid, p.name, p.name_ar, p.kind, p.feature_code, p.country, p.admin1, p.admin2,
	p.lon, p.lat, p.population, p.source`

// incidentFrom joins an incident to its place.
const incidentFrom = ` FROM incidents i LEFT JOIN places p ON p.id = i.place_id`

// scanIncident reads one row of incidentColumns.
// extra are destinations for columns after incidentColumns.
func scanIncident(row pgx.Row, extra ...any) (geo.Incident, int64, error) {
	var (
		inc                                  geo.Incident
		id                                   int64
		placeID                              *string
		date                                 *time.Time
		placeName, placeNameAr               string
		killed, injured                      *int32
		gid, pop                             *int64
		pName, pNameAr, kind, fcode, country *string
		admin1, admin2, source               *string
		pLon, pLat                           *float64
		lon, lat                             float64
	)
	err := row.Scan(append([]any{&id, &inc.EventType, &inc.SubEventType, &placeID, &placeName,
		&placeNameAr, &inc.PlaceText, &lon, &lat, &inc.GeoPrecision, &date, &inc.DatePrecision,
		&inc.Actor1, &inc.Actor2, &killed, &injured, &inc.Confidence, &inc.Primary,
		&gid, &pName, &pNameAr, &kind, &fcode, &country, &admin1, &admin2,
		&pLon, &pLat, &pop, &source}, extra...)...)
	if err != nil {
		return geo.Incident{}, 0, fmt.Errorf("read incident: %w", err)
	}
	inc.ID = store.FormatID(id)
	inc.Point = orb.Point{lon, lat}
	if date != nil {
		inc.Date = dayOf(*date)
	}
	inc.Killed, inc.Injured = intPtr(killed), intPtr(injured)
	if placeID != nil {
		p := &geo.Place{ID: *placeID, Name: placeName, NameAr: placeNameAr, Point: inc.Point}
		if pName != nil {
			p.Name, p.NameAr = *pName, deref(pNameAr)
			if gid != nil {
				p.GeonameID = *gid
			}
			p.Kind = geo.Kind(deref(kind))
			p.FeatureCode, p.CountryCode = deref(fcode), deref(country)
			p.Admin1, p.Admin2 = deref(admin1), deref(admin2)
			p.Point = orb.Point{*pLon, *pLat}
			if pop != nil {
				p.Population = *pop
			}
			p.Source = deref(source)
		}
		inc.Place = p
	}
	return inc, id, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func intPtr(n *int32) *int {
	if n == nil {
		return nil
	}
	v := int(*n)
	return &v
}

// dayOf is the UTC day of a date column as read back.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// nullTime stores a zero time as NULL.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// nullDay stores a zero date as NULL, any other as its UTC day.
func nullDay(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	d := dayOf(t.UTC())
	return &d
}

// searchWords are the lexemes of an incident's search body.
func searchWords(texts []string) []string {
	w := strings.Fields(store.SearchBody(texts...))
	if w == nil {
		w = []string{}
	}
	return w
}

// tsQuery turns a user's search text into a tsquery: every folded word
// as a lexeme or the start of one. Folded words hold only letters and
// digits, so quoting them is safe. It returns "" for no words.
func tsQuery(q string) string {
	words := store.SearchWords(q)
	for i, w := range words {
		words[i] = "'" + w + "':*"
	}
	return strings.Join(words, " & ")
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func escapeLike(s string) string { return likeEscaper.Replace(s) }
