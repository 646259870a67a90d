// Command testprogress shows the progress of `go test -json` on a
// terminal or in a CI log: a line when each package starts and ends, a
// line every minute naming the packages and tests still running, the
// output of failing tests in full, and a closing count. It exits 1 when
// anything failed, so that `go test -json ./... | testprogress` fails
// as go test does.
//
// go test alone prints a package's result only when it ends: with the
// race detector a package can run for minutes with nothing printed,
// which looks like a hang.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Time       time.Time
	Action     string
	Package    string
	ImportPath string // build-output, build-fail
	Test       string
	Elapsed    float64
	Output     string
}

// state is what is running and what was seen.
type state struct {
	mu       sync.Mutex
	out      io.Writer
	started  time.Time
	running  map[string]time.Time            // package → start
	tests    map[string]map[string]time.Time // package → running test → start
	outputs  map[string][]string             // "pkg test" → its output
	passed   int
	failed   int
	skipped  int
	failures []string
}

func main() {
	heartbeat := time.Minute
	if d, err := time.ParseDuration(os.Getenv("TESTPROGRESS_EVERY")); err == nil && d > 0 {
		heartbeat = d
	}
	os.Exit(run(os.Stdin, os.Stdout, heartbeat))
}

// run reads events from in until it ends and returns the exit code.
func run(in io.Reader, out io.Writer, heartbeat time.Duration) int {
	s := &state{out: out, started: time.Now(), running: map[string]time.Time{},
		tests: map[string]map[string]time.Time{}, outputs: map[string][]string{}}
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(heartbeat)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				s.beat()
			case <-done:
				return
			}
		}
	}()
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var ev event
		if err := json.Unmarshal(line, &ev); err != nil || ev.Action == "" {
			// Not an event (go vet or build output): pass it on.
			s.print(string(line) + "\n")
			continue
		}
		s.handle(ev)
	}
	close(done)
	return s.finish()
}

func (s *state) print(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprint(s.out, text)
}

// handle takes one event.
func (s *state) handle(ev event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	key := ev.Package + " " + ev.Test
	switch {
	case ev.Action == "build-output":
		fmt.Fprint(s.out, ev.Output)
	case ev.Action == "build-fail":
		s.failures = append(s.failures, ev.ImportPath+" [build failed]")
	case ev.Test == "" && ev.Action == "start":
		s.running[ev.Package] = now
		fmt.Fprintf(s.out, "=== %s\n", ev.Package)
	case ev.Test == "" && ev.Action == "output":
		// The package's own lines: "ok pkg 1.2s", "FAIL", panics.
		if !strings.HasPrefix(ev.Output, "PASS") && ev.Output != "FAIL\n" {
			fmt.Fprint(s.out, ev.Output)
		}
	case ev.Test == "" && (ev.Action == "pass" || ev.Action == "fail" || ev.Action == "skip"):
		delete(s.running, ev.Package)
		delete(s.tests, ev.Package)
		switch ev.Action {
		case "pass":
			s.passed++
		case "skip":
			s.skipped++
		case "fail":
			s.failed++
			s.failures = append(s.failures, ev.Package)
		}
	case ev.Action == "run":
		if s.tests[ev.Package] == nil {
			s.tests[ev.Package] = map[string]time.Time{}
		}
		s.tests[ev.Package][ev.Test] = now
	case ev.Action == "output":
		s.outputs[key] = append(s.outputs[key], ev.Output)
	case ev.Action == "pass" || ev.Action == "skip":
		delete(s.tests[ev.Package], ev.Test)
		delete(s.outputs, key)
	case ev.Action == "fail":
		delete(s.tests[ev.Package], ev.Test)
		// Subtests fail with their parents: print each output once, at
		// the innermost.
		fmt.Fprint(s.out, strings.Join(s.outputs[key], ""))
		delete(s.outputs, key)
	}
}

// beat names what is still running.
func (s *state) beat() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if len(s.running) == 0 {
		// Between packages go test is compiling (race binaries take a
		// while): say so rather than nothing.
		fmt.Fprintf(s.out, "... %s in, compiling test binaries\n", now.Sub(s.started).Round(time.Second))
		return
	}
	var parts []string
	for pkg, start := range s.running {
		longest, since := "", now
		for test, t := range s.tests[pkg] {
			if !strings.Contains(test, "/") && t.Before(since) {
				longest, since = test, t
			}
		}
		p := fmt.Sprintf("%s (%s", pkg, now.Sub(start).Round(time.Second))
		if longest != "" {
			p += fmt.Sprintf(", %s %s", longest, now.Sub(since).Round(time.Second))
		}
		parts = append(parts, p+")")
	}
	sort.Strings(parts)
	fmt.Fprintf(s.out, "... %s in, still running: %s\n", now.Sub(s.started).Round(time.Second), strings.Join(parts, "; "))
}

// finish prints the count and returns the exit code.
func (s *state) finish() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for pkg := range s.running {
		// go test ended without a result for it (killed, or a crash).
		s.failed++
		s.failures = append(s.failures, pkg+" [no result]")
	}
	sort.Strings(s.failures)
	for _, f := range s.failures {
		fmt.Fprintf(s.out, "FAILED: %s\n", f)
	}
	fmt.Fprintf(s.out, "go test took %s\n", time.Since(s.started).Round(time.Second))
	fmt.Fprintf(s.out, "packages: %d passed, %d failed, %d skipped\n", s.passed, s.failed, s.skipped)
	if s.failed > 0 || len(s.failures) > 0 {
		return 1
	}
	return 0
}
