package gazimport

import (
	"archive/zip"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer/embedded"
)

// row is a GeoNames dump line.
func row(id int, name string, alts []string, cc, code string, pop int) string {
	return strings.Join([]string{
		fmt.Sprint(id), name, name, strings.Join(alts, ","), "35.5", "38.5", "P", code, cc, "",
		"01", "", "", "", fmt.Sprint(pop), "", "300", "Asia/Damascus", "2024-05-01",
	}, "\t")
}

// altRow is an alternateNamesV2 line.
func altRow(altID, geonameID int, lang, name string, preferred bool) string {
	p := ""
	if preferred {
		p = "1"
	}
	return fmt.Sprintf("%d\t%d\t%s\t%s\t%s\t\t\t\t\t", altID, geonameID, lang, name, p)
}

func writeFile(t testing.TB, dir, name string, lines ...string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeZip writes a zip holding inner with the lines, plus a readme.
func writeZip(t testing.TB, dir, name, inner string, lines ...string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, e := range []struct{ name, body string }{{"readme.txt", "about\n"}, {inner, strings.Join(lines, "\n") + "\n"}} {
		w, err := zw.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

func writeGzip(t testing.TB, dir, name string, lines ...string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	zw.Write([]byte(strings.Join(lines, "\n") + "\n"))
	zw.Close()
	f.Close()
	return path
}

// readIndex reads an index file back into places by ID.
func readIndex(t testing.TB, path string) map[string]geo.Place {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	places, err := embedded.AppendTable(nil, f, true)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]geo.Place{}
	for _, p := range places {
		if _, dup := byID[p.ID]; dup {
			t.Errorf("duplicate id %s in index", p.ID)
		}
		byID[p.ID] = p
	}
	return byID
}
