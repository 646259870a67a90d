package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// Stats returns how much the database holds.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	var st store.Stats
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM articles), (SELECT count(*) FROM places), (SELECT count(*) FROM mentions),
		(SELECT count(*) FROM unresolved), (SELECT count(*) FROM incidents), (SELECT count(*) FROM incident_sources)`).
		Scan(&st.Articles, &st.Places, &st.Mentions, &st.Unresolved, &st.Incidents, &st.Sources)
	if err != nil {
		return store.Stats{}, fmt.Errorf("store: stats: %w", err)
	}
	return st, nil
}

// Article returns the stored article id, or an error wrapping
// store.ErrNotFound.
func (s *Store) Article(ctx context.Context, id string) (geo.Article, error) {
	n, err := store.ParseID(id)
	if err != nil {
		return geo.Article{}, err
	}
	a, err := scanArticle(s.db.QueryRowContext(ctx, `SELECT id, title, text, url, outlet, published FROM articles WHERE id = ?`, n))
	if errors.Is(err, sql.ErrNoRows) {
		return geo.Article{}, fmt.Errorf("%w: article %s", store.ErrNotFound, id)
	}
	if err != nil {
		return geo.Article{}, fmt.Errorf("store: %w", err)
	}
	return a.art, nil
}
