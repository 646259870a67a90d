package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/store/storetest"
)

// benchIncidents is the size of the database the query benchmarks read.
const benchIncidents = 1_000_000

// benchLayout names the generator's version: change it when generate
// changes, so that a cached database is rebuilt.
const benchLayout = "feed-order-1"

// benchDB returns the path of a database holding n generated incidents
// (four per article), building it on first use and keeping it in the
// temporary directory for later runs: building takes minutes, a query
// milliseconds.
func benchDB(b *testing.B, n int) string {
	b.Helper()
	// The name changes with the schema, so an edited migration never meets
	// a stale file.
	h := sha256.New()
	for _, m := range migrations() {
		h.Write([]byte(m.sql))
	}
	h.Write([]byte(benchLayout))
	path := filepath.Join(os.TempDir(), fmt.Sprintf("incidentmap-bench-%x-%d.db", h.Sum(nil)[:6], n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	b.Logf("generating %d incidents into %s (once)", n, path)
	start := time.Now()
	tmp := path + ".tmp"
	files := []string{"", "-wal", "-shm", "-queue", "-queue-wal", "-queue-shm"}
	for _, suffix := range files {
		os.Remove(tmp + suffix)
	}
	if err := generate(context.Background(), tmp, n); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	for _, suffix := range files[1:] { // the queue's: the copies start their own
		os.Remove(tmp + suffix)
	}
	b.Logf("generated in %v", time.Since(start).Round(time.Second))
	return path
}

// world is what generated incidents look like: clustered around cities
// of very unequal weight, a tenth spread evenly over the region.
type world struct {
	cities []orb.Point
	weight []float64 // cumulative
	places []*geo.Place
	start  time.Time
	days   int
}

// The types, actors and text of generated incidents.
const (
	airstrike  = "Air/drone strike"
	shelling   = "Shelling/artillery/missile attack"
	armedClash = "Armed clash"
	explosions = "Explosions/Remote violence"
)

var sentences = []string{
	"قصفت طائرات مسيرة مواقع في ريف المدينة صباح اليوم.",
	"أفاد مصدر محلي بسقوط قتلى وجرحى بين المدنيين.",
	"اندلعت اشتباكات عنيفة بين الطرفين على أطراف البلدة.",
	"استهدفت قذائف مدفعية أحياء سكنية في المدينة.",
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr(n int) *int { return &n }

var (
	benchSubs = []string{airstrike, shelling, armedClash, "Remote explosive/landmine/IED",
		"Attack", "Suicide bomb", "Abduction/forced disappearance", "Grenade"}
	benchActors = []string{"Unidentified", "US forces", "Syrian army", "SDF", "ISIS",
		"Iran-backed militias", "Israeli forces", "Hezbollah", "Houthis", "Turkish forces"}
)

// region is the bounding box incidents fall in: the Levant, Iraq, Yemen.
var region = orb.Bound{Min: orb.Point{35, 13}, Max: orb.Point{48, 37.5}}

func newWorld(rng *rand.Rand) *world {
	w := &world{start: day("2015-01-01"), days: 3653}
	total := 0.0
	for i := range 60 {
		w.cities = append(w.cities, orb.Point{
			region.Min.Lon() + rng.Float64()*(region.Max.Lon()-region.Min.Lon()),
			region.Min.Lat() + rng.Float64()*(region.Max.Lat()-region.Min.Lat())})
		total += 1 / float64(i+1) // Zipf
		w.weight = append(w.weight, total)
	}
	for i := range w.weight {
		w.weight[i] /= total
	}
	for i := range 5000 {
		p := w.point(rng)
		w.places = append(w.places, &geo.Place{ID: fmt.Sprintf("bench:%d", i), Name: fmt.Sprintf("Place %d", i),
			NameAr: fmt.Sprintf("بلدة %d", i), Kind: geo.KindTown, CountryCode: "SY", Point: p})
	}
	return w
}

func (w *world) point(rng *rand.Rand) orb.Point {
	if rng.IntN(10) == 0 {
		return orb.Point{
			region.Min.Lon() + rng.Float64()*(region.Max.Lon()-region.Min.Lon()),
			region.Min.Lat() + rng.Float64()*(region.Max.Lat()-region.Min.Lat())}
	}
	c := w.cities[w.city(rng)]
	return orb.Point{
		math.Max(region.Min.Lon(), math.Min(region.Max.Lon(), c.Lon()+rng.NormFloat64()*0.2)),
		math.Max(region.Min.Lat(), math.Min(region.Max.Lat(), c.Lat()+rng.NormFloat64()*0.2))}
}

func (w *world) city(rng *rand.Rand) int {
	i, _ := slices.BinarySearch(w.weight, rng.Float64())
	return min(i, len(w.cities)-1)
}

// generate bulk-loads n incidents, bypassing the processor and merging:
// the rows Ingest would write, written as fast as SQLite takes them, in
// the order a news feed brings them (the R*Tree's nodes then cover short
// spans of time, as they do in a database filled day by day).
func generate(ctx context.Context, path string, n int) error {
	s, err := Open(ctx, path, Options{SyncNormal: true})
	if err != nil {
		return err
	}
	defer s.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	w := newWorld(rng)
	const perArticle, perTx = 4, 50_000
	for lo := 0; lo < n; lo += perTx {
		err := s.writeTx(ctx, func(tx *sql.Tx) error {
			d := newDeriver(tx, s.stmts, s.format)
			defer d.close()
			if lo == 0 {
				for _, p := range w.places {
					if err := d.place(ctx, p); err != nil {
						return err
					}
				}
			}
			var article int64
			for i := lo; i < min(lo+perTx, n); i++ {
				// A feed: roughly chronological, reports up to a week late.
				date := w.start.AddDate(0, 0, i*w.days/n+rng.IntN(7))
				if i%perArticle == 0 {
					art := geo.Article{Title: fmt.Sprintf("تقرير %d", i), Text: sentences[i%len(sentences)] + fmt.Sprintf(" (%d)", i),
						Published: date.Add(10 * time.Hour)}
					if article, err = insertArticle(ctx, tx, art, store.ContentHash(art.Title, art.Text), s.now()); err != nil {
						return err
					}
				}
				p := w.places[rng.IntN(len(w.places))]
				inc := geo.Incident{
					EventType: explosions, SubEventType: benchSubs[rng.IntN(len(benchSubs))],
					Place: p, PlaceText: p.NameAr, Point: w.point(rng), GeoPrecision: 1 + rng.IntN(2),
					Date: date, DatePrecision: 1,
					Actor1: benchActors[rng.IntN(len(benchActors))], Actor2: benchActors[rng.IntN(len(benchActors))],
					Killed: ptr(rng.IntN(5)), Confidence: 0.7,
					Evidence: []geo.Evidence{{Start: 0, End: 40, Text: sentences[rng.IntN(len(sentences))]}},
				}
				if rng.IntN(30) == 0 {
					inc.Date, inc.DatePrecision = time.Time{}, 0
				}
				id, err := d.insertIncident(ctx, article, &inc)
				if err != nil {
					return err
				}
				if err := d.addSource(ctx, id, article, &inc); err != nil {
					return err
				}
				if err := d.index(ctx, id, &inc, false); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	_, err = s.db.ExecContext(ctx, `ANALYZE`)
	return err
}

// randomQuery is a map view: a box of 0.1° to 2° a side around a likely
// place, over a week to a year.
func (w *world) randomQuery(rng *rand.Rand) store.Query {
	c := w.point(rng)
	half := (0.1 + rng.Float64()*1.9) / 2
	from := w.start.AddDate(0, 0, rng.IntN(w.days))
	return store.Query{
		BBox: &orb.Bound{Min: orb.Point{c.Lon() - half, c.Lat() - half}, Max: orb.Point{c.Lon() + half, c.Lat() + half}},
		From: from, To: from.AddDate(0, 0, 7+rng.IntN(358)),
	}
}

// BenchmarkQuery runs random queries against a million incidents and
// reports the latency percentiles over all of them.
func BenchmarkQuery(b *testing.B) {
	path := benchDB(b, benchIncidents)
	ctx := context.Background()
	s, err := Open(ctx, path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	kinds := []struct {
		name string
		q    func(w *world, rng *rand.Rand) store.Query
	}{
		{"bbox+time", func(w *world, rng *rand.Rand) store.Query { return w.randomQuery(rng) }},
		{"bbox", func(w *world, rng *rand.Rand) store.Query {
			q := w.randomQuery(rng)
			q.From, q.To = time.Time{}, time.Time{}
			return q
		}},
		{"time", func(w *world, rng *rand.Rand) store.Query { q := w.randomQuery(rng); q.BBox = nil; return q }},
		{"bbox+time+type+actor", func(w *world, rng *rand.Rand) store.Query {
			q := w.randomQuery(rng)
			q.Type, q.Actor = benchSubs[rng.IntN(len(benchSubs))], benchActors[rng.IntN(len(benchActors))]
			return q
		}},
		{"bbox+time+text", func(w *world, rng *rand.Rand) store.Query {
			q := w.randomQuery(rng)
			q.Text = "اشتباكات"
			return q
		}},
		{"page 10 of everything", func(w *world, rng *rand.Rand) store.Query { return store.Query{Offset: 900} }},
	}
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(3, 4))
			w := newWorld(rand.New(rand.NewPCG(1, 2))) // the generator's cities
			lat := make([]time.Duration, 0, b.N)
			matched := 0
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				q := k.q(w, rng)
				t0 := time.Now()
				page, err := s.Incidents(ctx, q)
				lat = append(lat, time.Since(t0))
				if err != nil {
					b.Fatal(err)
				}
				matched += page.Total
			}
			reportPercentiles(b, lat)
			b.ReportMetric(float64(matched)/float64(len(lat)), "matched/op")
		})
	}
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// BenchmarkIngest stores articles through Ingest with the synthetic
// processor: into an empty database with either sync level, and into a
// copy of the million-incident one, where merge candidates are found
// among many.
func BenchmarkIngest(b *testing.B) {
	cases := []struct {
		name   string
		opts   Options
		seeded bool
	}{
		{"empty/sync=full", Options{}, false},
		{"empty/sync=normal", Options{SyncNormal: true}, false},
		{"1M/sync=full", Options{}, true},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			path := filepath.Join(b.TempDir(), "ingest.db")
			if c.seeded {
				copyFile(b, benchDB(b, benchIncidents), path)
			}
			s, err := Open(ctx, path, c.opts)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := s.Ingest(ctx, storetest.SyntheticArticle(10_000_000+i), storetest.Synthetic{}); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}

func copyFile(b *testing.B, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}
