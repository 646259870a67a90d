package gazimport

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestDetect(t *testing.T) {
	dir := t.TempDir()
	pbf := filepath.Join(dir, "x.bin")
	// The start of a real .osm.pbf: a blob header length, then "OSMHeader".
	os.WriteFile(pbf, append([]byte{0, 0, 0, 14, 10, 9}, []byte("OSMHeader\x18\x7c")...), 0o644)
	tests := []struct {
		name    string
		path    string
		want    Format
		wantErr error
	}{
		{"dump", writeFile(t, dir, "data.tsv", row(1, "A", nil, "SY", "PPL", 0)), FormatGeoNames, nil},
		{"dump with comments", writeFile(t, dir, "c.txt", "# comment", "", row(1, "A", nil, "SY", "PPL", 0)), FormatGeoNames, nil},
		{"zipped dump", writeZip(t, dir, "SY.zip", "SY.txt", row(1, "A", nil, "SY", "PPL", 0)), FormatGeoNames, nil},
		{"alternate names, named otherwise", writeFile(t, dir, "names.txt", altRow(1, 2, "ar", "حلب", false)), FormatAlternateNames, nil},
		{"old alternate names", writeFile(t, dir, "old.txt", "1\t2\tar\tحلب\t\t\t\t"), FormatAlternateNames, nil},
		{"gzipped alternate names", writeGzip(t, dir, "a.gz", altRow(1, 2, "ar", "حلب", false)), FormatAlternateNames, nil},
		{"pbf by content", pbf, FormatOSM, nil},
		{"empty dump by name", writeFile(t, dir, "SY.txt"), FormatGeoNames, nil},
		{"empty alternate names by name", writeFile(t, dir, "alternateNamesV2.txt"), FormatAlternateNames, nil},
		{"three columns", writeFile(t, dir, "x.txt", "a\tb\tc"), "", ErrUnknownFormat},
		{"unknown empty", writeFile(t, dir, "x.csv"), "", ErrUnknownFormat},
		{"missing", filepath.Join(dir, "none.txt"), "", os.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Detect(tt.path)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Detect = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
