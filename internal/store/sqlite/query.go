package sqlite

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// selection is the SQL that picks a query's incidents: the tables, the
// conditions, the id column and the listing order.
type selection struct {
	from, where, id, order string
	args                   []any
}

// selection builds q's SQL. With a bbox it starts from the R*Tree, which
// holds each incident's point and day: a bbox+time query is answered,
// counted and ordered from the R*Tree alone, and joins the incidents rows
// only for the other filters. Without a bbox it reads the incidents
// table, where the date index serves time filters and the order.
func selectionOf(q *store.Query) selection {
	var rowConds []string // conditions on incidents i
	var rowArgs []any
	timed := !q.From.IsZero() || !q.To.IsZero()
	if timed && q.BBox == nil {
		rowConds = append(rowConds, `i.date IS NOT NULL`)
		if !q.From.IsZero() {
			rowConds = append(rowConds, `i.date >= ?`)
			rowArgs = append(rowArgs, q.From.UTC().Format(dayLayout))
		}
		if !q.To.IsZero() {
			rowConds = append(rowConds, `i.date <= ?`)
			rowArgs = append(rowArgs, q.To.UTC().Format(dayLayout))
		}
	}
	if q.Type != "" {
		rowConds = append(rowConds, `(i.sub_event_type = ? COLLATE NOCASE OR i.event_type = ? COLLATE NOCASE)`)
		rowArgs = append(rowArgs, q.Type, q.Type)
	}
	if q.Actor != "" {
		like := "%" + escapeLike(q.Actor) + "%"
		rowConds = append(rowConds, `(i.actor1 LIKE ? ESCAPE '\' OR i.actor2 LIKE ? ESCAPE '\')`)
		rowArgs = append(rowArgs, like, like)
	}
	sel := selection{from: `incidents i`, id: `i.id`, order: `i.date DESC, i.id`}
	var conds []string
	if b := q.BBox; b != nil {
		sel = selection{from: `incidents_rtree r`, id: `r.id`, order: `r.max_day DESC, r.id`}
		if len(rowConds) > 0 {
			sel.from += ` JOIN incidents i ON i.id = r.id`
		}
		conds = append(conds, `r.min_lon <= ? AND r.max_lon >= ? AND r.min_lat <= ? AND r.max_lat >= ?`)
		sel.args = append(sel.args, micro(b.Max.Lon()), micro(b.Min.Lon()), micro(b.Max.Lat()), micro(b.Min.Lat()))
		if timed {
			from, to := int64(noDay+1), int64(-noDay)
			if !q.From.IsZero() {
				from = dayNumber(q.From)
			}
			if !q.To.IsZero() {
				to = dayNumber(q.To)
			}
			conds = append(conds, `r.min_day <= ? AND r.max_day >= ?`)
			sel.args = append(sel.args, to, from)
		}
	}
	conds = append(conds, rowConds...)
	sel.args = append(sel.args, rowArgs...)
	if m := matchExpr(q.Text); m != "" {
		// With a bbox, the unary + keeps SQLite from handing the id list to
		// the R*Tree as rowid lookups in place of the box: a common word
		// matches a sixth of all incidents, a box a few thousand.
		id := sel.id
		if q.BBox != nil {
			id = "+" + id
		}
		conds = append(conds, id+` IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?)`)
		sel.args = append(sel.args, m)
	}
	if len(conds) > 0 {
		sel.where = ` WHERE ` + strings.Join(conds, ` AND `)
	}
	return sel
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func escapeLike(s string) string { return likeEscaper.Replace(s) }

// Incidents returns one page of the incidents q selects, with their
// sources, and how many match in all.
func (s *Store) Incidents(ctx context.Context, q store.Query) (store.Page, error) {
	if err := q.Check(); err != nil {
		return store.Page{}, err
	}
	sel := selectionOf(&q)
	page := store.Page{Limit: q.Limit, Offset: q.Offset, Incidents: []geo.Incident{}}
	// Counting stops past store.MaxCount: a count walks every match.
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM `+sel.from+sel.where+` LIMIT ?)`,
		append(sel.args, store.MaxCount+1)...).Scan(&page.Total); err != nil {
		return store.Page{}, fmt.Errorf("store: count incidents: %w", err)
	}
	if page.Total > store.MaxCount {
		page.Total = store.Uncounted
	} else if page.Total <= q.Offset {
		return page, nil
	}
	ids, err := s.pageIDs(ctx, sel, q.Limit, q.Offset)
	if err != nil {
		return store.Page{}, err
	}
	byID, err := s.incidentsByID(ctx, ids)
	if err != nil {
		return store.Page{}, err
	}
	for _, id := range ids {
		if inc, ok := byID[id]; ok {
			page.Incidents = append(page.Incidents, inc)
		}
	}
	srcs, err := s.sources(ctx, ids)
	if err != nil {
		return store.Page{}, err
	}
	for i := range page.Incidents {
		id, _ := store.ParseID(page.Incidents[i].ID)
		page.Incidents[i].Sources = srcs[id]
		page.Incidents[i].Evidence = store.FirstEvidence(srcs[id])
	}
	return page, nil
}

// pageIDs returns the ids of one page of sel, in listing order.
func (s *Store) pageIDs(ctx context.Context, sel selection, limit, offset int) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+sel.id+` FROM `+sel.from+sel.where+
		` ORDER BY `+sel.order+` LIMIT ? OFFSET ?`, append(sel.args, limit, offset)...)
	if err != nil {
		return nil, fmt.Errorf("store: incidents: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: incidents: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: incidents: %w", err)
	}
	return ids, nil
}

// incidentsByID reads the incidents ids with their places.
func (s *Store) incidentsByID(ctx context.Context, ids []int64) (map[int64]geo.Incident, error) {
	out := make(map[int64]geo.Incident, len(ids))
	rows, err := s.db.QueryContext(ctx, `SELECT `+incidentColumns+incidentFrom+
		` WHERE i.id IN (SELECT value FROM json_each(?))`, idList(ids))
	if err != nil {
		return nil, fmt.Errorf("store: incidents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		inc, id, err := scanIncident(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out[id] = inc
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: incidents: %w", err)
	}
	return out, nil
}

// idList is ids as a JSON array, for json_each: one parameter instead of
// one per id keeps clear of SQLite's variable limit.
func idList(ids []int64) string {
	b := make([]byte, 0, len(ids)*8+2)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, ']'))
}

// matchExpr turns a user's search text into an FTS5 expression: every
// folded word must occur, as a word or the start of one. It returns ""
// when the text has no words.
func matchExpr(q string) string {
	words := store.SearchWords(q)
	for i, w := range words {
		// Folded words hold only letters and digits: quoting is safe.
		words[i] = `"` + w + `"*`
	}
	return strings.Join(words, " AND ")
}
