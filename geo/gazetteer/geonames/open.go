package geonames

import (
	"archive/zip"
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// ErrNoText is returned by Open for a zip archive without a data file.
var ErrNoText = errors.New("geonames: no .txt data file in zip")

// File is the text of a GeoNames download, read from the plain file, from
// inside a zip archive (GeoNames ships SY.zip holding SY.txt, and
// allCountries.zip, alternateNamesV2.zip) or through gzip.
type File struct {
	// Name is the base name of the text read: "SY.txt" for SY.zip.
	Name    string
	r       io.Reader
	closers []io.Closer
}

// Open opens path and returns its text, recognising zip and gzip by their
// first bytes rather than by the file name.
func Open(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("geonames: %w", err)
	}
	br := bufio.NewReaderSize(f, 256<<10)
	magic, _ := br.Peek(4)
	switch {
	case len(magic) == 4 && string(magic) == "PK\x03\x04":
		f.Close()
		return openZip(path)
	case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("geonames: %s: %w", path, err)
		}
		name := strings.TrimSuffix(filepath.Base(path), ".gz")
		return &File{Name: name, r: zr, closers: []io.Closer{zr, f}}, nil
	}
	return &File{Name: filepath.Base(path), r: br, closers: []io.Closer{f}}, nil
}

// openZip opens the data file of a zip archive: the .txt named like the
// archive (SY.zip → SY.txt), else its only .txt besides the readme and
// language list that GeoNames adds.
func openZip(path string) (*File, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("geonames: %s: %w", path, err)
	}
	stem := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	var match, only *zip.File
	txts := 0
	for _, zf := range zr.File {
		base := filepath.Base(zf.Name)
		lower := strings.ToLower(base)
		if zf.FileInfo().IsDir() || !strings.HasSuffix(lower, ".txt") || lower == "readme.txt" || lower == "iso-languagecodes.txt" {
			continue
		}
		if strings.EqualFold(strings.TrimSuffix(base, filepath.Ext(base)), stem) {
			match = zf
		}
		only = zf
		txts++
	}
	if match == nil && txts == 1 {
		match = only
	}
	if match == nil {
		zr.Close()
		return nil, fmt.Errorf("%w: %s", ErrNoText, path)
	}
	rc, err := match.Open()
	if err != nil {
		zr.Close()
		return nil, fmt.Errorf("geonames: %s: %s: %w", path, match.Name, err)
	}
	return &File{Name: filepath.Base(match.Name), r: rc, closers: []io.Closer{rc, zr}}, nil
}

// Read reads the decompressed text.
func (f *File) Read(p []byte) (int, error) { return f.r.Read(p) }

// Close closes the archive and the file under it.
func (f *File) Close() error {
	var errs []error
	for _, c := range f.closers {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}
