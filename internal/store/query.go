package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
)

// Paging limits.
const (
	// DefaultLimit is the page size when a query gives none.
	DefaultLimit = 100
	// MaxLimit is the largest page served.
	MaxLimit = 10000
)

// Query selects incidents (and, for Places, places). Zero fields do not
// filter.
type Query struct {
	// BBox keeps incidents whose point lies in it, edges included, to the
	// microdegree (0.1 m).
	BBox *orb.Bound
	// From and To keep incidents dated within [From, To], by UTC day; an
	// incident with an unknown date is left out when either is set.
	From, To time.Time
	// Type keeps incidents whose event type or sub-event type is Type,
	// ignoring case.
	Type string
	// Actor keeps incidents whose Actor1 or Actor2 contains Actor,
	// ignoring ASCII case.
	Actor string
	// Text keeps incidents whose place names or evidence contain every
	// word of Text (Arabic folded, proclitics ignored, word prefixes
	// match).
	Text string
	// Limit is the page size (DefaultLimit when 0, at most MaxLimit);
	// Offset skips that many matches.
	Limit, Offset int
}

// Page is one page of matching incidents, newest first (unknown dates
// last, then by id), each with its sources. An incident's own Evidence
// is its first source's: offsets mean something only within one article.
type Page struct {
	Incidents []geo.Incident
	// Total is the number of incidents matching, on every page.
	Total int
	// Limit and Offset are the paging applied.
	Limit, Offset int
}

// check validates q and applies the default limit.
func (q *Query) check() error {
	if q.Limit == 0 {
		q.Limit = DefaultLimit
	}
	switch {
	case q.Limit < 0 || q.Limit > MaxLimit:
		return fmt.Errorf("%w: limit %d not in 1..%d", ErrInvalidQuery, q.Limit, MaxLimit)
	case q.Offset < 0:
		return fmt.Errorf("%w: negative offset %d", ErrInvalidQuery, q.Offset)
	case q.BBox != nil && (q.BBox.Min.Lon() > q.BBox.Max.Lon() || q.BBox.Min.Lat() > q.BBox.Max.Lat()):
		return fmt.Errorf("%w: bbox %v has min above max", ErrInvalidQuery, *q.BBox)
	case !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From):
		return fmt.Errorf("%w: interval ends before it starts", ErrInvalidQuery)
	}
	return nil
}

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
func (q *Query) selection() selection {
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
func (s *Store) Incidents(ctx context.Context, q Query) (Page, error) {
	if err := q.check(); err != nil {
		return Page{}, err
	}
	sel := q.selection()
	page := Page{Limit: q.Limit, Offset: q.Offset, Incidents: []geo.Incident{}}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM `+sel.from+sel.where, sel.args...).Scan(&page.Total); err != nil {
		return Page{}, fmt.Errorf("store: count incidents: %w", err)
	}
	if page.Total <= q.Offset {
		return page, nil
	}
	ids, err := s.pageIDs(ctx, sel, q.Limit, q.Offset)
	if err != nil {
		return Page{}, err
	}
	byID, err := s.incidentsByID(ctx, ids)
	if err != nil {
		return Page{}, err
	}
	for _, id := range ids {
		if inc, ok := byID[id]; ok {
			page.Incidents = append(page.Incidents, inc)
		}
	}
	srcs, err := s.sources(ctx, ids)
	if err != nil {
		return Page{}, err
	}
	for i := range page.Incidents {
		id, _ := parseID(page.Incidents[i].ID)
		page.Incidents[i].Sources = srcs[id]
		page.Incidents[i].Evidence = firstEvidence(srcs[id])
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

// firstEvidence is the evidence of the first source: offsets only mean
// something within one article, so a merged incident's own Evidence is
// its first report's, and Sources hold the rest.
func firstEvidence(srcs []geo.Source) []geo.Evidence {
	if len(srcs) == 0 {
		return nil
	}
	return srcs[0].Evidence
}
