package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSourcesCommand: sources add, list, import (a list of URLs and
// OPML) and remove, over a fresh database; mistakes are refused with a
// clear message.
func TestSourcesCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	code, out, stderr := cli(t, "", "sources", "add", "--db", db, "--name", "وكالة الاختبار", "--every", "15m", "https://news.example.org/rss.xml")
	if code != 0 || out != "1\thttps://news.example.org/rss.xml\n" {
		t.Fatalf("add: exit %d, %q %s", code, out, stderr)
	}
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"add", "--db", db, "https://news.example.org/rss.xml"}, 1, "already"},
		{[]string{"add", "--db", db, "ftp://news.example.org/rss.xml"}, 2, "not an http(s) URL"},
		{[]string{"add", "--db", db, "--every", "30s", "https://b.example.org/rss"}, 2, "--every"},
		{[]string{"add", "--db", db, "--every", "200h", "https://b.example.org/rss"}, 2, "--every"},
		{[]string{"add", "--db", db}, 2, "want one URL"},
		{[]string{"remove", "--db", db, "x"}, 2, "want a source id"},
		{[]string{"remove", "--db", db, "99"}, 1, "not found"},
		{[]string{"list", "--db", filepath.Join(dir, "typo.db")}, 1, "no such database"},
		{[]string{"remove", "--db", filepath.Join(dir, "typo.db"), "1"}, 1, "no such database"},
		{[]string{"import", "--db", db, filepath.Join(dir, "missing.txt")}, 1, "missing.txt"},
		{[]string{"frobnicate"}, 2, "unknown subcommand"},
	} {
		code, _, stderr := cli(t, "", append([]string{"sources"}, tt.args...)...)
		if code != tt.code || !strings.Contains(stderr, tt.msg) {
			t.Errorf("sources %v: exit %d, %q; want exit %d and %q", tt.args, code, stderr, tt.code, tt.msg)
		}
	}

	list := writeFile(t, dir, "feeds.txt", "\ufeff# feeds we follow\n"+
		"https://a.example.org/feed الجريدة الأولى\n"+
		"https://b.example.org/rss\tالجريدة الثانية\n"+
		"\n"+
		"https://news.example.org/rss.xml\n")
	if code, out, stderr := cli(t, "", "sources", "import", "--db", db, list); code != 0 || out != "sources import: 2 added, 1 followed already\n" {
		t.Fatalf("import list: exit %d, %q %s", code, out, stderr)
	}
	opml := writeFile(t, dir, "feeds.opml", `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>اشتراكاتي</title></head><body>
<outline text="أخبار">
  <outline type="rss" text="الجريدة الثالثة" xmlUrl="https://c.example.org/atom.xml" htmlUrl="https://c.example.org/"/>
  <outline type="rss" text="c" title="الجريدة الرابعة" xmlUrl="https://d.example.org/rss"/>
</outline>
<outline type="rss" text="الجريدة الأولى" xmlUrl="https://a.example.org/feed"/>
</body></opml>`)
	if code, out, stderr := cli(t, "", "sources", "import", "--db", db, opml); code != 0 || out != "sources import: 2 added, 1 followed already\n" {
		t.Fatalf("import OPML: exit %d, %q %s", code, out, stderr)
	}
	bad := writeFile(t, dir, "bad.txt", "https://e.example.org/rss\nnot a url\n")
	if code, _, stderr := cli(t, "", "sources", "import", "--db", db, bad); code != 1 || !strings.Contains(stderr, "line 2") {
		t.Errorf("import of a bad line: exit %d, %s", code, stderr)
	}

	code, out, stderr = cli(t, "", "sources", "list", "--db", db)
	if code != 0 {
		t.Fatalf("list: exit %d %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{
		"1\thttps://news.example.org/rss.xml\tوكالة الاختبار\t",
		"2\thttps://a.example.org/feed\tالجريدة الأولى\t",
		"3\thttps://b.example.org/rss\tالجريدة الثانية\t",
		"4\thttps://c.example.org/atom.xml\tالجريدة الثالثة\t",
		"5\thttps://d.example.org/rss\tالجريدة الرابعة\t",
	}
	if len(lines) != len(want) {
		t.Fatalf("list: %d lines, want %d:\n%s", len(lines), len(want), out)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) || !strings.Contains(lines[i], "0 items\t0 articles\t0 incidents\tok -\tnext ") {
			t.Errorf("list line %d: %q, want it to start %q", i+1, lines[i], w)
		}
	}
	if code, _, stderr := cli(t, "", "sources", "remove", "--db", db, "3"); code != 0 {
		t.Fatalf("remove: exit %d %s", code, stderr)
	}
	if _, out, _ := cli(t, "", "sources", "list", "--db", db); strings.Contains(out, "b.example.org") || strings.Count(out, "\n") != 4 {
		t.Errorf("after remove:\n%s", out)
	}
}
