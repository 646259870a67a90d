package gazfetch

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// meta is what the cache keeps beside each downloaded file: what to send
// to revalidate it, and what it should be.
type meta struct {
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Size         int64     `json:"size"`
	MD5          string    `json:"md5"`
	Fetched      time.Time `json:"fetched"`
}

// cachePath is where the file at rawURL is kept: by host and path, so
// that a mirror and the real site never share an entry.
func cachePath(dir, rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("gazfetch: %w", err)
	}
	host := strings.NewReplacer(":", "_", "[", "", "]", "").Replace(u.Host)
	p := path.Clean("/" + u.Path)
	if p == "/" || strings.HasSuffix(u.Path, "/") {
		return "", fmt.Errorf("gazfetch: %s names no file", rawURL)
	}
	return filepath.Join(dir, host, filepath.FromSlash(p)), nil
}

func metaPath(file string) string { return file + ".meta.json" }

// readMeta returns the metadata of a cached file, and false when the
// entry is absent or does not describe the file on disk (another URL, a
// size that differs): such an entry is downloaded again whole.
func readMeta(file, rawURL string) (meta, bool) {
	b, err := os.ReadFile(metaPath(file))
	if err != nil {
		return meta{}, false
	}
	var m meta
	if json.Unmarshal(b, &m) != nil || m.URL != rawURL {
		return meta{}, false
	}
	fi, err := os.Stat(file)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != m.Size {
		return meta{}, false
	}
	return m, true
}

// writeMeta writes the metadata through a temporary file and a rename.
func writeMeta(file string, m meta) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".meta-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(append(b, '\n'))
	if err2 := tmp.Close(); err == nil {
		err = err2
	}
	if err == nil {
		err = os.Rename(tmp.Name(), metaPath(file))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("gazfetch: cache: %w", err)
	}
	return nil
}

// removeMeta forgets an entry's metadata before its file is replaced: a
// crash between the two then leaves a file that is downloaded again, never
// one whose metadata describes another.
func removeMeta(file string) error {
	if err := os.Remove(metaPath(file)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("gazfetch: cache: %w", err)
	}
	return nil
}
