package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
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
		conds = append(conds, `p.lon BETWEEN $1 AND $2 AND p.lat BETWEEN $3 AND $4`)
		args = append(args, b.Min.Lon(), b.Max.Lon(), b.Min.Lat(), b.Max.Lat())
	}
	if t := strings.TrimSpace(q.Text); t != "" {
		n := len(args)
		conds = append(conds, fmt.Sprintf(`(lower(p.name) LIKE $%d OR p.name_ar LIKE $%d OR p.id = $%d)`, n+1, n+2, n+3))
		args = append(args, "%"+escapeLike(asciiLower(t))+"%", "%"+escapeLike(t)+"%", t)
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	page := store.PlacePage{Limit: q.Limit, Offset: q.Offset, Places: []store.PlaceCount{}}
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM places p`+where, args...).Scan(&page.Total); err != nil {
		return store.PlacePage{}, fmt.Errorf("store: count places: %w", err)
	}
	if page.Total <= q.Offset {
		return page, nil
	}
	n := len(args)
	rows, err := s.pool.Query(ctx, `SELECT p.id, p.geonameid, p.name, p.name_ar, p.kind, p.feature_code,
			p.country, p.admin1, p.admin2, p.lon, p.lat, p.population, p.source,
			(SELECT count(*) FROM mentions m WHERE m.place_id = p.id) AS n_mentions,
			(SELECT count(DISTINCT m.article_id) FROM mentions m WHERE m.place_id = p.id),
			(SELECT count(*) FROM incidents i WHERE i.place_id = p.id) AS n_incidents
		FROM places p`+where+`
		ORDER BY n_incidents DESC, n_mentions DESC, p.id COLLATE "C" LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2),
		append(args, q.Limit, q.Offset)...)
	if err != nil {
		return store.PlacePage{}, fmt.Errorf("store: places: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var pc store.PlaceCount
		var gid *int64
		var kind string
		var lon, lat float64
		p := &pc.Place
		if err := rows.Scan(&p.ID, &gid, &p.Name, &p.NameAr, &kind, &p.FeatureCode, &p.CountryCode,
			&p.Admin1, &p.Admin2, &lon, &lat, &p.Population, &p.Source,
			&pc.Mentions, &pc.Articles, &pc.Incidents); err != nil {
			return store.PlacePage{}, fmt.Errorf("store: places: %w", err)
		}
		if gid != nil {
			p.GeonameID = *gid
		}
		p.Kind, p.Point = geo.Kind(kind), orb.Point{lon, lat}
		page.Places = append(page.Places, pc)
	}
	if err := rows.Err(); err != nil {
		return store.PlacePage{}, fmt.Errorf("store: places: %w", err)
	}
	return page, nil
}

// Unresolved returns every unplaced name, named in most articles first,
// then most mentioned, then by key.
func (s *Store) Unresolved(ctx context.Context) ([]store.UnresolvedName, error) {
	rows, err := s.pool.Query(ctx, `SELECT u.key,
			(SELECT name FROM unresolved v WHERE v.key = u.key GROUP BY name ORDER BY count(*) DESC, name COLLATE "C" LIMIT 1),
			max(u.cue COLLATE "C"), count(*) AS n_mentions, count(DISTINCT u.article_id) AS n_articles
		FROM unresolved u GROUP BY u.key
		ORDER BY n_articles DESC, n_mentions DESC, u.key COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("store: unresolved: %w", err)
	}
	names := []store.UnresolvedName{}
	at := map[string]int{}
	for rows.Next() {
		var n store.UnresolvedName
		if err := rows.Scan(&n.Key, &n.Name, &n.Cue, &n.Mentions, &n.Articles); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: unresolved: %w", err)
		}
		at[n.Key] = len(names)
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unresolved: %w", err)
	}
	ex, err := s.pool.Query(ctx, `SELECT key, sentence FROM (
			SELECT key, sentence, row_number() OVER (PARTITION BY key ORDER BY first_article, first_pos) AS n
			FROM (SELECT key, sentence, min(article_id) AS first_article, min(start_pos) AS first_pos
				FROM unresolved WHERE sentence <> '' GROUP BY key, sentence) g) r
		WHERE n <= $1 ORDER BY key, n`, store.MaxExamples)
	if err != nil {
		return nil, fmt.Errorf("store: unresolved examples: %w", err)
	}
	defer ex.Close()
	for ex.Next() {
		var key, sentence string
		if err := ex.Scan(&key, &sentence); err != nil {
			return nil, fmt.Errorf("store: unresolved examples: %w", err)
		}
		if i, ok := at[key]; ok {
			names[i].Examples = append(names[i].Examples, sentence)
		}
	}
	if err := ex.Err(); err != nil {
		return nil, fmt.Errorf("store: unresolved examples: %w", err)
	}
	return names, nil
}

// localPrefix starts the ids of local places: "local:17".
const localPrefix = "local:"

// AddLocalPlace stores a place of the local gazetteer layer and returns it
// with its id; every process sharing the database sees the gazetteer
// version move.
func (s *Store) AddLocalPlace(ctx context.Context, p geo.Place) (geo.Place, error) {
	names := p.Names
	if names == nil {
		names = []string{}
	}
	nb, err := json.Marshal(names)
	if err != nil {
		return geo.Place{}, err
	}
	if p.Source == "" {
		p.Source = "added by an operator"
	}
	err = s.writeTx(ctx, func(tx pgx.Tx) error {
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO local_places
			(name, name_ar, names, kind, feature_code, country, admin1, admin2, lon, lat, population, source, created)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			p.Name, p.NameAr, string(nb), string(p.Kind), p.FeatureCode, p.CountryCode, p.Admin1, p.Admin2,
			p.Point.Lon(), p.Point.Lat(), p.Population, p.Source, s.now().UTC()).Scan(&id); err != nil {
			return err
		}
		p.ID = localPrefix + strconv.FormatInt(id, 10)
		return bumpGazetteer(ctx, tx)
	})
	if err != nil {
		return geo.Place{}, fmt.Errorf("store: add local place: %w", err)
	}
	return p, nil
}

// LocalPlaces returns every place of the local layer, oldest first.
func (s *Store) LocalPlaces(ctx context.Context) ([]geo.Place, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, name, name_ar, names, kind, feature_code, country,
		admin1, admin2, lon, lat, population, source FROM local_places ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: local places: %w", err)
	}
	defer rows.Close()
	var out []geo.Place
	for rows.Next() {
		var p geo.Place
		var id int64
		var names, kind string
		var lon, lat float64
		if err := rows.Scan(&id, &p.Name, &p.NameAr, &names, &kind, &p.FeatureCode, &p.CountryCode,
			&p.Admin1, &p.Admin2, &lon, &lat, &p.Population, &p.Source); err != nil {
			return nil, fmt.Errorf("store: local places: %w", err)
		}
		if err := json.Unmarshal([]byte(names), &p.Names); err != nil {
			return nil, fmt.Errorf("store: local place %d: names: %w", id, err)
		}
		p.ID, p.Kind, p.Point = localPrefix+strconv.FormatInt(id, 10), geo.Kind(kind), orb.Point{lon, lat}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: local places: %w", err)
	}
	return out, nil
}

// RemoveLocalPlace deletes a local place; store.ErrNotFound if there is
// none.
func (s *Store) RemoveLocalPlace(ctx context.Context, id string) error {
	n, err := strconv.ParseInt(strings.TrimPrefix(id, localPrefix), 10, 64)
	if err != nil || !strings.HasPrefix(id, localPrefix) {
		return fmt.Errorf("store: local place %q: %w", id, store.ErrNotFound)
	}
	return s.writeTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM local_places WHERE id = $1`, n)
		if err != nil {
			return fmt.Errorf("store: remove local place: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("store: local place %q: %w", id, store.ErrNotFound)
		}
		return bumpGazetteer(ctx, tx)
	})
}

// gazetteerChannel is the NOTIFY channel of local place changes.
const gazetteerChannel = "incidentmap_gazetteer"

// bumpGazetteer moves the gazetteer version and tells the listeners, at
// commit.
func bumpGazetteer(ctx context.Context, tx pgx.Tx) error {
	var v int64
	if err := tx.QueryRow(ctx, `UPDATE store_state SET value = value + 1 WHERE key = 'gazetteer' RETURNING value`).Scan(&v); err != nil {
		return fmt.Errorf("gazetteer version: %w", err)
	}
	if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, gazetteerChannel, strconv.FormatInt(v, 10)); err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	return nil
}

// GazetteerVersion is the count of changes to the local places.
func (s *Store) GazetteerVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.pool.QueryRow(ctx, `SELECT value FROM store_state WHERE key = 'gazetteer'`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: gazetteer version: %w", err)
	}
	return v, nil
}

// ArticlesNaming counts the stored articles that name a place: an
// unresolved mention with one of the keys, or one of the spellings in
// the title or text.
func (s *Store) ArticlesNaming(ctx context.Context, keys, spellings []string) (int, error) {
	var conds []string
	var args []any
	if len(keys) > 0 {
		args = append(args, keys)
		conds = append(conds, `id IN (SELECT article_id FROM unresolved WHERE key = ANY($1))`)
	}
	for _, sp := range spellings {
		if sp == "" {
			continue
		}
		args = append(args, sp)
		n := strconv.Itoa(len(args))
		conds = append(conds, `strpos(title, $`+n+`) > 0 OR strpos(text, $`+n+`) > 0`)
	}
	if len(conds) == 0 {
		return 0, nil
	}
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM articles WHERE `+strings.Join(conds, " OR "), args...).Scan(&n)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return 0, fmt.Errorf("store: articles naming: %w", err)
	}
	return n, nil
}
