// Command loadbench runs the README's benchmarks of the two store
// engines side by side, on the same generated incidents: a built
// `incidentmap serve` on loopback per engine, hit by a closed-loop Go
// load generator, and `incidentmap ingest` processes.
//
//	go run ./internal/tools/loadbench -n 1000000 -pg postgres://postgres@127.0.0.1:5432/postgres
//
// Measured per engine, in rounds that alternate the engines (medians
// are reported): time to listen and to full-speed tiles after start
// (/readyz answers once the tile index is built); items with a bbox and
// a datetime, 8 and 64 clients; tiles z4, z8, z12 uncached ("cold": each
// request a new filter, so a new render) and cached ("warm": a fixed set
// of tiles), 8 clients; 10,000-incident pages with 8, 48 and 64
// clients and the server's peak RSS; ingest of articles through the real
// pipeline with 1, 2 and 4 processes; items read by 6 clients while 2
// others post articles through the API ("mixed"); on PostgreSQL, the same tiles
// drawn by PostGIS (ST_AsMVT, one statement a request, as pg_tileserv
// does) and how soon a write through one replica shows on another's
// tiles.
//
// The stores are generated once (benchdata: the same stream on both
// engines) and kept: SQLite files in -dir, PostgreSQL databases
// incidentmap_bench_N on the server -pg names (a role that may create
// databases; without -pg a throwaway cluster is started and the
// PostgreSQL store generated again each run).
// With -from M, the store of -n incidents is made instead from the one
// of M by copies of its incidents (fillByCopies, fillByCopiesPG): ten
// million generated through the store would take ten hours on this
// machine.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/internal/store/pgtest"
)

func main() {
	n := flag.Int("n", 1_000_000, "generated incidents")
	enginesFlag := flag.String("engines", "sqlite,postgres", "engines to measure")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "incidentmap-loadbench"), "where SQLite stores and scratch files go")
	pgAdmin := flag.String("pg", "", "admin URL of a PostgreSQL 15+ with PostGIS (default: a throwaway cluster)")
	bin := flag.String("bin", "", "incidentmap binary (default: built from this checkout)")
	rounds := flag.Int("rounds", 3, "rounds alternating the engines; medians are reported")
	d := flag.Duration("d", 10*time.Second, "duration of each closed-loop measurement")
	from := flag.Int("from", 0, "make the store of -n from the store of this many incidents by copies of its incidents (see fillByCopies, fillByCopiesPG), not by generating")
	only := flag.String("only", "startup,items,tiles,pages,postgis,ingest,mixed,replicas", "what to measure")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}
	if *bin == "" {
		*bin = filepath.Join(*dir, "incidentmap")
		log.Printf("building %s", *bin)
		if out, err := exec.Command("go", "build", "-o", *bin, "./cmd/incidentmap").CombinedOutput(); err != nil {
			log.Fatalf("go build: %v\n%s", err, out)
		}
	}
	engs := strings.Split(*enginesFlag, ",")
	if slices.Contains(engs, "postgres") && *pgAdmin == "" {
		c := pgtest.Start()
		defer c.Stop()
		*pgAdmin = c.URL
	}
	b := &bench{bin: *bin, dir: *dir, pgAdmin: *pgAdmin, d: *d, only: map[string]bool{}, rec: newRecorder()}
	for _, o := range strings.Split(*only, ",") {
		b.only[o] = true
	}
	dsns := map[string]string{}
	for _, e := range engs {
		dsn, err := prepare(ctx, e, *dir, *pgAdmin, *n, *from)
		if err != nil {
			log.Fatalf("%s: %v", e, err)
		}
		dsns[e] = dsn
	}
	for r := range *rounds {
		for _, e := range engs {
			log.Printf("round %d/%d: %s", r+1, *rounds, e)
			if err := b.round(ctx, e, dsns[e]); err != nil {
				log.Fatalf("%s: %v", e, err)
			}
		}
	}
	b.rec.print(os.Stdout, engs, *n, *rounds)
}
