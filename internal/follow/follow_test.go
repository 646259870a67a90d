package follow

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/text/encoding/charmap"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/store/engine"
	"github.com/incidentmap/incidentmap/internal/store/pgtest"
	"github.com/incidentmap/incidentmap/internal/store/sqlite"
)

// pgCluster is the throwaway PostgreSQL the tests follow into, beside
// SQLite.
var pgCluster *pgtest.Cluster

func TestMain(m *testing.M) {
	if os.Getenv(crashEnvDB) != "" {
		os.Exit(m.Run()) // a crash test's child: its parent's database is given
	}
	os.Exit(pgtest.Main(m, &pgCluster))
}

// forEngines runs fn once per store engine with a fresh database's
// --db value (a file, a postgres:// URL).
func forEngines(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "follow.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, pgCluster.Database(t)) })
}

// openStore opens the store dsn names, closed when t ends.
func openStore(t testing.TB, dsn string) store.Store {
	t.Helper()
	st, err := engine.Open(context.Background(), dsn, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// The test's outlets: pages we wrote, each reporting a strike on a day
// of its own (so no two merge), served by a feed server that changes
// between polls and misbehaves in the ways real sites do.

var raqqa = &geo.Place{ID: "test:raqqa", Name: "Ar Raqqah", NameAr: "الرقة", Kind: geo.KindCity, CountryCode: "SY", Point: orb.Point{39.01, 35.95}}

// testProc places one air strike at Raqqa on the article's date: a
// stand-in for the pipeline, so the test says exactly what is stored.
type testProc struct{}

func (testProc) Process(_ context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
	if !strings.Contains(art.FullText(), "الرقة") {
		return geo.Geoparse{}, nil, nil
	}
	d := art.Published.Truncate(24 * time.Hour)
	inc := geo.Incident{EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike", Place: raqqa,
		PlaceText: "الرقة", Point: raqqa.Point, GeoPrecision: 1, Date: d, DatePrecision: 1, Confidence: 0.8,
		Evidence: []geo.Evidence{{Start: 0, End: 5, Text: "الرقة"}}}
	return geo.Geoparse{Places: []geo.Toponym{{Place: raqqa, Confidence: 0.9, Mentions: []geo.Mention{{Start: 0, End: 5, Text: "الرقة"}}}}},
		[]geo.Incident{inc}, nil
}

// clauses are sentences we wrote, a different three for each story, so
// that no two stories share their shingles.
var clauses = []string{
	"قصفت طائرة مسيرة موقعا في مدينة الرقة صباح اليوم.",
	"سمع السكان دوي انفجار قوي هز الأحياء الشرقية.",
	"هرعت فرق الإسعاف إلى المكان لنقل المصابين.",
	"أغلقت المدارس أبوابها بعد سقوط قذائف قرب سوق الخضار في الرقة.",
	"قال مزارع إن النيران أتت على محصوله من القمح.",
	"تصاعد دخان أسود كثيف فوق المنطقة الصناعية لساعات.",
	"استهدف صاروخ جسرا حديديا عند المدخل الشمالي لمدينة الرقة.",
	"انقطعت الكهرباء عن عدة قرى مجاورة طوال الليل.",
	"تحدث شهود عن تحليق مكثف للطيران فوق الضفة الجنوبية.",
	"أصيب ثلاثة عمال في ورشة لتصليح السيارات جراء غارة على الرقة.",
	"نقل الجرحى إلى مستشفى ميداني أقيم في مبنى مدرسة قديمة.",
	"فرضت دوريات مسلحة طوقا حول الحي ومنعت الاقتراب منه.",
	"دمرت غارة ليلية مستودعا للحبوب على طريق الرقة الدولي.",
	"احترقت شاحنتان كانتا تنقلان مواد غذائية إلى الريف.",
	"أكد مسؤول في البلدية أن الأضرار طالت شبكة المياه.",
	"سقطت قذيفة هاون قرب دوار النعيم وسط الرقة مساء الأمس.",
	"لم تسجل إصابات بشرية لكن واجهات المحال تحطمت بالكامل.",
	"حذر ناشطون من تكرار القصف في ساعات الذروة.",
	"استهدفت مسيرة دراجة نارية على أطراف حي المشلب في الرقة.",
	"قتل راكبا الدراجة على الفور بحسب مصادر طبية.",
	"تجمع الأهالي أمام المشفى للتبرع بالدم.",
	"أطلقت مضادات أرضية نيرانها باتجاه هدف جوي فوق الرقة.",
	"تناثرت الشظايا على أسطح المنازل القريبة من الثكنة.",
	"قالت عائلة نازحة إنها غادرت المخيم خوفا من تجدد القصف.",
	"انفجرت سيارة مفخخة في موقف للحافلات بمدينة الرقة.",
	"شوهدت ألسنة اللهب من مسافة بعيدة عند الفجر.",
	"أعلنت السلطات المحلية الحداد ثلاثة أيام.",
}

// story writes an article page body: three clauses of its own, with a
// strike at Raqqa.
func story(n int, extra string) string {
	return strings.Join(clauses[3*(n%9):3*(n%9)+3], " ") + " " + extra
}

// pageHTML writes an article page; published "" leaves the date out.
func pageHTML(title, body, published, canonical, charset string) string {
	head := fmt.Sprintf(`<meta charset="%s"><title>%s</title>`, charset, title)
	if published != "" {
		head += fmt.Sprintf(`<meta property="article:published_time" content="%s">`, published)
	}
	if canonical != "" {
		head += fmt.Sprintf(`<link rel="canonical" href="%s">`, canonical)
	}
	var paras strings.Builder
	for _, s := range strings.SplitAfter(body, ". ") {
		fmt.Fprintf(&paras, "<p>%s</p>\n", s)
	}
	return fmt.Sprintf(`<!DOCTYPE html><html lang="ar" dir="rtl"><head>%s</head><body><nav><a href="/">الرئيسية</a></nav>
<article><h1>%s</h1>%s</article><footer>جميع الحقوق محفوظة</footer></body></html>`, head, title, paras.String())
}

// wire is an agency story two outlets reprint with a line of their own.
var wire = "أعلنت مصادر محلية أن غارة جوية استهدفت مستودعا للذخيرة على أطراف مدينة الرقة فجر اليوم ما أدى إلى سلسلة انفجارات متتالية سمعت في أرجاء المدينة. " +
	"وأضافت المصادر أن ألسنة اللهب تصاعدت لساعات وأن فرق الدفاع المدني عملت على إخماد الحريق ومنع امتداده إلى المباني السكنية القريبة. " +
	"ولم تعلن أي جهة مسؤوليتها عن الغارة بينما تحدثت مصادر أخرى عن سقوط جرحى بين عناصر الحراسة."

type feedServer struct {
	*httptest.Server
	mu       sync.Mutex
	feed1    []string // item XML of feed 1
	etag1    int
	feed4Bad atomic.Bool
	slowOnce atomic.Bool
	hits     sync.Map // path → *atomic.Int64
	agents   sync.Map // User-Agent seen
}

func rssItem(guid, link, title string) string {
	return rssItemOn(guid, link, title, "Wed, 01 May 2024 08:00:00 +0000")
}

func rssItemOn(guid, link, title, date string) string {
	return fmt.Sprintf("<item><guid>%s</guid><link>%s</link><title>%s</title><pubDate>%s</pubDate></item>", guid, link, title, date)
}

func newFeedServer(t *testing.T) *feedServer {
	fs := &feedServer{}
	fs.feed4Bad.Store(true)
	fs.slowOnce.Store(true)
	mux := http.NewServeMux()
	count := func(p string) {
		v, _ := fs.hits.LoadOrStore(p, new(atomic.Int64))
		v.(*atomic.Int64).Add(1)
	}
	page := func(path, title, body, date, canonical string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, pageHTML(title, body, date, canonical, "utf-8"))
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		count(r.URL.Path)
		fs.agents.Store(r.UserAgent(), true)
		http.NotFound(w, r)
	})
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	mux.HandleFunc("/feed1.xml", func(w http.ResponseWriter, r *http.Request) {
		count(r.URL.Path)
		fs.agents.Store(r.UserAgent(), true)
		fs.mu.Lock()
		etag := fmt.Sprintf(`"v%d"`, fs.etag1)
		items := strings.Join(fs.feed1, "\n")
		fs.mu.Unlock()
		if r.Header.Get("If-None-Match") == etag {
			count(r.URL.Path + " 304")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>وكالة الاختبار</title>%s</channel></rss>`, items)
	})
	// Feed 2: Atom in windows-1256, pointing at one page feed 1 also
	// shows, at a reprint of the wire story, at another address of a
	// page feed 1 shows (its canonical link says so) and at a copy of
	// another under an address of its own.
	mux.HandleFunc("/feed2.xml", func(w http.ResponseWriter, r *http.Request) {
		count(r.URL.Path)
		if r.Header.Get("If-None-Match") == `"f2"` {
			count(r.URL.Path + " 304")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"f2"`)
		w.Header().Set("Content-Type", "application/atom+xml")
		xml := `<?xml version="1.0" encoding="windows-1256"?><feed xmlns="http://www.w3.org/2005/Atom"><title>صحيفة الاختبار</title>` +
			`<entry><id>b-shared</id><link href="/shared?utm_source=feed"/><title>خبر مشترك</title><updated>2024-05-02T08:00:00Z</updated></entry>` +
			`<entry><id>b-wire</id><link href="/b/wire"/><title>غارة على مستودع</title><updated>2024-05-03T08:00:00Z</updated></entry>` +
			`<entry><id>b-1256</id><link href="/b/legacy"/><title>خبر بترميز قديم</title><updated>2024-05-04T08:00:00Z</updated></entry>` +
			`<entry><id>b-amp</id><link href="/amp/1"/><title>غارة على الرقة</title><updated>2024-05-05T08:00:00Z</updated></entry>` +
			`<entry><id>b-copy</id><link href="/b/copy3"/><title>قصف بعد تحويل</title><updated>2024-05-06T08:00:00Z</updated></entry>` +
			`</feed>`
		b, err := charmap.Windows1256.NewEncoder().String(xml)
		if err != nil {
			t.Error(err)
		}
		fmt.Fprint(w, b)
	})
	mux.HandleFunc("/feed3.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>مكسور</title><item><title>بلا نهاية`)
	})
	// Feed 4 fails, then recovers; it validates with Last-Modified
	// alone.
	mux.HandleFunc("/feed4.xml", func(w http.ResponseWriter, r *http.Request) {
		count(r.URL.Path)
		if fs.feed4Bad.Load() {
			http.Error(w, "down for maintenance", http.StatusInternalServerError)
			return
		}
		const modified = "Wed, 01 May 2024 10:00:00 GMT"
		if r.Header.Get("If-Modified-Since") == modified {
			count(r.URL.Path + " 304")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Last-Modified", modified)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>عائدة</title>%s</channel></rss>`,
			rssItemOn("d-1", "/d/1", "خبر بعد العودة", "Mon, 27 May 2024 09:00:00 +0300"))
	})
	page("/a/1", "غارة على الرقة", story(1, ""), "2024-05-01T07:00:00Z", "")
	page("/a/3", "قصف بعد تحويل", story(3, ""), "2024-05-09T07:00:00Z", "")
	mux.HandleFunc("/old/3", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/a/3", http.StatusMovedPermanently) })
	page("/a/en", "Strike reported", strings.Repeat("A drone strike was reported near the city this morning. ", 20), "2024-05-11T07:00:00Z", "")
	mux.HandleFunc("/a/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, pageHTML("صفحة ضخمة", story(5, strings.Repeat("حشو ", 40000)), "2024-05-13T07:00:00Z", "", "utf-8"))
	})
	page("/shared", "خبر مشترك", story(7, ""), "2024-05-15T07:00:00Z", "")
	page("/amp/1", "غارة على الرقة", story(1, ""), "2024-05-01T07:00:00Z", "/a/1")
	page("/b/copy3", "قصف بعد تحويل", story(3, ""), "2024-05-09T07:00:00Z", "")
	page("/a/wire", "غارة على مستودع", wire+" وتابعت الوكالة أن التحقيق جار.", "2024-05-17T07:00:00Z", "")
	page("/b/wire", "غارة على مستودع للذخيرة", "نقلا عن وكالة الأنباء: "+wire, "2024-05-17T09:00:00Z", "")
	mux.HandleFunc("/b/legacy", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=windows-1256")
		b, _ := charmap.Windows1256.NewEncoder().String(pageHTML("خبر بترميز قديم", story(9, ""), "2024-05-19T07:00:00Z", "", "windows-1256"))
		fmt.Fprint(w, b)
	})
	mux.HandleFunc("/a/slow", func(w http.ResponseWriter, r *http.Request) {
		if fs.slowOnce.CompareAndSwap(true, false) {
			time.Sleep(1500 * time.Millisecond) // over the client's timeout once
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, pageHTML("خبر بطيء", story(11, ""), "2024-05-21T07:00:00Z", "", "utf-8"))
	})
	page("/private/1", "خبر ممنوع", story(13, ""), "2024-05-23T07:00:00Z", "")
	page("/a/4", "خبر جديد", story(15, ""), "2024-05-25T07:00:00Z", "")
	page("/d/1", "خبر بعد العودة", story(17, ""), "", "") // no date: the feed's
	fs.Server = httptest.NewServer(mux)
	t.Cleanup(fs.Close)
	fs.feed1 = []string{
		rssItem("a-1", "/a/1", "غارة على الرقة"),
		rssItem("a-3", "/old/3", "قصف بعد تحويل"),
		rssItem("a-en", "/a/en", "Strike reported"),
		rssItem("a-big", "/a/big", "صفحة ضخمة"),
		rssItem("a-shared", "/shared", "خبر مشترك"),
		rssItem("a-wire", "/a/wire", "غارة على مستودع"),
		rssItem("a-slow", "/a/slow", "خبر بطيء"),
		rssItem("a-private", "/private/1", "خبر ممنوع"),
		rssItem("a-1", "/a/1", "غارة على الرقة"), // listed twice
	}
	return fs
}

// clock is a test clock moved by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// followed is a store with sources over the test's feed server.
type followed struct {
	st      store.Store
	dsn     string
	fl      *Follower
	sources map[string]int64
	clk     *clock
	reg     *prometheus.Registry
}

// metric is the value of the counter name with labels (a histogram's
// count of observations), summed over the series that have them.
func (f *followed) metric(t *testing.T, name string, labels map[string]string) float64 {
	t.Helper()
	mfs, err := f.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	series:
		for _, m := range mf.GetMetric() {
			have := map[string]string{}
			for _, l := range m.GetLabel() {
				have[l.GetName()] = l.GetValue()
			}
			for k, v := range labels {
				if have[k] != v {
					continue series
				}
			}
			if m.GetHistogram() != nil {
				sum += float64(m.GetHistogram().GetSampleCount())
			} else {
				sum += m.GetCounter().GetValue()
			}
		}
	}
	return sum
}

func newFollowed(t *testing.T, fs *feedServer, dsn string) *followed {
	ctx := context.Background()
	st := openStore(t, dsn)
	clk := &clock{t: time.Now()}
	reg := prometheus.NewRegistry()
	fl := New(st, testProc{}, Options{Timeout: time.Second, MinDelay: 5 * time.Millisecond, MaxPageBytes: 64 << 10,
		Interval: 10 * time.Minute, Now: clk.now, Metrics: NewMetrics(reg)})
	f := &followed{st: st, dsn: dsn, fl: fl, sources: map[string]int64{}, clk: clk, reg: reg}
	srcs, _ := st.Sources(ctx)
	for _, s := range srcs {
		f.sources[s.URL[strings.LastIndex(s.URL, "/")+1:]] = s.ID
	}
	return f
}

// pollAll polls every source now, working the queue until every item is
// finished: the first source added first, then the others. Which of
// two copies of a story is stored, and which is the duplicate, then
// does not hang on the order the fetch workers happen to take their
// jobs (feed 1 shows the originals of the copies feed 2 shows).
func (f *followed) pollAll(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	ids := make([]int64, 0, len(f.sources))
	for _, id := range f.sources {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for i, id := range ids {
		if _, err := f.fl.Poll(ctx, id); err != nil {
			t.Fatal(err)
		}
		if i == 0 || i == len(ids)-1 {
			f.drain(t)
		}
	}
}

func (f *followed) drain(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	opts := f.fl.WorkOptions()
	opts.Loop = nil // the test polls by hand
	go func() { done <- f.st.Work(ctx, testProc{}, opts) }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		items, err := f.st.Items(context.Background(), 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		waiting := 0
		for _, it := range items {
			if it.State == store.ItemNew {
				waiting++
			}
		}
		if waiting == 0 {
			break
		}
		if time.Now().After(deadline) {
			cancel()
			<-done
			t.Fatalf("%d items still waiting", waiting)
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// states maps item keys to "state" or "state article-URL".
func (f *followed) states(t *testing.T) map[string]string {
	t.Helper()
	ctx := context.Background()
	items, err := f.st.Items(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, it := range items {
		s := string(it.State)
		if it.ArticleID > 0 {
			art, err := f.st.Article(ctx, store.FormatID(it.ArticleID))
			if err != nil {
				t.Fatal(err)
			}
			s += " " + art.URL[strings.Index(art.URL[8:], "/")+8:]
		}
		out[it.Key] = s
	}
	return out
}

// TestFollow follows four feeds of the test's server into each engine:
// it checks exactly what becomes of every item and which articles and
// incidents are stored, that a changed feed brings its new item, that
// unchanged feeds cost a 304 (ETag and Last-Modified), that a failing
// feed backs off and recovers, that the metrics count per source, and
// that later runs, and another process, store nothing new.
func TestFollow(t *testing.T) {
	forEngines(t, testFollow)
}

func testFollow(t *testing.T, dsn string) {
	ctx := context.Background()
	fs := newFeedServer(t)
	f := newFollowed(t, fs, dsn)
	for _, name := range []string{"feed1.xml", "feed2.xml", "feed3.xml", "feed4.xml"} {
		src := store.Source{URL: fs.URL + "/" + name, Name: "outlet " + name}
		if name == "feed2.xml" {
			src.Every = 30 * time.Minute // its own interval
		}
		added, err := f.st.AddSource(ctx, src)
		if err != nil {
			t.Fatal(err)
		}
		f.sources[name] = added.ID
	}
	f.pollAll(t)
	want := map[string]string{
		"a-1":       "done /a/1",
		"a-3":       "done /a/3", // followed the redirect
		"a-en":      "skipped",   // not Arabic
		"a-big":     "failed",    // over the size limit
		"a-shared":  "done /shared",
		"a-wire":    "done /a/wire",
		"a-slow":    "done /a/slow",      // timed out once, then fetched
		"a-private": "skipped",           // robots.txt
		"b-shared":  "duplicate /shared", // another feed showed the page first
		"b-wire":    "duplicate /a/wire", // a near copy: one story
		"b-1256":    "done /b/legacy",
		"b-amp":     "duplicate /a/1", // its canonical link is a stored article's
		"b-copy":    "duplicate /a/3", // the same text at another address
	}
	check := func(when string, want map[string]string) {
		t.Helper()
		got := f.states(t)
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s: item %s is %q, want %q", when, k, got[k], w)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d items, want %d: %v", when, len(got), len(want), got)
		}
	}
	// stored lists the articles: path, outlet, date, title.
	stored := func() []string {
		t.Helper()
		arts, err := f.st.Articles(ctx, "", 100)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range arts {
			out = append(out, fmt.Sprintf("%s | %s | %s | %s", a.URL[len(fs.URL):], a.Outlet, a.Published.UTC().Format(time.RFC3339), a.Title))
		}
		slices.Sort(out)
		return out
	}
	check("first run", want)
	// Exactly these articles: the page's date (not the feed's), the
	// source's name as the outlet, the page's headline.
	wantArticles := []string{
		"/a/1 | outlet feed1.xml | 2024-05-01T07:00:00Z | غارة على الرقة",
		"/a/3 | outlet feed1.xml | 2024-05-09T07:00:00Z | قصف بعد تحويل",
		"/a/slow | outlet feed1.xml | 2024-05-21T07:00:00Z | خبر بطيء",
		"/a/wire | outlet feed1.xml | 2024-05-17T07:00:00Z | غارة على مستودع",
		"/b/legacy | outlet feed2.xml | 2024-05-19T07:00:00Z | خبر بترميز قديم",
		"/shared | outlet feed1.xml | 2024-05-15T07:00:00Z | خبر مشترك",
	}
	if got := stored(); !slices.Equal(got, wantArticles) {
		t.Errorf("first run stored\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantArticles, "\n"))
	}
	st, err := f.st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 6 || st.Incidents != 6 || st.Sources != 6 {
		t.Errorf("first run stored %+v, want 6 articles, 6 incidents, 6 sources", st)
	}
	// One incident a stored article, on its day.
	page, err := f.st.Incidents(ctx, store.Query{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var days []string
	for _, inc := range page.Incidents {
		days = append(days, inc.Date.Format(time.DateOnly))
	}
	slices.Sort(days)
	if want := []string{"2024-05-01", "2024-05-09", "2024-05-15", "2024-05-17", "2024-05-19", "2024-05-21"}; !slices.Equal(days, want) {
		t.Errorf("incidents on %v, want %v", days, want)
	}
	// The windows-1256 page was decoded: its text is Arabic, searchable.
	arts, _ := f.st.Articles(ctx, "", 100)
	for _, a := range arts {
		if strings.HasSuffix(a.URL, "/b/legacy") && !strings.Contains(a.Text, "الرقة") {
			t.Errorf("legacy page decoded as %q", a.Text[:min(80, len(a.Text))])
		}
	}
	srcs, _ := f.st.Sources(ctx)
	byName := map[string]store.Source{}
	for _, s := range srcs {
		byName[s.Name] = s
	}
	if s := byName["outlet feed3.xml"]; s.Failures != 1 || !strings.Contains(s.LastError, "parse feed") {
		t.Errorf("malformed feed: %+v", s)
	}
	if s := byName["outlet feed4.xml"]; s.Failures != 1 || !strings.Contains(s.LastError, "500") ||
		s.NextPoll.Sub(f.clk.now()) < 15*time.Minute {
		t.Errorf("failing feed backs off: %+v", s)
	}
	if s := byName["outlet feed1.xml"]; s.Articles != 5 || s.Incidents != 5 || s.ETag != `"v0"` {
		t.Errorf("feed 1: %+v", s)
	}
	if s := byName["outlet feed2.xml"]; s.Items != 5 || s.Articles != 1 || s.Incidents != 1 || s.Duplicates != 4 {
		t.Errorf("feed 2: %+v", s)
	}
	// The next polls: the interval (10 minutes) or the source's own (30),
	// and up to a tenth more.
	for name, every := range map[string]time.Duration{"outlet feed1.xml": 10 * time.Minute, "outlet feed2.xml": 30 * time.Minute} {
		if d := byName[name].NextPoll.Sub(f.clk.now()); d < every-time.Second || d > every*11/10+time.Second {
			t.Errorf("%s: next poll in %v, want %v to %v", name, d, every, every*11/10)
		}
	}
	if _, ok := fs.agents.Load(UserAgent); !ok {
		t.Error("requests without the project's User-Agent")
	}
	// The metrics count per source.
	src := func(name string) string { return sourceLabel(f.sources[name]) }
	for _, m := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"incidentmap_follow_fetches_total", map[string]string{"source": src("feed1.xml"), "kind": "feed", "result": "ok"}, 1},
		{"incidentmap_follow_fetches_total", map[string]string{"source": src("feed3.xml"), "kind": "feed", "result": "error"}, 1},
		{"incidentmap_follow_fetches_total", map[string]string{"source": src("feed4.xml"), "kind": "feed", "result": "error"}, 1},
		{"incidentmap_follow_fetches_total", map[string]string{"source": src("feed1.xml"), "kind": "page", "result": "error"}, 2}, // the slow page once, the big one
		{"incidentmap_follow_items_total", map[string]string{"source": src("feed1.xml"), "state": "seen"}, 8},
		{"incidentmap_follow_items_total", map[string]string{"source": src("feed1.xml"), "state": "done"}, 5},
		{"incidentmap_follow_items_total", map[string]string{"source": src("feed1.xml"), "state": "skipped"}, 2},
		{"incidentmap_follow_items_total", map[string]string{"source": src("feed1.xml"), "state": "failed"}, 1},
		{"incidentmap_follow_items_total", map[string]string{"source": src("feed2.xml"), "state": "seen"}, 5},
		{"incidentmap_follow_items_total", map[string]string{"source": src("feed2.xml"), "state": "done"}, 1},
		{"incidentmap_follow_fetch_seconds", map[string]string{"source": src("feed2.xml"), "kind": "feed"}, 1},
	} {
		if got := f.metric(t, m.name, m.labels); got != m.want {
			t.Errorf("%s%v = %v, want %v", m.name, m.labels, got, m.want)
		}
	}

	// The feed changes, the failing one recovers; feed 2 answers 304.
	fs.mu.Lock()
	fs.feed1 = append(fs.feed1, rssItem("a-4", "/a/4", "خبر جديد"))
	fs.etag1++
	fs.mu.Unlock()
	fs.feed4Bad.Store(false)
	f.clk.add(7 * time.Hour)
	f.pollAll(t)
	want["a-4"] = "done /a/4"
	want["d-1"] = "done /d/1"
	check("second run", want)
	st2, _ := f.st.Stats(ctx)
	if st2.Articles != 8 || st2.Incidents != 8 {
		t.Errorf("second run: %+v, want 8 articles and incidents", st2)
	}
	// A page without a date takes the feed's.
	if got := stored(); !slices.Contains(got, "/d/1 | outlet feed4.xml | 2024-05-27T06:00:00Z | خبر بعد العودة") {
		t.Errorf("second run stored\n%s\nwithout /d/1 on the feed's date", strings.Join(got, "\n"))
	}
	srcs, _ = f.st.Sources(ctx)
	for _, s := range srcs {
		if s.Name == "outlet feed4.xml" && (s.Failures != 0 || s.LastError != "" || s.LastSuccess.IsZero() || s.LastModified == "") {
			t.Errorf("recovered feed: %+v", s)
		}
	}
	hits := func(p string) int64 {
		v, ok := fs.hits.Load(p)
		if !ok {
			return 0
		}
		return v.(*atomic.Int64).Load()
	}
	if hits("/feed2.xml 304") != 1 || hits("/feed1.xml 304") != 0 {
		t.Errorf("second run: feed 2 answered 304 %d times, feed 1 %d; want 1 and 0", hits("/feed2.xml 304"), hits("/feed1.xml 304"))
	}
	if got := f.metric(t, "incidentmap_follow_fetches_total", map[string]string{"source": src("feed2.xml"), "result": "not_modified"}); got != 1 {
		t.Errorf("feed 2's not_modified fetches: %v, want 1", got)
	}

	// Nothing new: a third run stores nothing, the feeds answer 304
	// (feed 4 to If-Modified-Since) and no page is fetched again.
	before := hits("/a/1")
	f.clk.add(7 * time.Hour)
	f.pollAll(t)
	check("third run", want)
	if st3, _ := f.st.Stats(ctx); st3 != st2 {
		t.Errorf("third run changed %+v to %+v", st2, st3)
	}
	if got := stored(); len(got) != 8 {
		t.Errorf("third run: %d articles stored, want 8", len(got))
	}
	if hits("/a/1") != before {
		t.Error("a page fetched again")
	}
	for _, p := range []string{"/feed1.xml 304", "/feed2.xml 304", "/feed4.xml 304"} {
		if want := map[string]int64{"/feed1.xml 304": 1, "/feed2.xml 304": 2, "/feed4.xml 304": 1}[p]; hits(p) != want {
			t.Errorf("third run: %s %d times, want %d", p, hits(p), want)
		}
	}
	// A second process over the same database stores nothing new either.
	g := newFollowed(t, fs, f.dsn)
	g.clk.add(14 * time.Hour)
	g.pollAll(t)
	if st4, _ := g.st.Stats(ctx); st4 != st2 {
		t.Errorf("another process changed %+v to %+v", st2, st4)
	}
}

// TestPollLeftRunning: a poll a killed process left running (its job
// still "running" on the queue, holding its unique key) does not hold
// its source back: the next process polls it as it starts.
func TestPollLeftRunning(t *testing.T) {
	ctx := context.Background()
	fs := newFeedServer(t)
	path := filepath.Join(t.TempDir(), "left.db")
	f := newFollowed(t, fs, path)
	src, err := f.st.AddSource(ctx, store.Source{URL: fs.URL + "/feed2.xml"})
	if err != nil {
		t.Fatal(err)
	}
	f.clk.add(time.Minute)
	// The job's key holds for the minute (river's clock): start early in
	// one, so that the key still holds when the next process starts.
	if now := time.Now(); now.Second() > 50 {
		time.Sleep(now.Truncate(time.Minute).Add(time.Minute + time.Second).Sub(now))
	}
	// The killed process's poll: enqueued, taken, never finished.
	if err := f.st.Enqueue(ctx, store.PollArgs{SourceID: src.ID}, nil); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", sqlite.QueuePath(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r, err := db.ExecContext(ctx, `UPDATE river_job SET state = 'running', attempt = 1 WHERE kind = ?`, store.PollArgs{}.Kind())
	if n, _ := r.RowsAffected(); err != nil || n != 1 {
		t.Fatalf("marking the poll running: %d rows, %v", n, err)
	}
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- f.st.Work(wctx, testProc{}, f.fl.WorkOptions()) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		s, err := f.st.Source(ctx, src.ID)
		if err != nil {
			t.Fatal(err)
		}
		if s.Polls > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the source was not polled: the poll left running holds it back")
		}
	}
}
