package web

import "embed"

// dist is the built page: index.html and assets/ with content-hashed
// names. It is committed; `make web` rebuilds it and `make web-check`
// fails when it is stale.
//
//go:embed dist
var dist embed.FS
