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

// ReadTables reads every *.tsv and *.tsv.gz table under dir in fsys.
func ReadTables(fsys fs.FS, dir string) ([]geo.Place, error) {
	var places []geo.Place
	err := fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !strings.HasSuffix(name, ".tsv") && !strings.HasSuffix(name, ".tsv.gz") {
			return nil
		}
		f, err := fsys.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		places, err = AppendTable(places, f, strings.HasSuffix(name, ".gz"))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	})
	return places, err
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
