package storetest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/internal/store"
)

// The crash test re-runs the engine's test binary as a child that
// ingests articles and prints "ack ARTICLE-NUMBER ID" after each commit;
// the parent kills it with SIGKILL at a random moment, then checks the
// database.
const (
	crashEnvDSN   = "INCIDENTMAP_STORE_CRASH_DSN"
	crashEnvFirst = "INCIDENTMAP_STORE_CRASH_FIRST"
)

// CrashChild is the child's body, to be called from a test named
// TestCrashChild in the engine's package; it skips in a normal run.
func CrashChild(t *testing.T, e Engine) {
	dsn := os.Getenv(crashEnvDSN)
	if dsn == "" {
		t.Skip("runs only as the child of the crash test")
	}
	first, _ := strconv.Atoi(os.Getenv(crashEnvFirst))
	ctx := context.Background()
	s, err := e.Open(ctx, dsn)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	for i := first; i < first+100000; i++ {
		res, err := s.Ingest(ctx, SyntheticArticle(i), Synthetic{})
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

// IsCrashChild reports whether this process is a crash test's child, so
// that a TestMain can skip what only the parent needs.
func IsCrashChild() bool { return os.Getenv(crashEnvDSN) != "" }

func testCrash(t *testing.T, e Engine) {
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	if IsCrashChild() {
		t.Skip("already the child")
	}
	dsn := e.NewDSN(t)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	acked := map[int]string{} // article number → id
	const rounds = 20
	first, highest := 0, 0
	for round := range rounds {
		// Each round re-ingests some of the last round's articles, which
		// must come back as existed with the same id.
		first = max(0, first-5)
		n := runCrashChild(t, dsn, first, rng)
		for num, id := range n {
			if prev, ok := acked[num]; ok && prev != id {
				t.Fatalf("round %d: article %d acknowledged as %s, before as %s", round, num, id, prev)
			}
			acked[num] = id
			first = max(first, num+1)
		}
		highest = max(highest, first)
		stored := checkCrashed(t, e, dsn, acked, highest+1)
		t.Logf("round %d: %d acknowledged, %d in all, %d stored", round, len(n), len(acked), stored)
	}
	if len(acked) == 0 {
		t.Fatal("the child never acknowledged an article")
	}
}

// runCrashChild starts a child ingesting from article first, kills it
// after a random number of acknowledgements plus a random pause, and
// returns what it acknowledged.
func runCrashChild(t *testing.T, dsn string, first int, rng *rand.Rand) map[int]string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnvDSN+"="+dsn, crashEnvFirst+"="+strconv.Itoa(first))
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

// checkCrashed opens the database after a kill and checks it: sound,
// every acknowledged article present, and every stored article's derived
// rows whole. Articles numbered below upTo may be stored: more than were
// acknowledged when the kill fell between a commit and its
// acknowledgement. It returns how many articles are stored.
func checkCrashed(t *testing.T, e Engine, dsn string, acked map[int]string, upTo int) int {
	t.Helper()
	ctx := context.Background()
	s, err := e.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open after kill: %v", err)
	}
	defer s.Close()
	if problems, err := s.IntegrityCheck(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("integrity after kill: %v %v", problems, err)
	}
	// An article saved before the kill whose derived rows were not yet
	// saved waits on the queue: finish it, as a worker would.
	if _, err := s.ProcessPending(ctx, Synthetic{}, nil); err != nil {
		t.Fatalf("process pending after kill: %v", err)
	}
	for num, id := range acked {
		art, err := s.Article(ctx, id)
		if err != nil {
			t.Fatalf("acknowledged article %d (id %s) lost: %v", num, id, err)
		}
		if want := SyntheticArticle(num); art.Title != want.Title || art.Text != want.Text {
			t.Fatalf("article %s holds %q, want %q", id, art.Title, want.Title)
		}
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Every stored article has all its derived rows or it would not be
	// there: the processor's output is a function of the article, so the
	// totals can be recomputed from the articles found.
	byTitle := map[string]int{}
	for i := range upTo {
		byTitle[SyntheticArticle(i).Title] = i
	}
	found, misses := 0, 0
	wantMentions, wantUnresolved, maxSources := 0, 0, 0
	for id := int64(1); found < st.Articles && misses < 1000; id++ {
		art, err := s.Article(ctx, store.FormatID(id))
		if errors.Is(err, store.ErrNotFound) {
			misses++ // a sequence may skip numbers
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		found++
		num, ok := byTitle[art.Title]
		if !ok {
			t.Fatalf("article %d (%q) was never sent", id, art.Title)
		}
		gp, incs, _ := syntheticResult(SyntheticArticle(num))
		for _, p := range gp.Places {
			wantMentions += len(p.Mentions)
		}
		for _, u := range gp.Unresolved {
			wantUnresolved += len(u.Mentions)
		}
		maxSources += len(incs)
	}
	if found != st.Articles {
		t.Fatalf("found %d of %d articles by id", found, st.Articles)
	}
	if st.Mentions != wantMentions || st.Unresolved != wantUnresolved || st.Sources < st.Articles || st.Sources > maxSources {
		t.Errorf("%d mentions, %d unresolved, %d sources; want %d, %d, %d..%d",
			st.Mentions, st.Unresolved, st.Sources, wantMentions, wantUnresolved, st.Articles, maxSources)
	}
	return st.Articles
}
