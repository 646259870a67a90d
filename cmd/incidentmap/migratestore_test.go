package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/internal/store/pgtest"
)

// pgCluster is the throwaway PostgreSQL of the commands' tests.
var pgCluster *pgtest.Cluster

func TestMain(m *testing.M) {
	// The test binary stands in for incidentmap when a test runs it as
	// a process of its own (see runCLI).
	if os.Getenv(envRunCLI) != "" {
		main()
	}
	os.Exit(pgtest.Main(m, &pgCluster))
}

// TestMigrateStore copies an SQLite store into PostgreSQL and reads the
// same incidents back; a second run copies nothing.
func TestMigrateStore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "im.db")
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, in, "1.txt", article)
	writeFile(t, in, "2.jsonl", `{"title": "قصف على إدلب", "text": "قصفت قوات النظام بالمدفعية أطراف مدينة إدلب صباح اليوم.", "source": "وكالة أ", "published": "2024-03-01"}`+"\n")
	if code, out, stderr := cli(t, "", "ingest", "--db", db, in); code != 0 {
		t.Fatalf("ingest: exit %d\n%s\n%s", code, out, stderr)
	}
	if code, _, stderr := cli(t, "", "places", "add", "--db", db, "--name-ar", "تل عدس", "--lat", "36.2", "--lon", "40.1"); code != 0 {
		t.Fatalf("places add: exit %d: %s", code, stderr)
	}
	url := pgCluster.Database(t)
	code, out, stderr := cli(t, "", "migrate-store", "--from", db, "--to", url)
	if code != 0 || !strings.Contains(out, "1 local places copied, 2 articles: 2 copied, 0 already there, 0 failed") {
		t.Fatalf("migrate-store: exit %d\nstdout: %s\nstderr: %s", code, out, stderr)
	}
	code, out, stderr = cli(t, "", "migrate-store", "--from", db, "--to", url)
	if code != 0 || !strings.Contains(out, "0 local places copied, 2 articles: 0 copied, 2 already there, 0 failed") {
		t.Fatalf("migrate-store again: exit %d\nstdout: %s\nstderr: %s", code, out, stderr)
	}
	features := func(db string) []string {
		t.Helper()
		code, out, stderr := cli(t, "", "incidents", "--db", db)
		if code != 0 {
			t.Fatalf("incidents --db %s: exit %d: %s", db, code, stderr)
		}
		var fc struct {
			Features []struct {
				Properties map[string]any `json:"properties"`
			} `json:"features"`
		}
		if err := json.Unmarshal([]byte(out), &fc); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range fc.Features {
			got = append(got, f.Properties["sub_event_type"].(string)+" "+f.Properties["place"].(string))
		}
		return got
	}
	a, b := features(db), features(url)
	if len(a) == 0 || strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Errorf("SQLite has %v, PostgreSQL %v", a, b)
	}
	if code, out, _ := cli(t, "", "places", "list", "--db", url); code != 0 || !strings.Contains(out, "تل عدس") {
		t.Errorf("places list on PostgreSQL: exit %d: %s", code, out)
	}
	if code, _, stderr := cli(t, "", "migrate-store", "--from", filepath.Join(dir, "typo.db"), "--to", url); code != 1 || !strings.Contains(stderr, "no such database") {
		t.Errorf("a missing source: exit %d: %s", code, stderr)
	}
}
