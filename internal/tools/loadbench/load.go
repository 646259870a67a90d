package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"
)

// result is one closed-loop run: every request's latency, and how the
// answers went.
type result struct {
	n, busy, errs int
	elapsed       time.Duration
	lat           []time.Duration // of the 200s
	firstErr      error
	// peakRSS and peakAnon are the server's highest resident memory, and
	// of it what is its own (not mapped file pages).
	peakRSS, peakAnon int64
}

func (r result) rate() float64 { return float64(r.n) / r.elapsed.Seconds() }

func (r result) pct(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return r.lat[min(len(r.lat)-1, int(p*float64(len(r.lat))))]
}

// run sends requests from clients goroutines, each waiting for its
// answer before the next (a closed loop), for d; targets are drawn from
// each client's own seeded generator. 503s (the gate's) are counted
// apart; other failures are errors. The server's RSS is sampled
// throughout when pid is set.
func run(ctx context.Context, base string, clients int, d time.Duration, pid int, target func(*rand.Rand) string) result {
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	client := &http.Client{Transport: tr, Timeout: 2 * time.Minute}
	defer tr.CloseIdleConnections()
	var mu sync.Mutex
	var res result
	stopRSS := make(chan struct{})
	var peak <-chan [2]int64
	if pid > 0 {
		peak = peakRSS(pid, stopRSS)
	}
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), uint64(start.UnixNano())))
			var lat []time.Duration
			n, busy, errs := 0, 0, 0
			var first error
			for time.Now().Before(deadline) && ctx.Err() == nil {
				url := base + target(rng)
				t0 := time.Now()
				resp, err := client.Get(url)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				took := time.Since(t0)
				n++
				switch {
				case err != nil:
					errs++
					first = cmpErr(first, err)
				case resp.StatusCode == http.StatusServiceUnavailable:
					busy++
				case resp.StatusCode != http.StatusOK:
					errs++
					first = cmpErr(first, fmt.Errorf("GET %s: %d", url, resp.StatusCode))
				default:
					lat = append(lat, took)
				}
			}
			mu.Lock()
			res.n += n
			res.busy += busy
			res.errs += errs
			res.lat = append(res.lat, lat...)
			res.firstErr = cmpErr(res.firstErr, first)
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	close(stopRSS)
	if peak != nil {
		p := <-peak
		res.peakRSS, res.peakAnon = p[0], p[1]
	}
	slices.Sort(res.lat)
	return res
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
