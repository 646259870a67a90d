package store

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The crash test re-runs this test binary as a child that ingests
// articles and prints "ack ARTICLE-NUMBER ID" after each commit; the
// parent kills it with SIGKILL at a random moment, then checks the file.
const (
	crashEnvDB    = "INCIDENTMAP_STORE_CRASH_DB"
	crashEnvFirst = "INCIDENTMAP_STORE_CRASH_FIRST"
)

// TestCrashChild is the child's body; it does nothing in a normal run.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnvDB)
	if path == "" {
		t.Skip("runs only as the child of TestCrash")
	}
	first, _ := strconv.Atoi(os.Getenv(crashEnvFirst))
	ctx := context.Background()
	s, err := Open(ctx, path, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	for i := first; i < first+100000; i++ {
		res, err := s.Ingest(ctx, syntheticArticle(i), synthetic{})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		// Written straight to the pipe: the parent has it before the next
		// article starts.
		fmt.Fprintf(os.Stdout, "ack %d %s\n", i, res.ArticleID)
	}
	os.Exit(0)
}

func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	if os.Getenv(crashEnvDB) != "" {
		t.Skip("already the child")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	acked := map[int]string{} // article number → id
	const rounds = 20
	first := 0
	for round := range rounds {
		// Each round re-ingests some of the last round's articles, which
		// must come back as existed with the same id.
		first = max(0, first-5)
		n := runCrashChild(t, path, first, rng)
		for num, id := range n {
			if prev, ok := acked[num]; ok && prev != id {
				t.Fatalf("round %d: article %d acknowledged as %s, before as %s", round, num, id, prev)
			}
			acked[num] = id
			first = max(first, num+1)
		}
		stored := checkCrashed(t, path, acked)
		t.Logf("round %d: %d acknowledged, %d in all, %d stored", round, len(n), len(acked), stored)
	}
	if len(acked) == 0 {
		t.Fatal("the child never acknowledged an article")
	}
}

// runCrashChild starts a child ingesting from article first, kills it
// after a random number of acknowledgements plus a random pause, and
// returns what it acknowledged.
func runCrashChild(t *testing.T, path string, first int, rng *rand.Rand) map[int]string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnvDB+"="+path, crashEnvFirst+"="+strconv.Itoa(first))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killAfter := 1 + rng.IntN(60)
	pause := time.Duration(rng.IntN(3000)) * time.Microsecond
	acks := map[int]string{}
	sc := bufio.NewScanner(out)
	killed := false
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 || f[0] != "ack" {
			continue
		}
		num, _ := strconv.Atoi(f[1])
		acks[num] = f[2]
		if !killed && len(acks) >= killAfter {
			time.Sleep(pause) // land somewhere inside the next ingest
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			killed = true
		}
	}
	err = cmd.Wait()
	if !killed {
		t.Fatalf("child ended before it was killed: %v\n%s", err, stderr.String())
	}
	return acks
}

// checkCrashed opens the file after a kill and checks it: sound, every
// acknowledged article present, and every article's derived rows whole.
// It returns how many articles are stored: more than were acknowledged
// when the kill fell between a commit and its acknowledgement.
func checkCrashed(t *testing.T, path string, acked map[int]string) int {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("open after kill: %v", err)
	}
	defer s.Close()
	if problems, err := s.IntegrityCheck(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("integrity after kill: %v %v", problems, err)
	}
	for num, id := range acked {
		art, err := s.Article(ctx, id)
		if err != nil {
			t.Fatalf("acknowledged article %d (id %s) lost: %v", num, id, err)
		}
		if want := syntheticArticle(num); art.Title != want.Title || art.Text != want.Text {
			t.Fatalf("article %s holds %q, want %q", id, art.Title, want.Title)
		}
	}
	// Every stored article, acknowledged or not, has all its derived rows
	// or it would not be there: the processor's output is a function of
	// the article, so the counts can be recomputed.
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.title, a.text, a.url, a.outlet, a.published,
			(SELECT count(*) FROM mentions m WHERE m.article_id = a.id),
			(SELECT count(*) FROM unresolved u WHERE u.article_id = a.id),
			(SELECT count(*) FROM incident_sources s WHERE s.article_id = a.id)
		FROM articles a`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var a stored
		var mentions, unresolved, sources int
		var published *string
		if err := rows.Scan(&a.id, &a.art.Title, &a.art.Text, &a.art.URL, &a.art.Outlet, &published,
			&mentions, &unresolved, &sources); err != nil {
			t.Fatal(err)
		}
		if published != nil {
			a.art.Published, _ = time.Parse(timeLayout, *published)
		}
		gp, incs, _ := syntheticResult(a.art)
		wantMentions, wantUnresolved := 0, 0
		for _, p := range gp.Places {
			wantMentions += len(p.Mentions)
		}
		for _, u := range gp.Unresolved {
			wantUnresolved += len(u.Mentions)
		}
		if mentions != wantMentions || unresolved != wantUnresolved || sources < 1 || sources > len(incs) {
			t.Errorf("article %d: %d mentions, %d unresolved, %d sources; want %d, %d, 1..%d",
				a.id, mentions, unresolved, sources, wantMentions, wantUnresolved, len(incs))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var orphans, unindexed, unsearchable int
	if err := s.db.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM incident_sources s WHERE s.incident_id = i.id)),
			(SELECT count(*) FROM incidents) - (SELECT count(*) FROM incidents_rtree r JOIN incidents i ON i.id = r.id),
			(SELECT count(*) FROM incidents) - (SELECT count(*) FROM incidents_fts)`).
		Scan(&orphans, &unindexed, &unsearchable); err != nil {
		t.Fatal(err)
	}
	if orphans+unindexed+unsearchable != 0 {
		t.Errorf("%d incidents without sources, %d not in the R*Tree, %d not searchable", orphans, unindexed, unsearchable)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return st.Articles
}
