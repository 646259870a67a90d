package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// testQueueWorker: an ingest whose process dies between saving the
// article and saving its derived rows leaves a job; a worker on the
// queue finishes it, and running the job again writes nothing twice.
func testQueueWorker(t *testing.T, e Engine) {
	ctx := context.Background()
	s := e.open(t)
	art := SyntheticArticle(7)
	// The processor's context ends mid-way, as when the process dies.
	dying, cancel := context.WithCancel(ctx)
	proc := procFunc(func(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
		cancel()
		return geo.Geoparse{}, nil, ctx.Err()
	})
	if _, err := s.Ingest(dying, art, proc); !errors.Is(err, context.Canceled) {
		t.Fatalf("ingest cut short: %v", err)
	}
	st, _ := s.Stats(ctx)
	if st.Articles != 1 || st.Incidents != 0 || st.Mentions != 0 {
		t.Fatalf("after the cut: %+v, want the article alone", st)
	}
	arts, err := s.Articles(ctx, "", 10)
	if err != nil || len(arts) != 1 {
		t.Fatalf("articles %v, %v", arts, err)
	}
	id, _ := store.ParseID(arts[0].ID)
	// The job waits store.ProcessGrace; ask for it now, twice.
	for range 2 {
		if err := s.Enqueue(ctx, store.ProcessArgs{ArticleID: id}, nil); err != nil {
			t.Fatal(err)
		}
	}
	wctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := s.Work(wctx, Synthetic{}, store.WorkOptions{}); err != nil {
			t.Error(err)
		}
	}()
	gp, incs, _ := Synthetic{}.Process(ctx, art)
	mentions := 0
	for _, p := range gp.Places {
		mentions += len(p.Mentions)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, _ = s.Stats(ctx)
		if st.Mentions == mentions && st.Sources > 0 {
			break
		}
		if time.Now().After(deadline) {
			stop()
			wg.Wait()
			t.Fatalf("the worker did not process the article: %+v", st)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond) // let the second job run too
	stop()
	wg.Wait()
	st, _ = s.Stats(ctx)
	if st.Articles != 1 || st.Mentions != mentions || st.Sources < 1 || st.Sources > len(incs) {
		t.Errorf("after the worker: %+v; want %d mentions, 1..%d sources", st, mentions, len(incs))
	}
	res, err := s.Ingest(ctx, art, Synthetic{})
	if err != nil || !res.Existed {
		t.Errorf("ingest again: %+v, %v; want existed", res, err)
	}
	if st2, _ := s.Stats(ctx); st2 != st {
		t.Errorf("ingest again changed %+v to %+v", st, st2)
	}
	if n, err := s.ProcessPending(ctx, Synthetic{}, nil); err != nil || n.Articles != 0 {
		t.Errorf("pending after the worker: %+v, %v", n, err)
	}
	checkFeatures(t, e, s)
}

// testReprocessConcurrent: two processes reprocessing the same store at
// once (each works through every article, both save) end as one
// reprocess would.
func testReprocessConcurrent(t *testing.T, e Engine) {
	ctx := context.Background()
	dsn := e.NewDSN(t)
	a, err := e.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := e.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for i := range 40 {
		if _, err := a.Ingest(ctx, SyntheticArticle(i), &scripted{}); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for _, s := range []store.Store{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.Reprocess(ctx, Synthetic{}, nil); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got := allIncidents(t, a)
	stats, _ := a.Stats(ctx)
	// The same articles ingested once with the same pipeline.
	c := e.open(t)
	for i := range 40 {
		if _, err := c.Ingest(ctx, SyntheticArticle(i), Synthetic{}); err != nil {
			t.Fatal(err)
		}
	}
	want := allIncidents(t, c)
	wantStats, _ := c.Stats(ctx)
	if stats != wantStats || len(got) != len(want) {
		t.Errorf("concurrent reprocess: %+v, %d incidents; one ingest: %+v, %d", stats, len(got), wantStats, len(want))
	}
	if problems, err := a.IntegrityCheck(ctx); err != nil || len(problems) > 0 {
		t.Errorf("integrity: %v %v", problems, err)
	}
	checkFeatures(t, e, a)
}
