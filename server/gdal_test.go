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
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/internal/pipeline"
	"github.com/incidentmap/incidentmap/internal/samples"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// sampleServer serves a temporary database loaded with the sample
// articles through the real pipeline, on a loopback port, until the test
// ends, without a base URL (links on the host the client names). It
// returns the server's URL and the store.
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
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Store: st, Places: st, Unresolved: st, Processor: proc, Geoparser: parser, Extractor: x})
	if err != nil {
		ln.Close()
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

// needGDAL skips the test when GDAL's tools are not installed (Debian:
// gdal-bin), or fails it when INCIDENTMAP_TEST_REQUIRE_GDAL is set (as
// CI does, which installs them).
func needGDAL(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("ogrinfo"); err != nil {
		if os.Getenv("INCIDENTMAP_TEST_REQUIRE_GDAL") != "" {
			t.Fatal("ogrinfo not installed and INCIDENTMAP_TEST_REQUIRE_GDAL is set (apt-get install gdal-bin)")
		}
		t.Skip("ogrinfo not installed (apt-get install gdal-bin)")
	}
}

// gdal runs a GDAL tool and returns its output, skipping the test when
// GDAL is not installed (see needGDAL).
func gdal(t *testing.T, tool string, args ...string) string {
	t.Helper()
	needGDAL(t)
	path, err := exec.LookPath(tool)
	if err != nil {
		t.Fatalf("%s not installed (apt-get install gdal-bin)", tool)
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
	needGDAL(t)
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
	for _, field := range []string{"sub_event_type", "event_type", "date", "evidence_text: String", "source_urls: String",
		"source_titles: String", "outlets: String", "n_sources: Integer"} {
		if !strings.Contains(info, field) {
			t.Errorf("GeoPackage lacks field %s:\n%s", field, info)
		}
	}
	// The flat evidence and sources are there on every feature, as the
	// store has them.
	sql := gdal(t, "ogrinfo", "-ro", "-q", gpkg, "-sql",
		"SELECT COUNT(*) AS missing FROM incidents WHERE evidence_text IS NULL OR evidence_text = '' OR source_urls IS NULL OR source_urls NOT LIKE 'http%' OR n_sources < 1")
	if !strings.Contains(sql, "missing (Integer) = 0") {
		t.Errorf("features without evidence_text or source_urls in the GeoPackage:\n%s", sql)
	}
	inc := all.Incidents[0]
	row := gdal(t, "ogrinfo", "-ro", "-q", gpkg, "-sql", "SELECT source_urls, n_sources FROM incidents WHERE id = '"+inc.ID+"'")
	if want := "source_urls (String) = " + inc.Sources[0].URL; !strings.Contains(row, want) {
		t.Errorf("incident %s: want %q in\n%s", inc.ID, want, row)
	}
}

// TestGDALFilters: what ogrinfo sends for -where on the id and on the
// date, and for -spat, is understood and gives the store's answer.
func TestGDALFilters(t *testing.T) {
	needGDAL(t)
	forEngines(t, gdalFilters)
}

var ogrFeature = regexp.MustCompile(`(?m)^OGRFeature\(incidents\):`)

func gdalFilters(t *testing.T, e testEngine) {
	base, st := sampleServer(t, e)
	ctx := t.Context()
	count := func(q store.Query) int {
		t.Helper()
		q.Limit = store.MaxLimit
		page, err := st.Incidents(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return page.Total
	}
	all, err := st.Incidents(ctx, store.Query{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	// A date that splits the samples.
	var dates []time.Time
	for _, inc := range all.Incidents {
		if !inc.Date.IsZero() {
			dates = append(dates, inc.Date)
		}
	}
	slices.SortFunc(dates, time.Time.Compare)
	if len(dates) < 3 {
		t.Fatalf("%d dated samples", len(dates))
	}
	mid := dates[len(dates)/2]
	day := mid.Format(time.DateOnly)
	oapif := "OAPIF:" + base + "/"

	t.Run("where id", func(t *testing.T) {
		want := all.Incidents[len(all.Incidents)/2]
		out := gdal(t, "ogrinfo", "-ro", "-q", oapif, "incidents", "-where", "id='"+want.ID+"'")
		if n := len(ogrFeature.FindAllString(out, -1)); n != 1 || !strings.Contains(out, "id (String) = "+want.ID) {
			t.Errorf("%d features for id %s:\n%s", n, want.ID, out)
		}
		if !strings.Contains(out, "evidence_text (String) = ") || !strings.Contains(out, "source_urls (String) = "+want.Sources[0].URL) {
			t.Errorf("flat fields missing:\n%s", out)
		}
	})
	for _, tc := range []struct {
		where string
		q     store.Query
	}{
		{"date >= '" + day + "'", store.Query{From: mid}},
		{"date <= '" + day + "'", store.Query{To: mid}},
		{"date = '" + day + "'", store.Query{From: mid, To: mid}},
		// GDAL 3.6 sends > and < as the ends of an interval, which OGC
		// API intervals include, and does not filter again: only the
		// inclusive comparisons give exact answers.
		{"date >= '" + dates[1].Format(time.DateOnly) + "' AND date <= '" + day + "'", store.Query{From: dates[1], To: mid}},
	} {
		t.Run("where "+tc.where, func(t *testing.T) {
			out := gdal(t, "ogrinfo", "-ro", "-so", oapif, "incidents", "-where", tc.where)
			if strings.Contains(out, "ERROR") {
				t.Fatalf("ogrinfo reports an error:\n%s", out)
			}
			if got, want := countOf(t, out), count(tc.q); got != want {
				t.Errorf("%d features, the store has %d", got, want)
			}
		})
	}
	t.Run("spat", func(t *testing.T) {
		// Eastern Syria: some samples, not all.
		box := orb.Bound{Min: orb.Point{38, 34}, Max: orb.Point{42, 37.5}}
		want := count(store.Query{BBox: &box})
		if want == 0 || want == all.Total {
			t.Fatalf("the box holds %d of %d samples: choose another", want, all.Total)
		}
		out := gdal(t, "ogrinfo", "-ro", "-so", oapif, "incidents", "-spat", "38", "34", "42", "37.5")
		if got := countOf(t, out); got != want || strings.Contains(out, "ERROR") {
			t.Errorf("%d features in the box, the store has %d:\n%s", got, want, out)
		}
	})
	t.Run("an id appended to an old f=json link", func(t *testing.T) {
		want := all.Incidents[0].ID
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.Get(base + "/collections/incidents/items?f=json/" + want)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusPermanentRedirect || loc != base+"/collections/incidents/items/"+want {
			t.Errorf("%d to %q", resp.StatusCode, loc)
		}
		resp, err = http.Get(base + "/collections/incidents/items?f=json/" + want)
		if err != nil {
			t.Fatal(err)
		}
		if b := body(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(string(b), `"id":"`+want+`"`) {
			t.Errorf("followed: %d %.200s", resp.StatusCode, b)
		}
	})
	t.Run("extent", func(t *testing.T) {
		out := gdal(t, "ogrinfo", "-ro", "-so", oapif, "incidents")
		if strings.Contains(out, "Extent: (-180.000000, -90.000000)") || !strings.Contains(out, "TEMPORAL_INTERVAL_MIN="+dates[0].Format(time.DateOnly)) {
			t.Errorf("not the data's extent:\n%s", out)
		}
	})
}

// TestGDALReadsTiles: GDAL's MVT driver reads a served tile, saved as
// z/x/y.mvt so that it knows where the tile lies.
func TestGDALReadsTiles(t *testing.T) {
	needGDAL(t)
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
