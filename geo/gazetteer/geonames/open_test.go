package geonames

import (
	"archive/zip"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func writeZip(t *testing.T, path string, files map[string]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, name := range []string{"readme.txt", "iso-languagecodes.txt", "SY.txt", "other.txt", "data/alternateNamesV2.txt"} {
		body, ok := files[name]
		if !ok {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "SY.txt")
	os.WriteFile(plain, []byte("plain"), 0o644)

	gz := filepath.Join(dir, "SY.txt.gz")
	{
		f, _ := os.Create(gz)
		zw := gzip.NewWriter(f)
		io.WriteString(zw, "gzipped")
		zw.Close()
		f.Close()
	}
	sy := filepath.Join(dir, "SY.zip")
	writeZip(t, sy, map[string]string{"readme.txt": "readme", "SY.txt": "zipped", "other.txt": "other"})
	alt := filepath.Join(dir, "alternateNamesV2.zip")
	writeZip(t, alt, map[string]string{"iso-languagecodes.txt": "codes", "data/alternateNamesV2.txt": "alternates"})
	renamed := filepath.Join(dir, "download.zip")
	writeZip(t, renamed, map[string]string{"readme.txt": "readme", "SY.txt": "only one"})
	ambiguous := filepath.Join(dir, "two.zip")
	writeZip(t, ambiguous, map[string]string{"SY.txt": "a", "other.txt": "b"})
	empty := filepath.Join(dir, "empty.zip")
	writeZip(t, empty, map[string]string{"readme.txt": "readme"})

	tests := []struct {
		name, path, wantName, wantText string
		wantErr                        error
	}{
		{"plain", plain, "SY.txt", "plain", nil},
		{"gzip", gz, "SY.txt", "gzipped", nil},
		{"zip named like its text", sy, "SY.txt", "zipped", nil},
		{"zip in a folder, readme skipped", alt, "alternateNamesV2.txt", "alternates", nil},
		{"renamed zip with one text", renamed, "SY.txt", "only one", nil},
		{"zip with two texts", ambiguous, "", "", ErrNoText},
		{"zip without text", empty, "", "", ErrNoText},
		{"missing", filepath.Join(dir, "nope.txt"), "", "", os.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Open(tt.path)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			b, err := io.ReadAll(f)
			if err != nil {
				t.Fatal(err)
			}
			if f.Name != tt.wantName || string(b) != tt.wantText {
				t.Errorf("got %s %q, want %s %q", f.Name, b, tt.wantName, tt.wantText)
			}
		})
	}
}
