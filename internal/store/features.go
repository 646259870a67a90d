package store

import (
	"context"
	"fmt"
	"hash/fnv"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
)

// Stored features. Each engine keeps every incident also as its GeoJSON
// feature (extract.AppendFeature's bytes), written in the transaction
// that changes the incident, its sources or its place: an items page
// then reads one row an incident instead of the incident, its place,
// its sources and their articles (about ten table pages an incident at
// a million, the cost of a page). A row carries the format it was
// encoded in; a reader takes only rows of its own format and encodes
// the others from the incident itself, so an upgrade that changes the
// encoding serves correct pages at once and RefreshFeatures catches up.

// FeatureFormat identifies the feature encoding of this build: a hash of
// the encoding of a sample incident with every field set. A change to
// the encoder that shows on the sample changes it; FeatureVersion is
// raised by hand for one that would not.
func FeatureFormat() int64 {
	b, err := extract.AppendFeature(nil, featureSample())
	if err != nil {
		// The sample is fixed: an error here is a broken encoder, and
		// no stored row must be taken for current.
		b = []byte(err.Error())
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%d:", FeatureVersion)
	h.Write(b)
	return int64(h.Sum64() >> 1) // positive: a plain column in both engines
}

// FeatureVersion is raised when the stored features must be rewritten
// though the sample's encoding did not change.
const FeatureVersion = 1

// featureSample is an incident with every field the encoding writes.
func featureSample() *geo.Incident {
	pub := time.Date(2024, 3, 2, 10, 30, 0, 0, time.UTC)
	killed, injured := 3, 7
	return &geo.Incident{
		ID: "42", EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike",
		Place:     &geo.Place{ID: "gn:1", Name: "Place", NameAr: "مكان", Kind: geo.KindTown, CountryCode: "SY", Point: orb.Point{36.2, 33.5}},
		PlaceText: "مكان", Point: orb.Point{36.2, 33.5}, GeoPrecision: 1,
		Date: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), DatePrecision: 1,
		Actor1: "A", Actor2: "B", Killed: &killed, Injured: &injured, Confidence: 0.5, Primary: true,
		Evidence: []geo.Evidence{{Start: 1, End: 4, Text: "نص"}},
		Sources: []geo.Source{{ArticleID: "7", URL: "https://example.org/a", Title: "T", Outlet: "O",
			Published: &pub, Evidence: []geo.Evidence{{Start: 1, End: 4, Text: "نص"}}}},
	}
}

// EncodeFeature appends inc's feature to dst, as stored.
func EncodeFeature(dst []byte, inc *geo.Incident) ([]byte, error) {
	b, err := extract.AppendFeature(dst, inc)
	if err != nil {
		return dst, fmt.Errorf("store: encode incident %s: %w", inc.ID, err)
	}
	return b, nil
}

// FeatureRefresher rewrites stored features that are missing or of
// another format (both engines' RefreshFeatures): after a migration
// that adds them, or an upgrade that changes the encoding.
type FeatureRefresher interface {
	// RefreshFeatures rewrites the features of up to n incidents above
	// id after that need it, in one transaction, and returns the last id
	// it looked at (0 when there is none left) and how many it wrote.
	RefreshFeatures(ctx context.Context, after int64, n int) (next int64, wrote int, err error)
	// FeaturesCurrent reports whether a refresh in this build's format
	// went through every incident; MarkFeaturesCurrent records it.
	FeaturesCurrent(ctx context.Context) (bool, error)
	MarkFeaturesCurrent(ctx context.Context) error
}

// RefreshAllFeatures brings every stored feature to this build's format,
// a batch at a time, unless a refresh in this format already went
// through. Each batch is its own short transaction, followed by a pause
// as long as it took: other writers (ingests, the job queue's leader
// election, which SQLite makes wait for the write lock) get their turn.
// It returns how many it rewrote.
func RefreshAllFeatures(ctx context.Context, r FeatureRefresher, batch int) (int, error) {
	done, err := r.FeaturesCurrent(ctx)
	if err != nil || done {
		return 0, err
	}
	total := 0
	for after := int64(0); ; {
		start := time.Now()
		next, n, err := r.RefreshFeatures(ctx, after, batch)
		if err != nil {
			return total, err
		}
		total += n
		if next == 0 {
			break
		}
		after = next
		if n > 0 {
			select {
			case <-ctx.Done():
				return total, ctx.Err()
			case <-time.After(time.Since(start)):
			}
		}
	}
	return total, r.MarkFeaturesCurrent(ctx)
}

// FeatureChunk gathers the features of a chunk of a page in one buffer,
// stored ones and ones encoded on the way, and hands them out in the
// page's order: what both engines' EachFeature do with a chunk.
type FeatureChunk struct {
	buf []byte
	at  map[int64][2]int // id → its bytes in buf
}

// Reset empties c for a chunk of up to n features, keeping its buffer
// and its map.
func (c *FeatureChunk) Reset(n int) {
	c.buf = c.buf[:0]
	if c.at == nil {
		c.at = make(map[int64][2]int, n)
	}
	clear(c.at)
}

// Add keeps a stored feature (copied: body may be the driver's).
func (c *FeatureChunk) Add(id int64, body []byte) {
	c.at[id] = [2]int{len(c.buf), len(c.buf) + len(body)}
	c.buf = append(c.buf, body...)
}

// Encode keeps inc's feature, encoded now.
func (c *FeatureChunk) Encode(inc *geo.Incident) error {
	id, err := ParseID(inc.ID)
	if err != nil {
		return err
	}
	start := len(c.buf)
	if c.buf, err = EncodeFeature(c.buf, inc); err != nil {
		return err
	}
	c.at[id] = [2]int{start, len(c.buf)}
	return nil
}

// Missing returns the ids of ids that c holds no feature for.
func (c *FeatureChunk) Missing(ids []int64) []int64 {
	var out []int64
	for _, id := range ids {
		if _, ok := c.at[id]; !ok {
			out = append(out, id)
		}
	}
	return out
}

// Each calls fn with the feature of each of ids that c holds, in order.
func (c *FeatureChunk) Each(ids []int64, fn func([]byte) error) error {
	for _, id := range ids {
		if r, ok := c.at[id]; ok {
			if err := fn(c.buf[r[0]:r[1]]); err != nil {
				return err
			}
		}
	}
	return nil
}

// maxKeptChunk is the largest buffer FeatureChunks keeps for the next
// page: a rare page of very long features must not pin its memory.
const maxKeptChunk = 1 << 20

// FeatureChunks lends FeatureChunks from page to page. A page's features
// are some hundred kilobytes: gathered in a new buffer for each page
// they were three fifths of all an items request allocated, and the
// garbage collection that followed ran every second under load.
// The zero value is ready for use; it is safe for concurrent use.
type FeatureChunks struct{ pool sync.Pool }

// EachFeature is both engines' EachFeature: load fills a FeatureChunk
// for at most chunk ids at a time, and fn gets each feature in the
// order of ids.
func (cs *FeatureChunks) EachFeature(ids []int64, chunk int, load func(ids []int64, c *FeatureChunk) error, fn func([]byte) error) error {
	c, _ := cs.pool.Get().(*FeatureChunk)
	if c == nil {
		c = new(FeatureChunk)
	}
	defer func() {
		if cap(c.buf) <= maxKeptChunk {
			cs.pool.Put(c)
		}
	}()
	for len(ids) > 0 {
		n := min(len(ids), chunk)
		c.Reset(n)
		if err := load(ids[:n], c); err != nil {
			return err
		}
		if err := c.Each(ids[:n], fn); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}
