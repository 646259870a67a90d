package gazfetch

import (
	"archive/zip"
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo/gazetteer/embedded"
)

// The generated dumps: rows per country and how many countries. The
// defaults stand for one country's dump; GeoNames' real per-country row
// counts could not be read from this machine (no outside host), so the
// README quotes the sizes measured together with the row counts used.
var (
	benchRows      = flag.Int("rows", 60_000, "rows of each generated country dump (BenchmarkFetch)")
	benchCountries = flag.Int("countries", 1, "generated countries (BenchmarkFetch), from the conflict preset")
	benchMirror    = flag.String("mirror-dir", "", "also write the generated dump directory here, to serve it to the real command")
)

// writeCountry writes dir/CC.zip and dir/alternatenames/CC.zip: a dump
// shaped like a country file of the region (one row in four a populated
// place with many alternates, two of them Arabic; one in four with a
// single Arabic alternate; the rest Latin only: streams, hills, wells),
// and alternate names for half the rows (ar, en, fa).
func writeCountry(b *testing.B, dir, cc string, firstID, rows int) {
	b.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "alternatenames"), 0o755); err != nil {
		b.Fatal(err)
	}
	dump := func(w io.Writer) {
		bw := bufio.NewWriter(w)
		for i := 0; i < rows; i++ {
			id := firstID + i
			name := fmt.Sprintf("Khirbat Qarya %d", id)
			var alts []string
			class, code := "P", "PPL"
			switch i % 4 {
			case 0:
				alts = []string{fmt.Sprintf("Khirbet Qarya %d", id), fmt.Sprintf("Kharbet Qaria %d", id), fmt.Sprintf("Chirbat Karja %d", id),
					fmt.Sprintf("Hirbet Karye %d", id), fmt.Sprintf("Qarya-%d", id), fmt.Sprintf("QRY%d", id), "خربة القرية", "خربة قرية", "خربه القریه"}
			case 1:
				alts = []string{"تل العين"}
			case 2:
				class, code, alts = "H", "WAD", []string{fmt.Sprintf("Wadi %d", id)}
			default:
				class, code = "T", "HLL"
			}
			fmt.Fprintln(bw, strings.Join([]string{
				fmt.Sprint(id), name, name, strings.Join(alts, ","), fmt.Sprintf("%.5f", 32+float64(i%500)/100), fmt.Sprintf("%.5f", 36+float64(i%700)/100),
				class, code, cc, "", "01", "", "", "", fmt.Sprint(i % 3000), "", "400", "Asia/Damascus", "2026-10-01",
			}, "\t"))
		}
		bw.Flush()
	}
	alternates := func(w io.Writer) {
		bw := bufio.NewWriter(w)
		for i := 0; i < rows; i += 2 {
			id := firstID + i
			fmt.Fprintf(bw, "%d\t%d\tar\tقرية الوادي %d\t1\t\t\t\t\t\n", 3*id, id, i%97)
			fmt.Fprintf(bw, "%d\t%d\ten\tQaryat al Wadi %d\t\t\t\t\t\t\n", 3*id+1, id, i)
			fmt.Fprintf(bw, "%d\t%d\tfa\tقریه وادی\t\t\t\t\t\t\n", 3*id+2, id)
		}
		bw.Flush()
	}
	writeZipFile(b, filepath.Join(dir, cc+".zip"), cc+".txt", dump)
	writeZipFile(b, filepath.Join(dir, "alternatenames", cc+".zip"), cc+".txt", alternates)
}

func writeZipFile(b *testing.B, path, inner string, body func(io.Writer)) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, err := zw.Create(inner)
	if err != nil {
		b.Fatal(err)
	}
	body(w)
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkFetch builds an index from generated dumps served on loopback,
// with the embedded default as base, as the command does: "cold" from an
// empty cache (download, checks, import), "warm" from a full one (every
// file answered 304: the import alone).
func BenchmarkFetch(b *testing.B) {
	dir := b.TempDir()
	mirrorDir := filepath.Join(dir, "mirror")
	if *benchMirror != "" {
		mirrorDir = *benchMirror
	}
	countries := Presets()["conflict"][:min(*benchCountries, 8)]
	var dumpBytes int64
	for i, cc := range countries {
		writeCountry(b, mirrorDir, cc, 10_000_000*(i+1), *benchRows)
		for _, p := range []string{cc + ".zip", "alternatenames/" + cc + ".zip"} {
			fi, err := os.Stat(filepath.Join(mirrorDir, p))
			if err != nil {
				b.Fatal(err)
			}
			dumpBytes += fi.Size()
		}
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(mirrorDir))) // answers If-Modified-Since
	defer srv.Close()
	base, err := embedded.Places()
	if err != nil {
		b.Fatal(err)
	}
	opts := func(cache string) Options {
		return Options{Countries: countries, GeoNamesURL: srv.URL, CacheDir: cache, Out: filepath.Join(dir, "index.gaz.gz"), Base: base}
	}
	report := func(b *testing.B, res Result) {
		fi, err := os.Stat(filepath.Join(dir, "index.gaz.gz"))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(fi.Size()), "index-bytes")
		b.ReportMetric(float64(res.Import.Places), "places")
		b.ReportMetric(float64(dumpBytes), "zip-bytes")
	}
	b.Run("cold", func(b *testing.B) {
		b.ReportAllocs()
		var res Result
		n := 0
		for b.Loop() {
			n++
			var err error
			if res, err = Fetch(context.Background(), opts(filepath.Join(dir, fmt.Sprintf("cold-%d", n)))); err != nil {
				b.Fatal(err)
			}
		}
		report(b, res)
	})
	b.Run("warm", func(b *testing.B) {
		cache := filepath.Join(dir, "warm")
		if _, err := Fetch(context.Background(), opts(cache)); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		var res Result
		for b.Loop() {
			var err error
			if res, err = Fetch(context.Background(), opts(cache)); err != nil {
				b.Fatal(err)
			}
			if res.Downloaded != 0 {
				b.Fatalf("warm cache downloaded %d bytes", res.Downloaded)
			}
		}
		report(b, res)
	})
}
