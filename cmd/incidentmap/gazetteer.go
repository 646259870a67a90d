package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/gazetteer/embedded"
	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/incidentmap/incidentmap/internal/gazimport"
	"github.com/incidentmap/incidentmap/internal/localgaz"
	"github.com/incidentmap/incidentmap/internal/store"
)

// gazetteerFlags are the flags of every command that geoparses: the
// gazetteer index and the coverage.
type gazetteerFlags struct {
	path     *string
	coverage *string
}

// addGazetteerFlags defines --gazetteer and --coverage on fs.
func addGazetteerFlags(fs *flag.FlagSet) gazetteerFlags {
	return gazetteerFlags{
		path: fs.String("gazetteer", "", "gazetteer index `file` (default: embedded)"),
		coverage: fs.String("coverage", "default",
			"`countries` whose small places are matched and favoured: ISO codes separated by commas; \"default\" is "+geo.DefaultCoverage().String()),
	}
}

// options returns the geoparser options the flags give.
func (f gazetteerFlags) options() (geoparse.Options, error) {
	cov, err := geo.ParseCoverage(*f.coverage)
	if err != nil {
		return geoparse.Options{}, fmt.Errorf("--coverage: %w", err)
	}
	return geoparse.Options{Coverage: cov}, nil
}

// parser loads the gazetteer the flags name and returns a geoparser over
// it.
func (f gazetteerFlags) parser() (*geoparse.Parser, error) {
	opts, err := f.options()
	if err != nil {
		return nil, err
	}
	places, err := loadPlaces(*f.path)
	if err != nil {
		return nil, err
	}
	return geoparse.New(gazetteer.New(places), opts), nil
}

// loadPlaces reads the places of an imported index, or of the embedded
// default when path is empty.
func loadPlaces(path string) ([]geo.Place, error) {
	if path == "" {
		places, err := embedded.Places()
		if err != nil {
			return nil, fmt.Errorf("embedded gazetteer: %w", err)
		}
		return places, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	defer f.Close()
	places, err := embedded.AppendTable(nil, f, strings.HasSuffix(path, ".gz") || isGzip(f))
	if err != nil {
		return nil, fmt.Errorf("gazetteer %s: %w", path, err)
	}
	return places, nil
}

// openLayer builds the gazetteer a command over a database resolves
// against: the base (embedded or imported) plus the database's local places.
func (e environment) openLayer(gf gazetteerFlags, st store.Store) (*localgaz.Layer, error) {
	opts, err := gf.options()
	if err != nil {
		return nil, err
	}
	base, err := loadPlaces(*gf.path)
	if err != nil {
		return nil, err
	}
	return localgaz.New(e.ctx, base, st, extract.New(), opts)
}

// isGzip peeks at the magic bytes and rewinds.
func isGzip(f *os.File) bool {
	var b [2]byte
	n, _ := f.Read(b[:])
	_, _ = f.Seek(0, 0)
	return n == 2 && b[0] == 0x1f && b[1] == 0x8b
}

// gazetteerUsage lists the gazetteer subcommands.
const gazetteerUsage = `usage: incidentmap gazetteer import [flags] SOURCE...
       incidentmap gazetteer fetch [flags] COUNTRY...   (ISO codes, or the presets conflict, region)`

func (e environment) gazetteer(args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "import":
			return e.gazetteerImport(args[1:])
		case "fetch":
			return e.gazetteerFetch(args[1:])
		case "help", "--help", "-help", "-h":
			fmt.Fprintln(e.stdout, gazetteerUsage)
			return errHelp
		}
	}
	fmt.Fprintf(e.stderr, "incidentmap gazetteer: the gazetteer commands are import and fetch\n%s\n", gazetteerUsage)
	return errUsage
}

func (e environment) gazetteerImport(args []string) error {
	c := e.command("gazetteer import", "SOURCE...",
		"Build a gazetteer index (a gzip'd table) holding the embedded default plus the places of each SOURCE:\n"+
			"GeoNames dumps (allCountries, SY.zip or SY.txt, alternateNamesV2) and OpenStreetMap extracts (.osm.pbf).")
	out := c.fs.String("out", "", "index `file` to write (gzip'd gazetteer table); required")
	coverage := c.fs.String("coverage", "default", "`countries` whose places are kept even without an Arabic name: ISO codes separated by commas; \"default\" is "+geo.DefaultCoverage().String())
	quiet := c.fs.Bool("quiet", false, "no progress output")
	if err := c.parse(args); err != nil {
		return err
	}
	if *out == "" || c.fs.NArg() == 0 {
		return c.fail("need --out FILE and at least one SOURCE")
	}
	fs := c.fs
	base, err := embedded.Places()
	if err != nil {
		return err
	}
	cov, err := geo.ParseCoverage(*coverage)
	if err != nil {
		return c.fail("--coverage: %v", err)
	}
	opts := gazimport.Options{Out: *out, Sources: fs.Args(), Base: base, Coverage: cov}
	if !*quiet {
		opts.Progress = e.stderr
	}
	start := time.Now()
	stats, err := gazimport.Import(e.ctx, opts)
	if err != nil {
		if errors.Is(err, e.ctx.Err()) && e.ctx.Err() != nil {
			return fmt.Errorf("interrupted; %s left unchanged", *out)
		}
		return err
	}
	for _, s := range stats.Sources {
		fmt.Fprintf(e.stderr, "%s (%s): %d rows read, %d places kept\n", s.Path, s.Format, s.Rows, s.Kept)
	}
	fmt.Fprintf(e.stderr, "wrote %s: %d places (%.1fs)\n", *out, stats.Places, time.Since(start).Seconds())
	return nil
}
