// Package benchdata generates the incidents the benchmarks run over: the
// same stream on every engine for a seed, so that two stores filled with
// it hold the same incidents under the same ids, and a load generator
// can aim its requests where incidents are.
//
// Incidents fall half around 60 cities of Zipf weight and half evenly
// over the Levant, Iraq and Yemen, over ten years, with eight sub-event
// types and ten actors; one article in a stream derives PerArticle of
// them. Generated reports almost never meet geo/merge's rule, so a
// store of n generated incidents holds about n.
package benchdata

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// PerArticle is how many incidents one generated article derives: one
// Ingest transaction.
const PerArticle = 500

// Region is where generated incidents fall.
var Region = orb.Bound{Min: orb.Point{35, 13}, Max: orb.Point{48, 37.5}}

// Sub-event types and actors of generated incidents.
var (
	Subs = []string{"Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
		"Armed clash", "Attack", "Disrupted weapons use", "Looting/property destruction", "Other"}
	Actors = []string{"Unidentified", "US forces", "Syrian government forces", "SDF", "ISIS",
		"Iran-backed militias", "Israel", "Hezbollah", "Houthis", "Turkish forces"}
)

// World is where and when generated incidents happen.
type World struct {
	cities []orb.Point
	cum    []float64
	places []*geo.Place
	// Start is the first day incidents fall on, Days how many follow.
	Start time.Time
	Days  int
}

// NewWorld draws a world from rng; the same seed gives the same world.
func NewWorld(rng *rand.Rand) *World {
	w := &World{Start: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), Days: 3653}
	total := 0.0
	for i := range 60 {
		w.cities = append(w.cities, randomIn(rng, Region))
		total += 1 / float64(i+1)
		w.cum = append(w.cum, total)
	}
	for i := range w.cum {
		w.cum[i] /= total
	}
	for i := range 5000 {
		w.places = append(w.places, &geo.Place{ID: fmt.Sprintf("bench:%d", i), Name: fmt.Sprintf("Place %d", i),
			NameAr: fmt.Sprintf("بلدة %d", i), Kind: geo.KindTown, CountryCode: "SY", Point: w.Point(rng)})
	}
	return w
}

// Default is the world of the benchmarks' seed.
func Default() *World { return NewWorld(rand.New(rand.NewPCG(7, 11))) }

func randomIn(rng *rand.Rand, b orb.Bound) orb.Point {
	return orb.Point{b.Min.Lon() + rng.Float64()*(b.Max.Lon()-b.Min.Lon()), b.Min.Lat() + rng.Float64()*(b.Max.Lat()-b.Min.Lat())}
}

// Point draws a likely place for an incident: near a city by its
// weight, or anywhere in the region.
func (w *World) Point(rng *rand.Rand) orb.Point {
	if rng.IntN(2) == 0 {
		return randomIn(rng, Region)
	}
	i, _ := slices.BinarySearch(w.cum, rng.Float64())
	c := w.cities[min(i, len(w.cities)-1)]
	clamp := func(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }
	return orb.Point{
		clamp(c.Lon()+rng.NormFloat64()*0.3, Region.Min.Lon(), Region.Max.Lon()),
		clamp(c.Lat()+rng.NormFloat64()*0.3, Region.Min.Lat(), Region.Max.Lat())}
}

// Processor derives PerArticle generated incidents from any article: a
// store.Processor for filling a store. It is not safe for concurrent
// use.
type Processor struct {
	w   *World
	rng *rand.Rand
}

// NewProcessor derives incidents of w, drawn from rng.
func NewProcessor(w *World, rng *rand.Rand) *Processor { return &Processor{w: w, rng: rng} }

// Process implements store.Processor.
func (p *Processor) Process(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
	incs := make([]geo.Incident, PerArticle)
	for i := range incs {
		pl := p.w.places[p.rng.IntN(len(p.w.places))]
		sub := Subs[p.rng.IntN(len(Subs))]
		k := p.rng.IntN(5)
		incs[i] = geo.Incident{
			EventType: "Explosions/Remote violence", SubEventType: sub, Place: pl, PlaceText: pl.NameAr,
			Point: p.w.Point(p.rng), GeoPrecision: 1 + p.rng.IntN(2),
			Date: p.w.Start.AddDate(0, 0, p.rng.IntN(p.w.Days)), DatePrecision: 1,
			Actor1: Actors[p.rng.IntN(len(Actors))], Actor2: Actors[p.rng.IntN(len(Actors))],
			Killed: &k, Confidence: 0.7,
			Evidence: []geo.Evidence{{Start: 0, End: 24, Text: "قصفت المدفعية أطراف البلدة صباح اليوم"}},
		}
		if p.rng.IntN(30) == 0 {
			incs[i].Date, incs[i].DatePrecision = time.Time{}, 0
		}
	}
	return geo.Geoparse{}, incs, nil
}

// Article is the i-th generated article: distinct titles, so that each
// is a new article.
func Article(i int) geo.Article {
	return geo.Article{Title: fmt.Sprintf("تقرير مولد %d", i), Text: "نص مولد للقياس", Outlet: "incidentmap benchmark"}
}

// Fill ingests generated articles into st until it holds at least n
// incidents, continuing a fill cut short (the stream restarts from its
// seed, and articles stored before are skipped). progress, when not
// nil, is called after each article with the incidents stored.
func Fill(ctx context.Context, st store.Store, n int, progress func(incidents int)) error {
	rng := rand.New(rand.NewPCG(7, 11))
	proc := NewProcessor(NewWorld(rng), rng)
	stats, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	have := stats.Incidents
	for i := 0; have < n; i++ {
		res, err := st.Ingest(ctx, Article(i), proc)
		if err != nil {
			return fmt.Errorf("benchdata: article %d: %w", i, err)
		}
		if res.Existed {
			// Stored before: draw (and drop) its incidents, so that the
			// stream goes on as it did.
			if _, _, err := proc.Process(ctx, Article(i)); err != nil {
				return err
			}
			continue
		}
		have += res.Incidents
		if progress != nil {
			progress(have)
		}
	}
	return nil
}
