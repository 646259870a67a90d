package server

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/tileindex"
	"github.com/labstack/echo/v5"
)

// Server is the HTTP API over an incident store. Build it with New; it is
// an http.Handler, and Serve runs it with timeouts and graceful shutdown.
type Server struct {
	store      Store
	places     PlaceReader
	unresolved UnresolvedReader
	processor  store.Processor
	geoparser  Geoparser
	extractor  Extractor
	local      LocalPlaces
	sources    SourceStore
	token      string
	private    bool
	// corsOrigins are the origins reads are shared with (see cors.go).
	corsOrigins []string
	basemap     Basemap
	web         http.Handler
	log         *slog.Logger
	limits      Limits
	now         func() time.Time
	// base is Options.BaseURL, or "": the prefix of the HTML pages'
	// links (relative without it); JSON answers use linkBase.
	base string
	// linkHosts are the trusted Host names (lower case, no port); nil
	// trusts any
	linkHosts map[string]bool
	gate      *gate

	e       *echo.Echo
	pages   *template.Template
	metrics *metrics
	tiles   *tileCache
	gzips   sync.Pool // *gzip.Writer, for tiles
	// index is the in-memory tile index, read from the store's change
	// cursor; cached tiles of an older version of it are stale.
	index *tileindex.Live
	// bufs lends items pages their write buffers (featureWriter).
	bufs sync.Pool
	// indexKick asks the index follower for a read now.
	indexKick chan struct{}
	// sprites are the tile style's icons, rendered at the first request.
	sprites sprites
	// texts keeps the ids that match recent free-text queries.
	texts textMatches
	// itemsFromStore makes every page of items the store's (tests
	// compare both ways).
	itemsFromStore bool
}

// ErrConfig is returned by New for options that cannot work together.
var ErrConfig = errors.New("server: invalid options")

// New builds a Server from opts.
func New(opts Options) (*Server, error) {
	switch {
	case opts.Store == nil:
		return nil, fmt.Errorf("%w: no store", ErrConfig)
	case opts.PrivateReads && opts.Token == "":
		return nil, fmt.Errorf("%w: private reads need an API token", ErrConfig)
	}
	base, err := parseBaseURL(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	origins, err := ParseCORSOrigins(strings.Join(opts.CORSOrigins, ","))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	var linkHosts map[string]bool
	if len(opts.LinkHosts) > 0 && !slices.Contains(opts.LinkHosts, "*") {
		linkHosts = map[string]bool{}
		for _, h := range opts.LinkHosts {
			linkHosts[strings.ToLower(strings.Trim(h, "[]"))] = true
		}
	}
	s := &Server{
		base:        base,
		linkHosts:   linkHosts,
		store:       opts.Store,
		places:      opts.Places,
		unresolved:  opts.Unresolved,
		geoparser:   opts.Geoparser,
		extractor:   opts.Extractor,
		local:       opts.LocalPlaces,
		sources:     opts.Sources,
		processor:   opts.Processor,
		token:       opts.Token,
		private:     opts.PrivateReads,
		corsOrigins: origins,
		basemap:     opts.Basemap,
		web:         opts.Web,
		log:         opts.Logger,
		limits:      opts.Limits.withDefaults(),
		now:         opts.Now,
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.gate = newGate(s.limits.MaxExpensive, s.limits.ExpensiveWait)
	s.index = opts.TileIndex
	if s.index == nil {
		s.index = NewTileIndex(s.store, s.limits, s.log)
	}
	s.indexKick = make(chan struct{}, 1)
	s.metrics = newMetrics()
	s.pages = newPages(s.base)
	s.tiles = newTileCache(s.limits.TileCacheEntries, s.limits.TileCacheTTL, s.now)
	s.e = s.routes()
	return s, nil
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.Contains(r.URL.Path, "//") {
		r = mergeSlashes(r)
	}
	s.e.ServeHTTP(w, r)
}

// mergeSlashes serves "//collections" as "/collections", as nginx does
// by default: clients that join a relative link (the HTML pages', or
// any from a request without a Host) to a URL ending in "/" (GDAL's
// OAPIF driver) ask for the double slash.
func mergeSlashes(r *http.Request) *http.Request {
	merge := func(p string) string {
		for strings.Contains(p, "//") {
			p = strings.ReplaceAll(p, "//", "/")
		}
		return p
	}
	r2 := new(http.Request)
	*r2 = *r
	u := *r.URL
	u.Path, u.RawPath = merge(u.Path), merge(u.RawPath)
	r2.URL = &u
	return r2
}

// Serve accepts connections on ln until ctx is done, then stops
// accepting, lets in-flight requests finish within
// Limits.ShutdownTimeout, and returns. It returns nil after a clean
// shutdown. Closing the store is the caller's, after Serve returns.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: s.limits.ReadHeaderTimeout,
		ReadTimeout:       s.limits.ReadTimeout,
		WriteTimeout:      s.limits.WriteTimeout,
		IdleTimeout:       s.limits.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	// The index's goroutines end with ictx, before Serve returns: the
	// store outlives every read of it.
	ictx, stopIndex := context.WithCancel(ctx)
	var bg sync.WaitGroup
	defer func() {
		stopIndex()
		bg.Wait()
	}()
	if s.limits.IndexRefresh > 0 {
		bg.Go(func() { s.followIndex(ictx) })
		if ts, ok := s.store.(TileSnapshots); ok && s.limits.IndexSnapshotEvery > 0 {
			bg.Go(func() { s.keepSnapshots(ictx, ts) })
		}
		if w, ok := s.store.(ChangeWatcher); ok {
			bg.Go(func() { s.watchChanges(ictx, w) })
		}
	}
	select {
	case err := <-errc:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "grace", s.limits.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), s.limits.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		// Requests still running past the grace period are cut off.
		_ = hs.Close()
		return fmt.Errorf("server: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: %w", err)
	}
	return nil
}

// ListenAndServe listens on addr and calls Serve.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("server: %w", err)
	}
	// "msg=listening addr=..." is what scripts (the e2e harness) wait
	// for; "open=" is the address a person opens.
	s.log.Info("listening", "addr", ln.Addr().String(), "open", s.openURL(ln.Addr()))
	return s.Serve(ctx, ln)
}

// openURL is the address to give a person: the base URL when one is
// configured, else the listening address, with localhost for "all
// interfaces" (":8080" listens on [::]).
func (s *Server) openURL(addr net.Addr) string {
	if s.base != "" {
		return s.base + "/"
	}
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String() + "/"
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}
