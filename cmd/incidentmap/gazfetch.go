package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/gazetteer/embedded"
	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/incidentmap/incidentmap/internal/gazfetch"
	"github.com/incidentmap/incidentmap/internal/localgaz"
	"github.com/incidentmap/incidentmap/internal/store/engine"
)

// defaultFetchOut is the index gazetteer fetch writes unless told.
const defaultFetchOut = "gazetteer.gaz.gz"

func (e environment) gazetteerFetch(args []string) error {
	c := e.command("gazetteer fetch", "COUNTRY...",
		"Download GeoNames' dumps of each COUNTRY (ISO codes such as SY IQ, or the presets \"conflict\" = SY IQ LB YE SD PS LY SO\n"+
			"and \"region\" = the default coverage) with their alternate names, and with --osm their OpenStreetMap extracts,\n"+
			"into a cache that later runs only revalidate, check them, and build a gazetteer index from them on top of the\n"+
			"embedded default. When the database exists, say how many of its unplaced names the new index places.").withDB()
	out := c.fs.String("out", defaultFetchOut, "index `file` to write (gzip'd gazetteer table), replaced only when all went well")
	osm := c.fs.Bool("osm", false, "also fetch the OpenStreetMap extracts (Geofabrik's layout; far larger downloads than GeoNames')")
	geonamesURL := c.fs.String("geonames-url", gazfetch.DefaultGeoNamesURL, "`URL` of GeoNames' dump directory, or of a mirror of it")
	osmURL := c.fs.String("osm-url", gazfetch.DefaultOSMURL, "`URL` of Geofabrik's downloads, or of a mirror in its layout")
	cacheDefault := ""
	if dir, err := os.UserCacheDir(); err == nil {
		cacheDefault = filepath.Join(dir, "incidentmap")
	}
	cache := c.fs.String("cache", cacheDefault, "`directory` keeping the downloads between runs")
	coverage := c.fs.String("coverage", "default", "`countries` whose places are kept even without an Arabic name: ISO codes separated by commas; \"default\" is "+geo.DefaultCoverage().String())
	connect := c.fs.Duration("connect-timeout", gazfetch.DefaultConnectTimeout, "longest wait to connect to a server")
	idle := c.fs.Duration("idle-timeout", gazfetch.DefaultIdleTimeout, "longest a download may go without receiving a byte")
	reprocess := c.fs.Bool("reprocess", false, "reprocess the stored articles with the new index when it places names they left unplaced\n(then run serve, ingest and follow with --gazetteer FILE too)")
	quiet := c.fs.Bool("quiet", false, "no progress output")
	if err := c.parse(args); err != nil {
		return err
	}
	if c.fs.NArg() == 0 {
		return c.fail("name at least one COUNTRY (e.g. SY IQ, or conflict)")
	}
	countries, err := gazfetch.ParseCountries(c.fs.Args())
	if err != nil {
		return c.fail("%v", err)
	}
	if *cache == "" {
		return c.fail("no user cache directory here: give --cache DIR")
	}
	if *out == "" {
		return c.fail("--out is empty")
	}
	cov, err := geo.ParseCoverage(*coverage)
	if err != nil {
		return c.fail("--coverage: %v", err)
	}
	if *reprocess && !engine.IsPostgres(*c.db) {
		if _, err := os.Stat(*c.db); err != nil {
			return c.fail("--reprocess: no database %s (give --db)", *c.db)
		}
	}
	if *connect <= 0 || *idle <= 0 {
		return c.fail("--connect-timeout and --idle-timeout must be positive")
	}
	base, err := embedded.Places()
	if err != nil {
		return err
	}
	opts := gazfetch.Options{
		Countries: countries, OSM: *osm, GeoNamesURL: *geonamesURL, OSMURL: *osmURL,
		CacheDir: *cache, Out: *out, Base: base, Coverage: cov,
		ConnectTimeout: *connect, IdleTimeout: *idle,
	}
	if !*quiet {
		opts.Progress = e.stderr
	}
	start := time.Now()
	res, err := gazfetch.Fetch(e.ctx, opts)
	if err != nil {
		if e.ctx.Err() != nil && errors.Is(err, e.ctx.Err()) {
			return fmt.Errorf("interrupted; %s left unchanged", *out)
		}
		return fmt.Errorf("%w; %s left unchanged", err, *out)
	}
	fresh := 0
	for _, f := range res.Files {
		if f.Fresh {
			fresh++
		}
	}
	fmt.Fprintf(e.stderr, "wrote %s: %d places, with %s (%d of %d files downloaded, %s; cache %s) in %.1fs\n",
		*out, res.Import.Places, strings.Join(countries, " "), fresh, len(res.Files), megabytes(res.Downloaded), *cache, time.Since(start).Seconds())
	if len(res.NoAltNames) > 0 {
		fmt.Fprintf(e.stderr, "no alternate names found for %s: their dumps were imported with untagged Arabic spellings\n", strings.Join(res.NoAltNames, " "))
	}
	if len(res.NoOSM) > 0 {
		fmt.Fprintf(e.stderr, "no OpenStreetMap extract is known for %s: GeoNames only\n", strings.Join(res.NoOSM, " "))
	}
	return e.afterFetch(*c.db, *out, cov, *reprocess)
}

// afterFetch says what to do with the new index: when the database
// exists, how many of its unplaced names the index places and in how
// many articles, and the reprocess that would place them. By default it
// does not reprocess: the stored rows must come from the gazetteer that
// serve and ingest run with, which only the user chooses, and a
// reprocess of a large store is a long write better started on purpose;
// --reprocess says the user has chosen.
func (e environment) afterFetch(db, out string, cov geo.Coverage, reprocess bool) error {
	use := fmt.Sprintf("give serve, ingest, follow and geoparse --gazetteer %s (or set INCIDENTMAP_GAZETTEER)", out)
	if !engine.IsPostgres(db) {
		if _, err := os.Stat(db); err != nil {
			if reprocess {
				return fmt.Errorf("--reprocess: %w: %s", errNoDatabase, db)
			}
			fmt.Fprintf(e.stderr, "next: %s\n", use)
			return nil
		}
	}
	st, err := engine.Open(e.ctx, db, engine.Options{MustExist: true})
	if err != nil {
		if reprocess {
			return err
		}
		fmt.Fprintf(e.stderr, "could not open %s to count the unplaced names the index places: %v\nnext: %s\n", db, err, use)
		return nil
	}
	defer st.Close()
	places, err := loadPlaces(out)
	if err != nil {
		return err
	}
	placed, err := gazfetch.NowPlaced(e.ctx, st, geoparse.New(gazetteer.New(places), geoparse.Options{Coverage: cov}))
	switch {
	case err != nil:
		if reprocess {
			return err
		}
		fmt.Fprintf(e.stderr, "could not count the unplaced names of %s that the index places: %v\nnext: %s\n", db, err, use)
		return nil
	case placed.Articles == 0:
		fmt.Fprintf(e.stderr, "none of the %d unplaced names in %s is placed by the new index\nnext: %s\n", placed.Unresolved, db, use)
		return nil
	}
	ex := placed.Names[:min(5, len(placed.Names))]
	fmt.Fprintf(e.stderr, "the new index places %d of the %d names %s could not place (%s); stored articles naming them: %d\n",
		len(placed.Names), placed.Unresolved, db, strings.Join(ex, "، "), placed.Articles)
	if !reprocess {
		fmt.Fprintf(e.stderr, "next: incidentmap reprocess --db %s --gazetteer %s (or fetch again with --reprocess), then %s\n", db, out, use)
		return nil
	}
	layer, err := localgaz.New(e.ctx, places, st, extract.New(), geoparse.Options{Coverage: cov})
	if err != nil {
		return err
	}
	res, err := st.Reprocess(e.ctx, layer, nil)
	if err != nil {
		return fmt.Errorf("reprocess: %w", err)
	}
	for _, f := range res.Failed {
		fmt.Fprintf(e.stderr, "incidentmap reprocess: %v\n", f)
	}
	fmt.Fprintf(e.stderr, "reprocess: %d articles, %d incidents, %d failed\nnext: %s\n", res.Articles, res.Incidents, len(res.Failed), use)
	if len(res.Failed) > 0 {
		return errReported
	}
	return nil
}

// megabytes formats a download size.
func megabytes(n int64) string {
	if n < 100_000 {
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
