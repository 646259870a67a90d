// Package embedded carries the default gazetteer inside the binary: the
// table generated from GeoNames cities500 (see internal/tools/gengazetteer)
// and the tables we curate ourselves under data/curated.
package embedded

import (
	"embed"
	"io/fs"
)

//go:embed data
var data embed.FS

// FS returns the embedded tables: data/geonames-cities500.tsv.gz and
// data/curated/*.tsv.
func FS() fs.FS { return data }
