package sqlite

import (
	"context"
	"fmt"

	"github.com/incidentmap/incidentmap/internal/store"
)

// Unresolved returns every unplaced name, named in most articles first,
// then most mentioned, then by key.
func (s *Store) Unresolved(ctx context.Context) ([]store.UnresolvedName, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT u.key,
			(SELECT name FROM unresolved v WHERE v.key = u.key GROUP BY name ORDER BY count(*) DESC, name LIMIT 1),
			max(u.cue), count(*) AS n_mentions, count(DISTINCT u.article_id) AS n_articles
		FROM unresolved u GROUP BY u.key
		ORDER BY n_articles DESC, n_mentions DESC, u.key`)
	if err != nil {
		return nil, fmt.Errorf("store: unresolved: %w", err)
	}
	defer rows.Close()
	names := []store.UnresolvedName{}
	at := map[string]int{}
	for rows.Next() {
		var n store.UnresolvedName
		if err := rows.Scan(&n.Key, &n.Name, &n.Cue, &n.Mentions, &n.Articles); err != nil {
			return nil, fmt.Errorf("store: unresolved: %w", err)
		}
		at[n.Key] = len(names)
		names = append(names, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unresolved: %w", err)
	}
	rows.Close()
	ex, err := s.db.QueryContext(ctx, `SELECT key, sentence FROM (
			SELECT key, sentence, row_number() OVER (PARTITION BY key ORDER BY first_article, first_pos) AS n
			FROM (SELECT key, sentence, min(article_id) AS first_article, min(start_pos) AS first_pos
				FROM unresolved WHERE sentence != '' GROUP BY key, sentence))
		WHERE n <= ? ORDER BY key, n`, store.MaxExamples)
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
