package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/paulmach/orb"
)

// memStore is an in-memory Store with the store package's query
// semantics, so handler tests do not depend on SQLite.
type memStore struct {
	mu        sync.Mutex
	incidents []geo.Incident
	articles  map[string]string // title+text → article id
	places    []store.PlaceCount
	names     []store.UnresolvedName
	// block, when set, is waited on by every query, after a send on
	// entered if that is set: shutdown tests.
	block, entered chan struct{}
	// fail, when set, is returned by every query.
	fail error
}

func newMemStore(incs []geo.Incident) *memStore {
	m := &memStore{articles: map[string]string{}}
	for i := range incs {
		if incs[i].ID == "" {
			incs[i].ID = strconv.Itoa(i + 1)
		}
	}
	m.incidents = incs
	return m
}

func (m *memStore) wait(ctx context.Context) error {
	if m.entered != nil {
		select {
		case m.entered <- struct{}{}:
		default:
		}
	}
	if m.block != nil {
		select {
		case <-m.block:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return m.fail
}

func (m *memStore) match(q store.Query, inc *geo.Incident) bool {
	if b := q.BBox; b != nil && !b.Contains(inc.Point) {
		return false
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		if inc.Date.IsZero() || !q.From.IsZero() && inc.Date.Before(q.From) || !q.To.IsZero() && inc.Date.After(q.To) {
			return false
		}
	}
	if q.Type != "" && !strings.EqualFold(q.Type, inc.SubEventType) && !strings.EqualFold(q.Type, inc.EventType) {
		return false
	}
	if q.Actor != "" {
		a := strings.ToLower(q.Actor)
		if !strings.Contains(strings.ToLower(inc.Actor1), a) && !strings.Contains(strings.ToLower(inc.Actor2), a) {
			return false
		}
	}
	if q.Text != "" {
		hay := inc.PlaceText
		for _, e := range inc.Evidence {
			hay += " " + e.Text
		}
		for _, w := range strings.Fields(q.Text) {
			if !strings.Contains(hay, w) {
				return false
			}
		}
	}
	return true
}

func (m *memStore) Incidents(ctx context.Context, q store.Query) (store.Page, error) {
	if err := m.wait(ctx); err != nil {
		return store.Page{}, err
	}
	if q.Limit == 0 {
		q.Limit = store.DefaultLimit
	}
	if q.Limit < 0 || q.Limit > store.MaxLimit || q.Offset < 0 {
		return store.Page{}, fmt.Errorf("%w: paging", store.ErrInvalidQuery)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var all []geo.Incident
	for i := range m.incidents {
		if m.match(q, &m.incidents[i]) {
			all = append(all, m.incidents[i])
		}
	}
	// date DESC, unknown last, then id
	sort.SliceStable(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if a.Date.IsZero() != b.Date.IsZero() {
			return !a.Date.IsZero()
		}
		if !a.Date.Equal(b.Date) {
			return a.Date.After(b.Date)
		}
		ai, _ := strconv.Atoi(a.ID)
		bi, _ := strconv.Atoi(b.ID)
		return ai < bi
	})
	page := store.Page{Total: len(all), Limit: q.Limit, Offset: q.Offset, Incidents: []geo.Incident{}}
	if q.Offset < len(all) {
		page.Incidents = slices.Clone(all[q.Offset:min(len(all), q.Offset+q.Limit)])
	}
	return page, nil
}

// Points hands over every incident each time anything changed: a
// cursor that always resets, which readers must take as well.
func (m *memStore) Points(ctx context.Context, since store.Cursor, fn func(store.Changes) error) (store.Cursor, error) {
	if err := m.wait(ctx); err != nil {
		return since, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	next := store.Cursor{Epoch: 1, Pos: int64(len(m.incidents) + len(m.articles) + 1)}
	if since == next {
		return next, nil
	}
	ch := store.Changes{Reset: true, Next: next}
	for _, inc := range m.incidents {
		id, err := strconv.ParseInt(inc.ID, 10, 64)
		if err != nil {
			return since, err
		}
		p := store.Point{ID: id, Lon: inc.Point.Lon(), Lat: inc.Point.Lat(), Date: inc.Date,
			EventType: inc.EventType, SubEventType: inc.SubEventType, Actor1: inc.Actor1, Actor2: inc.Actor2,
			Killed: inc.Killed, Injured: inc.Injured, Confidence: inc.Confidence, GeoPrecision: inc.GeoPrecision,
			Primary: inc.Primary, PlaceText: inc.PlaceText}
		if inc.Place != nil {
			p.PlaceName, p.PlaceNameAr = inc.Place.Name, inc.Place.NameAr
		}
		ch.Points = append(ch.Points, p)
	}
	return next, fn(ch)
}

func (m *memStore) Incident(ctx context.Context, id string) (geo.Incident, error) {
	if err := m.wait(ctx); err != nil {
		return geo.Incident{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, inc := range m.incidents {
		if inc.ID == id {
			return inc, nil
		}
	}
	return geo.Incident{}, fmt.Errorf("%w: incident %s", store.ErrNotFound, id)
}

func (m *memStore) Ingest(ctx context.Context, art geo.Article, proc store.Processor) (store.Result, error) {
	if err := m.wait(ctx); err != nil {
		return store.Result{}, err
	}
	key := art.Title + "\x00" + art.Text
	m.mu.Lock()
	id, ok := m.articles[key]
	m.mu.Unlock()
	if ok {
		return store.Result{ArticleID: id, Existed: true}, nil
	}
	gp, incs, err := proc.Process(ctx, art)
	if err != nil {
		return store.Result{}, fmt.Errorf("%w: %w", store.ErrProcess, err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	id = strconv.Itoa(len(m.articles) + 1)
	m.articles[key] = id
	for _, inc := range incs {
		inc.ID = strconv.Itoa(len(m.incidents) + 1)
		inc.Sources = []geo.Source{{ArticleID: id, Title: art.Title, Evidence: inc.Evidence}}
		m.incidents = append(m.incidents, inc)
	}
	return store.Result{ArticleID: id, Places: len(gp.Places), Unresolved: len(gp.Unresolved), Incidents: len(incs)}, nil
}

func (m *memStore) Places(ctx context.Context, q store.Query) (store.PlacePage, error) {
	if err := m.wait(ctx); err != nil {
		return store.PlacePage{}, err
	}
	var all []store.PlaceCount
	for _, p := range m.places {
		if q.BBox != nil && !q.BBox.Contains(p.Place.Point) {
			continue
		}
		if q.Text != "" && p.Place.ID != q.Text && !strings.Contains(p.Place.Name, q.Text) && !strings.Contains(p.Place.NameAr, q.Text) {
			continue
		}
		all = append(all, p)
	}
	if q.Limit == 0 {
		q.Limit = store.DefaultLimit
	}
	page := store.PlacePage{Total: len(all), Limit: q.Limit, Offset: q.Offset, Places: []store.PlaceCount{}}
	if q.Offset < len(all) {
		page.Places = all[q.Offset:min(len(all), q.Offset+q.Limit)]
	}
	return page, nil
}

func (m *memStore) Unresolved(ctx context.Context) ([]store.UnresolvedName, error) {
	if err := m.wait(ctx); err != nil {
		return nil, err
	}
	return m.names, nil
}

// fakeProcessor derives one incident at a fixed point per article.
type fakeProcessor struct {
	calls int
	mu    sync.Mutex
}

func (p *fakeProcessor) Process(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
	p.mu.Lock()
	p.calls++
	p.mu.Unlock()
	place := &geo.Place{ID: "test:raqqa", Name: "Ar Raqqah", NameAr: "الرقة", Kind: geo.KindCity, CountryCode: "SY", Point: orb.Point{39.01, 35.95}}
	gp := geo.Geoparse{Places: []geo.Toponym{{Place: place, Mentions: []geo.Mention{{Start: 0, End: 5, Text: "الرقة"}}, Confidence: 0.9}}}
	inc := geo.Incident{EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike", Place: place,
		PlaceText: "الرقة", Point: place.Point, GeoPrecision: 1, Date: art.Published, DatePrecision: 1,
		Evidence: []geo.Evidence{{Start: 0, End: 5, Text: "الرقة"}}, Confidence: 0.8}
	return gp, []geo.Incident{inc}, nil
}

// fakeLocal is an in-memory LocalPlaces.
type fakeLocal struct {
	mu     sync.Mutex
	places []geo.Place
}

func (f *fakeLocal) Add(ctx context.Context, p geo.Place) (geo.Place, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p.ID = fmt.Sprintf("local:%d", len(f.places)+1)
	f.places = append(f.places, p)
	return p, nil
}

func (f *fakeLocal) List(ctx context.Context) ([]geo.Place, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.places), nil
}

func (f *fakeLocal) Remove(ctx context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, p := range f.places {
		if p.ID == id {
			f.places = slices.Delete(f.places, i, i+1)
			return nil
		}
	}
	return fmt.Errorf("%w: %s", ErrNotFound, id)
}

// genIncidents makes n incidents on a grid over Syria and Iraq, dated a
// day apart from 2024-01-01, every tenth undated, types and actors in
// turn.
func genIncidents(n int) []geo.Incident {
	subs := []string{"Air/drone strike", "Shelling/artillery/missile attack", "Armed clash"}
	events := []string{"Explosions/Remote violence", "Explosions/Remote violence", "Battles"}
	actors := []string{"US forces", "Iran-backed militias", "SDF", "Syrian government forces"}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]geo.Incident, n)
	for i := range out {
		k := i % len(subs)
		pt := orb.Point{36 + float64(i%40)*0.2, 32 + float64((i/40)%30)*0.2}
		inc := geo.Incident{
			ID: strconv.Itoa(i + 1), EventType: events[k], SubEventType: subs[k],
			Place:     &geo.Place{ID: fmt.Sprintf("test:%d", i), Name: fmt.Sprintf("Place %d", i), NameAr: "بلدة", Point: pt},
			PlaceText: "بلدة", Point: pt, GeoPrecision: 1, DatePrecision: 1,
			Actor1: actors[i%len(actors)], Actor2: actors[(i+1)%len(actors)],
			Evidence:   []geo.Evidence{{Start: 0, End: 10, Text: fmt.Sprintf("قصف بلدة رقم %d", i)}},
			Confidence: 0.7,
		}
		if i%10 != 9 {
			inc.Date = start.AddDate(0, 0, i)
		} else {
			inc.DatePrecision = 0
		}
		out[i] = inc
	}
	return out
}

// testServer builds a Server over a memStore holding incs.
func testServer(t testing.TB, incs []geo.Incident, mod func(*Options)) (*Server, *memStore) {
	t.Helper()
	ms := newMemStore(incs)
	opts := Options{
		Store: ms, Places: ms, Unresolved: ms, Processor: &fakeProcessor{},
		Token: "s3cret", Now: func() time.Time { return time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC) },
	}
	if mod != nil {
		mod(&opts)
	}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return s, ms
}

// req is one request of a test.
type req struct {
	method, target string
	header         map[string]string
	body           string
}

// do serves r and returns the response.
func do(t testing.TB, s http.Handler, r req) *http.Response {
	t.Helper()
	if r.method == "" {
		r.method = http.MethodGet
	}
	hr := httptest.NewRequest(r.method, r.target, strings.NewReader(r.body))
	for k, v := range r.header {
		if k == "Host" {
			hr.Host = v // net/http reads Host from here, not the header map
			continue
		}
		hr.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, hr)
	return w.Result()
}

// body reads a response body.
func body(t testing.TB, resp *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// decodeProblem checks that resp is a problem document and returns it.
func decodeProblem(t testing.TB, resp *http.Response) Problem {
	t.Helper()
	if ct := resp.Header.Get("Content-Type"); ct != MIMEProblem {
		t.Fatalf("Content-Type %q, want %q", ct, MIMEProblem)
	}
	var p Problem
	if err := json.Unmarshal(body(t, resp), &p); err != nil {
		t.Fatal(err)
	}
	if p.Status != resp.StatusCode || p.Title == "" || p.Detail == "" || p.Type == "" {
		t.Fatalf("incomplete problem %+v for status %d", p, resp.StatusCode)
	}
	return p
}

// logBuffer is a slog logger writing into a buffer tests can read.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (l *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// storeQuery is the store's query, as tests name it.
type storeQuery = store.Query

// storePlace is the i-th place of the places tests.
func storePlace(i int) store.PlaceCount {
	return store.PlaceCount{
		Place:    geo.Place{ID: fmt.Sprintf("test:%d", i), Name: fmt.Sprintf("Place %d", i), NameAr: "بلدة", Kind: geo.KindTown, Point: orb.Point{36 + float64(i)/10, 34}},
		Mentions: 3, Articles: 2, Incidents: 1,
	}
}

// storeUnresolved is the store's unresolved name, as tests name it.
type storeUnresolved = store.UnresolvedName
