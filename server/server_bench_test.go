package server

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store/sqlite"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// The load benchmark: a server on loopback over a million generated
// incidents, hit by a closed-loop Go load generator.
//
//	go test -run XXX -bench BenchmarkLoad -benchtime 400x -timeout 60m ./server/
//
// ("store only" runs are slow: add e.g. -bench 'BenchmarkLoad/[^s]*$' to
// leave them out.)
//
// The database is generated once (minutes) through store.Ingest and kept
// in the temporary directory for later runs.
const (
	benchIncidents = 1_000_000
	// benchWorkers is the number of concurrent clients.
	benchWorkers = 8
	// perArticle incidents per generated article: one Ingest transaction.
	perArticle = 500
)

// benchRegion is where generated incidents fall: the Levant, Iraq, Yemen.
var benchRegion = orb.Bound{Min: orb.Point{35, 13}, Max: orb.Point{48, 37.5}}

// benchWorld generates incidents: half around 60 cities of Zipf weight,
// half spread evenly, over ten years, so that generated reports almost
// never meet merge.Same.
type benchWorld struct {
	cities []orb.Point
	cum    []float64
	places []*geo.Place
	start  time.Time
	days   int
}

func newBenchWorld(rng *rand.Rand) *benchWorld {
	w := &benchWorld{start: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), days: 3653}
	total := 0.0
	for i := range 60 {
		w.cities = append(w.cities, randomIn(rng, benchRegion))
		total += 1 / float64(i+1)
		w.cum = append(w.cum, total)
	}
	for i := range w.cum {
		w.cum[i] /= total
	}
	for i := range 5000 {
		w.places = append(w.places, &geo.Place{ID: fmt.Sprintf("bench:%d", i), Name: fmt.Sprintf("Place %d", i),
			NameAr: fmt.Sprintf("بلدة %d", i), Kind: geo.KindTown, CountryCode: "SY", Point: w.point(rng)})
	}
	return w
}

func randomIn(rng *rand.Rand, b orb.Bound) orb.Point {
	return orb.Point{b.Min.Lon() + rng.Float64()*(b.Max.Lon()-b.Min.Lon()), b.Min.Lat() + rng.Float64()*(b.Max.Lat()-b.Min.Lat())}
}

func (w *benchWorld) point(rng *rand.Rand) orb.Point {
	if rng.IntN(2) == 0 {
		return randomIn(rng, benchRegion)
	}
	i, _ := slices.BinarySearch(w.cum, rng.Float64())
	c := w.cities[min(i, len(w.cities)-1)]
	clamp := func(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }
	return orb.Point{
		clamp(c.Lon()+rng.NormFloat64()*0.3, benchRegion.Min.Lon(), benchRegion.Max.Lon()),
		clamp(c.Lat()+rng.NormFloat64()*0.3, benchRegion.Min.Lat(), benchRegion.Max.Lat())}
}

var (
	benchSubs = []string{"Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
		"Armed clash", "Attack", "Disrupted weapons use", "Looting/property destruction", "Other"}
	benchActors = []string{"Unidentified", "US forces", "Syrian government forces", "SDF", "ISIS",
		"Iran-backed militias", "Israel", "Hezbollah", "Houthis", "Turkish forces"}
)

// benchProcessor derives perArticle generated incidents from any article.
type benchProcessor struct {
	w   *benchWorld
	rng *rand.Rand
}

func (p *benchProcessor) Process(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
	incs := make([]geo.Incident, perArticle)
	for i := range incs {
		pl := p.w.places[p.rng.IntN(len(p.w.places))]
		sub := benchSubs[p.rng.IntN(len(benchSubs))]
		k := p.rng.IntN(5)
		incs[i] = geo.Incident{
			EventType: "Explosions/Remote violence", SubEventType: sub, Place: pl, PlaceText: pl.NameAr,
			Point: p.w.point(p.rng), GeoPrecision: 1 + p.rng.IntN(2),
			Date: p.w.start.AddDate(0, 0, p.rng.IntN(p.w.days)), DatePrecision: 1,
			Actor1: benchActors[p.rng.IntN(len(benchActors))], Actor2: benchActors[p.rng.IntN(len(benchActors))],
			Killed: &k, Confidence: 0.7,
			Evidence: []geo.Evidence{{Start: 0, End: 24, Text: "قصفت المدفعية أطراف البلدة صباح اليوم"}},
		}
		if p.rng.IntN(30) == 0 {
			incs[i].Date, incs[i].DatePrecision = time.Time{}, 0
		}
	}
	return geo.Geoparse{}, incs, nil
}

// benchDB returns a database of at least n generated incidents, building
// it on first use.
func benchDB(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("incidentmap-server-bench-s%d-%d.db", sqlite.SchemaVersion(), n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp := path + ".tmp"
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(tmp + suffix)
	}
	b.Logf("generating %d incidents into %s (once)", n, path)
	start := time.Now()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, tmp, sqlite.Options{SyncNormal: true})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	proc := &benchProcessor{w: newBenchWorld(rng), rng: rng}
	for i := 0; ; i++ {
		stats, err := st.Stats(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if stats.Incidents >= n {
			break
		}
		art := geo.Article{Title: fmt.Sprintf("تقرير مولد %d", i), Text: "نص مولد للقياس", Outlet: "incidentmap benchmark"}
		if _, err := st.Ingest(ctx, art, proc); err != nil {
			b.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated in %v", time.Since(start).Round(time.Second))
	return path
}

// BenchmarkLoad serves a million incidents on loopback and measures
// requests per second and latency percentiles per kind of request.
func BenchmarkLoad(b *testing.B) {
	path := benchDB(b, benchIncidents)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path, sqlite.Options{SyncNormal: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	// The tile index is built once, as Serve would at start, and timed.
	start := time.Now()
	ix, err := buildIndex(ctx, st, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("tile index of %d incidents built in %v", len(ix.pts), time.Since(start).Round(time.Millisecond))
	w := newBenchWorld(rand.New(rand.NewPCG(7, 11)))
	const (
		cached = iota
		uncached
		storeOnly // no index, no cache: tiles count in SQLite
	)
	kinds := []struct {
		name   string
		mode   int
		target func(rng *rand.Rand) string
	}{
		{"items bbox+datetime", cached, func(rng *rand.Rand) string { return itemsTarget(w, rng) }},
		{"tiles z4", cached, func(rng *rand.Rand) string { return tileTarget(w, rng, 4) }},
		{"tiles z8", cached, func(rng *rand.Rand) string { return tileTarget(w, rng, 8) }},
		{"tiles z12", cached, func(rng *rand.Rand) string { return tileTarget(w, rng, 12) }},
		{"tiles z4 uncached", uncached, func(rng *rand.Rand) string { return tileTarget(w, rng, 4) }},
		{"tiles z8 uncached", uncached, func(rng *rand.Rand) string { return tileTarget(w, rng, 8) }},
		{"tiles z12 uncached", uncached, func(rng *rand.Rand) string { return tileTarget(w, rng, 12) }},
		{"tiles z4 store only", storeOnly, func(rng *rand.Rand) string { return tileTarget(w, rng, 4) }},
		{"tiles z8 store only", storeOnly, func(rng *rand.Rand) string { return tileTarget(w, rng, 8) }},
		{"tiles z12 store only", storeOnly, func(rng *rand.Rand) string { return tileTarget(w, rng, 12) }},
	}
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			lim := Limits{IndexRefresh: -1} // the index is set below
			if k.mode != cached {
				lim.TileCacheEntries = -1
			}
			s, err := New(Options{Store: st, Places: st, Unresolved: st, Limits: lim})
			if err != nil {
				b.Fatal(err)
			}
			if k.mode != storeOnly {
				s.index.Store(ix)
			}
			base, stop := serveLoopback(b, s)
			defer stop()
			load(b, base, k.target)
		})
	}
}

// itemsTarget is a map view's query: a box of 0.1° to 2° a side around
// a likely place, over a week to a year.
func itemsTarget(w *benchWorld, rng *rand.Rand) string {
	c := w.point(rng)
	half := (0.1 + rng.Float64()*1.9) / 2
	from := w.start.AddDate(0, 0, rng.IntN(w.days))
	to := from.AddDate(0, 0, 7+rng.IntN(358))
	return fmt.Sprintf("/collections/incidents/items?bbox=%.4f,%.4f,%.4f,%.4f&datetime=%s/%s",
		c.Lon()-half, c.Lat()-half, c.Lon()+half, c.Lat()+half, from.Format("2006-01-02"), to.Format("2006-01-02"))
}

// tileTarget is a tile of zoom z over a likely place.
func tileTarget(w *benchWorld, rng *rand.Rand, z int) string {
	t := maptile.At(w.point(rng), maptile.Zoom(z))
	return fmt.Sprintf("/tiles/incidents/%d/%d/%d.mvt", z, t.X, t.Y)
}

// serveLoopback runs s on a loopback port.
func serveLoopback(b *testing.B, s *Server) (string, func()) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	return "http://" + ln.Addr().String(), func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	}
}

// load sends b.N requests from benchWorkers clients, each target drawn
// from its own seeded generator, and reports req/s and the p50 and p99
// latencies. Any error or non-200 answer fails the benchmark.
func load(b *testing.B, base string, target func(*rand.Rand) string) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: benchWorkers}, Timeout: time.Minute}
	defer client.CloseIdleConnections()
	lat := make([]time.Duration, b.N)
	var mu sync.Mutex
	var firstErr error
	next := 0
	var wg sync.WaitGroup
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for wk := range benchWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(wk), 99))
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= b.N {
					return
				}
				url := base + target(rng)
				t0 := time.Now()
				resp, err := client.Get(url)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("GET %s: status %d", url, resp.StatusCode)
					}
				}
				lat[i] = time.Since(t0)
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if firstErr != nil {
		b.Fatal(firstErr)
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
