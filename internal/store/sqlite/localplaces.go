package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// localPrefix starts the ids of local places: "local:17".
const localPrefix = "local:"

// AddLocalPlace stores a place of the local gazetteer layer and returns it
// with its id. The caller validates it (a name, a kind, a point).
func (s *Store) AddLocalPlace(ctx context.Context, p geo.Place) (geo.Place, error) {
	names, err := json.Marshal(nonNil(p.Names))
	if err != nil {
		return geo.Place{}, err
	}
	if p.Source == "" {
		p.Source = "added by an operator"
	}
	now := time.Now().UTC()
	if s.now != nil {
		now = s.now().UTC()
	}
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO local_places
			(name, name_ar, names, kind, feature_code, country, admin1, admin2, lon, lat, population, source, created)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.Name, p.NameAr, string(names), string(p.Kind), p.FeatureCode, p.CountryCode, p.Admin1, p.Admin2,
			p.Point.Lon(), p.Point.Lat(), p.Population, p.Source, now.Format(time.RFC3339))
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		p.ID = localPrefix + strconv.FormatInt(id, 10)
		return bump(ctx, tx, "gazetteer")
	})
	if err != nil {
		return geo.Place{}, fmt.Errorf("store: add local place: %w", err)
	}
	return p, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// LocalPlaces returns every place of the local layer, oldest first.
func (s *Store) LocalPlaces(ctx context.Context) ([]geo.Place, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, name_ar, names, kind, feature_code, country,
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

// RemoveLocalPlace deletes a local place; store.ErrNotFound if there is none.
func (s *Store) RemoveLocalPlace(ctx context.Context, id string) error {
	n, err := strconv.ParseInt(strings.TrimPrefix(id, localPrefix), 10, 64)
	if err != nil || !strings.HasPrefix(id, localPrefix) {
		return fmt.Errorf("store: local place %q: %w", id, store.ErrNotFound)
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM local_places WHERE id = ?`, n)
		if err != nil {
			return fmt.Errorf("store: remove local place: %w", err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return fmt.Errorf("store: local place %q: %w", id, store.ErrNotFound)
		}
		return bump(ctx, tx, "gazetteer")
	})
}

// ArticlesNaming counts the stored articles that name a place: an
// unresolved mention with one of the keys (folded names, as the store
// keeps them), or one of the spellings in the title or text.
func (s *Store) ArticlesNaming(ctx context.Context, keys, spellings []string) (int, error) {
	var conds []string
	var args []any
	if len(keys) > 0 {
		conds = append(conds, `id IN (SELECT article_id FROM unresolved WHERE key IN (`+placeholders(len(keys))+`))`)
		for _, k := range keys {
			args = append(args, k)
		}
	}
	for _, sp := range spellings {
		if sp == "" {
			continue
		}
		conds = append(conds, `instr(title, ?) > 0 OR instr(text, ?) > 0`)
		args = append(args, sp, sp)
	}
	if len(conds) == 0 {
		return 0, nil
	}
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM articles WHERE `+strings.Join(conds, " OR "), args...).Scan(&n)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("store: articles naming: %w", err)
	}
	return n, nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}
