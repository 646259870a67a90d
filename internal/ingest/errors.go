package ingest

import "errors"

// Reasons an article cannot be read, for errors.Is.
var (
	// ErrEncoding: the file or line is not valid UTF-8.
	ErrEncoding = errors.New("not valid UTF-8")
	// ErrNoText: there is no article text.
	ErrNoText = errors.New("missing text")
	// ErrDate: published is neither YYYY-MM-DD nor RFC 3339.
	ErrDate = errors.New("unparseable date")
	// ErrJSON: the JSON is malformed or not an article object.
	ErrJSON = errors.New("bad JSON")
	// ErrMeta: a text article's front matter or sidecar is malformed.
	ErrMeta = errors.New("bad front matter or sidecar")
	// ErrSidecar: a NAME.meta.json file was given as an article.
	ErrSidecar = errors.New("a sidecar of a .txt article, not an article: give the .txt")
	// ErrFormat: the file's extension is not .txt, .json or .jsonl.
	ErrFormat = errors.New("unsupported file type (want .txt, .json or .jsonl)")
)
