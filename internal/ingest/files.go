package ingest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Files expands paths into the files to read, in order: a file as given
// (whatever its extension, so that a wrong one is reported), a folder as
// every .txt, .json and .jsonl file under it, recursively, sorted by
// path, hidden files and folders and the sidecars of .txt files
// (NAME.meta.json) left out; "-" stays, for standard input. Paths that cannot be read are
// passed to fail, and the rest go on.
func Files(paths []string, fail func(path string, err error)) []string {
	var out []string
	for _, p := range paths {
		if p == Stdin {
			out = append(out, p)
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			fail(p, err)
			continue
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		// WalkDir visits entries in lexical order, so the result is sorted.
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				fail(path, err)
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if path != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !d.IsDir() && supported(path) && !isSidecar(path) {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			fail(p, err)
		}
	}
	return out
}
