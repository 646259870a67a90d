package gazimport

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer/geonames"
	"github.com/paulmach/orb"
)

// base stands for the embedded default: a GeoNames place a dump will
// replace, one the alternate names enrich, and a curated one.
func base() []geo.Place {
	return []geo.Place{
		{ID: "geonames:100", GeonameID: 100, Name: "Qaryat Alif", NameAr: "قرية الألف", Names: []string{"قرية ألف"},
			Kind: geo.KindVillage, CountryCode: "SY", Point: orb.Point{38, 35}, Source: "embedded"},
		{ID: "geonames:900", GeonameID: 900, Name: "Madinat Ta", Kind: geo.KindTown, CountryCode: "SY",
			Point: orb.Point{39, 34}, Source: "embedded"},
		{ID: "curated:sy-test-field", NameAr: "حقل التجربة", Kind: geo.KindFacility, CountryCode: "SY",
			Point: orb.Point{40, 35}, Source: "curated"},
	}
}

// dump: 100 replaces a base place; 101 has an Arabic name; 102 is Latin
// only in Syria; 103 Latin only in Germany; 104 gets its Arabic name from
// the alternate names only.
func dumpLines() []string {
	return []string{
		"# a GeoNames dump",
		row(100, "Qaryat Alif", []string{"Karyat Alif", "قرية الالف"}, "SY", "PPL", 800),
		row(101, "Tall Bayt", []string{"تل البيت"}, "SY", "PPL", 12000),
		row(102, "Khirbat Jim", []string{"Khirbet Jim"}, "SY", "PPL", 0),
		row(103, "Dorf", []string{"Dorfchen"}, "DE", "PPL", 0),
		row(104, "Ayn Dal", nil, "DE", "PPL", 0),
	}
}

func altLines() []string {
	return []string{
		altRow(1, 104, "ar", "عين الدال", true),
		altRow(2, 104, "link", "https://example.org/عين", false),
		altRow(3, 900, "ar", "مدينة الطاء", false),
		altRow(4, 101, "ar", "تل بيت", true),
		altRow(5, 101, "en", "Tell Bayt", false),
	}
}

func TestImport(t *testing.T) {
	type want struct {
		nameAr string
		names  []string // in any order
	}
	tests := []struct {
		name      string
		sources   func(dir string) []string
		countries []string
		stats     []SourceStats // paths compared by base name
		places    map[string]want
		absent    []string
	}{
		{
			name:    "dump",
			sources: func(dir string) []string { return []string{writeFile(t, dir, "SY.txt", dumpLines()...)} },
			stats:   []SourceStats{{Path: "SY.txt", Format: FormatGeoNames, Rows: 5, Kept: 3}},
			places: map[string]want{
				"geonames:100":          {"قرية الالف", []string{"Karyat Alif", "قرية الألف", "قرية ألف"}},
				"geonames:101":          {"تل البيت", nil},
				"geonames:102":          {"", []string{"Khirbet Jim"}},
				"geonames:900":          {"", nil},
				"curated:sy-test-field": {"حقل التجربة", nil},
			},
			absent: []string{"geonames:103", "geonames:104"},
		},
		{
			name: "zip dump, alternate names after it",
			sources: func(dir string) []string {
				return []string{
					writeZip(t, dir, "SY.zip", "SY.txt", dumpLines()...),
					writeZip(t, dir, "alternateNamesV2.zip", "alternateNamesV2.txt", altLines()...),
				}
			},
			stats: []SourceStats{
				{Path: "alternateNamesV2.zip", Format: FormatAlternateNames, Rows: 5, Kept: 3},
				{Path: "SY.zip", Format: FormatGeoNames, Rows: 5, Kept: 4},
			},
			places: map[string]want{
				"geonames:101": {"تل بيت", []string{"تل البيت"}},
				"geonames:104": {"عين الدال", nil},
				"geonames:900": {"مدينة الطاء", nil},
			},
			absent: []string{"geonames:103"},
		},
		{
			name: "alternate names alone enrich the base",
			sources: func(dir string) []string {
				return []string{writeGzip(t, dir, "alternateNamesV2.txt.gz", altLines()...)}
			},
			stats:  []SourceStats{{Path: "alternateNamesV2.txt.gz", Format: FormatAlternateNames, Rows: 5, Kept: 3}},
			places: map[string]want{"geonames:900": {"مدينة الطاء", nil}},
			absent: []string{"geonames:104"},
		},
		{
			name:      "other countries",
			sources:   func(dir string) []string { return []string{writeFile(t, dir, "dump.txt", dumpLines()...)} },
			countries: []string{"DE"},
			stats:     []SourceStats{{Path: "dump.txt", Format: FormatGeoNames, Rows: 5, Kept: 4}},
			places: map[string]want{
				"geonames:103": {"", []string{"Dorfchen"}},
				"geonames:104": {"", nil},
				"geonames:101": {"تل البيت", nil},
			},
			absent: []string{"geonames:102"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "index.tsv.gz")
			b := base()
			st, err := Import(context.Background(), Options{Out: out, Sources: tt.sources(dir), Base: b, Coverage: geo.NewCoverage(tt.countries...)})
			if err != nil {
				t.Fatal(err)
			}
			if len(st.Sources) != len(tt.stats) {
				t.Fatalf("stats = %+v, want %+v", st.Sources, tt.stats)
			}
			for i, w := range tt.stats {
				g := st.Sources[i]
				g.Path = filepath.Base(g.Path)
				if g != w {
					t.Errorf("source %d stats = %+v, want %+v", i, g, w)
				}
			}
			got := readIndex(t, out)
			if st.Places != len(got) {
				t.Errorf("Places = %d, index has %d", st.Places, len(got))
			}
			for id, w := range tt.places {
				p, ok := got[id]
				if !ok {
					t.Errorf("%s missing", id)
					continue
				}
				names := slices.Sorted(slices.Values(p.Names))
				wantNames := slices.Sorted(slices.Values(w.names))
				if p.NameAr != w.nameAr || !slices.Equal(names, wantNames) {
					t.Errorf("%s: NameAr %q, Names %q; want %q, %q", id, p.NameAr, p.Names, w.nameAr, w.names)
				}
			}
			for _, id := range tt.absent {
				if _, ok := got[id]; ok {
					t.Errorf("%s kept", id)
				}
			}
			if !slices.Equal(b[0].Names, []string{"قرية ألف"}) || b[1].NameAr != "" {
				t.Errorf("Import changed the caller's base: %+v", b[:2])
			}
		})
	}
}

func TestImportErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "index.tsv.gz")
	if err := os.WriteFile(out, []byte("old index"), 0o644); err != nil {
		t.Fatal(err)
	}
	good := writeFile(t, dir, "SY.txt", dumpLines()...)
	bad := writeFile(t, dir, "IQ.txt", row(1, "A", nil, "IQ", "PPL", 0), strings.Replace(row(2, "B", nil, "IQ", "PPL", 0), "35.5", "north", 1))
	unknown := writeFile(t, dir, "notes.md", "just some notes")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		opts    Options
		wantErr error
		wantIn  string // in the message
	}{
		{"no sources", context.Background(), Options{Out: out}, ErrNoSources, ""},
		{"unknown format", context.Background(), Options{Out: out, Sources: []string{good, unknown}}, ErrUnknownFormat, "notes.md"},
		{"missing file", context.Background(), Options{Out: out, Sources: []string{filepath.Join(dir, "nope.txt")}}, os.ErrNotExist, ""},
		{"malformed dump", context.Background(), Options{Out: out, Sources: []string{good, bad}}, geonames.ErrFormat, "IQ.txt: geonames: malformed line: line 2: latitude"},
		{"cancelled", cancelled, Options{Out: out, Sources: []string{good}}, context.Canceled, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Import(tt.ctx, tt.opts)
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantIn) {
				t.Fatalf("err = %v, want %v with %q", err, tt.wantErr, tt.wantIn)
			}
			if b, _ := os.ReadFile(out); string(b) != "old index" {
				t.Error("a failed import replaced the index")
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".tmp-") {
					t.Errorf("temporary file %s left behind", e.Name())
				}
			}
		})
	}
}

func TestImportProgress(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	_, err := Import(context.Background(), Options{
		Out:      filepath.Join(dir, "index.tsv.gz"),
		Sources:  []string{writeFile(t, dir, "SY.txt", dumpLines()...), writeFile(t, dir, "alternateNamesV2.txt", altLines()...)},
		Progress: &buf,
	})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	last := map[string]string{}
	for _, l := range lines {
		name, _, _ := strings.Cut(l, ":")
		last[name] = l
	}
	for name, want := range map[string]string{
		"alternateNamesV2.txt": "alternateNamesV2.txt: 5 rows read, 3 Arabic names kept",
		"SY.txt":               "SY.txt: 5 rows read, 4 places kept",
	} {
		if last[name] != want {
			t.Errorf("last %s line = %q, want %q (all: %q)", name, last[name], want, lines)
		}
	}
}
