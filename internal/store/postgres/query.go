package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// microdegree is half the SQLite engine's rounding of coordinates: boxes
// are widened by it so that both engines keep the same points on edges.
const microdegree = 0.5e-6

// conditions builds the WHERE clause of q over incidents i, with its
// arguments numbered from $1.
func conditions(q *store.Query) (string, []any) {
	var conds []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if b := q.BBox; b != nil {
		minLon, minLat := b.Min.Lon()-microdegree, b.Min.Lat()-microdegree
		maxLon, maxLat := b.Max.Lon()+microdegree, b.Max.Lat()+microdegree
		// && finds candidates in the GiST index (its boxes are rounded
		// outwards to float4); the comparisons keep the exact ones.
		a, bb, c, d := arg(minLon), arg(minLat), arg(maxLon), arg(maxLat)
		conds = append(conds, `i.geom && ST_MakeEnvelope(`+a+`, `+bb+`, `+c+`, `+d+`, 4326)`,
			`ST_X(i.geom) BETWEEN `+a+` AND `+c, `ST_Y(i.geom) BETWEEN `+bb+` AND `+d)
	}
	if !q.From.IsZero() {
		conds = append(conds, `i.date >= `+arg(dayOf(q.From.UTC())))
	}
	if !q.To.IsZero() {
		conds = append(conds, `i.date <= `+arg(dayOf(q.To.UTC())))
	}
	if q.Type != "" {
		t := arg(strings.ToLower(q.Type))
		conds = append(conds, `(lower(i.sub_event_type) = `+t+` OR lower(i.event_type) = `+t+`)`)
	}
	if q.Actor != "" {
		// As SQLite's LIKE: ASCII case ignored, no other folding.
		a := arg("%" + escapeLike(asciiLower(q.Actor)) + "%")
		conds = append(conds, `(lower(i.actor1) LIKE `+a+` OR lower(i.actor2) LIKE `+a+`)`)
	}
	if tq := tsQuery(q.Text); tq != "" {
		conds = append(conds, `i.search @@ `+arg(tq)+`::tsquery`)
	}
	if len(conds) == 0 {
		return "", args
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// Incidents returns one page of the incidents q selects, with their
// sources, and how many match in all (store.Uncounted past
// store.MaxCount).
func (s *Store) Incidents(ctx context.Context, q store.Query) (store.Page, error) {
	incs := []geo.Incident{}
	page, err := s.EachIncident(ctx, q, func(inc *geo.Incident) error {
		incs = append(incs, *inc)
		return nil
	})
	if err != nil {
		return store.Page{}, err
	}
	page.Incidents = incs
	return page, nil
}

// loadChunk is how many incidents EachIncident reads at once: a page
// of 10,000 is never held whole.
const loadChunk = 256

// EachIncident calls fn with each incident of the page q selects, in
// listing order, with its sources, reading a few hundred at a time, and
// returns the page's counts (without Incidents). fn must not keep the
// incident it is given. The matches are read once, counted and sorted
// for the page (up to store.MaxCount of them); the incidents, their
// places and sources one query per chunk.
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
	where, args := conditions(&q)
	total, ids, err := s.pageIDs(ctx, where, args, q.Limit, q.Offset)
	if err != nil {
		return nil, store.Page{}, err
	}
	return ids, store.Page{Total: total, Limit: q.Limit, Offset: q.Offset}, nil
}

// pageIDs returns how many incidents match (store.Uncounted past
// store.MaxCount) and the ids of one page of them, in listing order:
// one read of up to store.MaxCount+1 matches, counted and sorted; past
// that, the page is read again in order through the date index.
func (s *Store) pageIDs(ctx context.Context, where string, args []any, limit, offset int) (int, []int64, error) {
	n := len(args)
	arg := func(k int) string { return "$" + strconv.Itoa(n+k) }
	rows, err := s.pool.Query(ctx, `WITH m AS MATERIALIZED (SELECT i.id, i.date FROM incidents i`+where+` LIMIT `+arg(1)+`),
		p AS (SELECT id, date FROM m ORDER BY date DESC NULLS LAST, id LIMIT `+arg(2)+` OFFSET `+arg(3)+`)
		SELECT (SELECT count(*) FROM m), p.id FROM (SELECT 1) one LEFT JOIN p ON true ORDER BY p.date DESC NULLS LAST, p.id`,
		append(args, store.MaxCount+1, limit, offset)...)
	if err != nil {
		return 0, nil, fmt.Errorf("store: incidents: %w", err)
	}
	total := 0
	var ids []int64
	for rows.Next() {
		var id *int64
		if err := rows.Scan(&total, &id); err != nil {
			rows.Close()
			return 0, nil, fmt.Errorf("store: incidents: %w", err)
		}
		if id != nil {
			ids = append(ids, *id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, nil, fmt.Errorf("store: incidents: %w", err)
	}
	if total <= store.MaxCount {
		return total, ids, nil
	}
	rows, err = s.pool.Query(ctx, `SELECT i.id FROM incidents i`+where+
		` ORDER BY i.date DESC NULLS LAST, i.id LIMIT `+arg(1)+` OFFSET `+arg(2), append(args, limit, offset)...)
	if err != nil {
		return 0, nil, fmt.Errorf("store: incidents: %w", err)
	}
	ids, err = pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, nil, fmt.Errorf("store: incidents: %w", err)
	}
	return store.Uncounted, ids, nil
}

// loadIncidents reads the incidents ids with their places and sources
// in one query, and calls fn with each in the order of ids; an incident
// gone since the ids were read is left out.
func (s *Store) loadIncidents(ctx context.Context, ids []int64, fn func(*geo.Incident) error) error {
	return loadIncidents(ctx, s.pool, ids, fn)
}

// querier runs a query: the pool, or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// loadIncidents is Store.loadIncidents through q: a write transaction
// reads the incidents whose features it writes in its own snapshot.
func loadIncidents(ctx context.Context, q querier, ids []int64, fn func(*geo.Incident) error) error {
	rows, err := q.Query(ctx, `SELECT `+incidentColumns+`,
			s.article_id, s.evidence, a.url, a.title, a.outlet, a.published
		FROM unnest($1::bigint[]) WITH ORDINALITY u(id, k) JOIN incidents i ON i.id = u.id
			LEFT JOIN places p ON p.id = i.place_id
			LEFT JOIN incident_sources s ON s.incident_id = i.id LEFT JOIN articles a ON a.id = s.article_id
		ORDER BY u.k, a.published NULLS LAST, a.id`, ids)
	if err != nil {
		return fmt.Errorf("store: incidents: %w", err)
	}
	defer rows.Close()
	var cur geo.Incident
	curID := int64(0)
	flush := func() error {
		if curID == 0 {
			return nil
		}
		cur.Evidence = store.FirstEvidence(cur.Sources)
		return fn(&cur)
	}
	for rows.Next() {
		var (
			art                       *int64
			evidence, url, title, out *string
			published                 *time.Time
		)
		inc, id, err := scanIncident(rows, &art, &evidence, &url, &title, &out, &published)
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		if id != curID {
			if err := flush(); err != nil {
				return err
			}
			cur, curID = inc, id
		}
		if art == nil {
			continue
		}
		src := geo.Source{ArticleID: store.FormatID(*art), URL: deref(url), Title: deref(title), Outlet: deref(out)}
		if err := json.Unmarshal([]byte(deref(evidence)), &src.Evidence); err != nil {
			return fmt.Errorf("store: incident %d: evidence of article %d: %w", id, *art, err)
		}
		if published != nil {
			t := published.UTC()
			src.Published = &t
		}
		cur.Sources = append(cur.Sources, src)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: incidents: %w", err)
	}
	return flush()
}

// Incident returns the stored incident id with its sources, or an error
// wrapping store.ErrNotFound.
func (s *Store) Incident(ctx context.Context, id string) (geo.Incident, error) {
	n, err := store.ParseID(id)
	if err != nil {
		return geo.Incident{}, err
	}
	inc, _, err := scanIncident(s.pool.QueryRow(ctx, `SELECT `+incidentColumns+incidentFrom+` WHERE i.id = $1`, n))
	if errors.Is(err, pgx.ErrNoRows) {
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
	rows, err := s.pool.Query(ctx, `SELECT s.incident_id, s.article_id, s.evidence, a.url, a.title, a.outlet, a.published
		FROM incident_sources s JOIN articles a ON a.id = s.article_id
		WHERE s.incident_id = ANY($1)
		ORDER BY s.incident_id, a.published NULLS LAST, a.id`, ids)
	if err != nil {
		return nil, fmt.Errorf("store: sources: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			inc, art  int64
			evidence  string
			published *time.Time
			src       geo.Source
		)
		if err := rows.Scan(&inc, &art, &evidence, &src.URL, &src.Title, &src.Outlet, &published); err != nil {
			return nil, fmt.Errorf("store: sources: %w", err)
		}
		src.ArticleID = store.FormatID(art)
		if err := json.Unmarshal([]byte(evidence), &src.Evidence); err != nil {
			return nil, fmt.Errorf("store: incident %d: evidence of article %d: %w", inc, art, err)
		}
		if published != nil {
			t := published.UTC()
			src.Published = &t
		}
		out[inc] = append(out[inc], src)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: sources: %w", err)
	}
	return out, nil
}

// Stats returns how much the database holds.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	var st store.Stats
	err := s.pool.QueryRow(ctx, `SELECT
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
	a, err := scanArticle(s.pool.QueryRow(ctx, `SELECT id, title, text, url, outlet, published FROM articles WHERE id = $1`, n))
	if errors.Is(err, pgx.ErrNoRows) {
		return geo.Article{}, fmt.Errorf("%w: article %s", store.ErrNotFound, id)
	}
	if err != nil {
		return geo.Article{}, fmt.Errorf("store: %w", err)
	}
	return a.art, nil
}

// stored is an article as read back, with its id.
type stored struct {
	id  int64
	art geo.Article
}

func scanArticle(row pgx.Row) (stored, error) {
	var a stored
	var published *time.Time
	if err := row.Scan(&a.id, &a.art.Title, &a.art.Text, &a.art.URL, &a.art.Outlet, &published); err != nil {
		return stored{}, fmt.Errorf("read article: %w", err)
	}
	a.art.ID = store.FormatID(a.id)
	if published != nil {
		a.art.Published = published.UTC()
	}
	return a, nil
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
	rows, err := s.pool.Query(ctx, `SELECT id, title, text, url, outlet, published FROM articles
		WHERE id > $1 ORDER BY id LIMIT $2`, from, n)
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

// IncidentDays counts the incidents q selects by day, oldest first, the
// undated (if q keeps them) first of all. Limit and Offset are ignored.
func (s *Store) IncidentDays(ctx context.Context, q store.Query) ([]store.DayCount, error) {
	q.Limit, q.Offset = 1, 0
	if err := q.Check(); err != nil {
		return nil, err
	}
	where, args := conditions(&q)
	rows, err := s.pool.Query(ctx, `SELECT i.date, count(*) FROM incidents i`+where+
		` GROUP BY i.date ORDER BY i.date NULLS FIRST`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: incident days: %w", err)
	}
	defer rows.Close()
	out := []store.DayCount{}
	for rows.Next() {
		var d *time.Time
		var n int
		if err := rows.Scan(&d, &n); err != nil {
			return nil, fmt.Errorf("store: incident days: %w", err)
		}
		dc := store.DayCount{Count: n}
		if d != nil {
			dc.Day = dayOf(*d)
		}
		out = append(out, dc)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: incident days: %w", err)
	}
	return out, nil
}

// IncidentIDs returns the ids of every incident q selects, in no
// particular order; paging is ignored.
func (s *Store) IncidentIDs(ctx context.Context, q store.Query) ([]int64, error) {
	q.Limit, q.Offset = 1, 0
	if err := q.Check(); err != nil {
		return nil, err
	}
	where, args := conditions(&q)
	rows, err := s.pool.Query(ctx, `SELECT i.id FROM incidents i`+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: incident ids: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("store: incident ids: %w", err)
	}
	if ids == nil {
		ids = []int64{}
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
