package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/gazetteer/embedded"
)

// loadGazetteer loads an imported index, or the embedded default when
// path is empty.
func loadGazetteer(path string) (*gazetteer.Gazetteer, error) {
	if path == "" {
		places, err := embedded.Places()
		if err != nil {
			return nil, fmt.Errorf("embedded gazetteer: %w", err)
		}
		return gazetteer.New(places), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	defer f.Close()
	places, err := embedded.AppendTable(nil, f, strings.HasSuffix(path, ".gz") || isGzip(f))
	if err != nil {
		return nil, fmt.Errorf("gazetteer %s: %w", path, err)
	}
	return gazetteer.New(places), nil
}

// isGzip peeks at the magic bytes and rewinds.
func isGzip(f *os.File) bool {
	var b [2]byte
	n, _ := f.Read(b[:])
	_, _ = f.Seek(0, 0)
	return n == 2 && b[0] == 0x1f && b[1] == 0x8b
}


func (e environment) gazetteer(args []string) error {
	return fmt.Errorf("gazetteer import: not wired yet")
}
