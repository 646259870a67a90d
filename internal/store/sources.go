package store

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Following outlets: sources (feeds) and the items they showed live in
// the store, with the jobs that poll and fetch them on the same queue
// as processing, so that a process killed at any moment loses no item a
// feed showed and ingests nothing twice.

// ErrExists: a source with that URL is already followed.
var ErrExists = errors.New("store: already exists")

// Queues and job kinds of following.
const (
	// QueuePoll holds PollArgs jobs, QueueFetch FetchArgs jobs.
	QueuePoll  = "poll"
	QueueFetch = "fetch"
)

// PollArgs is the job that reads one source's feed.
type PollArgs struct {
	SourceID int64 `json:"source_id" river:"unique"`
	// Start is set on the polls a process enqueues as it starts (its
	// first look for due sources) to when it started, and is part of
	// the unique key: a poll a killed process left running holds the
	// key of its minute (river rescues it only after its lease), which
	// would keep its source waiting that long.
	Start int64 `json:"start,omitempty" river:"unique"`
}

// Kind names the job for river.
func (PollArgs) Kind() string { return "poll_source" }

// InsertOpts: one poll of a source is enqueued a minute at most (a
// poll that finds its source polled since does nothing); the window,
// rather than river's uniqueness by state alone, lets a source whose
// poll was running in a killed process be polled again within the
// minute, and at once by a process starting (Start). A poll
// that fails is not retried by the queue: the source's own backoff
// schedules the next.
func (PollArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueuePoll, MaxAttempts: 1, UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: time.Minute,
		// Not completed: a source due again within the minute is polled.
		ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
			rivertype.JobStateScheduled, rivertype.JobStateRetryable}}}
}

// FetchArgs is the job that fetches one item's page and ingests it.
type FetchArgs struct {
	ItemID int64 `json:"item_id"`
}

// Kind names the job for river.
func (FetchArgs) Kind() string { return "fetch_item" }

// InsertOpts: a page that fails for a passing reason (5xx, timeout) is
// tried again with river's exponential backoff and jitter, 5 times in
// all.
func (FetchArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueFetch, MaxAttempts: FetchAttempts}
}

// FetchAttempts is how many times an item's page is tried.
const FetchAttempts = 5

// Source is a feed followed.
type Source struct {
	ID   int64
	URL  string
	Name string
	// Every is the source's own polling interval; zero follows the
	// default (--poll-interval).
	Every time.Duration
	Added time.Time

	// The state of polling: the validators of the last answer, when the
	// next poll is due, the last poll and success, the last error and
	// how many polls failed in a row (the backoff).
	ETag, LastModified    string
	NextPoll              time.Time
	LastPoll, LastSuccess time.Time
	LastError             string
	Failures              int

	// Counts, read with the source: polls made and failed, items seen
	// (and of them ingested as articles, and still waiting), and the
	// incidents its articles report.
	Polls, PollFailures         int
	Items, Articles, Waiting    int
	Duplicates, Skipped, Failed int
	Incidents                   int
}

// FeedItem is one entry of a feed, as a poll saw it.
type FeedItem struct {
	// Key identifies the item within its feed: its guid, else its link.
	Key       string
	URL       string
	Title     string
	Published time.Time
}

// Poll is the outcome of one poll of a source.
type Poll struct {
	At time.Time
	// Err is why it failed ("" when it succeeded); a failed poll keeps
	// the validators.
	Err string
	// NotModified: the feed answered 304.
	NotModified        bool
	ETag, LastModified string
	// NextPoll is when the source is due again.
	NextPoll time.Time
}

// ItemState is where an item stands.
type ItemState string

// Item states.
const (
	ItemNew       ItemState = "new"       // its page is still to fetch
	ItemDone      ItemState = "done"      // ingested: ArticleID is its article
	ItemDuplicate ItemState = "duplicate" // the article was there (same URL, text or a near copy): ArticleID
	ItemSkipped   ItemState = "skipped"   // not an article for us (not Arabic, no text)
	ItemFailed    ItemState = "failed"    // its page could not be had
)

// Item is a feed item stored.
type Item struct {
	ID, SourceID int64
	Key, URL     string
	Title        string
	Published    time.Time
	State        ItemState
	ArticleID    int64
	Note         string
}

// Sources is what following outlets needs of the store. Every engine
// provides it.
type Sources interface {
	// AddSource follows a feed; a URL already followed is ErrExists.
	AddSource(ctx context.Context, src Source) (Source, error)
	// Sources lists the sources with their state and counts, by id.
	Sources(ctx context.Context) ([]Source, error)
	// Source returns one source, or ErrNotFound.
	Source(ctx context.Context, id int64) (Source, error)
	// RemoveSource stops following a source and forgets its items (its
	// articles stay), or fails with ErrNotFound.
	RemoveSource(ctx context.Context, id int64) error
	// DueSources lists the sources whose next poll is due at now.
	DueSources(ctx context.Context, now time.Time) ([]int64, error)
	// RecordPoll saves a poll's outcome and, in the same transaction,
	// the items not seen before with a FetchArgs job each; items whose
	// URL an item of another source or a stored article already has are
	// saved as duplicates without a job. It returns how many were new.
	RecordPoll(ctx context.Context, id int64, p Poll, items []FeedItem) (int, error)
	// Item returns one item, or ErrNotFound.
	Item(ctx context.Context, id int64) (Item, error)
	// Items lists a source's items (all sources' when 0), newest first,
	// at most limit.
	Items(ctx context.Context, source int64, limit int) ([]Item, error)
	// FinishItem records what became of an item.
	FinishItem(ctx context.Context, id int64, state ItemState, article int64, note string) error
	// RequeueItems gives a fresh fetch job to every item still to fetch
	// whose job is not waiting on the queue (a process was killed while
	// running it: river would rescue it only after its lease), and
	// returns how many. A job that turns out to run twice is harmless:
	// fetching is idempotent.
	RequeueItems(ctx context.Context) (int, error)
	// ArticleByURL finds a stored article by its URL.
	ArticleByURL(ctx context.Context, url string) (int64, bool, error)
	// NearDuplicate finds a stored article whose text is a near copy of
	// text (see Signature), for syndicated wire stories.
	NearDuplicate(ctx context.Context, text string) (int64, bool, error)
}
