package follow

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/gazetteer/embedded"
	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/incidentmap/incidentmap/internal/pipeline"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/store/sqlite"
)

// Benchmarks of following: generated pages we write from templates
// (towns, numbers and phrasings vary, so no two are near copies),
// served locally, ingested by the real geoparser and extractor.

var (
	benchTowns = []string{"الرقة", "إدلب", "دير الزور", "حلب", "الموصل", "كركوك", "صنعاء", "تعز", "درعا", "حمص", "الحسكة", "الفلوجة"}
	benchOpen  = []string{
		"قصفت طائرة مسيرة موقعا في مدينة %s صباح اليوم",
		"سقطت قذائف مدفعية على أطراف مدينة %s فجر اليوم",
		"اندلعت اشتباكات عنيفة في محيط مدينة %s مساء أمس",
		"انفجرت عبوة ناسفة بسيارة على طريق مدينة %s",
		"شنت طائرات حربية غارة على مستودع قرب %s",
	}
	benchMiddle = []string{
		"وأفاد مصدر محلي بمقتل %d أشخاص وإصابة آخرين",
		"وقالت مصادر طبية إن الحصيلة بلغت %d قتلى",
		"وذكر شهود أن %d منازل تضررت بشدة",
		"وأكد ناشطون أن %d مدنيين أصيبوا بجروح",
	}
	benchClose = []string{
		"ولم تتبن أي جهة الهجوم حتى الآن في البلاغ رقم %d.",
		"وفرضت القوات طوقا أمنيا حول المكان منذ الساعة %d.",
		"وتستمر عمليات البحث تحت الأنقاض في الحي رقم %d.",
	}
)

func benchPage(n int) (string, string) {
	town := benchTowns[n%len(benchTowns)]
	title := fmt.Sprintf("%s: تقرير ميداني رقم %d", town, n)
	body := fmt.Sprintf(benchOpen[(n/3)%len(benchOpen)], town) + ". " +
		fmt.Sprintf(benchMiddle[(n/7)%len(benchMiddle)], 2+n%9) + ". " +
		fmt.Sprintf(benchClose[(n/11)%len(benchClose)], n) + " " +
		fmt.Sprintf("وتحدث السكان عن الواقعة %d والواقعة %d والواقعة %d في أحاديث متفرقة عن المدينة رقم %d.", n*7, n*13, n*17, n*19)
	return title, body
}

// benchServer serves feeds /feed/S.xml listing items of S (n per feed
// from first(S)) and the pages /p/N.
func benchServer(b *testing.B, items func(feed int) []int) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/feed/", func(w http.ResponseWriter, r *http.Request) {
		f, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/feed/"), ".xml"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		ns := items(f)
		etag := fmt.Sprintf(`"%d-%d"`, f, len(ns))
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml")
		var sb strings.Builder
		for _, n := range ns {
			title, _ := benchPage(n)
			sb.WriteString(rssItem(fmt.Sprintf("p-%d", n), fmt.Sprintf("/p/%d", n), title))
		}
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>وكالة</title>%s</channel></rss>`, sb.String())
	})
	mux.HandleFunc("/p/", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/p/"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		title, body := benchPage(n)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n%300).Format(time.RFC3339)
		fmt.Fprint(w, pageHTML(title, body, day, "", "utf-8"))
	})
	srv := httptest.NewServer(mux)
	b.Cleanup(srv.Close)
	return srv
}

var benchProc = sync.OnceValues(func() (store.Processor, error) {
	places, err := embedded.Places()
	if err != nil {
		return nil, err
	}
	return pipeline.New(geoparse.New(gazetteer.New(places), geoparse.Options{}), extract.New()), nil
})

// waitItems works the queue until no item waits.
func waitItems(b *testing.B, st *sqlite.Store, want int) {
	b.Helper()
	ctx := context.Background()
	for deadline := time.Now().Add(30 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		srcs, err := st.Sources(ctx)
		if err != nil {
			b.Fatal(err)
		}
		items, waiting := 0, 0
		for _, s := range srcs {
			items += s.Items
			waiting += s.Waiting
		}
		if items >= want && waiting == 0 {
			return
		}
	}
	b.Fatal("the items were not all processed")
}

// BenchmarkFollowItems: items processed per second (fetch, extract,
// ingest with the real pipeline) from one local feed of 1,000 items,
// pages on one host (so fetched one at a time, as for a real outlet).
func BenchmarkFollowItems(b *testing.B) {
	const n = 1000
	proc, err := benchProc()
	if err != nil {
		b.Fatal(err)
	}
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	srv := benchServer(b, func(int) []int { return all })
	ctx := context.Background()
	b.ReportAllocs()
	var total time.Duration
	var dups int
	for i := 0; i < b.N; i++ {
		st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{})
		if err != nil {
			b.Fatal(err)
		}
		src, err := st.AddSource(ctx, store.Source{URL: srv.URL + "/feed/0.xml", Name: "وكالة"})
		if err != nil {
			b.Fatal(err)
		}
		fl := New(st, proc, Options{MinDelay: time.Microsecond})
		wctx, stop := context.WithCancel(ctx)
		opts := fl.WorkOptions()
		opts.Loop = nil
		done := make(chan error, 1)
		start := time.Now()
		go func() { done <- st.Work(wctx, proc, opts) }()
		if _, err := fl.Poll(ctx, src.ID); err != nil {
			b.Fatal(err)
		}
		waitItems(b, st, n)
		total += time.Since(start)
		stop()
		if err := <-done; err != nil {
			b.Fatal(err)
		}
		s, _ := st.Source(ctx, src.ID)
		dups += s.Duplicates + s.Failed + s.Skipped
		st.Close()
	}
	b.ReportMetric(float64(n*b.N)/total.Seconds(), "items/s")
	b.ReportMetric(float64(dups)/float64(b.N), "not-ingested/op")
}

// BenchmarkFollowMemory: a follow process polling 200 sources every 10
// minutes for an hour of simulated time (a minute of the clock per
// step), each feed gaining an item now and then, with the real
// pipeline; it reports the live heap after each simulated minute (max
// and last) and the memory the Go runtime took from the system.
func BenchmarkFollowMemory(b *testing.B) {
	sources, minutes := 200, 60
	if v := os.Getenv("FOLLOW_BENCH_SOURCES"); v != "" {
		sources, _ = strconv.Atoi(v)
		minutes = 3
	}
	proc, err := benchProc()
	if err != nil {
		b.Fatal(err)
	}
	var mu sync.Mutex
	feeds := make([][]int, sources)
	next := 0
	for f := range feeds {
		for range 5 {
			feeds[f] = append(feeds[f], next)
			next++
		}
	}
	srv := benchServer(b, func(f int) []int {
		mu.Lock()
		defer mu.Unlock()
		return append([]int(nil), feeds[f]...)
	})
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "mem.db"), sqlite.Options{})
		if err != nil {
			b.Fatal(err)
		}
		for f := range sources {
			if _, err := st.AddSource(ctx, store.Source{URL: fmt.Sprintf("%s/feed/%d.xml", srv.URL, f)}); err != nil {
				b.Fatal(err)
			}
		}
		clk := &clock{t: time.Now()}
		fl := New(st, proc, Options{MinDelay: time.Microsecond, Now: clk.now})
		wctx, stop := context.WithCancel(ctx)
		opts := fl.WorkOptions()
		opts.Loop = nil
		done := make(chan error, 1)
		go func() { done <- st.Work(wctx, proc, opts) }()
		var maxHeap, lastHeap uint64
		var ms runtime.MemStats
		for m := range minutes {
			if m > 0 && m%10 == 0 {
				mu.Lock()
				for f := range feeds {
					if (f+m)%3 == 0 { // a third of the feeds gain an item
						feeds[f] = append(feeds[f], next)
						next++
					}
				}
				mu.Unlock()
			}
			if err := fl.EnqueueDue(ctx); err != nil {
				b.Fatal(err)
			}
			waitPolled(b, st, clk.now())
			waitItems(b, st, 0) // the items the polls found
			runtime.GC()
			runtime.ReadMemStats(&ms)
			lastHeap = ms.HeapAlloc
			maxHeap = max(maxHeap, ms.HeapAlloc)
			clk.add(time.Minute)
		}
		stop()
		if err := <-done; err != nil {
			b.Fatal(err)
		}
		stats, _ := st.Stats(ctx)
		b.ReportMetric(float64(maxHeap)/(1<<20), "max-heap-MB")
		b.ReportMetric(float64(lastHeap)/(1<<20), "final-heap-MB")
		b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MB")
		b.ReportMetric(float64(stats.Articles), "articles")
		st.Close()
	}
}

// waitPolled waits until no source is due at now.
func waitPolled(b *testing.B, st *sqlite.Store, now time.Time) {
	b.Helper()
	for deadline := time.Now().Add(10 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		due, err := st.DueSources(context.Background(), now)
		if err != nil {
			b.Fatal(err)
		}
		if len(due) == 0 {
			return
		}
	}
	b.Fatal("sources still due")
}
