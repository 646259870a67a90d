package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/incidentmap/incidentmap/geo"
)

// The queue of work. Every engine keeps a river job queue in its own
// database (riversqlite on SQLite, riverpgxv5 on PostgreSQL), so that
// work is durable and shared by every process on the database:
//
//   - Ingest saves an article and enqueues its processing (a
//     ProcessArgs job) in one transaction; the processor derives the
//     places and incidents outside any transaction; the derived rows
//     are saved in a second transaction that also takes the job off
//     the queue. Ingest does the processing itself at once, so that its
//     caller gets the article's places and incidents back; the job,
//     scheduled ProcessGrace later, is the durable fallback that a
//     worker (serve, follow) runs if the process dies in between.
//   - Each article carries the generation of processing asked for and
//     the one done. Saving derived rows is idempotent: a transaction
//     whose generation is already done changes nothing, so a job run
//     twice after a crash writes its result once.
//   - Reprocess asks for a new generation of every article (one job per
//     article) and works through them; an article whose processor
//     output is unchanged is left alone, so its incidents keep their
//     ids and rows.

// Queues of the job engine.
const (
	// QueueProcess holds ProcessArgs jobs.
	QueueProcess = "process"
)

// ProcessGrace is how long an article's processing job waits on the
// queue before a worker may take it: Ingest processes the article
// itself meanwhile and removes the job, so a worker only ever sees the
// jobs of a process that died (or of a reprocess).
const ProcessGrace = time.Minute

// ProcessArgs is the job that derives the places and incidents of one
// stored article (its current generation).
type ProcessArgs struct {
	ArticleID int64 `json:"article_id"`
}

// Kind names the job for river.
func (ProcessArgs) Kind() string { return "process_article" }

// InsertOpts puts processing jobs on their queue; a job that fails for
// a reason other than the article (the database was away) is retried
// with river's backoff.
func (ProcessArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueProcess, MaxAttempts: 25}
}

// ProcessJobs are the processing jobs of articles ids, each scheduled
// ProcessGrace after now (reprocess enqueues them in batches).
func ProcessJobs(ids []int64, now time.Time) []river.InsertManyParams {
	params := make([]river.InsertManyParams, len(ids))
	for i, id := range ids {
		params[i] = river.InsertManyParams{Args: ProcessArgs{ArticleID: id},
			InsertOpts: &river.InsertOpts{ScheduledAt: now.Add(ProcessGrace)}}
	}
	return params
}

// WorkOptions tune Store.Work.
type WorkOptions struct {
	// Workers are more job workers to run beside processing (following
	// outlets adds its own); nil for none. Work adds its own worker to
	// the bundle.
	Workers *river.Workers
	// Queues are the queues those workers take jobs from, with how many
	// at once.
	Queues map[string]river.QueueConfig
	// PeriodicJobs are enqueued on their schedule while Work runs.
	PeriodicJobs []*river.PeriodicJob
	// ProcessWorkers is how many articles are processed at once; default
	// GOMAXPROCS on PostgreSQL, 1 on SQLite (one writer).
	ProcessWorkers int
	// Logger gets river's logs; nil keeps only warnings and errors on
	// the default logger.
	Logger *slog.Logger
	// Started, when not nil, is called once the workers run.
	Started func()
	// Loop, when not nil, runs beside the workers until ctx ends (in
	// every process, unlike river's periodic jobs, which only the
	// elected leader enqueues: a killed leader holds the office until
	// its lease runs out).
	Loop func(ctx context.Context)
}

// Queue is what a worker on the store's job queue needs besides Store:
// following outlets enqueues its own jobs and works them through here.
type Queue interface {
	// Work runs workers on the store's queue until ctx ends: the
	// processing of articles, and opts' workers.
	Work(ctx context.Context, proc Processor, opts WorkOptions) error
	// Enqueue inserts a job outside any transaction.
	Enqueue(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error
}

// OutputHash fingerprints what a processor derived from an article: a
// reprocess that derives the same leaves the stored rows alone.
func OutputHash(gp geo.Geoparse, incs []geo.Incident) (string, error) {
	h := sha256.New()
	enc := json.NewEncoder(h)
	if err := enc.Encode(gp); err != nil {
		return "", fmt.Errorf("%w: encode places: %w", ErrProcess, err)
	}
	if err := enc.Encode(incs); err != nil {
		return "", fmt.Errorf("%w: encode incidents: %w", ErrProcess, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// report is one article's report of an incident as stored beside its
// source row: what Fold rebuilds the incident from when an article is
// reprocessed.
type report struct {
	EventType     string     `json:"et,omitempty"`
	SubEventType  string     `json:"st"`
	Place         *geo.Place `json:"p,omitempty"`
	PlaceText     string     `json:"pt,omitempty"`
	Lon           float64    `json:"x"`
	Lat           float64    `json:"y"`
	GeoPrecision  int        `json:"gp,omitempty"`
	Date          string     `json:"d,omitempty"`
	DatePrecision int        `json:"dp,omitempty"`
	Actor1        string     `json:"a1,omitempty"`
	Actor2        string     `json:"a2,omitempty"`
	Killed        *int       `json:"k,omitempty"`
	Injured       *int       `json:"i,omitempty"`
	Confidence    float64    `json:"c"`
	Primary       bool       `json:"pr,omitempty"`
}

// AppendReport adds inc (prepared, see PrepareIncident) to the JSON
// array of reports prev ("" for none) that one article made of one
// incident.
func AppendReport(prev string, inc *geo.Incident) (string, error) {
	var rs []report
	if prev != "" {
		if err := json.Unmarshal([]byte(prev), &rs); err != nil {
			return "", fmt.Errorf("stored reports: %w", err)
		}
	}
	r := report{EventType: inc.EventType, SubEventType: inc.SubEventType, PlaceText: inc.PlaceText,
		Lon: inc.Point.Lon(), Lat: inc.Point.Lat(), GeoPrecision: inc.GeoPrecision, DatePrecision: inc.DatePrecision,
		Actor1: inc.Actor1, Actor2: inc.Actor2, Killed: inc.Killed, Injured: inc.Injured,
		Confidence: inc.Confidence, Primary: inc.Primary}
	if inc.Place != nil {
		p := *inc.Place
		p.Names = nil // matching spellings: not stored with incidents
		r.Place = &p
	}
	if !inc.Date.IsZero() {
		r.Date = inc.Date.Format(time.DateOnly)
	}
	rs = append(rs, r)
	b, err := json.Marshal(rs)
	if err != nil {
		return "", fmt.Errorf("encode report: %w", err)
	}
	return string(b), nil
}

// Fold rebuilds an incident from its reports, given as the JSON arrays
// of its sources in article order: the first report, with every later
// one combined into it as a merge would. ok is false when there is
// nothing to fold.
func Fold(sources []string) (inc geo.Incident, ok bool, err error) {
	for _, src := range sources {
		var rs []report
		if err := json.Unmarshal([]byte(src), &rs); err != nil {
			return geo.Incident{}, false, fmt.Errorf("stored reports: %w", err)
		}
		for _, r := range rs {
			in := geo.Incident{EventType: r.EventType, SubEventType: r.SubEventType, Place: r.Place,
				PlaceText: r.PlaceText, Point: [2]float64{r.Lon, r.Lat}, GeoPrecision: r.GeoPrecision,
				DatePrecision: r.DatePrecision, Actor1: r.Actor1, Actor2: r.Actor2, Killed: r.Killed,
				Injured: r.Injured, Confidence: r.Confidence, Primary: r.Primary}
			if r.Date != "" {
				d, err := time.Parse(time.DateOnly, r.Date)
				if err != nil {
					return geo.Incident{}, false, fmt.Errorf("stored report date %q: %w", r.Date, err)
				}
				in.Date = d
			}
			if !ok {
				inc, ok = in, true
				continue
			}
			Combine(&inc, &in)
		}
	}
	return inc, ok, nil
}
