package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// server is a running `incidentmap serve`.
type server struct {
	cmd  *exec.Cmd
	base string
	log  *logTail
	// listening is how long the process took to listen, ready how long
	// until /readyz answered 200 (the store answers and the tile index
	// is built), both from the exec.
	listening, ready time.Duration
	// snapshot is closed when the server has saved a tile index snapshot.
	snapshot chan struct{}
	// checked is closed when the server's background quick check of a
	// SQLite store has finished: it reads the whole file meanwhile.
	checked chan struct{}
}

// settle waits for a SQLite server's start-up quick check to finish (at
// most 5 minutes), so that measurements see a server at work, not one
// starting.
func (s *server) settle(eng string) {
	if eng != "sqlite" {
		return
	}
	select {
	case <-s.checked:
	case <-time.After(5 * time.Minute):
		log.Printf("no quick check finished within 5 minutes of the start")
	}
}

// logTail keeps the end of a process's stderr, for errors.
type logTail struct {
	mu sync.Mutex
	b  []string
}

func (l *logTail) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b = append(l.b, s)
	if len(l.b) > 40 {
		l.b = l.b[len(l.b)-40:]
	}
}

func (l *logTail) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.b, "\n")
}

var listeningRE = regexp.MustCompile(`msg=listening addr=(\S+)`)

// startServer runs bin serve over db on a loopback port and waits until
// it is ready.
func startServer(ctx context.Context, bin, db string, args ...string) (*server, error) {
	start := time.Now()
	cmd := exec.CommandContext(ctx, bin, append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, args...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, log: &logTail{}, snapshot: make(chan struct{}), checked: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		saved, checked := false, false
		for sc.Scan() {
			line := sc.Text()
			s.log.add(line)
			if !saved && strings.Contains(line, `msg="tile index snapshot"`) {
				saved = true
				close(s.snapshot)
			}
			if !checked && strings.Contains(line, `msg="quick check of the database`) {
				checked = true
				close(s.checked)
			}
			if m := listeningRE.FindStringSubmatch(line); m != nil {
				select {
				case addr <- m[1]:
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	select {
	case a := <-addr:
		s.base = "http://" + a
		s.listening = time.Since(start)
	case <-time.After(10 * time.Minute):
		s.stop()
		return nil, fmt.Errorf("serve %s did not listen:\n%s", db, s.log)
	}
	client := &http.Client{Timeout: 5 * time.Second}
	for {
		resp, err := client.Get(s.base + "/readyz")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				s.ready = time.Since(start)
				return s, nil
			}
		}
		if time.Since(start) > 10*time.Minute || cmd.ProcessState != nil {
			s.stop()
			return nil, fmt.Errorf("serve %s never ready:\n%s", db, s.log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop ends the server (SIGTERM, as an operator would) and waits.
func (s *server) stop() {
	if s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() {
		_ = s.cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// rss returns the resident memory of process pid, in bytes.
func rss(pid int) int64 { return status(pid, "VmRSS:") }

// anonRSS returns the process's own resident memory (its heap and
// stacks), without the file pages it maps (SQLite's memory map).
func anonRSS(pid int) int64 { return status(pid, "RssAnon:") }

// status reads a size field of /proc/PID/status, in bytes.
func status(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			f := strings.Fields(v)
			if len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}

// peakRSS samples the RSS of pid (and its anonymous part) every 20 ms
// until stop is closed and returns the highest seen.
func peakRSS(pid int, stop <-chan struct{}) <-chan [2]int64 {
	out := make(chan [2]int64, 1)
	go func() {
		var peak [2]int64
		sample := func() {
			peak[0] = max(peak[0], rss(pid))
			peak[1] = max(peak[1], anonRSS(pid))
		}
		sample()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				sample()
				out <- peak
				return
			case <-t.C:
				sample()
			}
		}
	}()
	return out
}
