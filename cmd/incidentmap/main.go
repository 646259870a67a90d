// Command incidentmap turns Arabic news reports of armed incidents into a
// map: it geoparses articles, evaluates the geoparser on gold sets and
// builds gazetteer indexes. Run `incidentmap help` for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `usage: incidentmap COMMAND [flags] [args]

commands:
  geoparse [--published YYYY-MM-DD] [--jsonl] [--incidents] FILE...
                                                         places (or incidents) of articles as GeoJSON (- reads stdin)
  eval --gold DIR [--json]                               score the geoparser on a gold set
  gazetteer import --out FILE SOURCE...                  build a gazetteer index from GeoNames/OSM files
  gazetteer fetch [--out FILE] [--osm] COUNTRY...        download GeoNames (and OSM) for countries and build
                                                         the index (COUNTRY: SY IQ ..., or conflict, region)
  ingest [--db FILE] [--published DATE] PATH...          store articles (.txt, .json, .jsonl, folders, - for stdin)
                                                         and their incidents
  incidents [--db FILE] [--bbox minLon,minLat,maxLon,maxLat] [--from DATE]
      [--to DATE] [--type T] [--actor A] [--q TEXT] [--limit N] [--format geojson|csv]
                                                         stored incidents as GeoJSON or ACLED-style CSV, newest first
                                                         (all by default)
  reprocess [--db FILE]                                  rebuild places and incidents of every stored article
  places add|list|remove [--db FILE] ...                 the local gazetteer layer (places the gazetteer lacks)
  migrate-store --from FILE.db --to postgres://...        copy a store (articles, local places) into another
  sources add|list|remove|import [--db FILE] ...         the news feeds followed (one URL a line or OPML)
  follow [--db FILE] [--poll-interval 10m]               follow the sources without the server (a worker)
  serve [--db FILE] [--addr :8080] [--api-token T]       the HTTP API, vector tiles and web map (an empty
      [--base-url URL] [--link-hosts auto]               database gets the sample articles); it follows the
      [--public-reads=true]                              sources too
      [--cors-origins *] [--poll-interval 10m] ...

incidentmap COMMAND --help shows a command's flags. Every command that parses
takes --gazetteer FILE (env INCIDENTMAP_GAZETTEER) to use an imported index
instead of the embedded default. Every flag --x-y falls back to the environment
variable INCIDENTMAP_X_Y. --db defaults to incidentmap.db in the working
directory (env INCIDENTMAP_DB); only ingest and serve create it.
`

// run is main without the process: it returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	env := environment{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	var err error
	switch args[0] {
	case "geoparse":
		err = env.geoparse(args[1:])
	case "eval":
		err = env.eval(args[1:])
	case "gazetteer":
		err = env.gazetteer(args[1:])
	case "ingest":
		err = env.ingest(args[1:])
	case "incidents":
		err = env.incidents(args[1:])
	case "reprocess":
		err = env.reprocess(args[1:])
	case "places":
		err = env.places(args[1:])
	case "serve":
		err = env.serve(args[1:])
	case "sources":
		err = env.sources(args[1:])
	case "follow":
		err = env.follow(args[1:])
	case "migrate-store":
		err = env.migrateStore(args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "incidentmap: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case err == nil, errors.Is(err, errHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2 // the command said what was wrong
	case errors.Is(err, errReported):
		return 1
	}
	fmt.Fprintf(stderr, "incidentmap %s: %v\n", args[0], err)
	return 1
}

// environment is what a command may touch: no globals.
type environment struct {
	ctx            context.Context
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}
