package server

import (
	"log/slog"
	"net/http"
	"runtime"
	"time"

	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/tileindex"
)

// Options is everything a Server needs: New takes nothing from globals or
// the environment. Only Store is required; a nil optional dependency turns
// its routes into 501 problems.
type Options struct {
	// Store holds the incidents; required.
	Store Store
	// Places lists the places articles name (the places collection).
	Places PlaceReader
	// Unresolved lists the names that could not be placed.
	Unresolved UnresolvedReader
	// Processor geoparses and extracts an article for ingestion through
	// POST /api/articles.
	Processor store.Processor
	// Geoparser serves POST /api/geoparse; Extractor, when set, adds the
	// incidents of the text to its answer.
	Geoparser Geoparser
	Extractor Extractor
	// LocalPlaces is the local gazetteer layer behind /api/places.
	LocalPlaces LocalPlaces
	// Sources are the feeds followed, behind /api/sources (nil: 501).
	Sources SourceStore

	// Token is the bearer token writes require. Empty refuses every write
	// (403), so a server started without one is read-only.
	Token string
	// PrivateReads makes reads require the token too.
	PrivateReads bool

	// BaseURL is the public URL the server is reached at
	// ("https://incidents.example.org", or with a path prefix), from
	// which links in responses are built. Empty builds the JSON answers'
	// links on the scheme and Host the request named (with Vary: Host;
	// X-Forwarded-* headers are not trusted), as QGIS needs absolute
	// links, and the HTML pages' relative to the host.
	BaseURL string
	// LinkHosts are the host names (no port) whose Host header links may
	// be built on when BaseURL is empty; a request naming another host
	// gets relative links, so that a forged Host ("evil.example") never
	// reaches a link. ["*"] trusts any; nil does too (the serve command
	// passes the machine's own names and addresses).
	LinkHosts []string

	// CORSOrigins are the origins whose pages may read the API (GET and
	// HEAD, with their preflights): ["*"] for any, or origins such as
	// "https://dash.example.org" (see ParseCORSOrigins). Empty: no CORS.
	// Writes never get CORS.
	CORSOrigins []string

	// Basemap is the background map the web map and TileJSON point to.
	Basemap Basemap
	// Web serves what the API does not: the web map's HTML and assets,
	// and "/" for browsers. Nil leaves those 404.
	Web http.Handler

	// TileIndex is the tile index over Store, made by NewTileIndex; nil
	// makes one. Given, it can be built while the rest of the program
	// starts (serve loads it beside the gazetteer).
	TileIndex *tileindex.Live

	// Logger receives request logs and internal errors; default discards.
	Logger *slog.Logger
	// Limits bound requests; zero fields take the defaults.
	Limits Limits
	// Now is the clock of timeStamp members; default time.Now.
	Now func() time.Time
}

// Basemap names the raster or vector basemap the web map draws under the
// incidents.
type Basemap struct {
	// URL is a tile URL template ({z}/{x}/{y}) or a style URL.
	URL string
	// Attribution is the credit the basemap's licence requires.
	Attribution string
}

// Limits bound what one client can cost the server.
type Limits struct {
	// MaxBodyBytes is the largest request body accepted (413 above);
	// default 1 MiB.
	MaxBodyBytes int64
	// MaxGeoparseBytes is the largest body of POST /api/geoparse, which
	// is public unless reads are private, so smaller than MaxBodyBytes;
	// default DefaultMaxGeoparseBytes.
	MaxGeoparseBytes int64
	// MaxExpensive caps the expensive requests served at once (pages of
	// items, uncached tiles, geoparsing, ingestion); default
	// DefaultMaxExpensive(). ExpensiveWait is how long one more waits
	// for a slot before it is refused with 503 and Retry-After; default
	// 1s.
	MaxExpensive  int
	ExpensiveWait time.Duration
	// RequestTimeout bounds the work of one request, store queries and
	// geoparsing included; default 30s.
	RequestTimeout time.Duration
	// ReadHeaderTimeout, ReadTimeout, WriteTimeout and IdleTimeout are the
	// http.Server's, so a slow client cannot hold a connection; defaults
	// 5s, 30s, 60s and 120s.
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// ShutdownTimeout is how long in-flight requests may finish after a
	// shutdown starts; default 15s.
	ShutdownTimeout time.Duration
	// MaxTileFeatures caps the features of one vector tile: above it the
	// tile's incidents are clustered on a grid; default 2000.
	MaxTileFeatures int
	// TileCacheEntries is how many rendered tiles are kept; default 4096,
	// negative for none.
	TileCacheEntries int
	// TileCacheTTL bounds how long a rendered tile is served after an
	// ingest by another process; default 1m.
	TileCacheTTL time.Duration
	// IndexRefresh is how often Serve reads the store's change cursor
	// into the in-memory tile index (ingests by other processes show on
	// tiles after at most this, or at once on a store with
	// ChangeWatcher); default 2s, negative for no following (the index is
	// then built on the first tile and brought up to date only after
	// writes through this server).
	IndexRefresh time.Duration
	// IndexSnapshotEvery is how often Serve saves a snapshot of the tile
	// index into the store (when it changed by at least a hundredth
	// since the last), and it saves one after building the index from
	// every incident and at shutdown; a server starting over a large
	// store loads the snapshot and reads only the changes since. Default
	// 10m, negative for none.
	IndexSnapshotEvery time.Duration
	// IndexWait is how long a tile or histogram request waits for the
	// index when it is still being built (at start) before it gets 503
	// with Retry-After; default 10s.
	IndexWait time.Duration
}

// withDefaults fills the zero fields.
func (l Limits) withDefaults() Limits {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = 1 << 20
	}
	if l.MaxGeoparseBytes <= 0 {
		l.MaxGeoparseBytes = DefaultMaxGeoparseBytes
	}
	if l.MaxExpensive <= 0 {
		l.MaxExpensive = DefaultMaxExpensive()
	}
	def(&l.ExpensiveWait, time.Second)
	def(&l.RequestTimeout, 30*time.Second)
	def(&l.ReadHeaderTimeout, 5*time.Second)
	def(&l.ReadTimeout, 30*time.Second)
	def(&l.WriteTimeout, 60*time.Second)
	def(&l.IdleTimeout, 120*time.Second)
	def(&l.ShutdownTimeout, 15*time.Second)
	if l.MaxTileFeatures <= 0 {
		l.MaxTileFeatures = 2000
	}
	if l.TileCacheEntries == 0 {
		l.TileCacheEntries = 4096
	}
	def(&l.TileCacheTTL, time.Minute)
	if l.IndexRefresh == 0 {
		l.IndexRefresh = 2 * time.Second
	}
	def(&l.IndexWait, 10*time.Second)
	if l.IndexSnapshotEvery == 0 {
		l.IndexSnapshotEvery = 10 * time.Minute
	}
	return l
}

// DefaultMaxGeoparseBytes is the default body limit of POST
// /api/geoparse: four times a long news article (Arabic is two bytes a
// letter), and small enough that any body under it is geoparsed within
// the README's bounds of time and memory.
const DefaultMaxGeoparseBytes = 128 << 10

// DefaultMaxExpensive is the default cap on expensive requests at once:
// two per core, so the cores stay busy while some requests wait on the
// store, and memory stays bounded by a few pages of MaxLimit items per
// core.
func DefaultMaxExpensive() int { return max(2, 2*runtime.GOMAXPROCS(0)) }
