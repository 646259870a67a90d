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

// Articles returns up to n stored articles with ids above after ("" for
// the start), in id order.
func (s *Store) Articles(ctx context.Context, after string, n int) ([]geo.Article, error) {
	var from int64
	if after != "" {
		var err error
		if from, err = store.ParseID(after); err != nil {
			return nil, err
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, title, text, url, outlet, published FROM articles
		WHERE id > ? ORDER BY id LIMIT ?`, from, n)
	if err != nil {
		return nil, fmt.Errorf("store: articles: %w", err)
	}
	defer rows.Close()
	var out []geo.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, a.art)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: articles: %w", err)
	}
	return out, nil
}
