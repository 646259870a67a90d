package embedded

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
)

// Places reads every embedded table: the generated GeoNames table first,
// then the curated ones in name order.
func Places() ([]geo.Place, error) {
	return ReadTables(FS(), "data")
}

// ReadTables reads every table under dir in fsys: the generated ones
// (*.tsv.gz) first, then the curated ones (*.tsv) in name order. Rows for
// one place merge with the later row's fields winning, so a curated row
// refines the GeoNames row it names by geonameid.
func ReadTables(fsys fs.FS, dir string) ([]geo.Place, error) {
	var generated, curated []string
	err := fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
		switch {
		case err != nil || d.IsDir():
			return err
		case strings.HasSuffix(name, ".tsv.gz"):
			generated = append(generated, name)
		case strings.HasSuffix(name, ".tsv"):
			curated = append(curated, name)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var places []geo.Place
	for _, name := range append(generated, curated...) {
		if places, err = appendFile(places, fsys, name); err != nil {
			return nil, err
		}
	}
	return places, nil
}

func appendFile(places []geo.Place, fsys fs.FS, name string) ([]geo.Place, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return places, err
	}
	defer f.Close()
	places, err = AppendTable(places, f, strings.HasSuffix(name, ".gz"))
	if err != nil {
		return places, fmt.Errorf("%s: %w", name, err)
	}
	return places, nil
}

// AppendTable appends the places of one table (gzip-compressed if gz) to dst.
func AppendTable(dst []geo.Place, r io.Reader, gz bool) ([]geo.Place, error) {
	if gz {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return dst, err
		}
		defer zr.Close()
		r = zr
	}
	rd, err := gazetteer.NewReader(r)
	if err != nil {
		return dst, err
	}
	for {
		p, err := rd.Read()
		if errors.Is(err, io.EOF) {
			return dst, nil
		}
		if err != nil {
			return dst, err
		}
		dst = append(dst, p)
	}
}
