package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// Places returns the distinct places articles name, with counts. Of q it
// uses BBox (the place's point), Text (a substring of the place's Latin
// or Arabic name, or its exact id) and the paging.
func (s *Store) Places(ctx context.Context, q store.Query) (store.PlacePage, error) {
	if err := q.Check(); err != nil {
		return store.PlacePage{}, err
	}
	var conds []string
	var args []any
	if b := q.BBox; b != nil {
		conds = append(conds, `p.lon BETWEEN ? AND ? AND p.lat BETWEEN ? AND ?`)
		args = append(args, b.Min.Lon(), b.Max.Lon(), b.Min.Lat(), b.Max.Lat())
	}
	if t := strings.TrimSpace(q.Text); t != "" {
		like := "%" + escapeLike(t) + "%"
		conds = append(conds, `(p.name LIKE ? ESCAPE '\' OR p.name_ar LIKE ? ESCAPE '\' OR p.id = ?)`)
		args = append(args, like, like, t)
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	page := store.PlacePage{Limit: q.Limit, Offset: q.Offset, Places: []store.PlaceCount{}}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM places p`+where, args...).Scan(&page.Total); err != nil {
		return store.PlacePage{}, fmt.Errorf("store: count places: %w", err)
	}
	if page.Total <= q.Offset {
		return page, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.geonameid, p.name, p.name_ar, p.kind, p.feature_code,
			p.country, p.admin1, p.admin2, p.lon, p.lat, p.population, p.source,
			(SELECT count(*) FROM mentions m WHERE m.place_id = p.id) AS n_mentions,
			(SELECT count(DISTINCT m.article_id) FROM mentions m WHERE m.place_id = p.id),
			(SELECT count(*) FROM incidents i WHERE i.place_id = p.id) AS n_incidents
		FROM places p`+where+`
		ORDER BY n_incidents DESC, n_mentions DESC, p.id LIMIT ? OFFSET ?`, append(args, q.Limit, q.Offset)...)
	if err != nil {
		return store.PlacePage{}, fmt.Errorf("store: places: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var pc store.PlaceCount
		var gid sql.NullInt64
		var kind string
		var lon, lat float64
		p := &pc.Place
		if err := rows.Scan(&p.ID, &gid, &p.Name, &p.NameAr, &kind, &p.FeatureCode, &p.CountryCode,
			&p.Admin1, &p.Admin2, &lon, &lat, &p.Population, &p.Source,
			&pc.Mentions, &pc.Articles, &pc.Incidents); err != nil {
			return store.PlacePage{}, fmt.Errorf("store: places: %w", err)
		}
		p.GeonameID, p.Kind, p.Point = gid.Int64, geo.Kind(kind), orb.Point{lon, lat}
		page.Places = append(page.Places, pc)
	}
	if err := rows.Err(); err != nil {
		return store.PlacePage{}, fmt.Errorf("store: places: %w", err)
	}
	return page, nil
}
