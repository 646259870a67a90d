package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the driver, to find a page to damage
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

// TestServeStopsOnDamage: serve checks an SQLite file beside serving,
// and stops with an error naming the damage when it finds some.
func TestServeStopsOnDamage(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "im.db")
	in := writeFile(t, dir, "a.txt", article)
	if code, out, stderr := cli(t, "", "ingest", "--db", db, in); code != 0 {
		t.Fatalf("ingest: exit %d\n%s\n%s", code, out, stderr)
	}
	// Scribble over the root page of an index that serving does not
	// read at start (the places of mentions), so that only the check
	// finds the damage. The last page of the file will not do: it may be
	// a free page, which quick_check does not read.
	conn, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	var root, pageSize int64
	if err := conn.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = 'mentions_place'`).Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	f, err := os.OpenFile(db, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(bytes.Repeat([]byte{0x55}, int(pageSize)), (root-1)*pageSize); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out, errb bytes.Buffer
	code := run(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, strings.NewReader(""), &out, &errb)
	if ctx.Err() != nil {
		t.Fatalf("serve went on over a damaged database:\n%s", errb.String())
	}
	if code == 0 || !strings.Contains(errb.String(), "msg=\"the database is damaged: stopping; restore it from a backup\"") {
		t.Errorf("exit %d:\n%s", code, errb.String())
	}
}
