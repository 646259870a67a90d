package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"github.com/incidentmap/incidentmap/internal/benchdata"
)

// bench is one run of the benchmarks.
type bench struct {
	bin, dir, pgAdmin string
	d                 time.Duration
	only              map[string]bool
	rec               *recorder
	world             *benchdata.World
	ingestRun         int
}

// Where requests go: what a map over the generated incidents asks for.

// itemsTarget is a map view's query: a box of 0.1° to 2° a side around
// a likely place, over a week to a year.
func (b *bench) itemsTarget(rng *rand.Rand) string {
	w := b.world
	c := w.Point(rng)
	half := (0.1 + rng.Float64()*1.9) / 2
	from := w.Start.AddDate(0, 0, rng.IntN(w.Days))
	to := from.AddDate(0, 0, 7+rng.IntN(358))
	return fmt.Sprintf("/collections/incidents/items?bbox=%.4f,%.4f,%.4f,%.4f&datetime=%s/%s",
		c.Lon()-half, c.Lat()-half, c.Lon()+half, c.Lat()+half, from.Format(time.DateOnly), to.Format(time.DateOnly))
}

// pageTarget asks for a page of 10,000: a year over the whole region.
func (b *bench) pageTarget(rng *rand.Rand) string {
	from := b.world.Start.AddDate(0, 0, rng.IntN(b.world.Days-366))
	r := benchdata.Region
	return fmt.Sprintf("/collections/incidents/items?limit=10000&bbox=%g,%g,%g,%g&datetime=%s/%s", r.Min.Lon(), r.Min.Lat(),
		r.Max.Lon(), r.Max.Lat(), from.Format(time.DateOnly), from.AddDate(1, 0, 0).Format(time.DateOnly))
}

// coldTile is a tile of zoom z over a likely place with a filter never
// asked before (the dated incidents up to a random day past the last
// one: all of them), so that it is drawn, not served from a cache.
func (b *bench) coldTile(rng *rand.Rand, z int) string {
	t := maptile.At(b.world.Point(rng), maptile.Zoom(z))
	to := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(365*60))
	return fmt.Sprintf("/tiles/incidents/%d/%d/%d.mvt?datetime=2015-01-01/%s", z, t.X, t.Y, to.Format(time.DateOnly))
}

// warmTiles are 64 tiles of zoom z over likely places, asked again and
// again.
func (b *bench) warmTiles(z int) []string {
	rng := rand.New(rand.NewPCG(uint64(z), 5))
	var out []string
	for range 64 {
		t := maptile.At(b.world.Point(rng), maptile.Zoom(z))
		out = append(out, fmt.Sprintf("/tiles/incidents/%d/%d/%d.mvt", z, t.X, t.Y))
	}
	return out
}

// round measures one engine once.
func (b *bench) round(ctx context.Context, eng, dsn string) error {
	if b.world == nil {
		b.world = benchdata.Default()
	}
	col := eng
	if b.only["startup"] {
		// A start with no snapshot in the store reads every incident; it
		// saves one (at the latest when it stops) for the start below.
		if err := clearSnapshot(ctx, eng, dsn); err != nil {
			return err
		}
		s, err := startServer(ctx, b.bin, dsn)
		if err != nil {
			return err
		}
		b.rec.add("first start (no snapshot, every incident read): full-speed tiles", col, ms(s.ready))
		// Stopped before its first snapshot is written, a server saves
		// one at shutdown within 10 s, too short at ten million: wait
		// for it, as a server that keeps running would have it.
		select {
		case <-s.snapshot:
		case <-time.After(10 * time.Minute):
			log.Printf("%s: no tile index snapshot saved within 10 minutes of the first start", eng)
		case <-ctx.Done():
		}
		s.stop()
	}
	s, err := startServer(ctx, b.bin, dsn)
	if err != nil {
		return err
	}
	defer s.stop()
	pid := s.cmd.Process.Pid
	b.rec.add("start: listening", col, ms(s.listening))
	b.rec.add("start: full-speed tiles (tile index built from the snapshot, /readyz 200)", col, ms(s.ready))
	b.rec.add("server RSS after start (MB)", col, float64(rss(pid))/(1<<20))
	b.rec.add("server RSS after start, own memory (MB)", col, float64(anonRSS(pid))/(1<<20))
	s.settle(eng)
	if b.only["items"] {
		// The same requests first, unmeasured: a server that has run a
		// while has the pages they read in its caches (the SQLite
		// server's start-up check has read the whole file; a PostgreSQL
		// server's buffers start cold).
		run(ctx, s.base, 8, b.d, pid, b.itemsTarget)
		for _, c := range []int{8, 64} {
			r := run(ctx, s.base, c, b.d, pid, b.itemsTarget)
			b.record(fmt.Sprintf("items bbox+time, %d clients", c), col, r)
		}
	}
	if b.only["tiles"] {
		if err := b.tiles(ctx, s.base, col, pid); err != nil {
			return err
		}
	}
	if b.only["pages"] {
		for _, c := range []int{8, 48, 64} {
			r := run(ctx, s.base, c, b.d, pid, b.pageTarget)
			b.record(fmt.Sprintf("10,000-incident pages, %d clients", c), col, r)
			b.rec.add(fmt.Sprintf("10,000-incident pages, %d clients: server peak RSS (MB)", c), col, float64(r.peakRSS)/(1<<20))
			b.rec.add(fmt.Sprintf("10,000-incident pages, %d clients: server peak RSS, own memory (MB)", c), col, float64(r.peakAnon)/(1<<20))
		}
	}
	if eng == "postgres" && b.only["postgis"] {
		base, stop, err := postgisServer(ctx, dsn, 16)
		if err != nil {
			return err
		}
		err = b.tiles(ctx, base, "postgis", 0)
		if err == nil {
			err = b.compareTiles(ctx, s.base, base)
		}
		stop()
		if err != nil {
			return err
		}
	}
	s.stop()
	if b.only["ingest"] || b.only["mixed"] || eng == "postgres" && b.only["replicas"] {
		scratch, drop, err := scratchCopy(ctx, eng, dsn, b.dir, b.pgAdmin)
		if err != nil {
			return err
		}
		defer drop()
		if b.only["ingest"] {
			for _, w := range []int{1, 2, 4} {
				rate, err := b.ingest(ctx, scratch, w)
				if err != nil {
					return err
				}
				b.rec.add(fmt.Sprintf("ingest, %d worker(s): articles/s", w), col, rate)
			}
		}
		if b.only["mixed"] {
			if err := b.mixed(ctx, eng, scratch, col); err != nil {
				return err
			}
		}
		if eng == "postgres" && b.only["replicas"] {
			if err := b.replicas(ctx, scratch, col); err != nil {
				return err
			}
		}
	}
	return nil
}

// record adds the latencies and rate of r.
func (b *bench) record(row, col string, r result) {
	if r.errs > 0 {
		log.Printf("%s %s: %d errors of %d requests, the first: %v", row, col, r.errs, r.n, r.firstErr)
	}
	b.rec.add(row+": p50 ms", col, ms(r.pct(0.50)))
	b.rec.add(row+": p99 ms", col, ms(r.pct(0.99)))
	b.rec.add(row+": req/s", col, float64(len(r.lat))/r.elapsed.Seconds())
	if r.busy > 0 || strings.Contains(row, "clients") {
		b.rec.add(row+": 503 share", col, float64(r.busy)/float64(max(r.n, 1)))
	}
}

// tiles measures tiles of zoom 4, 8 and 12, cold and warm, 8 clients.
func (b *bench) tiles(ctx context.Context, base, col string, pid int) error {
	for _, z := range []int{4, 8, 12} {
		r := run(ctx, base, 8, b.d, pid, func(rng *rand.Rand) string { return b.coldTile(rng, z) })
		b.record(fmt.Sprintf("tiles z%d cold", z), col, r)
		warm := b.warmTiles(z)
		for _, t := range warm { // into the cache
			if err := get(base + t); err != nil {
				return err
			}
		}
		r = run(ctx, base, 8, b.d, pid, func(rng *rand.Rand) string { return warm[rng.IntN(len(warm))] })
		b.record(fmt.Sprintf("tiles z%d warm", z), col, r)
	}
	return nil
}

func get(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %d", url, resp.StatusCode)
	}
	return nil
}

// compareTiles checks that the PostGIS stand-in draws what incidentmap
// draws: the same number of incidents in each of 60 tiles.
func (b *bench) compareTiles(ctx context.Context, ours, postgis string) error {
	rng := rand.New(rand.NewPCG(1, 2))
	bad := 0
	for _, z := range []int{4, 8, 12} {
		for range 20 {
			t := maptile.At(b.world.Point(rng), maptile.Zoom(z))
			path := fmt.Sprintf("/tiles/incidents/%d/%d/%d.mvt", z, t.X, t.Y)
			a, err := tileCount(ours+path, t)
			if err != nil {
				return err
			}
			c, err := tileCount(postgis+path, t)
			if err != nil {
				return err
			}
			if a != c {
				bad++
				log.Printf("tile %s: incidentmap %d incidents, PostGIS %d", path, a, c)
			}
		}
	}
	b.rec.add("tiles drawn alike by incidentmap and PostGIS (of 60)", "postgis", float64(60-bad))
	return nil
}

// tileCount is how many incidents a tile shows inside its bounds
// (clusters by their count).
func tileCount(url string, t maptile.Tile) (int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	layers, err := mvt.Unmarshal(body)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, l := range layers {
		for _, f := range l.Features {
			p := f.Geometry.Bound().Min
			if p[0] < 0 || p[1] < 0 || p[0] >= 4096 || p[1] >= 4096 {
				continue // the buffer, drawn by both
			}
			switch c := f.Properties["count"].(type) {
			case float64:
				n += int(c)
			case int64:
				n += int(c)
			case uint64:
				n += int(c)
			default:
				n++
			}
		}
	}
	return n, nil
}

// ingest runs w `incidentmap ingest` processes at once, each over its
// own file of articles, and returns the articles stored per second.
func (b *bench) ingest(ctx context.Context, dsn string, w int) (float64, error) {
	const perWorker = 60
	var files []string
	for i := range w {
		f := filepath.Join(b.dir, fmt.Sprintf("ingest-%d.jsonl", i))
		b.ingestRun++
		if err := articleFile(f, b.ingestRun*1000, perWorker); err != nil {
			return 0, err
		}
		files = append(files, f)
	}
	start := time.Now()
	var wg sync.WaitGroup
	errs := make([]error, w)
	for i, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.CommandContext(ctx, b.bin, "ingest", "--db", dsn, f)
			if out, err := cmd.CombinedOutput(); err != nil {
				errs[i] = fmt.Errorf("ingest: %v\n%s", err, out)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	for _, f := range files {
		os.Remove(f)
	}
	for _, err := range errs {
		if err != nil {
			return 0, err
		}
	}
	return float64(w*perWorker) / elapsed.Seconds(), nil
}

// replicas runs two servers over one PostgreSQL database and measures
// how long an article posted to one takes to reach the other's tiles.
func (b *bench) replicas(ctx context.Context, dsn, col string) error {
	const token = "loadbench-token"
	a, err := startServer(ctx, b.bin, dsn, "--api-token", token)
	if err != nil {
		return err
	}
	defer a.stop()
	o, err := startServer(ctx, b.bin, dsn)
	if err != nil {
		return err
	}
	defer o.stop()
	f := filepath.Join(b.dir, "replica.jsonl")
	var delays []float64
	for i := range 5 {
		b.ingestRun++
		if err := articleFile(f, b.ingestRun*1000+i, 1); err != nil {
			return err
		}
		body, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		before, err := worldCount(o.base)
		if err != nil {
			return err
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, a.base+"/api/articles", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			return fmt.Errorf("POST an article: %d", resp.StatusCode)
		}
		posted := time.Now()
		for {
			n, err := worldCount(o.base)
			if err != nil {
				return err
			}
			if n > before {
				break
			}
			if time.Since(posted) > 30*time.Second {
				return fmt.Errorf("the other replica never saw the article")
			}
			time.Sleep(5 * time.Millisecond)
		}
		delays = append(delays, ms(time.Since(posted)))
	}
	slices.Sort(delays)
	b.rec.add("a write through one replica on another's tiles (ms, median of 5)", col, delays[len(delays)/2])
	return nil
}

// worldCount is how many incidents the server's histogram counts.
func worldCount(base string) (int, error) {
	resp, err := http.Get(base + "/collections/incidents/histogram?bin=month")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var h struct {
		NumberMatched int `json:"numberMatched"`
	}
	if err := decodeJSON(resp.Body, &h); err != nil {
		return 0, err
	}
	return h.NumberMatched, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
