package server

import (
	"context"
	"errors"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/internal/store"
)

// Store is what the server needs of the incident database: paged queries,
// single incidents, ingestion, and for the tile index the change cursor
// and the ids free text matches. Every store engine satisfies it.
type Store interface {
	Incidents(ctx context.Context, q store.Query) (store.Page, error)
	// EachIncident streams a page (store.Store's).
	EachIncident(ctx context.Context, q store.Query, fn func(*geo.Incident) error) (store.Page, error)
	EachIncidentByID(ctx context.Context, ids []int64, fn func(*geo.Incident) error) error
	// EachFeature streams incidents as their GeoJSON features (store.Store's).
	EachFeature(ctx context.Context, ids []int64, fn func(feature []byte) error) error
	// PageIDs finds a page's ids and counts (store.Store's).
	PageIDs(ctx context.Context, q store.Query) ([]int64, store.Page, error)
	Incident(ctx context.Context, id string) (geo.Incident, error)
	Ingest(ctx context.Context, art geo.Article, proc store.Processor) (store.Result, error)
	// Points streams what the tile index holds of every incident, then
	// only what changed (store.Store's Points).
	Points(ctx context.Context, since store.Cursor, fn func(store.Changes) error) (store.Cursor, error)
	// IncidentIDs returns the ids of every incident q selects.
	IncidentIDs(ctx context.Context, q store.Query) ([]int64, error)
}

// TileSnapshots is implemented by stores that keep a snapshot of the
// tile index (store.Store's SaveTileSnapshot and TileSnapshot): a server
// starts from it instead of reading every incident.
type TileSnapshots interface {
	SaveTileSnapshot(ctx context.Context, c store.Cursor, data []byte) (bool, error)
	TileSnapshot(ctx context.Context) (store.Cursor, []byte, error)
}

// ChangeWatcher is implemented by stores that say at once when any
// process wrote incidents (PostgreSQL's LISTEN/NOTIFY): the tile index
// then reads the cursor at once, not at its next tick. WatchChanges
// calls changed after each write until ctx ends or the connection is
// lost.
type ChangeWatcher interface {
	WatchChanges(ctx context.Context, changed func()) error
}

// Checker is implemented by stores that can answer a real query through
// their read indexes cheaply: /readyz uses it first.
type Checker interface {
	Check(ctx context.Context) error
}

// Pinger is implemented by stores that can say cheaply whether they
// answer; /readyz falls back to a tiny query without it.
type Pinger interface {
	Ping(ctx context.Context) error
}

// PlaceReader lists the distinct places stored articles name, with
// counts. every store engine satisfies it.
type PlaceReader interface {
	Places(ctx context.Context, q store.Query) (store.PlacePage, error)
}

// UnresolvedReader lists the names no gazetteer entry matched, most
// frequent first: the list to curate the local gazetteer from.
// every store engine satisfies it.
type UnresolvedReader interface {
	Unresolved(ctx context.Context) ([]store.UnresolvedName, error)
}

// Geoparser finds the places of a text. *geoparse.Parser satisfies it.
type Geoparser interface {
	Geoparse(ctx context.Context, text string, published time.Time) (geo.Geoparse, error)
	Gazetteer() *gazetteer.Gazetteer
}

// Extractor finds the incidents of a geoparsed text. *extract.Extractor
// satisfies it.
type Extractor interface {
	Incidents(ctx context.Context, text string, published time.Time, gp geo.Geoparse) ([]geo.Incident, error)
}

// LocalPlaces is the local gazetteer layer: places the operators add by
// hand (villages no imported gazetteer holds), resolved like any other.
type LocalPlaces interface {
	// Add stores p and returns it with its assigned ID ("local:17").
	// Errors wrapping ErrInvalidPlace are the caller's fault.
	Add(ctx context.Context, p geo.Place) (geo.Place, error)
	// List returns every local place.
	List(ctx context.Context) ([]geo.Place, error)
	// Remove deletes the place id, or fails with an error wrapping
	// ErrNotFound.
	Remove(ctx context.Context, id string) error
}

// Errors implementations of the interfaces above return (wrapped) for
// what the client did wrong; the server turns them into 404 and 422.
var (
	// ErrNotFound: no such place (store.ErrNotFound is understood too).
	ErrNotFound = errors.New("server: not found")
	// ErrInvalidPlace: the place cannot be added (no name, bad point).
	ErrInvalidPlace = errors.New("server: invalid place")
)
