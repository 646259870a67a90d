package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// Incident returns the stored incident id with its sources, or an error
// wrapping store.ErrNotFound.
func (s *Store) Incident(ctx context.Context, id string) (geo.Incident, error) {
	n, err := store.ParseID(id)
	if err != nil {
		return geo.Incident{}, err
	}
	inc, _, err := scanIncident(s.db.QueryRowContext(ctx, `SELECT `+incidentColumns+incidentFrom+` WHERE i.id = ?`, n))
	if errors.Is(err, sql.ErrNoRows) {
		return geo.Incident{}, fmt.Errorf("%w: incident %s", store.ErrNotFound, id)
	}
	if err != nil {
		return geo.Incident{}, fmt.Errorf("store: incident %s: %w", id, err)
	}
	srcs, err := s.sources(ctx, []int64{n})
	if err != nil {
		return geo.Incident{}, err
	}
	inc.Sources = srcs[n]
	inc.Evidence = store.FirstEvidence(inc.Sources)
	return inc, nil
}

// sources returns the sources of the incidents ids, each list ordered by
// publication (unknown last), then by article id.
func (s *Store) sources(ctx context.Context, ids []int64) (map[int64][]geo.Source, error) {
	out := make(map[int64][]geo.Source, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT s.incident_id, s.article_id, s.evidence, a.url, a.title, a.outlet, a.published
		FROM incident_sources s JOIN articles a ON a.id = s.article_id
		WHERE s.incident_id IN (SELECT value FROM json_each(?))
		ORDER BY s.incident_id, a.published IS NULL, a.published, a.id`, idList(ids))
	if err != nil {
		return nil, fmt.Errorf("store: sources: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			inc, art  int64
			evidence  string
			published sql.NullString
			src       geo.Source
		)
		if err := rows.Scan(&inc, &art, &evidence, &src.URL, &src.Title, &src.Outlet, &published); err != nil {
			return nil, fmt.Errorf("store: sources: %w", err)
		}
		src.ArticleID = store.FormatID(art)
		if err := json.Unmarshal([]byte(evidence), &src.Evidence); err != nil {
			return nil, fmt.Errorf("store: incident %d: evidence of article %d: %w", inc, art, err)
		}
		if published.Valid {
			t, err := parseTime(published)
			if err != nil {
				return nil, fmt.Errorf("store: article %d: %w", art, err)
			}
			src.Published = &t
		}
		out[inc] = append(out[inc], src)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: sources: %w", err)
	}
	return out, nil
}
