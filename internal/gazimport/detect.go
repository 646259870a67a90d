package gazimport

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/incidentmap/incidentmap/geo/gazetteer/geonames"
)

// Format is the kind of a source file.
type Format string

// The source formats Import reads.
const (
	FormatGeoNames       Format = "geonames"       // allCountries.txt, SY.txt, cities500.txt (.zip, .gz)
	FormatAlternateNames Format = "alternatenames" // alternateNamesV2.txt (.zip, .gz)
	FormatOSM            Format = "osm"            // *.osm.pbf
)

// ErrUnknownFormat is returned for a source that is none of the formats.
var ErrUnknownFormat = errors.New("gazimport: unknown source format")

// Detect tells the format of the file at path from its content: the PBF
// header, or the number of columns of the first data line (19 for a
// GeoNames dump, 10 or 8 for alternate names) inside any zip or gzip. The
// name decides only when the content cannot, as for an empty file.
func Detect(path string) (Format, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("gazimport: %w", err)
	}
	head := make([]byte, 64)
	n, _ := io.ReadFull(f, head)
	f.Close()
	if bytes.Contains(head[:n], []byte("OSMHeader")) {
		return FormatOSM, nil
	}
	if fm, ok, err := detectColumns(path); err != nil {
		return "", err
	} else if ok {
		return fm, nil
	}
	lower := strings.ToLower(filepath.Base(path))
	switch {
	case strings.HasSuffix(lower, ".osm.pbf"):
		return FormatOSM, nil
	case strings.HasPrefix(lower, "alternatenames"):
		return FormatAlternateNames, nil
	case strings.HasSuffix(lower, ".txt") || strings.HasSuffix(lower, ".zip") || strings.HasSuffix(lower, ".txt.gz"):
		return FormatGeoNames, nil
	}
	return "", fmt.Errorf("%w: %s", ErrUnknownFormat, path)
}

// detectColumns reads the first data line of a text source and tells its
// format by its columns; ok is false when there is no data line.
func detectColumns(path string) (Format, bool, error) {
	f, err := geonames.Open(path)
	if err != nil {
		if errors.Is(err, geonames.ErrNoText) {
			return "", false, fmt.Errorf("%w: %v", ErrUnknownFormat, err)
		}
		return "", false, fmt.Errorf("gazimport: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			return "", false, fmt.Errorf("%w: %s: binary, or a first line too long", ErrUnknownFormat, path)
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) > 0 && line[0] != '#' {
			switch bytes.Count(line, []byte("\t")) + 1 {
			case 19:
				return FormatGeoNames, true, nil
			case 10, 8:
				return FormatAlternateNames, true, nil
			}
			return "", false, fmt.Errorf("%w: %s: first line has %d columns", ErrUnknownFormat, path, bytes.Count(line, []byte("\t"))+1)
		}
		if err != nil {
			return "", false, nil // empty, or only comments
		}
	}
}
