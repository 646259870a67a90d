package store

import "errors"

// Errors callers tell apart with errors.Is, whatever the engine.
var (
	// ErrNotFound: no incident (or article, or local place) has the id
	// asked for.
	ErrNotFound = errors.New("store: not found")
	// ErrSchemaTooNew: the database was written by a newer incidentmap
	// whose schema this binary does not know; using it could corrupt it.
	ErrSchemaTooNew = errors.New("store: database schema is newer than this binary")
	// ErrNotStore: the database belongs to some other program.
	ErrNotStore = errors.New("store: not an incidentmap database")
	// ErrInvalidArticle: the article cannot be stored (no text, bad UTF-8).
	ErrInvalidArticle = errors.New("store: invalid article")
	// ErrProcess: the processor failed on the article or returned
	// something unstorable; nothing was stored.
	ErrProcess = errors.New("store: processing failed")
	// ErrInvalidQuery: a query's bounds or paging make no sense.
	ErrInvalidQuery = errors.New("store: invalid query")
	// ErrNoDatabase: a command that only reads was pointed at a database
	// that does not exist.
	ErrNoDatabase = errors.New("store: no such database")
	// ErrReadOnly: the database takes no writes, nor what goes with
	// them (a PostgreSQL hot standby: no LISTEN either).
	ErrReadOnly = errors.New("store: the database is read-only (a standby)")
)

// ErrCorrupt: the database is damaged; restore it from a backup.
var ErrCorrupt = errors.New("store: database is damaged")
