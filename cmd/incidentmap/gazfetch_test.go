package main

import (
	"archive/zip"
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestGazetteerFetchCommand: fetch from a local mirror, on a database
// where the fetched village was unplaced: the index places it, and the
// command says how many articles a reprocess would change.
func TestGazetteerFetchCommand(t *testing.T) {
	dir := t.TempDir()
	zipOf := func(lines ...string) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("SY.txt")
		w.Write([]byte(strings.Join(lines, "\n") + "\n"))
		zw.Close()
		return buf.Bytes()
	}
	// A village we made up, with its Arabic name in the alternate names.
	files := map[string][]byte{
		"/dump/SY.zip":                zipOf("9900201\tKafr Turmus\tKafr Turmus\tKafr Tormos\t35.81\t36.72\tP\tPPL\tSY\t\t07\t\t\t\t0\t\t\tAsia/Damascus\t2026-01-01"),
		"/dump/alternatenames/SY.zip": zipOf("7700201\t9900201\tar\tكفر طرموس\t1\t\t\t\t\t"),
	}
	var bodies atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		bodies.Add(1)
		w.Header().Set("ETag", `"v1"`)
		w.Write(b)
	}))
	defer srv.Close()

	db := filepath.Join(dir, "x.db")
	art := writeFile(t, dir, "a.txt", "قصف مدفعي على كفر طرموس\nسقطت قذائف صباح اليوم على قرية كفر طرموس في ريف إدلب.")
	if code, _, stderr := cli(t, "", "ingest", "--db", db, art); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	out := filepath.Join(dir, "sy.gaz.gz")
	args := []string{"gazetteer", "fetch", "--db", db, "--out", out, "--cache", filepath.Join(dir, "cache"),
		"--geonames-url", srv.URL + "/dump/", "SY"}
	code, _, stderr := cli(t, "", args...)
	if code != 0 {
		t.Fatalf("fetch: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"wrote " + out, "2 of 2 files downloaded", "places 1 of the", "stored articles naming them: 1",
		"incidentmap reprocess --db " + db + " --gazetteer " + out} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	code, stdout, stderr := cli(t, "", "geoparse", "--gazetteer", out, art)
	if code != 0 || !strings.Contains(stdout, "geonames:9900201") {
		t.Fatalf("fetched place not used: exit %d %s %s", code, stdout, stderr)
	}

	t.Run("again: nothing downloaded", func(t *testing.T) {
		before := bodies.Load()
		code, _, stderr := cli(t, "", append([]string{"gazetteer", "fetch", "--quiet"}, args[2:]...)...)
		if code != 0 || bodies.Load() != before || !strings.Contains(stderr, "0 of 2 files downloaded") {
			t.Errorf("exit %d, %d bodies sent: %s", code, bodies.Load()-before, stderr)
		}
	})
	t.Run("a moved source", func(t *testing.T) {
		before, _ := os.ReadFile(out)
		code, _, stderr := cli(t, "", "gazetteer", "fetch", "--quiet", "--out", out, "--cache", filepath.Join(dir, "cache"),
			"--geonames-url", srv.URL+"/old/", "SY")
		if code != 1 || !strings.Contains(stderr, srv.URL+"/old/SY.zip") || !strings.Contains(stderr, "404") || !strings.Contains(stderr, "left unchanged") {
			t.Errorf("exit %d: %s", code, stderr)
		}
		if after, _ := os.ReadFile(out); !bytes.Equal(before, after) {
			t.Error("index changed")
		}
	})
	t.Run("--reprocess", func(t *testing.T) {
		code, _, stderr := cli(t, "", append([]string{"gazetteer", "fetch", "--quiet", "--reprocess"}, args[2:]...)...)
		if code != 0 || !strings.Contains(stderr, "reprocess: 1 articles") {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		// The village is placed in the store now: nothing left to place.
		code, _, stderr = cli(t, "", append([]string{"gazetteer", "fetch", "--quiet"}, args[2:]...)...)
		if code != 0 || strings.Contains(stderr, "كفر طرموس") || !strings.Contains(stderr, "none of the") {
			t.Errorf("exit %d: %s", code, stderr)
		}
	})
	t.Run("usage", func(t *testing.T) {
		for _, a := range [][]string{{"gazetteer", "fetch"}, {"gazetteer", "fetch", "Syria"}, {"gazetteer", "fetch", "--idle-timeout", "0s", "SY"},
			{"gazetteer", "fetch", "--reprocess", "--db", filepath.Join(dir, "none.db"), "SY"}} {
			if code, _, _ := cli(t, "", a...); code != 2 {
				t.Errorf("%v: exit %d, want 2", a, code)
			}
		}
	})
}
