package store

import (
	"context"
	"time"

	"github.com/incidentmap/incidentmap/geo"
)

// Processor derives the places and incidents of an article: the geoparser
// and the extractor, wired by the caller. It must be deterministic for
// Reprocess to rebuild what Ingest stored.
type Processor interface {
	Process(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error)
}

// Result says what Ingest did with one article.
type Result struct {
	// ArticleID is the stored article's id, also when it existed.
	ArticleID string
	// Existed is true when the same title and text were stored before:
	// nothing was changed.
	Existed bool
	// Places and Unresolved count the article's resolved and unplaced
	// toponyms.
	Places, Unresolved int
	// Incidents counts the incidents stored as new, Merged those merged
	// into an incident already stored (from another article or earlier in
	// this one), Skipped those without a location.
	Incidents, Merged, Skipped int
}

// ReprocessResult says what Reprocess rebuilt.
type ReprocessResult struct {
	// Articles counts the articles processed, Incidents the incidents
	// stored after merging.
	Articles, Incidents int
	// Failed holds one error (wrapping ErrProcess) per article the
	// processor failed on; such an article keeps no derived rows.
	Failed []error
}

// Point is what a map draws of an incident, read by Points without its
// sources or evidence.
type Point struct {
	// ID is the incident's id as a number (see ParseID).
	ID                      int64
	Lon, Lat                float64
	Date                    time.Time // zero when unknown
	EventType, SubEventType string
	Actor1, Actor2          string
	Killed, Injured         *int
	Confidence              float64
	GeoPrecision            int
	Primary                 bool
	// PlaceText is the place as written; PlaceName and PlaceNameAr the
	// gazetteer's names, when placed.
	PlaceText, PlaceName, PlaceNameAr string
}

// Cursor is where a reader of Points stands. The zero Cursor is the
// start: everything.
type Cursor struct {
	// Epoch changes when incidents were deleted or renumbered (a
	// reprocess): a reader whose epoch differs must start over.
	Epoch int64
	// Pos is the engine's position in the stream of changes.
	Pos int64
}

// Changes is one read of Points.
type Changes struct {
	// Points are the incidents added or changed since the cursor (or all
	// of them, when Reset).
	Points []Point
	// Reset is true when the reader must drop what it holds and take
	// Points as everything: it started at the zero Cursor, or its epoch
	// is gone.
	Reset bool
	// Next is the cursor to read from next time.
	Next Cursor
}

// Store is what every engine provides: the conformance suite in
// store/storetest holds each to the same semantics. Consumers declare
// the small part they need; commands get a Store from store/engine.
type Store interface {
	// Ingest saves art and enqueues its processing in one transaction,
	// runs proc on it outside any transaction, and saves what proc
	// derived in a second transaction that takes the job off the queue
	// (see queue.go): when it returns without error the article and its
	// rows are stored; if the process dies in between, a worker
	// finishes the job. An article already stored and processed is
	// reported as Existed; one stored but not yet processed is processed
	// now. Errors wrap ErrInvalidArticle or ErrProcess when the article
	// is at fault (nothing is then stored); anything else is the
	// database's.
	Ingest(ctx context.Context, art geo.Article, proc Processor) (Result, error)
	// Reprocess asks for every stored article to be processed again (one
	// job per article, on the queue) and works through them itself,
	// oldest first; workers elsewhere may take some. An article whose
	// derived rows come out the same is left alone, so its incidents keep
	// their ids. progress, when not nil, is called as it goes.
	Reprocess(ctx context.Context, proc Processor, progress func(done, total int)) (ReprocessResult, error)
	// ProcessPending processes, oldest first, every article whose
	// processing is asked for and not done (after a crash, or a
	// reprocess cut short), without waiting for the queue's workers.
	ProcessPending(ctx context.Context, proc Processor, progress func(done, total int)) (ReprocessResult, error)
	Queue
	Sources

	Incidents(ctx context.Context, q Query) (Page, error)
	// EachIncident calls fn with each incident of the page q selects, in
	// listing order, reading a few hundred at a time, and returns the
	// page's counts (Incidents nil): a page of MaxLimit is never held
	// whole. fn must not keep the incident it is given; an error from
	// fn ends the read and is returned.
	EachIncident(ctx context.Context, q Query, fn func(*geo.Incident) error) (Page, error)
	// PageIDs returns the ids of the page q selects, in listing order,
	// and the page's counts (Incidents nil): EachIncident's first step,
	// for a caller that must know the count before the first incident
	// (a CSV answer's Link header goes before its rows).
	PageIDs(ctx context.Context, q Query) ([]int64, Page, error)
	// EachIncidentByID calls fn with each of the incidents ids, in that
	// order, with its sources, reading a few hundred at a time; an id
	// not stored (any more) is left out. The tile index finds pages of
	// a box itself and reads them through it.
	EachIncidentByID(ctx context.Context, ids []int64, fn func(*geo.Incident) error) error
	// EachFeature calls fn with each of the incidents ids as its GeoJSON
	// feature (EncodeFeature's bytes), in that order, leaving out an id
	// not stored: the stored feature when it is of this build's format,
	// else one encoded from the incident now. fn must not keep the
	// slice. Items pages are written from it.
	EachFeature(ctx context.Context, ids []int64, fn func(feature []byte) error) error
	FeatureRefresher
	// IncidentIDs returns the ids of every incident q selects, in no
	// particular order; q's paging is ignored. The tile index asks it
	// what only the store answers (free text).
	IncidentIDs(ctx context.Context, q Query) ([]int64, error)
	Incident(ctx context.Context, id string) (geo.Incident, error)
	// IncidentDays counts the incidents q selects by day, oldest first,
	// the undated (if q keeps them) first of all; q's paging is ignored.
	IncidentDays(ctx context.Context, q Query) ([]DayCount, error)
	Article(ctx context.Context, id string) (geo.Article, error)
	// Articles returns up to n stored articles with ids above after, in
	// id order (ID set): for copying a store and for one job per article.
	Articles(ctx context.Context, after string, n int) ([]geo.Article, error)
	Places(ctx context.Context, q Query) (PlacePage, error)
	Unresolved(ctx context.Context) ([]UnresolvedName, error)
	Stats(ctx context.Context) (Stats, error)
	// Points streams the incidents changed since a cursor, for the tile
	// index: fn is called with batches of at most a few thousand.
	Points(ctx context.Context, since Cursor, fn func(Changes) error) (Cursor, error)
	// SaveTileSnapshot keeps a snapshot of the tile index read up to c
	// (internal/tileindex's encoding), unless the one kept is as new; it
	// reports whether it saved. TileSnapshot returns the one kept and its
	// cursor, or an error wrapping ErrNotFound. A server starting over a
	// large store loads it and reads only the changes since.
	SaveTileSnapshot(ctx context.Context, c Cursor, data []byte) (bool, error)
	TileSnapshot(ctx context.Context) (Cursor, []byte, error)

	AddLocalPlace(ctx context.Context, p geo.Place) (geo.Place, error)
	LocalPlaces(ctx context.Context) ([]geo.Place, error)
	RemoveLocalPlace(ctx context.Context, id string) error
	ArticlesNaming(ctx context.Context, keys, spellings []string) (int, error)
	// GazetteerVersion changes whenever the local places change, on any
	// process sharing the database.
	GazetteerVersion(ctx context.Context) (int64, error)

	// Check answers a real query through the indexes that serve reads:
	// readiness.
	Check(ctx context.Context) error
	// IntegrityCheck returns the problems found in the database and the
	// derived rows, none when it is sound.
	IntegrityCheck(ctx context.Context) ([]string, error)
	// Version is the schema version of the database.
	Version(ctx context.Context) (int, error)
	// Name says which database this is, for logs (never a password).
	Name() string
	Close() error
}
