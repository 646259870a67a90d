// Package follow follows news outlets: it polls their feeds on a
// schedule, fetches the pages of new items, extracts the articles and
// ingests them through the store, all as jobs on the store's queue
// (river), so that a process killed at any moment loses no item a feed
// showed and ingests nothing twice. Any number of processes (serve,
// follow) may follow one database.
package follow

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// Defaults of Options.
const (
	DefaultInterval     = 10 * time.Minute
	DefaultMinDelay     = 2 * time.Second
	DefaultTimeout      = 30 * time.Second
	DefaultMaxFeedBytes = 5 << 20
	DefaultMaxPageBytes = 2 << 20
	DefaultMaxRedirects = 5
	DefaultMaxBackoff   = 6 * time.Hour
	DefaultTick         = 15 * time.Second
	// UserAgent names the project and how to learn about it.
	UserAgent = "incidentmap/1.0 (+https://github.com/incidentmap/incidentmap; news feed follower)"
)

// Options tune a Follower. The zero value takes the defaults.
type Options struct {
	// Interval is how often a source is polled unless it sets its own.
	Interval time.Duration
	// MinDelay is the least time between two requests to one host.
	MinDelay time.Duration
	// Timeout bounds each request, connecting and reading included.
	Timeout time.Duration
	// MaxFeedBytes and MaxPageBytes cap the answers read.
	MaxFeedBytes, MaxPageBytes int64
	// MaxRedirects caps the redirects followed.
	MaxRedirects int
	// MaxBackoff caps the wait after failed polls.
	MaxBackoff time.Duration
	// Tick is how often due sources are looked for.
	Tick time.Duration
	// UserAgent is sent with every request.
	UserAgent string
	// Client makes the requests; default one with connect, TLS and
	// header timeouts. Its redirect policy is replaced.
	Client *http.Client
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Logger gets a line per poll and per item; default discards.
	Logger *slog.Logger
	// Metrics, when not nil, counts fetches, failures, items and latency
	// per source.
	Metrics *Metrics
	// Changed, when not nil, is called after an article is ingested
	// (the server refreshes its tiles and tells open maps).
	Changed func()
}

func (o *Options) defaults() {
	if o.Interval <= 0 {
		o.Interval = DefaultInterval
	}
	if o.MinDelay <= 0 {
		o.MinDelay = DefaultMinDelay
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxFeedBytes <= 0 {
		o.MaxFeedBytes = DefaultMaxFeedBytes
	}
	if o.MaxPageBytes <= 0 {
		o.MaxPageBytes = DefaultMaxPageBytes
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = DefaultMaxBackoff
	}
	if o.Tick <= 0 {
		o.Tick = min(DefaultTick, o.Interval/2)
	}
	if o.UserAgent == "" {
		o.UserAgent = UserAgent
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Store is what following needs of the store: its sources and items,
// its queue, and ingestion.
type Store interface {
	store.Sources
	Enqueue(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error
	Ingest(ctx context.Context, art geo.Article, proc store.Processor) (store.Result, error)
	Article(ctx context.Context, id string) (geo.Article, error)
}

// Follower polls sources and ingests their items.
type Follower struct {
	st   Store
	proc store.Processor
	opts Options
	f    *fetcher
}

// New returns a Follower over st, ingesting with proc.
func New(st Store, proc store.Processor, opts Options) *Follower {
	opts.defaults()
	return &Follower{st: st, proc: proc, opts: opts, f: newFetcher(opts)}
}

// WorkOptions are the workers, queues and schedule to run on the
// store's queue (store.Queue.Work): polls of due sources every Tick,
// polls one per host at a time, pages fetched a few at once (one per
// host, MinDelay apart).
func (fl *Follower) WorkOptions() store.WorkOptions {
	w := river.NewWorkers()
	river.AddWorker(w, &pollWorker{fl: fl})
	river.AddWorker(w, &fetchWorker{fl: fl})
	return store.WorkOptions{
		Workers: w,
		Queues: map[string]river.QueueConfig{
			store.QueuePoll:  {MaxWorkers: 4},
			store.QueueFetch: {MaxWorkers: 6},
		},
		Loop: fl.tick,
	}
}

// tick enqueues the polls of due sources at once and every Tick.
func (fl *Follower) tick(ctx context.Context) {
	// Items a killed process was fetching get their jobs back first.
	if n, err := fl.st.RequeueItems(ctx); err != nil && ctx.Err() == nil {
		fl.opts.Logger.Warn("requeue items", "err", err)
	} else if n > 0 {
		fl.opts.Logger.Info("requeued items a stopped process left", "items", n)
	}
	t := time.NewTicker(fl.opts.Tick)
	defer t.Stop()
	// The first polls carry this process's start, so that polls a
	// killed process left running do not hold their sources back.
	start := time.Now().UnixNano()
	for {
		if err := fl.enqueueDue(ctx, start); err != nil && ctx.Err() == nil {
			fl.opts.Logger.Warn("enqueue polls", "err", err)
		}
		start = 0
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// EnqueueDue enqueues a poll of every source due now (one at most per
// source waits on the queue).
func (fl *Follower) EnqueueDue(ctx context.Context) error { return fl.enqueueDue(ctx, 0) }

// enqueueDue enqueues the polls of due sources with start (see
// store.PollArgs).
func (fl *Follower) enqueueDue(ctx context.Context, start int64) error {
	ids, err := fl.st.DueSources(ctx, fl.opts.Now())
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := fl.st.Enqueue(ctx, store.PollArgs{SourceID: id, Start: start}, nil); err != nil {
			return err
		}
	}
	return nil
}

type pollWorker struct {
	river.WorkerDefaults[store.PollArgs]
	fl *Follower
}

func (w *pollWorker) Work(ctx context.Context, job *river.Job[store.PollArgs]) error {
	_, err := w.fl.Poll(ctx, job.Args.SourceID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // removed meanwhile
	}
	return err
}

type fetchWorker struct {
	river.WorkerDefaults[store.FetchArgs]
	fl *Follower
}

func (w *fetchWorker) Work(ctx context.Context, job *river.Job[store.FetchArgs]) error {
	return w.fl.Fetch(ctx, job.Args.ItemID, job.Attempt >= job.MaxAttempts)
}

// Timeout bounds a fetch job: the host's turn, robots.txt and the page.
func (w *fetchWorker) Timeout(*river.Job[store.FetchArgs]) time.Duration { return 5 * time.Minute }

// Poll reads one source's feed now (when due: a poll enqueued twice runs
// once) and records the outcome with the new items and their fetch jobs
// in one transaction. It returns how many items were new. A failed poll
// is recorded, not returned: the source's backoff schedules the next.
func (fl *Follower) Poll(ctx context.Context, id int64) (int, error) {
	src, err := fl.st.Source(ctx, id)
	if err != nil {
		return 0, err
	}
	now := fl.opts.Now()
	if src.NextPoll.After(now.Add(time.Second)) {
		return 0, nil // polled since this job was enqueued
	}
	every := src.Every
	if every <= 0 {
		every = fl.opts.Interval
	}
	label := sourceLabel(src.ID)
	u, err := url.Parse(src.URL)
	var resp *response
	start := time.Now()
	if err == nil {
		resp, err = fl.f.get(ctx, u, "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
			src.ETag, src.LastModified, fl.opts.MaxFeedBytes)
	}
	if ctx.Err() != nil {
		return 0, ctx.Err()
	}
	fl.opts.Metrics.observe(label, "feed", time.Since(start))
	p := store.Poll{At: now}
	var items []store.FeedItem
	switch {
	case err != nil:
	case resp.status == http.StatusNotModified:
		p.NotModified = true
	default:
		items, err = parseFeed(resp.body, resp.url)
		p.ETag, p.LastModified = resp.etag, resp.lastModified
	}
	if err != nil {
		p.Err = err.Error()
		p.NextPoll = now.Add(backoff(every, src.Failures+1, fl.opts.MaxBackoff))
		fl.opts.Metrics.fetch(label, "feed", "error")
		fl.opts.Logger.Warn("poll failed", "source", src.URL, "failures", src.Failures+1, "next", p.NextPoll, "err", err)
	} else {
		// A little jitter, so sources added together drift apart.
		p.NextPoll = now.Add(every + time.Duration(rand.Int64N(int64(every)/10+1)))
		result := "ok"
		if p.NotModified {
			result = "not_modified"
		}
		fl.opts.Metrics.fetch(label, "feed", result)
	}
	n, err := fl.st.RecordPoll(ctx, id, p, items)
	if err != nil {
		return 0, err
	}
	fl.opts.Metrics.items(label, "seen", n)
	if p.Err == "" {
		fl.opts.Logger.Info("polled", "source", src.URL, "items", len(items), "new", n, "not_modified", p.NotModified)
	}
	return n, nil
}

// backoff is the wait after n failed polls in a row: the interval
// doubled n times, at most max, with a fifth of jitter either way.
func backoff(every time.Duration, n int, max time.Duration) time.Duration {
	d := every
	for range min(n, 20) {
		d *= 2
		if d >= max {
			d = max
			break
		}
	}
	j := int64(d) / 5
	return d - time.Duration(j) + time.Duration(rand.Int64N(2*j+1))
}

// Fetch fetches item id's page, extracts its article and ingests it,
// then records what became of the item. A passing failure (5xx,
// timeout) is returned, for the queue to try again later, unless last;
// anything else is recorded on the item. An item finished already is
// left alone, so a job run twice ingests once.
func (fl *Follower) Fetch(ctx context.Context, id int64, last bool) error {
	it, err := fl.st.Item(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil // its source was removed
	}
	if err != nil {
		return err
	}
	if it.State != store.ItemNew {
		return nil
	}
	src, err := fl.st.Source(ctx, it.SourceID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	label := sourceLabel(src.ID)
	state, article, note, err := fl.fetch(ctx, it, src)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		fl.opts.Metrics.fetch(label, "page", "error")
		if !last {
			return err
		}
		state, note = store.ItemFailed, err.Error()
	}
	if err := fl.st.FinishItem(ctx, id, state, article, note); err != nil {
		return err
	}
	fl.opts.Metrics.items(label, string(state), 1)
	fl.opts.Logger.Info("item", "source", src.URL, "url", it.URL, "state", state, "article", article, "note", note)
	if state == store.ItemDone && fl.opts.Changed != nil {
		fl.opts.Changed()
	}
	return nil
}

// fetch does Fetch's work: the item's state, article and note, or a
// passing error.
func (fl *Follower) fetch(ctx context.Context, it store.Item, src store.Source) (store.ItemState, int64, string, error) {
	outlet := src.Name
	if outlet == "" {
		if u, err := url.Parse(src.URL); err == nil {
			outlet = u.Hostname()
		}
	}
	if aid, ok, err := fl.st.ArticleByURL(ctx, it.URL); err != nil {
		return "", 0, "", err
	} else if ok {
		return fl.own(ctx, aid, outlet, it.URL, "article stored before")
	}
	u, err := url.Parse(it.URL)
	if err != nil {
		return store.ItemFailed, 0, "bad URL", nil
	}
	start := time.Now()
	resp, err := fl.f.get(ctx, u, "text/html, application/xhtml+xml;q=0.9, */*;q=0.1", "", "", fl.opts.MaxPageBytes)
	fl.opts.Metrics.observe(sourceLabel(src.ID), "page", time.Since(start))
	switch {
	case errors.Is(err, ErrRobots):
		return store.ItemSkipped, 0, "disallowed by robots.txt", nil
	case errors.Is(err, ErrTooLarge), errors.Is(err, ErrPermanent):
		// A failed fetch too, though not one to try again (a 404, a page
		// over the limit).
		fl.opts.Metrics.fetch(sourceLabel(src.ID), "page", "error")
		return store.ItemFailed, 0, err.Error(), nil
	case err != nil:
		return "", 0, "", err
	}
	if ct := strings.ToLower(resp.contentType); ct != "" && !strings.Contains(ct, "html") {
		return store.ItemSkipped, 0, "not a web page: " + resp.contentType, nil
	}
	pg, err := extractPage(resp.body, resp.contentType, resp.url)
	if err != nil {
		return store.ItemFailed, 0, err.Error(), nil
	}
	fl.opts.Metrics.fetch(sourceLabel(src.ID), "page", "ok")
	// The page's own canonical link, else where redirects led.
	canonical := it.URL
	if c := CanonicalURL(resp.url.String(), nil); c != "" {
		canonical = c
	}
	if pg.Canonical != "" {
		canonical = pg.Canonical
	}
	if canonical != it.URL {
		if aid, ok, err := fl.st.ArticleByURL(ctx, canonical); err != nil {
			return "", 0, "", err
		} else if ok {
			return fl.own(ctx, aid, outlet, canonical, "article stored before")
		}
	}
	title := pg.Title
	if title == "" {
		title = it.Title
	}
	if !IsArabic(title + "\n" + pg.Text) {
		return store.ItemSkipped, 0, "not in Arabic", nil
	}
	if strings.TrimSpace(pg.Text) == "" {
		return store.ItemSkipped, 0, "no article text in the page", nil
	}
	if aid, ok, err := fl.st.NearDuplicate(ctx, pg.Text); err != nil {
		return "", 0, "", err
	} else if ok {
		return fl.own(ctx, aid, outlet, canonical, fmt.Sprintf("near copy of article %d (a syndicated story)", aid))
	}
	published := pg.Published
	if published.IsZero() {
		published = it.Published
	}
	res, err := fl.st.Ingest(ctx, geo.Article{Title: title, Text: pg.Text, URL: canonical, Outlet: outlet, Published: published}, fl.proc)
	switch {
	case errors.Is(err, store.ErrInvalidArticle), errors.Is(err, store.ErrProcess):
		return store.ItemFailed, 0, err.Error(), nil
	case err != nil:
		return "", 0, "", err
	}
	aid, _ := store.ParseID(res.ArticleID)
	if res.Existed {
		return fl.own(ctx, aid, outlet, canonical, "same text as article "+res.ArticleID)
	}
	return store.ItemDone, aid, "", nil
}

// own tells apart an article found for an item: the item's own when it
// has the item's URL and outlet (a fetch that got as far as ingesting
// before a crash finds its article on the next try), else a duplicate
// with note.
func (fl *Follower) own(ctx context.Context, aid int64, outlet, url, note string) (store.ItemState, int64, string, error) {
	art, err := fl.st.Article(ctx, store.FormatID(aid))
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", 0, "", err
	}
	if err == nil && art.Outlet == outlet && art.URL == url {
		return store.ItemDone, aid, "", nil
	}
	return store.ItemDuplicate, aid, note, nil
}

func sourceLabel(id int64) string { return store.FormatID(id) }
