package follow

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/store/engine"
)

// The crash test runs the test binary as a child that follows a feed
// into a database; the parent kills it with SIGKILL at random moments
// while it works (the feed gains items from one child to the next, and
// feeds and pages answer slowly enough for a kill to land in a poll, a
// fetch or an ingest), again and again, then lets a last child finish
// and checks that every item the feed showed was ingested exactly once.
const crashEnvDB = "INCIDENTMAP_FOLLOW_CRASH_DB"

const crashItems = 40

// crashStory is item n's page text: words of its own in every shingle
// but a few, so that no two are near copies.
func crashStory(n int) string {
	var b strings.Builder
	for j := range 12 {
		fmt.Fprintf(&b, "سجلت الحادثة رقم %d في الرقة. ", n*100+j)
	}
	return b.String()
}

// crashFeedServer serves a feed of the first shown items and their
// pages, each answer a little late.
func crashFeedServer(t *testing.T, shown *atomic.Int64) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(time.Duration(rand.IntN(40)) * time.Millisecond)
		w.Header().Set("Content-Type", "application/rss+xml")
		var items strings.Builder
		for n := range min(int(shown.Load()), crashItems) {
			items.WriteString(rssItem(fmt.Sprintf("c-%d", n), fmt.Sprintf("/c/%d", n), fmt.Sprintf("خبر %d", n)))
		}
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>وكالة</title>%s</channel></rss>`, items.String())
	})
	mux.HandleFunc("/c/", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/c/"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		time.Sleep(time.Duration(10+rand.IntN(30)) * time.Millisecond)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 3*n).Format(time.RFC3339)
		fmt.Fprint(w, pageHTML(fmt.Sprintf("خبر %d", n), crashStory(n), day, "", "utf-8"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// crashStarted is what a child prints once its workers run.
const crashStarted = "crash child: following"

// TestFollowCrashChild is the child's body; it skips in a normal run.
func TestFollowCrashChild(t *testing.T) {
	path := os.Getenv(crashEnvDB)
	if path == "" {
		t.Skip("runs only as the child of TestFollowCrash")
	}
	ctx := context.Background()
	st, err := engine.Open(ctx, path, engine.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	// Polled every 300 ms, so that a kill may land in a poll too.
	fl := New(st, testProc{}, Options{MinDelay: time.Millisecond, Tick: 100 * time.Millisecond, Interval: 300 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	opts := fl.WorkOptions()
	opts.Started = func() { fmt.Println(crashStarted) }
	if err := st.Work(ctx, testProc{}, opts); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
}

func TestFollowCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	if os.Getenv(crashEnvDB) != "" {
		t.Skip("already the child")
	}
	forEngines(t, testFollowCrash)
}

func testFollowCrash(t *testing.T, path string) {
	var shown atomic.Int64
	srv := crashFeedServer(t, &shown)
	ctx := context.Background()
	st, err := engine.Open(ctx, path, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddSource(ctx, store.Source{URL: srv.URL + "/feed.xml", Name: "وكالة"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 11))
	finished := func(killed bool) (int, int) {
		st, err := engine.Open(ctx, path, engine.Options{})
		if err != nil {
			t.Fatalf("open after kill: %v", err)
		}
		defer st.Close()
		if killed {
			if problems, err := st.IntegrityCheck(ctx); err != nil || len(problems) > 0 {
				t.Fatalf("integrity after kill: %v %v", problems, err)
			}
		}
		items, err := st.Items(ctx, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		done := 0
		for _, it := range items {
			if it.State == store.ItemDone {
				done++
			} else if it.State != store.ItemNew {
				t.Fatalf("item %s is %s: %s", it.Key, it.State, it.Note)
			}
		}
		return len(items), done
	}
	// cut counts the kills that left work undone: items the feed showed
	// not yet seen, or seen and not yet ingested.
	cut := 0
	for round := 0; ; round++ {
		last := round >= 12
		// The feed gains four items a child, and shows them all to the
		// last.
		shown.Store(int64(4 * (round + 1)))
		if last {
			shown.Store(crashItems)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestFollowCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnvDB+"="+path)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill it only once it follows: a kill before is no test.
		started := make(chan bool, 1)
		go func() {
			sc := bufio.NewScanner(stdout)
			ok := false
			for sc.Scan() {
				if !ok && strings.Contains(sc.Text(), crashStarted) {
					ok = true
					started <- true
				}
			}
			if !ok {
				started <- false
			}
		}()
		select {
		case ok := <-started:
			if !ok {
				cmd.Wait()
				t.Fatalf("round %d: the child ended before following\n%s", round, stderr.String())
			}
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("round %d: the child did not start following\n%s", round, stderr.String())
		}
		if last {
			// The last child runs until every item is done.
			deadline := time.Now().Add(60 * time.Second)
			for {
				time.Sleep(200 * time.Millisecond)
				if n, done := finished(false); n == crashItems && done == crashItems {
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					cmd.Wait()
					n, done := finished(true)
					t.Fatalf("the last child left %d of %d items done\n%s", done, n, stderr.String())
				}
			}
		} else {
			time.Sleep(time.Duration(rng.IntN(600)) * time.Millisecond)
		}
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		n, done := finished(true)
		t.Logf("round %d: the feed shows %d, %d items seen, %d done", round, shown.Load(), n, done)
		if !last && (n < int(shown.Load()) || done < n) {
			cut++
		}
		if last {
			break
		}
	}
	// Kills that land after the work is done test nothing.
	if cut < 3 {
		t.Errorf("only %d of 12 kills cut work short", cut)
	}
	st, err = engine.Open(ctx, path, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats, _ := st.Stats(ctx)
	arts, _ := st.Articles(ctx, "", 1000)
	urls := map[string]bool{}
	for _, a := range arts {
		if urls[a.URL] {
			t.Errorf("article %s stored twice", a.URL)
		}
		urls[a.URL] = true
	}
	if stats.Articles != crashItems || stats.Incidents != crashItems || stats.Sources != crashItems || len(urls) != crashItems {
		t.Errorf("after the kills: %+v, %d distinct URLs; want %d of each", stats, len(urls), crashItems)
	}
	if res, err := st.ProcessPending(ctx, testProc{}, nil); err != nil || res.Articles != 0 {
		t.Errorf("pending after the kills: %+v %v", res, err)
	}
}
