package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/internal/follow"
	"github.com/incidentmap/incidentmap/internal/samples"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/store/engine"
	"github.com/incidentmap/incidentmap/server"
	"github.com/incidentmap/incidentmap/web"
)

// Defaults of serve: OpenStreetMap's standard tiles under the map, whose
// tile usage policy suits a demo and light use.
const (
	defaultAddr               = ":8080"
	defaultBasemapURL         = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
	defaultBasemapAttribution = "© OpenStreetMap contributors"
	sampleLoadTimeout         = 2 * time.Minute
	// featureRefreshBatch incidents a transaction when stored features
	// are rewritten: a few tens of milliseconds of the write lock.
	featureRefreshBatch = 500
)

func (e environment) serve(args []string) error {
	c := e.command("serve", "",
		"Serve the OGC API - Features, the vector tiles, ingestion and the web map. The database is created when\n"+
			"missing, and an empty one is loaded with the sample articles.").withDB().withGazetteer()
	addr := c.fs.String("addr", defaultAddr, "listen `address`")
	token := c.fs.String("api-token", "", "bearer `token` that writes need (none: the API is read-only)")
	baseURL := c.fs.String("base-url", "", "public `URL` the server is reached at, for the links in its answers (default: the scheme and Host each request names; set it behind a proxy)")
	linkHosts := c.fs.String("link-hosts", "auto", "host `names` a request's Host may name for the links in JSON answers when --base-url is unset (others get relative links): auto for this machine's names and addresses (localhost, its hostname, its interfaces' IPs), * for any, none, or a comma-separated list")
	basemapURL := c.fs.String("basemap-url", defaultBasemapURL, "basemap tile `URL` template for the web map")
	basemapAttr := c.fs.String("basemap-attribution", defaultBasemapAttribution, "basemap credit `text`")
	publicReads := c.fs.Bool("public-reads", true, "serve reads (and /metrics) without the token")
	corsOrigins := c.fs.String("cors-origins", "*", "`origins` whose pages may read the API across origins (GET and HEAD only, never writes): * for any, a comma-separated list such as https://dash.example.org, or none")
	maxGeoparse := c.fs.Int64("max-geoparse-bytes", server.DefaultMaxGeoparseBytes, "largest body of POST /api/geoparse, in `bytes`")
	maxExpensive := c.fs.Int("max-expensive-requests", server.DefaultMaxExpensive(),
		"expensive requests (item pages, uncached tiles, geoparse, ingest) served at `once`; more wait 1s, then get 503 (default: 2 per core)")
	pollInterval := c.fs.Duration("poll-interval", follow.DefaultInterval, "poll each followed source every `duration` unless it sets its own")
	if err := c.parse(args); err != nil {
		return err
	}
	if c.fs.NArg() != 0 {
		return c.fail("unexpected argument %q", c.fs.Arg(0))
	}
	if *pollInterval < 10*time.Second {
		return c.fail("--poll-interval %v: at least 10s", *pollInterval)
	}
	if !*publicReads && *token == "" {
		return c.fail("--public-reads=false needs --api-token (or INCIDENTMAP_API_TOKEN)")
	}
	origins, err := server.ParseCORSOrigins(*corsOrigins)
	if err != nil {
		return c.fail("--cors-origins: %v", err)
	}
	if *maxGeoparse <= 0 || *maxExpensive <= 0 {
		return c.fail("--max-geoparse-bytes and --max-expensive-requests must be positive")
	}
	log := newLogger(e.stderr)
	// SQLite's quick_check runs beside serving, to its end: at Open it is
	// bounded to 5 s, which a large file never finishes within, and the
	// map would wait for it.
	c.laterChecks = true
	st, err := c.openStore(create)
	if err != nil {
		return err
	}
	ctx, stop := context.WithCancelCause(e.ctx)
	defer stop(nil)
	// The tile index loads (from the store's snapshot, or every incident)
	// while the gazetteer is built: the map serves full-speed tiles the
	// sooner.
	limits := server.Limits{MaxGeoparseBytes: *maxGeoparse, MaxExpensive: *maxExpensive}
	tiles := server.NewTileIndex(st, limits, log)
	go func() {
		if _, err := tiles.Refresh(ctx); err != nil && ctx.Err() == nil {
			log.Warn("tile index not built yet", "err", err)
		}
	}()
	if qc, ok := st.(engine.QuickChecker); ok {
		go func() {
			// After the tile index: both read the whole file, and the
			// map comes first.
			if _, err := tiles.Wait(ctx, 24*time.Hour); err != nil {
				return
			}
			start := time.Now()
			err := qc.QuickCheck(ctx)
			switch {
			case errors.Is(err, store.ErrCorrupt):
				log.Error("the database is damaged: stopping; restore it from a backup", "db", st.Name(), "err", err)
				stop(err)
			case err != nil && ctx.Err() == nil:
				log.Warn("quick check of the database did not finish", "err", err)
			case err == nil:
				log.Info("quick check of the database: no damage", "took", time.Since(start).Round(time.Millisecond))
			}
		}()
	}
	go func() {
		// Stored features (items pages) missing or of an older encoding
		// are rewritten once, after the tile index is up; pages encode
		// such incidents as they go meanwhile.
		if _, err := tiles.Wait(ctx, 24*time.Hour); err != nil {
			return
		}
		start := time.Now()
		n, err := store.RefreshAllFeatures(ctx, st, featureRefreshBatch)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("stored features not refreshed: items pages encode those incidents as they go", "err", err)
		case err == nil && n > 0:
			log.Info("stored features refreshed", "incidents", n, "took", time.Since(start).Round(time.Millisecond))
		}
	}()
	if wt, ok := st.(engine.WALTrimmer); ok {
		go wt.TrimWAL(ctx, engine.WALTrimInterval, func(err error) { log.Warn("trimming the write-ahead log", "err", err) })
	}
	defer func() {
		if err := st.Close(); err != nil {
			log.Error("close store", "err", err)
		}
	}()
	// The layer is the embedded (or imported) gazetteer plus the places
	// operators add through /api/places; it geoparses and processes with
	// whatever the gazetteer is now.
	layer, err := c.openLayer(st)
	if err != nil {
		return err
	}
	x := extract.New()
	// Places added through another replica, a worker or the places
	// command reach this server's gazetteer within seconds.
	go layer.Watch(e.ctx, 2*time.Second, func(err error) { log.Warn("gazetteer reload", "err", err) })
	if err := loadSamples(e.ctx, st, layer, log); err != nil {
		return err
	}
	if *token == "" {
		log.Warn("no API token: writes are refused; set --api-token or INCIDENTMAP_API_TOKEN to allow them")
	}
	srv, err := server.New(server.Options{
		Store:        st,
		Places:       st,
		Unresolved:   st,
		Processor:    layer,
		Geoparser:    layer,
		Extractor:    x,
		LocalPlaces:  layer,
		Sources:      st,
		Token:        *token,
		PrivateReads: !*publicReads,
		BaseURL:      *baseURL,
		LinkHosts:    parseLinkHosts(*linkHosts),
		CORSOrigins:  origins,
		Limits:       limits,
		TileIndex:    tiles,
		Basemap:      server.Basemap{URL: *basemapURL, Attribution: *basemapAttr},
		Web:          web.Handler(web.Config{BasemapURL: *basemapURL, BasemapAttribution: *basemapAttr}),
		Logger:       log,
	})
	if err != nil {
		return err
	}
	fl := follow.New(st, layer, follow.Options{Interval: *pollInterval, Logger: log,
		Metrics: follow.NewMetrics(srv.Registerer()), Changed: srv.Changed})
	// The queue's workers: articles whose processing a dead process left
	// on the queue, reprocess jobs, and following outlets.
	workCtx, stopWork := context.WithCancel(e.ctx)
	workDone := make(chan struct{})
	defer func() { stopWork(); <-workDone }()
	go func() {
		defer close(workDone)
		if err := st.Work(workCtx, layer, fl.WorkOptions()); err != nil {
			log.Error("queue workers", "err", err)
		}
	}()
	// e.ctx ends on SIGINT or SIGTERM: Serve then drains and returns,
	// and the deferred Close closes the store.
	if err := srv.ListenAndServe(ctx, *addr); err != nil {
		return err
	}
	if err := context.Cause(ctx); err != nil && errors.Is(err, store.ErrCorrupt) {
		return err
	}
	log.Info("stopped")
	return nil
}

// loadSamples fills an empty database with the sample articles, so that
// a fresh checkout's map shows incidents at once. A database holding any
// article is left alone.
func loadSamples(ctx context.Context, st store.Store, proc store.Processor, log *slog.Logger) error {
	// One article is enough to know: counting them all costs seconds at
	// a million incidents.
	some, err := st.Articles(ctx, "", 1)
	if err != nil {
		return err
	}
	if len(some) > 0 {
		return nil
	}
	arts, err := samples.Articles()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, sampleLoadTimeout)
	defer cancel()
	incidents := 0
	for _, a := range arts {
		res, err := st.Ingest(ctx, a, proc)
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return err
			}
			return fmt.Errorf("load sample %q: %w", a.Title, err)
		}
		incidents += res.Incidents
	}
	log.Info("empty database: loaded the sample articles (invented, outlet \""+samples.Outlet+"\")",
		"db", st.Name(), "articles", len(arts), "incidents", incidents)
	return nil
}

// newLogger is the log of the long-running commands, on stderr.
func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// parseLinkHosts reads --link-hosts: "auto" is this machine's own names
// and addresses, "*" any host, "none" no host, else a comma-separated
// list.
func parseLinkHosts(v string) []string {
	v = strings.TrimSpace(v)
	if v == "" || v == "none" {
		return []string{""} // no Host is trusted: relative links
	}
	if v != "auto" {
		var out []string
		for _, h := range strings.Split(v, ",") {
			if h = strings.TrimSpace(h); h != "" {
				out = append(out, h)
			}
		}
		return out
	}
	out := []string{"localhost", "127.0.0.1", "::1"}
	if name, err := os.Hostname(); err == nil && name != "" {
		out = append(out, name)
	}
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			if ipn, ok := a.(*net.IPNet); ok {
				out = append(out, ipn.IP.String())
			}
		}
	}
	return out
}
