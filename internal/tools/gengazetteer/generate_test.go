package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
)

// dump is a small cities500 in GeoNames' 19-column format, out of id order.
var dump = strings.Join([]string{
	"# a comment",
	"170063\tAleppo\tAleppo\tHalab,حلب\t36.20124\t37.16117\tP\tPPLA\tSY\t\t09\t\t\t\t1602264\t\t390\tAsia/Damascus\t2024-01-01",
	"2950159\tBerlin\tBerlin\tBerlino,برلين\t52.52437\t13.41053\tP\tPPLC\tDE\t\t16\t\t\t\t3426354\t\t74\tEurope/Berlin\t2024-01-01",
	"2911298\tHamburg\tHamburg\tAmburgo\t53.57532\t10.01534\tP\tPPLA\tDE\t\t04\t\t\t\t1739117\t\t15\tEurope/Berlin\t2024-01-01",
	"296852\tSarıkamış\tSarikamis\tSarykamysh\t40.33\t42.59\tP\tPPL\tTR\t\t36\t\t\t\t17000\t\t2100\tEurope/Istanbul\t2024-01-01",
	"",
}, "\n")

func TestGenerate(t *testing.T) {
	var out bytes.Buffer
	st, err := generate(strings.NewReader(dump), &out, geo.DefaultCoverage())
	if err != nil {
		t.Fatal(err)
	}
	if st.Rows != 4 || st.Places != 3 || st.Arabic != 2 {
		t.Errorf("stats = %+v, want 4 rows, 3 places, 2 Arabic", st)
	}
	zr, err := gzip.NewReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if zr.Name != "" || !zr.ModTime.IsZero() {
		t.Errorf("gzip header has name %q, time %v: the output would not be reproducible", zr.Name, zr.ModTime)
	}
	rd, err := gazetteer.NewReader(zr)
	if err != nil {
		t.Fatal(err)
	}
	var got []geo.Place
	for {
		p, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p)
	}
	want := []struct {
		id, nameAr, names string
	}{
		{"geonames:170063", "حلب", "Halab"},             // in the region: with its Latin names
		{"geonames:296852", "", "Sarikamis|Sarykamysh"}, // no Arabic name, in the region: kept
		{"geonames:2950159", "برلين", ""},               // outside the region: without "Berlino"
	} // Hamburg: no Arabic name, outside the region: dropped
	if len(got) != len(want) {
		t.Fatalf("got %d places, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		t.Run(w.id, func(t *testing.T) {
			p := got[i]
			if p.ID != w.id || p.NameAr != w.nameAr || strings.Join(p.Names, "|") != w.names || p.Source != Source {
				t.Errorf("place = %+v, want %+v", p, w)
			}
		})
	}

	var again bytes.Buffer
	if _, err := generate(strings.NewReader(dump), &again, geo.DefaultCoverage()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), again.Bytes()) {
		t.Error("two runs gave different bytes")
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "cities500.txt")
	if err := os.WriteFile(in, []byte(dump), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.tsv.gz")
	st, err := run(in, out, geo.DefaultCoverage())
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() != st.Bytes || st.Places != 3 {
		t.Errorf("stats = %+v, file has %d bytes", st, fi.Size())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temporary file left behind: %v", entries)
	}
	if _, err := run(filepath.Join(dir, "missing.txt"), out, geo.DefaultCoverage()); err == nil {
		t.Error("missing input: no error")
	}
}
