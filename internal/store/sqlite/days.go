package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/incidentmap/incidentmap/internal/store"
)

// IncidentDays counts the incidents q selects by day, oldest first, the
// undated (if q keeps them) first of all. Limit and Offset are ignored:
// the answer is one row a day, whatever the number of incidents.
func (s *Store) IncidentDays(ctx context.Context, q store.Query) ([]store.DayCount, error) {
	q.Limit, q.Offset = 1, 0
	if err := q.Check(); err != nil {
		return nil, err
	}
	sel := selectionOf(&q)
	// The R*Tree holds each incident's day: a bbox query is counted from
	// it alone unless another filter joins the incidents rows.
	day := `i.date`
	if sel.id == `r.id` {
		day = `CASE WHEN r.max_day = ` + fmt.Sprint(noDay) + ` THEN NULL ELSE date(r.max_day * 86400, 'unixepoch') END`
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+day+` AS d, count(*) FROM `+sel.from+sel.where+
		` GROUP BY d ORDER BY d`, sel.args...)
	if err != nil {
		return nil, fmt.Errorf("store: incident days: %w", err)
	}
	defer rows.Close()
	out := []store.DayCount{}
	for rows.Next() {
		var d sql.NullString
		var n int
		if err := rows.Scan(&d, &n); err != nil {
			return nil, fmt.Errorf("store: incident days: %w", err)
		}
		t, err := parseDay(d)
		if err != nil {
			return nil, fmt.Errorf("store: incident days: %w", err)
		}
		out = append(out, store.DayCount{Day: t, Count: n})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: incident days: %w", err)
	}
	return out, nil
}
