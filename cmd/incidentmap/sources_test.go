package main

import (
	"bufio"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
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

// TestFollowCommand: `incidentmap follow` follows a source added with
// `sources add`: the item's page is fetched and goes through the real
// pipeline, its incident is listed by `incidents`, and SIGTERM stops
// the worker cleanly. (SQLite only: the package's time is near go
// test's 10 minutes under -race on a busy machine; internal/follow
// follows into both engines, and the map's e2e tests serve and follow
// on both.)
func TestFollowCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	// Our own report, of nothing that happened.
	const title = "قصف مدفعي على أطراف مدينة إدلب"
	const text = "سقطت قذائف مدفعية صباح اليوم على أطراف مدينة إدلب، وأفاد مصدر طبي بمقتل شخصين وإصابة ثلاثة آخرين بجروح."
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>وكالة</title>`+
				`<item><guid>f-1</guid><link>/ar/1</link><title>%s</title><pubDate>Sun, 02 Jun 2024 08:00:00 +0000</pubDate></item></channel></rss>`, title)
		case "/ar/1":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>%s</title></head>`+
				`<body><article><h1>%s</h1><p>%s</p></article></body></html>`, title, title, text)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	if code, _, stderr := cli(t, "", "sources", "add", "--db", db, "--name", "وكالة الاختبار", srv.URL+"/feed.xml"); code != 0 {
		t.Fatalf("sources add: exit %d %s", code, stderr)
	}
	cmd, stderr := process(t, "follow", "--db", db, "--poll-interval", "10s")
	var mu sync.Mutex
	var log strings.Builder
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			mu.Lock()
			log.WriteString(sc.Text() + "\n")
			mu.Unlock()
		}
	}()
	logged := func() string { mu.Lock(); defer mu.Unlock(); return log.String() }
	deadline := time.Now().Add(2 * time.Minute)
	for {
		code, out, _ := cli(t, "", "incidents", "--db", db)
		if code == 0 && strings.Contains(out, "إدلب") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no incident from the followed feed:\n%s\n%s", out, logged())
		}
		time.Sleep(300 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("follow exited with %v:\n%s", err, logged())
	}
	if l := logged(); !strings.Contains(l, "msg=following") || !strings.Contains(l, "msg=stopped") {
		t.Errorf("follow's log:\n%s", l)
	}
	code, out, stderrText := cli(t, "", "sources", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "وكالة الاختبار\t1 items\t1 articles\t") || strings.Contains(out, "\t0 incidents") {
		t.Errorf("sources list: exit %d\n%s%s", code, out, stderrText)
	}
}
