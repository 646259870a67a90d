package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cli runs the command in-process and returns its exit code and output.
func cli(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const article = "غارة على البوكمال\nقصفت طائرات مجهولة مواقع في مدينة البوكمال وبلدة هجين شرقي دير الزور."

func TestGeoparseCommand(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.txt", article)
	bad := writeFile(t, dir, "bad.txt", "حلب \xff\xfe")
	empty := writeFile(t, dir, "empty.txt", "  \n")
	binary := writeFile(t, dir, "bin.txt", "\x00\x01\x02PK")

	t.Run("one file gives a FeatureCollection", func(t *testing.T) {
		code, out, stderr := cli(t, "", "geoparse", good)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var fc struct {
			Type     string `json:"type"`
			Features []struct {
				Geometry struct {
					Type        string    `json:"type"`
					Coordinates []float64 `json:"coordinates"`
				} `json:"geometry"`
				Properties map[string]any `json:"properties"`
			} `json:"features"`
			Attribution string `json:"attribution"`
			Unresolved  []any  `json:"unresolved"`
		}
		if err := json.Unmarshal([]byte(out), &fc); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		if fc.Type != "FeatureCollection" || len(fc.Features) == 0 || !strings.Contains(fc.Attribution, "GeoNames") {
			t.Fatalf("unexpected output: %s", out)
		}
		for _, f := range fc.Features {
			if f.Geometry.Type != "Point" || len(f.Geometry.Coordinates) != 2 {
				t.Errorf("bad geometry %+v", f.Geometry)
			}
			for _, k := range []string{"name", "name_ar", "source_id", "geonameid", "kind", "feature_code", "country_code", "admin1", "population", "confidence", "mentions"} {
				if _, ok := f.Properties[k]; !ok {
					t.Errorf("property %s missing", k)
				}
			}
		}
		if fc.Unresolved == nil {
			t.Error("unresolved member missing")
		}
	})
	t.Run("several files give an array, --jsonl lines", func(t *testing.T) {
		code, out, _ := cli(t, article, "geoparse", good, "-")
		var arr []map[string]any
		if code != 0 || json.Unmarshal([]byte(out), &arr) != nil || len(arr) != 2 {
			t.Fatalf("exit %d, want an array of 2: %s", code, out)
		}
		code, out, _ = cli(t, "", "geoparse", "--jsonl", good, good)
		if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || len(lines) != 2 {
			t.Fatalf("exit %d, want 2 lines: %s", code, out)
		}
	})
	for _, tc := range []struct{ name, file, want string }{
		{"invalid UTF-8", bad, "not valid UTF-8"},
		{"empty", empty, "empty"},
		{"binary", binary, "binary"},
		{"missing", filepath.Join(dir, "nope.txt"), "no such file"},
	} {
		t.Run(tc.name+" fails cleanly", func(t *testing.T) {
			code, out, stderr := cli(t, "", "geoparse", good, tc.file)
			if code == 0 || out != "" || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want non-zero, no output, %q", code, out, stderr, tc.want)
			}
		})
	}
	t.Run("--incidents gives the incidents", func(t *testing.T) {
		code, out, stderr := cli(t, "", "geoparse", "--incidents", "--published", "2025-03-04", good)
		var fc struct {
			Features []struct {
				Properties map[string]any `json:"properties"`
			} `json:"features"`
		}
		if code != 0 || json.Unmarshal([]byte(out), &fc) != nil || len(fc.Features) == 0 {
			t.Fatalf("exit %d: %s %s", code, out, stderr)
		}
		if got := fc.Features[0].Properties["sub_event_type"]; got != "Air/drone strike" {
			t.Errorf("sub_event_type %v, want Air/drone strike", got)
		}
	})
	t.Run("bad flags", func(t *testing.T) {
		if code, _, _ := cli(t, "", "geoparse", "--published", "yesterday", good); code == 0 {
			t.Error("bad date accepted")
		}
		if code, _, _ := cli(t, "", "geoparse"); code != 2 {
			t.Error("no files: want usage exit 2")
		}
		if code, _, _ := cli(t, "", "nonsense"); code != 2 {
			t.Error("unknown command: want exit 2")
		}
	})
	t.Run("env fallback for the gazetteer", func(t *testing.T) {
		t.Setenv("INCIDENTMAP_GAZETTEER", filepath.Join(dir, "missing.gz"))
		code, _, stderr := cli(t, "", "geoparse", good)
		if code == 0 || !strings.Contains(stderr, "missing.gz") {
			t.Errorf("INCIDENTMAP_GAZETTEER ignored: exit %d, %s", code, stderr)
		}
	})
}

func TestGazetteerImportCommand(t *testing.T) {
	dir := t.TempDir()
	// A one-row GeoNames dump of a village we made up, with an Arabic name.
	dump := writeFile(t, dir, "XX.txt", "9900001\tZaghlabuna\tZaghlabuna\tزغلبونة\t35.2\t40.3\tP\tPPL\tSY\t\t07\t\t\t\t0\t\t\tAsia/Damascus\t2026-01-01\n")
	out := filepath.Join(dir, "x.gaz.gz")
	if code, _, stderr := cli(t, "", "gazetteer", "import", "--quiet", "--out", out, dump); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	text := writeFile(t, dir, "a.txt", "قصف على زغلبونة\nسقطت قذائف على قرية زغلبونة.")
	code, stdout, stderr := cli(t, "", "geoparse", "--gazetteer", out, text)
	if code != 0 || !strings.Contains(stdout, "geonames:9900001") {
		t.Fatalf("imported place not used: exit %d %s %s", code, stdout, stderr)
	}
	if code, _, _ := cli(t, "", "gazetteer", "import", dump); code != 2 {
		t.Error("missing --out: want exit 2")
	}
}

func TestEvalCommand(t *testing.T) {
	const dev = "../../../shared/eval/dev"
	if _, err := os.Stat(dev); err != nil {
		t.Skip("no ../shared/eval/dev")
	}
	code, out, stderr := cli(t, "", "eval", "--gold", dev, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if _, ok := rep["recognition"]; !ok {
		t.Errorf("no recognition in %v", rep)
	}
}

func TestPlacesCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	art := writeFile(t, dir, "a.txt", "قصف على قرية زغلبونة\nقصفت المدفعية قرية زغلبونة في ريف حماة الشمالي.")
	if code, _, stderr := cli(t, "", "ingest", "--db", db, art); code != 0 {
		t.Fatalf("ingest: %d %s", code, stderr)
	}
	code, out, stderr := cli(t, "", "places", "add", "--db", db, "--name-ar", "زغلبونة", "--country", "sy", "--lat", "35.3", "--lon", "36.7")
	if code != 0 || !strings.HasPrefix(out, "local:") {
		t.Fatalf("add: exit %d, %q %s", code, out, stderr)
	}
	id := strings.TrimSpace(out)
	if _, out, _ := cli(t, "", "places", "list", "--db", db); !strings.Contains(out, id) || !strings.Contains(out, "زغلبونة") {
		t.Errorf("list: %q", out)
	}
	if _, out, _ := cli(t, "", "incidents", "--db", db); !strings.Contains(out, id) {
		t.Errorf("the stored article was not reprocessed onto %s: %s", id, out)
	}
	if code, _, _ := cli(t, "", "places", "remove", "--db", db, id); code != 0 {
		t.Error("remove failed")
	}
	if code, _, _ := cli(t, "", "places", "remove", "--db", db, id); code == 0 {
		t.Error("removing twice succeeded")
	}
	if code, _, _ := cli(t, "", "places", "add", "--db", db, "--name-ar", "x", "--lat", "99", "--lon", "0"); code != 2 {
		t.Error("bad latitude accepted")
	}
}
