package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStoreCommands runs ingest, incidents and reprocess on one database.
func TestStoreCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "im.db")
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, in, "1.txt", article)
	writeFile(t, in, "2.jsonl", `{"title": "قصف على إدلب", "text": "قصفت قوات النظام بالمدفعية أطراف مدينة إدلب صباح اليوم.", "source": "وكالة أ", "published": "2024-03-01"}`+"\n"+
		`{"title": "بلا نص"}`+"\n")

	code, out, stderr := cli(t, "", "ingest", "--db", db, in)
	if code != 1 || !strings.Contains(out, "2 files, 2 articles: 2 new, 0 existed, 1 failed") || !strings.Contains(stderr, "2.jsonl:2: missing text") {
		t.Fatalf("first ingest: exit %d\nstdout: %s\nstderr: %s", code, out, stderr)
	}
	code, out, stderr = cli(t, "", "ingest", "--db", db, filepath.Join(in, "1.txt"))
	if code != 0 || !strings.Contains(out, "1 files, 1 articles: 0 new, 1 existed, 0 failed") {
		t.Fatalf("second ingest: exit %d\nstdout: %s\nstderr: %s", code, out, stderr)
	}

	var fc struct {
		Type           string `json:"type"`
		NumberMatched  int    `json:"numberMatched"`
		NumberReturned int    `json:"numberReturned"`
		Features       []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	for _, args := range [][]string{
		{"incidents", "--db", db},
		{"incidents", "--db", db, "--bbox", "35,32,43,38", "--from", "2024-01-01", "--to", "2024-12-31", "--type", "Air/drone strike", "--actor", "x", "--q", "إدلب", "--limit", "5"},
	} {
		code, out, stderr = cli(t, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		if err := json.Unmarshal([]byte(out), &fc); err != nil || fc.Type != "FeatureCollection" || fc.NumberReturned != len(fc.Features) {
			t.Fatalf("%v: not a FeatureCollection (%v): %s", args, err, out)
		}
	}

	code, out, stderr = cli(t, "", "reprocess", "--db", db)
	if code != 0 || !strings.HasPrefix(out, "reprocess: 2 articles, ") {
		t.Fatalf("reprocess: exit %d\nstdout: %s\nstderr: %s", code, out, stderr)
	}

	bad := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"ingest", "--db", db}, 2, "usage: incidentmap ingest"},
		{[]string{"incidents", "--db", db, "--bbox", "1,2,3"}, 2, "--bbox"},
		{[]string{"incidents", "--db", db, "--bbox", "40,30,39,31"}, 2, "--bbox"},
		{[]string{"incidents", "--db", db, "--bbox", "NaN,30,39,31"}, 2, "--bbox"},
		{[]string{"incidents", "--db", db, "--from", "yesterday"}, 2, "--from"},
		{[]string{"incidents", "--db", db, "--limit", "-3"}, 2, "--limit"},
		{[]string{"reprocess", "--db", db, "extra"}, 2, "usage: incidentmap reprocess"},
	}
	for _, b := range bad {
		code, _, stderr := cli(t, "", b.args...)
		if code != b.code || !strings.Contains(stderr, b.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", b.args, code, stderr, b.code, b.want)
		}
	}
}
