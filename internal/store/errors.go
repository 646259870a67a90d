package store

import "errors"

// Errors callers tell apart with errors.Is.
var (
	// ErrNotFound: no incident (or article) has the id asked for.
	ErrNotFound = errors.New("store: not found")
	// ErrSchemaTooNew: the file was written by a newer incidentmap whose
	// schema this binary does not know; opening it could corrupt it.
	ErrSchemaTooNew = errors.New("store: database schema is newer than this binary")
	// ErrNotStore: the file is an SQLite database of some other program.
	ErrNotStore = errors.New("store: not an incidentmap database")
	// ErrInvalidArticle: the article cannot be stored (no text, bad UTF-8).
	ErrInvalidArticle = errors.New("store: invalid article")
	// ErrProcess: the processor failed on the article or returned
	// something unstorable; nothing was stored.
	ErrProcess = errors.New("store: processing failed")
	// ErrInvalidQuery: a query's bounds or paging make no sense.
	ErrInvalidQuery = errors.New("store: invalid query")
)
