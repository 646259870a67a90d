package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
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
	// key is the column the listing is ordered by (descending), before
	// the id.
	key  string
	args []any
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
	sel := selection{from: `incidents i`, id: `i.id`, key: `i.date`, order: `i.date DESC, i.id`}
	var conds []string
	if b := q.BBox; b != nil {
		sel = selection{from: `incidents_rtree r`, id: `r.id`, key: `r.max_day`, order: `r.max_day DESC, r.id`}
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
	var incs []geo.Incident
	page, err := s.EachIncident(ctx, q, func(inc *geo.Incident) error {
		incs = append(incs, *inc)
		return nil
	})
	if err != nil {
		return store.Page{}, err
	}
	page.Incidents = incs
	if page.Incidents == nil {
		page.Incidents = []geo.Incident{}
	}
	return page, nil
}

// loadChunk is how many incidents EachIncident reads at once: a page
// of 10,000 is never held whole.
const loadChunk = 256

// EachIncident calls fn with each incident of the page q selects, in
// listing order, with its sources, reading a few hundred at a time, and
// returns the page's counts (without Incidents). The page is one walk
// of the index that finds the matches, counted on the way; the
// incidents with their places, then their sources, two queries per
// chunk.
func (s *Store) EachIncident(ctx context.Context, q store.Query, fn func(*geo.Incident) error) (store.Page, error) {
	ids, page, err := s.PageIDs(ctx, q)
	if err != nil {
		return store.Page{}, err
	}
	if err := s.EachIncidentByID(ctx, ids, fn); err != nil {
		return store.Page{}, err
	}
	return page, nil
}

// PageIDs returns the ids of the page q selects, in listing order, and
// the page's counts (without Incidents): what EachIncident reads, for a
// caller that must know the count before the first incident.
func (s *Store) PageIDs(ctx context.Context, q store.Query) ([]int64, store.Page, error) {
	if err := q.Check(); err != nil {
		return nil, store.Page{}, err
	}
	sel := selectionOf(&q)
	total, ids, err := s.pageIDs(ctx, sel, q.Limit, q.Offset)
	if err != nil {
		return nil, store.Page{}, err
	}
	return ids, store.Page{Total: total, Limit: q.Limit, Offset: q.Offset}, nil
}

// pageIDs returns how many incidents sel matches (store.Uncounted past
// store.MaxCount) and the ids of one page of them, in listing order.
// The matches are read once, up to store.MaxCount+1 of them, counted
// and sorted for the page; past that, the count stops and the page is
// read again in order, which the date index does cheaply when there is
// no box.
func (s *Store) pageIDs(ctx context.Context, sel selection, limit, offset int) (int, []int64, error) {
	rows, err := s.db.QueryContext(ctx, `WITH m AS MATERIALIZED (
			SELECT `+sel.id+` AS id, `+sel.key+` AS k FROM `+sel.from+sel.where+` LIMIT ?),
		p AS (SELECT id, k FROM m ORDER BY k DESC, id LIMIT ? OFFSET ?)
		SELECT (SELECT count(*) FROM m), p.id FROM (SELECT 1) LEFT JOIN p ORDER BY p.k DESC, p.id`,
		append(sel.args, store.MaxCount+1, limit, offset)...)
	if err != nil {
		return 0, nil, fmt.Errorf("store: incidents: %w", err)
	}
	defer rows.Close()
	total := 0
	var ids []int64
	for rows.Next() {
		var id sql.NullInt64
		if err := rows.Scan(&total, &id); err != nil {
			return 0, nil, fmt.Errorf("store: incidents: %w", err)
		}
		if id.Valid {
			ids = append(ids, id.Int64)
		}
	}
	if err := rows.Err(); err != nil {
		return 0, nil, fmt.Errorf("store: incidents: %w", err)
	}
	if total <= store.MaxCount {
		return total, ids, nil
	}
	rows.Close()
	ids, err = s.orderedIDs(ctx, sel, limit, offset)
	return store.Uncounted, ids, err
}

// orderedIDs returns the ids of one page of sel, in listing order.
func (s *Store) orderedIDs(ctx context.Context, sel selection, limit, offset int) ([]int64, error) {
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

// Statements of loadIncidents: an items page runs them on every
// request, so they are prepared once (stmtCache), not parsed each time.
const (
	loadIncidentsSQL = `SELECT ` + incidentColumns + incidentFrom + `
		WHERE i.id IN (SELECT value FROM json_each(?))`
	loadSourcesSQL = `SELECT s.incident_id, s.article_id, s.evidence, a.url, a.title, a.outlet, a.published
		FROM incident_sources s LEFT JOIN articles a ON a.id = s.article_id
		WHERE s.incident_id IN (SELECT value FROM json_each(?))`
)

// loadIncidents reads the incidents ids with their places, then their
// sources, two queries for the chunk, and calls fn with each in the
// order of ids; an incident gone since the ids were read is left out.
// The order is made here, not by an ORDER BY: SQLite sorted every row
// of the join, all columns, to give it (about a fifth of the query).
func (s *Store) loadIncidents(ctx context.Context, ids []int64, fn func(*geo.Incident) error) error {
	return loadIncidents(ctx, s.queryPrepared, ids, fn)
}

// queryPrepared runs query through the statement cache.
func (s *Store) queryPrepared(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := s.stmts.get(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// runQuery runs a query: the Store's prepared statements, or a
// transaction's.
type runQuery func(ctx context.Context, query string, args ...any) (*sql.Rows, error)

// loadIncidents is Store.loadIncidents through run: a write transaction
// reads the incidents whose features it writes in its own snapshot.
func loadIncidents(ctx context.Context, run runQuery, ids []int64, fn func(*geo.Incident) error) error {
	list := idList(ids)
	rows, err := run(ctx, loadIncidentsSQL, list)
	if err != nil {
		return fmt.Errorf("store: incidents: %w", err)
	}
	defer rows.Close()
	incs := make([]geo.Incident, 0, len(ids))
	at := make(map[int64]int, len(ids)) // id → index in incs
	for rows.Next() {
		inc, id, err := scanIncident(rows)
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		at[id] = len(incs)
		incs = append(incs, inc)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: incidents: %w", err)
	}
	rows.Close()
	if err := loadSources(ctx, run, list, incs, at); err != nil {
		return err
	}
	for _, id := range ids {
		k, ok := at[id]
		if !ok {
			continue
		}
		inc := &incs[k]
		inc.Evidence = store.FirstEvidence(inc.Sources)
		if err := fn(inc); err != nil {
			return err
		}
	}
	return nil
}

// loadSources adds their sources to incs (at maps an id to its index),
// each list ordered by publication (unknown last), then by article id.
func loadSources(ctx context.Context, run runQuery, list string, incs []geo.Incident, at map[int64]int) error {
	rows, err := run(ctx, loadSourcesSQL, list)
	if err != nil {
		return fmt.Errorf("store: sources: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id, art                    int64
			evidence                   string
			url, title, out, published sql.NullString
		)
		if err := rows.Scan(&id, &art, &evidence, &url, &title, &out, &published); err != nil {
			return fmt.Errorf("store: sources: %w", err)
		}
		k, ok := at[id]
		if !ok {
			continue // an incident stored after the first query
		}
		src := geo.Source{ArticleID: store.FormatID(art), URL: url.String, Title: title.String, Outlet: out.String}
		if err := json.Unmarshal([]byte(evidence), &src.Evidence); err != nil {
			return fmt.Errorf("store: incident %d: evidence of article %d: %w", id, art, err)
		}
		if published.Valid {
			t, err := parseTime(published)
			if err != nil {
				return fmt.Errorf("store: article %d: %w", art, err)
			}
			src.Published = &t
		}
		incs[k].Sources = append(incs[k].Sources, src)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: sources: %w", err)
	}
	for k := range incs {
		if len(incs[k].Sources) > 1 {
			store.SortSources(incs[k].Sources)
		}
	}
	return nil
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

// IncidentIDs returns the ids of every incident q selects, in no
// particular order; paging is ignored.
func (s *Store) IncidentIDs(ctx context.Context, q store.Query) ([]int64, error) {
	q.Limit, q.Offset = 1, 0
	if err := q.Check(); err != nil {
		return nil, err
	}
	query, args := ``, []any(nil)
	if m := matchExpr(q.Text); m != "" && q == (store.Query{Text: q.Text, Limit: q.Limit}) {
		// Free text alone: the full-text index's own list, without a
		// lookup of each incident row.
		query, args = `SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?`, []any{m}
	} else {
		sel := selectionOf(&q)
		query, args = `SELECT `+sel.id+` FROM `+sel.from+sel.where, sel.args
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: incident ids: %w", err)
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: incident ids: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: incident ids: %w", err)
	}
	return ids, nil
}

// EachIncidentByID calls fn with each of the incidents ids, in that
// order, with its sources, reading loadChunk at a time; an id not stored
// is left out.
func (s *Store) EachIncidentByID(ctx context.Context, ids []int64, fn func(*geo.Incident) error) error {
	for len(ids) > 0 {
		n := min(len(ids), loadChunk)
		if err := s.loadIncidents(ctx, ids[:n], fn); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}
