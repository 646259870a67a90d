package server

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/internal/store"
)

// qgisPython is the Python that has Debian's python3-qgis.
const qgisPython = "/usr/bin/python3"

// needQGIS skips the test when PyQGIS is not installed (Debian:
// python3-qgis), or fails it when INCIDENTMAP_TEST_REQUIRE_QGIS is set
// (as CI does, which installs it).
func needQGIS(t *testing.T) {
	t.Helper()
	err := exec.CommandContext(t.Context(), qgisPython, "-c", "import qgis.core").Run()
	if err == nil {
		return
	}
	if os.Getenv("INCIDENTMAP_TEST_REQUIRE_QGIS") != "" {
		t.Fatalf("PyQGIS not importable by %s (%v) and INCIDENTMAP_TEST_REQUIRE_QGIS is set (apt-get install python3-qgis)", qgisPython, err)
	}
	t.Skipf("QGIS test skipped: PyQGIS not importable by %s (%v); apt-get install python3-qgis", qgisPython, err)
}

// qgisReport is what testdata/qgis_check.py prints.
type qgisReport struct {
	QGIS       string    `json:"qgis"`
	OAPIFValid bool      `json:"oapif_valid"`
	Extent     []float64 `json:"extent"`
	Fields     []string  `json:"fields"`
	Features   []struct {
		ID           string  `json:"id"`
		EvidenceText *string `json:"evidence_text"`
		SourceURLs   *string `json:"source_urls"`
		NSources     *int    `json:"n_sources"`
	} `json:"features"`
	TilesValid     bool           `json:"tiles_valid"`
	TilesPainted   int            `json:"tiles_painted"`
	TilesErrors    []string       `json:"tiles_errors"`
	StyleConverted bool           `json:"style_converted"`
	StyleWarnings  []string       `json:"style_warnings"`
	StyledPainted  int            `json:"styled_painted"`
	StyledColors   map[string]int `json:"styled_colors"`
}

// TestQGISReadsTheAPI: QGIS (PyQGIS, headless) loads the OGC API layer
// with the data's extent and the flat evidence and source URLs on every
// feature, and renders the vector tiles, plain and with the style the
// server ships (converted by QGIS's MapLibre style converter, drawing
// the types' colours). The rendered images are left in the test's
// temporary directory.
func TestQGISReadsTheAPI(t *testing.T) {
	needQGIS(t)
	// No base URL: QGIS 3.22 does not resolve relative links, so the
	// server builds them on the host QGIS names (issue 13).
	base, st := sampleServer(t, engines[0])
	all, err := st.Incidents(t.Context(), store.Query{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, qgisPython, filepath.Join("testdata", "qgis_check.py"), base, out)
	runtime := filepath.Join(out, "runtime")
	if err := os.Mkdir(runtime, 0o700); err != nil {
		t.Fatal(err)
	}
	cmd.Env = append(os.Environ(), "QT_QPA_PLATFORM=offscreen", "XDG_RUNTIME_DIR="+runtime, "HOME="+out,
		"http_proxy=", "HTTP_PROXY=", "no_proxy=127.0.0.1")
	stdout, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("qgis_check.py: %v\n%s\n%s", err, stdout, stderr)
	}
	lines := strings.Split(strings.TrimSpace(string(stdout)), "\n")
	var r qgisReport
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &r); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	t.Logf("QGIS %s: %d features, extent %v, tiles %d px, styled %d px", r.QGIS, len(r.Features), r.Extent, r.TilesPainted, r.StyledPainted)

	if !r.OAPIFValid {
		t.Fatal("QGIS finds the OGC API layer invalid")
	}
	// The extent is the data's.
	want := []float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, inc := range all.Incidents {
		want[0], want[1] = min(want[0], inc.Point[0]), min(want[1], inc.Point[1])
		want[2], want[3] = max(want[2], inc.Point[0]), max(want[3], inc.Point[1])
	}
	for i := range want {
		if len(r.Extent) != 4 || math.Abs(r.Extent[i]-want[i]) > 1e-5 {
			t.Fatalf("QGIS's extent %v, the data's %v", r.Extent, want)
		}
	}
	if len(r.Features) != all.Total {
		t.Errorf("QGIS reads %d features, the store holds %d", len(r.Features), all.Total)
	}
	for _, f := range r.Features {
		if f.EvidenceText == nil || *f.EvidenceText == "" || f.SourceURLs == nil || !strings.HasPrefix(*f.SourceURLs, "http") ||
			f.NSources == nil || *f.NSources < 1 {
			t.Errorf("feature %s: evidence_text %v, source_urls %v, n_sources %v", f.ID, f.EvidenceText, f.SourceURLs, f.NSources)
		}
	}
	// The tiles render, plain and styled.
	if !r.TilesValid || r.TilesPainted == 0 || len(r.TilesErrors) > 0 {
		t.Errorf("vector tiles: valid %v, %d pixels painted, errors %v", r.TilesValid, r.TilesPainted, r.TilesErrors)
	}
	if !r.StyleConverted || len(r.StyleWarnings) > 0 || r.StyledPainted == 0 {
		t.Errorf("style: converted %v, warnings %v, %d pixels painted", r.StyleConverted, r.StyleWarnings, r.StyledPainted)
	}
	typeColors := 0
	for _, ts := range typeStyles {
		typeColors += r.StyledColors[ts.color]
	}
	if typeColors == 0 {
		t.Errorf("no pixel in a type's colour in the styled rendering (see %s)", out)
	}
}
