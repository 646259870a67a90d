package gazimport

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/incidentmap/incidentmap/geo/gazetteer/embedded"
)

// benchRows is the size of the generated dump: big enough to show the
// streaming rate, small enough for a 2-core machine.
const benchRows = 200_000

// writeBenchDump writes a dump shaped like allCountries: most rows
// outside the region and without Arabic names, one in eight with one,
// one in five in the region.
func writeBenchDump(b *testing.B, path string) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	countries := []string{"US", "DE", "FR", "SY", "CN", "IQ", "BR", "RU", "IN", "TR"}
	for i := 1; i <= benchRows; i++ {
		alts := []string{fmt.Sprintf("Place %d", i), fmt.Sprintf("Plaats %d", i), fmt.Sprintf("Ort %d", i)}
		if i%8 == 0 {
			alts = append(alts, "قرية البئر", "قَرْيَة البِئْر", "روستای چاه")
		}
		fmt.Fprintln(w, row(i, fmt.Sprintf("Place %d", i), alts, countries[i%len(countries)], "PPL", i%5000))
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
}

func BenchmarkImport(b *testing.B) {
	dir := b.TempDir()
	dump := filepath.Join(dir, "allCountries.txt")
	writeBenchDump(b, dump)
	base, err := embedded.Places()
	if err != nil {
		b.Fatal(err)
	}
	fi, _ := os.Stat(dump)
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	var st Stats
	for b.Loop() {
		st, err = Import(context.Background(), Options{Out: filepath.Join(dir, "index.tsv.gz"), Sources: []string{dump}, Base: base})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(st.Places), "places")
}
