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
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/paulmach/orb"
)

// faultStore is a real store that a test can make fail or wait: every
// read a request makes goes through wait first. The index's reads
// (Points) do not: tiles keep working.
type faultStore struct {
	store.Store
	mu sync.Mutex
	// block, when set, is waited on by every read, after a send on
	// entered if that is set: shutdown tests.
	block, entered chan struct{}
	// fail, when set, is returned by every read.
	fail error
}

// setFail makes every read fail with err (nil: succeed again).
func (f *faultStore) setFail(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = err
}

// setBlock makes every read wait for block, after a send on entered.
func (f *faultStore) setBlock(block, entered chan struct{}) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.block, f.entered = block, entered
}

func (f *faultStore) wait(ctx context.Context) error {
	f.mu.Lock()
	block, entered, fail := f.block, f.entered, f.fail
	f.mu.Unlock()
	if entered != nil {
		select {
		case entered <- struct{}{}:
		default:
		}
	}
	if block != nil {
		select {
		case <-block:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return fail
}

func (f *faultStore) Incidents(ctx context.Context, q store.Query) (store.Page, error) {
	if err := f.wait(ctx); err != nil {
		return store.Page{}, err
	}
	return f.Store.Incidents(ctx, q)
}

func (f *faultStore) EachIncident(ctx context.Context, q store.Query, fn func(*geo.Incident) error) (store.Page, error) {
	if err := f.wait(ctx); err != nil {
		return store.Page{}, err
	}
	return f.Store.EachIncident(ctx, q, fn)
}

func (f *faultStore) EachIncidentByID(ctx context.Context, ids []int64, fn func(*geo.Incident) error) error {
	if err := f.wait(ctx); err != nil {
		return err
	}
	return f.Store.EachIncidentByID(ctx, ids, fn)
}

func (f *faultStore) EachFeature(ctx context.Context, ids []int64, fn func([]byte) error) error {
	if err := f.wait(ctx); err != nil {
		return err
	}
	return f.Store.EachFeature(ctx, ids, fn)
}

func (f *faultStore) Incident(ctx context.Context, id string) (geo.Incident, error) {
	if err := f.wait(ctx); err != nil {
		return geo.Incident{}, err
	}
	return f.Store.Incident(ctx, id)
}

func (f *faultStore) IncidentIDs(ctx context.Context, q store.Query) ([]int64, error) {
	if err := f.wait(ctx); err != nil {
		return nil, err
	}
	return f.Store.IncidentIDs(ctx, q)
}

func (f *faultStore) Places(ctx context.Context, q store.Query) (store.PlacePage, error) {
	if err := f.wait(ctx); err != nil {
		return store.PlacePage{}, err
	}
	return f.Store.Places(ctx, q)
}

func (f *faultStore) Unresolved(ctx context.Context) ([]store.UnresolvedName, error) {
	if err := f.wait(ctx); err != nil {
		return nil, err
	}
	return f.Store.Unresolved(ctx)
}

func (f *faultStore) Check(ctx context.Context) error {
	if err := f.wait(ctx); err != nil {
		return err
	}
	return f.Store.Check(ctx)
}

// fakeProcessor derives one incident at al-Raqqa per article, of the
// type the headline's first word says (so that articles of different
// types do not merge), dated by publication.
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
	event, sub := "Explosions/Remote violence", "Air/drone strike"
	switch strings.Fields(art.Title + " x")[0] {
	case "قصف":
		sub = "Shelling/artillery/missile attack"
	case "اشتباكات":
		event, sub = "Battles", "Armed clash"
	}
	inc := geo.Incident{EventType: event, SubEventType: sub, Place: place,
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
		// A grid of 1,200 points 0.2° apart, moved 0.05° (some 5 km,
		// beyond merge.SamePointKm) each time round, so that undated
		// incidents at one grid point never merge.
		pt := orb.Point{36 + float64(i%40)*0.2 + float64(i/1200)*0.05, 32 + float64((i/40)%30)*0.2}
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

// testServer builds a Server over a fresh store of engine e holding
// incs (see load).
func testServer(t testing.TB, e testEngine, incs []geo.Incident, mod func(*Options)) (*Server, *faultStore) {
	t.Helper()
	st := e.open(t)
	load(t, st, incs)
	return serverOver(t, st, mod)
}

// sharedServer builds a Server over the shared store of engine e holding
// genIncidents(n): for tests that only read.
func sharedServer(t testing.TB, e testEngine, n int, mod func(*Options)) (*Server, *faultStore) {
	t.Helper()
	return serverOver(t, sharedStoreOf(t, e, n), mod)
}

func serverOver(t testing.TB, st store.Store, mod func(*Options)) (*Server, *faultStore) {
	t.Helper()
	fs := &faultStore{Store: st}
	opts := Options{
		Store: fs, Places: fs, Unresolved: fs, Processor: &fakeProcessor{},
		Token: "s3cret", Now: func() time.Time { return time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC) },
		// Tests read the index as the requests bring it up to date.
		Limits: Limits{IndexRefresh: -1},
	}
	if mod != nil {
		mod(&opts)
	}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return s, fs
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

// storeUnresolved is the store's unresolved name, as tests name it.
type storeUnresolved = store.UnresolvedName

// testPlace is the i-th place of the places tests.
func testPlace(i int) *geo.Place {
	return &geo.Place{ID: fmt.Sprintf("test:%d", i), Name: fmt.Sprintf("Place %d", i), NameAr: "بلدة",
		Kind: geo.KindTown, CountryCode: "SY", Point: orb.Point{36 + float64(i)/10, 34}}
}

// derived is what a processor derives from one article.
type derived struct {
	gp   geo.Geoparse
	incs []geo.Incident
}

// titled derives from an article what its title names.
type titled map[string]derived

func (p titled) Process(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
	d, ok := p[art.Title]
	if !ok {
		return geo.Geoparse{}, nil, fmt.Errorf("no article %q", art.Title)
	}
	return d.gp, d.incs, nil
}

// loadPlaces stores two articles naming places testPlace(0..n-1): the
// first twice each with an incident at each, the second once each. Every
// place then has 3 mentions, 2 articles and 1 incident.
func loadPlaces(t testing.TB, st store.Store, n int) {
	t.Helper()
	proc := titled{}
	var first, second geo.Geoparse
	var incs []geo.Incident
	for i := range n {
		p := testPlace(i)
		m := geo.Mention{Start: 0, End: 4, Text: "بلدة"}
		first.Places = append(first.Places, geo.Toponym{Place: p, Mentions: []geo.Mention{m, m}, Confidence: 0.9})
		second.Places = append(second.Places, geo.Toponym{Place: p, Mentions: []geo.Mention{m}, Confidence: 0.9})
		incs = append(incs, geo.Incident{EventType: "Battles", SubEventType: "Armed clash", Place: p, PlaceText: "بلدة",
			Point: p.Point, GeoPrecision: 1, Date: time.Date(2024, 1, 1+i, 0, 0, 0, 0, time.UTC), DatePrecision: 1,
			Evidence: []geo.Evidence{{Start: 0, End: 4, Text: "بلدة"}}, Confidence: 0.8})
	}
	proc["places 1"] = derived{first, incs}
	proc["places 2"] = derived{second, nil}
	for _, title := range []string{"places 1", "places 2"} {
		if _, err := st.Ingest(t.Context(), geo.Article{Title: title, Text: "بلدة بلدة"}, proc); err != nil {
			t.Fatal(err)
		}
	}
}
