package server

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/internal/pipeline"
	"github.com/incidentmap/incidentmap/internal/samples"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/paulmach/orb/maptile"
)

// sampleServer serves a temporary database loaded with the sample
// articles through the real pipeline, on a loopback port, until the test
// ends. It returns the base URL and the store.
func sampleServer(t *testing.T, e testEngine) (string, store.Store) {
	t.Helper()
	parser, err := loadParser()
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	st := e.open(t)
	x := extract.New()
	proc := pipeline.New(parser, x)
	arts, err := samples.Articles()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if _, err := st.Ingest(ctx, a, proc); err != nil {
			t.Fatal(err)
		}
	}
	s, err := New(Options{Store: st, Places: st, Unresolved: st, Processor: proc, Geoparser: parser, Extractor: x})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(sctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String(), st
}

// gdal runs a GDAL tool and returns its output, skipping the test when
// GDAL is not installed (Debian: gdal-bin).
func gdal(t *testing.T, tool string, args ...string) string {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err != nil {
		t.Skipf("%s not installed (apt-get install gdal-bin)", tool)
	}
	cmd := exec.CommandContext(t.Context(), path, args...)
	// No proxy between GDAL and the loopback server, and no caching.
	cmd.Env = append(os.Environ(), "GDAL_HTTP_PROXY=", "http_proxy=", "HTTP_PROXY=", "no_proxy=127.0.0.1", "CPL_VSIL_CURL_USE_CACHE=NO")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", tool, strings.Join(args, " "), err, out)
	}
	return string(out)
}

var featureCount = regexp.MustCompile(`Feature Count: (\d+)`)

func countOf(t *testing.T, out string) int {
	t.Helper()
	m := featureCount.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no feature count in:\n%s", out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestGDALReadsTheAPI: GDAL's OGC API - Features driver lists the
// collections and copies every incident into a GeoPackage.
func TestGDALReadsTheAPI(t *testing.T) {
	if _, err := exec.LookPath("ogrinfo"); err != nil {
		t.Skip("ogrinfo not installed (apt-get install gdal-bin)")
	}
	forEngines(t, gdalReadsTheAPI)
}

func gdalReadsTheAPI(t *testing.T, e testEngine) {
	base, st := sampleServer(t, e)
	all, err := st.Incidents(t.Context(), store.Query{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total == 0 {
		t.Fatal("the samples gave no incidents")
	}
	out := gdal(t, "ogrinfo", "-ro", "OAPIF:"+base+"/")
	for _, want := range []string{"incidents", "places"} {
		if !strings.Contains(out, want) {
			t.Errorf("ogrinfo does not list %s:\n%s", want, out)
		}
	}
	gpkg := filepath.Join(t.TempDir(), "out.gpkg")
	gdal(t, "ogr2ogr", "-f", "GPKG", gpkg, "OAPIF:"+base+"/", "incidents")
	info := gdal(t, "ogrinfo", "-ro", "-so", gpkg, "incidents")
	if n := countOf(t, info); n != all.Total {
		t.Errorf("GeoPackage holds %d incidents, the store %d", n, all.Total)
	}
	for _, field := range []string{"sub_event_type", "event_type", "date"} {
		if !strings.Contains(info, field) {
			t.Errorf("GeoPackage lacks field %s:\n%s", field, info)
		}
	}
}

// TestGDALReadsTiles: GDAL's MVT driver reads a served tile, saved as
// z/x/y.mvt so that it knows where the tile lies.
func TestGDALReadsTiles(t *testing.T) {
	if _, err := exec.LookPath("ogrinfo"); err != nil {
		t.Skip("ogrinfo not installed (apt-get install gdal-bin)")
	}
	forEngines(t, gdalReadsTiles)
}

func gdalReadsTiles(t *testing.T, e testEngine) {
	base, _ := sampleServer(t, e)
	for _, z := range []int{3, 7} {
		t.Run(fmt.Sprintf("z%d", z), func(t *testing.T) {
			// Deir ez-Zor: several samples lie there.
			tile := maptile.At([2]float64{40.14, 35.33}, maptile.Zoom(z))
			resp, err := http.Get(fmt.Sprintf("%s/tiles/incidents/%d/%d/%d.mvt", base, z, tile.X, tile.Y))
			if err != nil {
				t.Fatal(err)
			}
			b := body(t, resp)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			dir := filepath.Join(t.TempDir(), strconv.Itoa(z), strconv.Itoa(int(tile.X)))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, strconv.Itoa(int(tile.Y))+".mvt")
			if err := os.WriteFile(file, b, 0o644); err != nil {
				t.Fatal(err)
			}
			info := gdal(t, "ogrinfo", "-ro", "-al", "-so", file)
			if n := countOf(t, info); n == 0 {
				t.Errorf("GDAL reads no feature:\n%s", info)
			}
			if !strings.Contains(info, "Layer name: incidents") || !strings.Contains(info, "count:") {
				t.Errorf("unexpected layer:\n%s", info)
			}
		})
	}
}
