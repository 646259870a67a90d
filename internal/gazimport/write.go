package gazimport

import (
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
)

// writeIndex writes places as a gzip'd gazetteer table to path through a
// temporary file in the same directory, renamed over path once complete:
// a reader never sees half an index, and a failed import keeps the old one.
func writeIndex(path string, places []*geo.Place) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("gazimport: write index: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = fmt.Errorf("gazimport: write index %s: %w", path, err)
		}
	}()
	zw := gzip.NewWriter(tmp)
	tw := gazetteer.NewWriter(zw)
	for _, p := range places {
		if err := tw.Write(p); err != nil {
			return err
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
