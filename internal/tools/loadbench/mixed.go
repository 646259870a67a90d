package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/incidentmap/incidentmap/internal/samples"
)

// mixedReaders and mixedWriters make the scale-out issue's mixed load:
// clients reading items pages while others post articles.
const (
	mixedReaders = 6
	mixedWriters = 2
)

// mixed measures items pages read by mixedReaders clients while
// mixedWriters clients post articles through the API back to back (each
// processed and stored before its answer), over a copy of the store.
func (b *bench) mixed(ctx context.Context, eng, dsn, col string) error {
	const token = "loadbench-token"
	s, err := startServer(ctx, b.bin, dsn, "--api-token", token)
	if err != nil {
		return err
	}
	defer s.stop()
	arts, err := samples.Articles()
	if err != nil {
		return err
	}
	pid := s.cmd.Process.Pid
	s.settle(eng)
	// The readers' pages in memory first, as in the read-only rows.
	run(ctx, s.base, mixedReaders, b.d/2, pid, b.itemsTarget)
	wctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	lats := make([][]time.Duration, mixedWriters)
	errs := make([]error, mixedWriters)
	b.ingestRun++ // articles of their own in every round
	first := 5_000_000 + b.ingestRun*100_000
	start := time.Now()
	for w := range mixedWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; wctx.Err() == nil; i++ {
				body, _ := json.Marshal(benchArticle(arts, first+w*50_000+i))
				t0 := time.Now()
				if err := post(wctx, s.base+"/api/articles", token, body); err != nil {
					if wctx.Err() == nil {
						errs[w] = err
					}
					return
				}
				lats[w] = append(lats[w], time.Since(t0))
			}
		}()
	}
	r := run(ctx, s.base, mixedReaders, b.d, pid, b.itemsTarget)
	stop()
	wg.Wait()
	elapsed := time.Since(start)
	for _, err := range errs {
		if err != nil {
			return fmt.Errorf("mixed load: %w", err)
		}
	}
	row := fmt.Sprintf("items bbox+time, %d clients while %d post articles", mixedReaders, mixedWriters)
	b.record(row, col, r)
	all := slices.Concat(lats...)
	slices.Sort(all)
	b.rec.add(row+": articles stored/s", col, float64(len(all))/elapsed.Seconds())
	if len(all) > 0 {
		b.rec.add(row+": article POST p50 ms", col, ms(all[len(all)/2]))
		b.rec.add(row+": article POST p99 ms", col, ms(all[min(len(all)-1, len(all)*99/100)]))
	}
	return nil
}

// post sends body as a new article and waits for it to be stored.
func post(ctx context.Context, url, token string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		return fmt.Errorf("POST an article: %d", resp.StatusCode)
	}
	return nil
}
