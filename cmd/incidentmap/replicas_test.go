package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/samples"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/store/engine"
)

// envRunCLI makes the test binary run as incidentmap: TestMain runs the
// command its arguments name and exits.
const envRunCLI = "INCIDENTMAP_TEST_RUN_CLI"

// process starts the test binary as `incidentmap args...` in a process
// of its own; it is killed when t ends if still running.
func process(t *testing.T, args ...string) (*exec.Cmd, io.Reader) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), envRunCLI+"=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return cmd, stderr
}

var listeningRE = regexp.MustCompile(`msg=listening addr=(\S+)`)

// replica is a running `incidentmap serve`.
type replica struct {
	cmd  *exec.Cmd
	base string
	log  *strings.Builder
	mu   *sync.Mutex
}

// serveProcess starts `incidentmap serve` over db and returns once it
// listens (an empty database is loaded with the sample articles first).
func serveProcess(t *testing.T, db, token string) *replica {
	t.Helper()
	cmd, stderr := process(t, "serve", "--db", db, "--addr", "127.0.0.1:0", "--api-token", token)
	r := &replica{cmd: cmd, log: &strings.Builder{}, mu: &sync.Mutex{}}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			r.mu.Lock()
			r.log.WriteString(sc.Text() + "\n")
			r.mu.Unlock()
			if m := listeningRE.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	select {
	case a := <-addr:
		r.base = "http://" + a
	case <-time.After(3 * time.Minute):
		r.mu.Lock()
		defer r.mu.Unlock()
		t.Fatalf("serve did not listen:\n%s", r.log)
	}
	return r
}

// stop sends SIGTERM and waits for a clean exit.
func (r *replica) stop(t *testing.T) {
	t.Helper()
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	if err := r.cmd.Wait(); err != nil {
		r.mu.Lock()
		defer r.mu.Unlock()
		t.Errorf("serve exited with %v:\n%s", err, r.log)
	}
}

// articleFile writes arts as JSON Lines for `incidentmap ingest`.
func articleFile(t *testing.T, path string, arts []geo.Article) {
	t.Helper()
	var b strings.Builder
	for _, a := range arts {
		line, err := json.Marshal(map[string]string{"title": a.Title, "text": a.Text, "url": a.URL,
			"source": a.Outlet, "published": a.Published.Format(time.DateOnly)})
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// reports are the articles of the test: the sample articles we wrote,
// each reported again by two more outlets (the same text under another
// title: other articles reporting the same incidents, to be merged).
func reports(t *testing.T) []geo.Article {
	t.Helper()
	arts, err := samples.Articles()
	if err != nil {
		t.Fatal(err)
	}
	var out []geo.Article
	for _, outlet := range []string{"", "وكالة ب", "وكالة ج"} {
		for _, a := range arts {
			if outlet != "" {
				a.Title = outlet + ": " + a.Title
				a.Outlet = outlet
				a.URL += "?" + a.Outlet
			}
			out = append(out, a)
		}
	}
	return out
}

// fingerprint lists a store's incidents comparably, whatever ids they
// got: type, date, point, casualties, actors and the titles of the
// articles reporting each.
func fingerprint(t *testing.T, dsn string) ([]string, int) {
	t.Helper()
	st, err := engine.Open(t.Context(), dsn, engine.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var out []string
	page, err := st.EachIncident(t.Context(), store.Query{Limit: store.MaxLimit}, func(inc *geo.Incident) error {
		var titles []string
		for _, s := range inc.Sources {
			titles = append(titles, s.Title)
		}
		slices.Sort(titles)
		count := func(n *int) string {
			if n == nil {
				return "-"
			}
			return fmt.Sprint(*n)
		}
		out = append(out, fmt.Sprintf("%s %s %.4f,%.4f k%s i%s %s/%s %q", inc.SubEventType, inc.Date.Format(time.DateOnly),
			inc.Point.Lon(), inc.Point.Lat(), count(inc.Killed), count(inc.Injured), inc.Actor1, inc.Actor2, titles))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total > store.MaxLimit {
		t.Fatalf("%d incidents: more than a page", page.Total)
	}
	stats, err := st.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out, stats.Articles
}

// TestReplicasAndWorkers: two `serve` replicas and two `incidentmap
// ingest` processes on one PostgreSQL database, all writing at once
// (the replicas load the samples into the empty database and take
// articles through the API, the workers ingest overlapping files of
// articles that report the same incidents), end with the articles and
// the merged incidents a serial run stores; and each replica's tiles
// show every incident within seconds.
func TestReplicasAndWorkers(t *testing.T) {
	pgCluster.SkipUnavailable(t)
	if testing.Short() {
		t.Skip("starts four processes")
	}
	const token = "replica-test-token"
	arts := reports(t)
	dir := t.TempDir()
	// The workers' files overlap by a third; the rest goes through the
	// replicas' API, some of it to both.
	third := len(arts) / 3
	w1, w2 := filepath.Join(dir, "w1.jsonl"), filepath.Join(dir, "w2.jsonl")
	articleFile(t, w1, arts[:2*third])
	articleFile(t, w2, arts[third:])
	viaAPI := append(slices.Clone(arts[2*third:]), arts[:third]...)

	concurrent := pgCluster.Database(t)
	a := serveProcess(t, concurrent, token)
	b := serveProcess(t, concurrent, token)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for _, f := range []string{w1, w2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd, stderr := process(t, "ingest", "--db", concurrent, f)
			msg, _ := io.ReadAll(stderr)
			if err := cmd.Wait(); err != nil {
				errs <- fmt.Errorf("ingest %s: %v\n%s", f, err, msg)
			}
		}()
	}
	for i, r := range []*replica{a, b, a} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j, art := range viaAPI {
				if (i+j)%2 == 1 && i < 2 {
					continue // each replica takes half; the third pass repeats them all
				}
				body, _ := json.Marshal(map[string]string{"title": art.Title, "text": art.Text, "url": art.URL,
					"source": art.Outlet, "published": art.Published.Format(time.DateOnly)})
				req, _ := http.NewRequest(http.MethodPost, r.base+"/api/articles", strings.NewReader(string(body)))
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/json")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					errs <- err
					return
				}
				msg, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
					errs <- fmt.Errorf("POST to %s: %d %s", r.base, resp.StatusCode, msg)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	// The serial run: the samples (as serve loads them), then every
	// article once, one at a time.
	serial := pgCluster.Database(t)
	all := filepath.Join(dir, "all.jsonl")
	sampleArts, err := samples.Articles()
	if err != nil {
		t.Fatal(err)
	}
	articleFile(t, all, append(sampleArts, arts...))
	if code, out, stderr := cli(t, "", "ingest", "--db", serial, all); code != 0 {
		t.Fatalf("serial ingest: exit %d\n%s\n%s", code, out, stderr)
	}
	got, gotArticles := fingerprint(t, concurrent)
	want, wantArticles := fingerprint(t, serial)
	if gotArticles != wantArticles || gotArticles != len(arts) {
		t.Errorf("%d articles stored concurrently, %d serially, %d distinct", gotArticles, wantArticles, len(arts))
	}
	if len(want) == 0 || len(want) >= len(arts) {
		t.Fatalf("the serial run holds %d incidents: the reports do not merge", len(want))
	}
	t.Logf("%d articles, %d incidents, both runs", gotArticles, len(got))
	if !slices.Equal(got, want) {
		t.Errorf("concurrent run:\n%s\nserial run:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Each replica's tiles count every incident, whoever wrote it.
	for _, r := range []*replica{a, b} {
		deadline := time.Now().Add(15 * time.Second)
		n := -1
		for time.Now().Before(deadline) {
			if n = histogramCount(t, r.base); n == len(got) {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if n != len(got) {
			t.Errorf("replica %s counts %d incidents, the store holds %d", r.base, n, len(got))
		}
	}
	a.stop(t)
	b.stop(t)
}

// histogramCount is how many incidents a replica's histogram (drawn
// from its tile index) counts.
func histogramCount(t *testing.T, base string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/collections/incidents/histogram", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h struct {
		NumberMatched int `json:"numberMatched"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		t.Fatal(err)
	}
	return h.NumberMatched
}
