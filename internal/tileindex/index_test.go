package tileindex

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"github.com/incidentmap/incidentmap/internal/store"
)

// source is a Source over a map of points, with a change log: the
// cursor is a position in the log; a Reset comes after a new epoch.
type source struct {
	epoch int64
	log   []store.Point
	batch int
}

func (s *source) Points(ctx context.Context, since store.Cursor, fn func(store.Changes) error) (store.Cursor, error) {
	next := store.Cursor{Epoch: s.epoch, Pos: int64(len(s.log))}
	reset := since.Epoch != s.epoch || since.Pos == 0
	from := int(since.Pos)
	if reset {
		// Everything, each incident once (its last state).
		from = 0
	}
	var pts []store.Point
	if reset {
		last := map[int64]int{}
		for i, p := range s.log {
			last[p.ID] = i
		}
		for i, p := range s.log {
			if last[p.ID] == i {
				pts = append(pts, p)
			}
		}
	} else {
		pts = s.log[from:]
	}
	batch := max(s.batch, 1)
	sent := false
	for len(pts) > 0 {
		n := min(batch, len(pts))
		if err := fn(store.Changes{Reset: reset && !sent, Points: pts[:n], Next: next}); err != nil {
			return since, err
		}
		sent, pts = true, pts[n:]
	}
	if reset && !sent {
		return next, fn(store.Changes{Reset: true, Next: next})
	}
	return next, nil
}

var (
	testSubs   = []string{"Air/drone strike", "Shelling/artillery/missile attack", "Armed clash"}
	testEvents = []string{"Explosions/Remote violence", "Explosions/Remote violence", "Battles"}
	testActors = []string{"US forces", "Iran-backed militias", "SDF", "Syrian government forces", ""}
)

// randomPoint is incident id somewhere over Syria and Iraq.
func randomPoint(rng *rand.Rand, id int64) store.Point {
	k := rng.IntN(len(testSubs))
	p := store.Point{
		ID: id, Lon: 36 + rng.Float64()*8, Lat: 32 + rng.Float64()*6,
		EventType: testEvents[k], SubEventType: testSubs[k],
		Actor1: testActors[rng.IntN(len(testActors))], Actor2: testActors[rng.IntN(len(testActors))],
		Confidence: float64(rng.IntN(1000)) / 1000, GeoPrecision: 1 + rng.IntN(3), Primary: rng.IntN(2) == 0,
		PlaceText: fmt.Sprintf("بلدة %d", rng.IntN(50)), PlaceName: fmt.Sprintf("Place %d", rng.IntN(50)),
	}
	if rng.IntN(10) != 0 {
		p.Date = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(700))
	}
	if rng.IntN(3) == 0 {
		k := rng.IntN(9)
		p.Killed = &k
	}
	return p
}

// model is the brute-force truth: the last point of every id.
func model(log []store.Point) map[int64]store.Point {
	m := map[int64]store.Point{}
	for _, p := range log {
		m[p.ID] = p
	}
	return m
}

// keeps is Filter's semantics written plainly, on the store's points.
func keeps(f *Filter, p store.Point) bool {
	if !f.From.IsZero() || !f.To.IsZero() {
		if p.Date.IsZero() || !f.From.IsZero() && p.Date.Before(f.From) || !f.To.IsZero() && p.Date.After(f.To) {
			return false
		}
	}
	if f.Type != "" && !strings.EqualFold(f.Type, p.SubEventType) && !strings.EqualFold(f.Type, p.EventType) {
		return false
	}
	if f.Actor != "" && !strings.Contains(strings.ToLower(p.Actor1), strings.ToLower(f.Actor)) &&
		!strings.Contains(strings.ToLower(p.Actor2), strings.ToLower(f.Actor)) {
		return false
	}
	if f.BBox != nil && !f.BBox.Contains(orb.Point{p.Lon, p.Lat}) {
		return false
	}
	return f.IDs == nil || f.IDs.Has(p.ID)
}

func filters(rng *rand.Rand, ids []int64) []Filter {
	from := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2024, 9, 30, 0, 0, 0, 0, time.UTC)
	var some []int64
	for _, id := range ids {
		if rng.IntN(3) == 0 {
			some = append(some, id)
		}
	}
	return []Filter{
		{}, {Type: "armed CLASH"}, {Type: "Explosions/Remote violence"}, {Actor: "sdf"},
		{From: from, To: to}, {From: from}, {To: to, Type: "Battles", Actor: "forces"},
		{BBox: &orb.Bound{Min: orb.Point{38, 33}, Max: orb.Point{41.5, 36}}},
		{IDs: NewIDSet(some)}, {IDs: NewIDSet(nil)},
	}
}

// check compares every query of ix with the brute-force truth.
func check(t *testing.T, ix *Index, truth map[int64]store.Point, rng *rand.Rand) {
	t.Helper()
	if ix.Len() != len(truth) {
		t.Fatalf("index holds %d, want %d", ix.Len(), len(truth))
	}
	checkExtent(t, ix, truth)
	var ids []int64
	for id := range truth {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	tiles := []maptile.Tile{maptile.New(0, 0, 0), maptile.At(orb.Point{40, 35}, 4), maptile.At(orb.Point{39, 34}, 7),
		maptile.At(orb.Point{38.5, 33.5}, 9), maptile.At(orb.Point{42, 36}, 12)}
	for fi, f := range filters(rng, ids) {
		for _, tile := range tiles {
			want := 0
			var wantIDs []string
			buffered := tile.Bound(1.0 / 64)
			for _, p := range truth {
				if !keeps(&f, p) {
					continue
				}
				if maptile.At(orb.Point{p.Lon, p.Lat}, tile.Z) == tile {
					want++
				}
				if buffered.Contains(orb.Point{float64(float32(p.Lon)), float64(float32(p.Lat))}) {
					wantIDs = append(wantIDs, store.FormatID(p.ID))
				}
			}
			if got := ix.Count(tile, &f); got != want {
				t.Errorf("filter %d tile %v: count %d, want %d", fi, tile, got, want)
			}
			total := 0
			for _, c := range ix.Clusters(tile, &f, 0) {
				total += c.Count
				if (c.Count == 1) != (c.One != nil) {
					t.Errorf("cluster of %d with One %v", c.Count, c.One)
				}
			}
			if total != want {
				t.Errorf("filter %d tile %v: clusters hold %d, want %d", fi, tile, total, want)
			}
			if capped := ix.Clusters(tile, &f, 10); len(capped) > 10 {
				t.Errorf("filter %d tile %v: %d clusters past a cap of 10", fi, tile, len(capped))
			}
			var gotIDs []string
			for _, inc := range ix.Incidents(tile, buffered, &f) {
				gotIDs = append(gotIDs, inc.ID)
			}
			slices.Sort(gotIDs)
			slices.Sort(wantIDs)
			if !slices.Equal(gotIDs, wantIDs) {
				t.Errorf("filter %d tile %v: incidents %d, want %d", fi, tile, len(gotIDs), len(wantIDs))
			}
		}
		days, undated := ix.Days(&f)
		wantDays := map[int32]int{}
		wantUndated := 0
		for _, p := range truth {
			if keeps(&f, p) {
				if p.Date.IsZero() {
					wantUndated++
				} else {
					wantDays[DayOf(p.Date)]++
				}
			}
		}
		if undated != wantUndated || len(days) != len(wantDays) {
			t.Errorf("filter %d: %d days and %d undated, want %d and %d", fi, len(days), undated, len(wantDays), wantUndated)
		}
		for _, d := range days {
			if wantDays[d.Day] != d.Count {
				t.Errorf("filter %d: day %d counts %d, want %d", fi, d.Day, d.Count, wantDays[d.Day])
			}
		}
	}
}

// TestLiveFollowsChanges: after every refresh of a stream of new and
// changed incidents, resets included, every query answers as the
// brute-force truth; the delta is merged into the base on the way.
func TestLiveFollowsChanges(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	src := &source{epoch: 1, batch: 700}
	for i := range 3000 {
		src.log = append(src.log, randomPoint(rng, int64(i+1)))
	}
	l := NewLive(src)
	ctx := t.Context()
	if changed, err := l.Refresh(ctx); err != nil || !changed {
		t.Fatalf("first refresh: changed %v, %v", changed, err)
	}
	check(t, l.Index(), model(src.log), rng)
	if changed, err := l.Refresh(ctx); err != nil || changed {
		t.Fatalf("a refresh with nothing new: changed %v, %v", changed, err)
	}
	compacted := false
	for round := range 12 {
		before := l.Index()
		n := 50 + rng.IntN(400)
		if round == 6 {
			n = 5000 // past a sixteenth of the base: a new base
		}
		for range n {
			id := int64(1 + rng.IntN(len(src.log)+200))
			src.log = append(src.log, randomPoint(rng, id))
		}
		if round == 9 {
			src.epoch++ // a reprocess: everything anew
		}
		if _, err := l.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		ix := l.Index()
		if ix.delta.len() == 0 && round != 9 {
			compacted = true
		}
		check(t, ix, model(src.log), rng)
		// Snapshots are immutable: the one before still answers as it did.
		if before.Len() == 0 {
			t.Fatal("an earlier snapshot emptied")
		}
	}
	if !compacted {
		t.Error("the delta was never merged into the base")
	}
}

// TestSameAgainIsNoChange: a cursor handing back rows it gave before
// changes nothing, and the version does not move.
func TestSameAgainIsNoChange(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	src := &source{epoch: 1}
	for i := range 10 {
		src.log = append(src.log, randomPoint(rng, int64(i+1)))
	}
	l := NewLive(src)
	if _, err := l.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	v := l.Version()
	src.log = append(src.log, src.log[3], src.log[7])
	if changed, err := l.Refresh(t.Context()); err != nil || changed || l.Version() != v {
		t.Errorf("the same rows again: changed %v, version %d → %d, %v", changed, v, l.Version(), err)
	}
}

// TestWait: Wait builds the index once for everyone waiting, and gives
// up after its wait while the build goes on.
func TestWait(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	src := &slowSource{source: source{epoch: 1}, gate: make(chan struct{})}
	for i := range 100 {
		src.log = append(src.log, randomPoint(rng, int64(i+1)))
	}
	l := NewLive(src)
	if _, err := l.Wait(t.Context(), 20*time.Millisecond); err != ErrNotBuilt {
		t.Fatalf("a build held up: %v, want ErrNotBuilt", err)
	}
	close(src.gate)
	ix, err := l.Wait(t.Context(), 10*time.Second)
	if err != nil || ix.Len() != 100 {
		t.Fatalf("after the build: %v, %v", ix, err)
	}
}

type slowSource struct {
	source
	gate chan struct{}
}

func (s *slowSource) Points(ctx context.Context, since store.Cursor, fn func(store.Changes) error) (store.Cursor, error) {
	<-s.gate
	return s.source.Points(ctx, since, fn)
}

// TestIDSet: dense and sparse sets answer alike.
func TestIDSet(t *testing.T) {
	for _, ids := range [][]int64{{5, 3, 3, 9, 1000}, {1, 1 << 40, 77}, nil} {
		s := NewIDSet(ids)
		want := map[int64]bool{}
		for _, id := range ids {
			want[id] = true
		}
		if s.Len() != len(want) {
			t.Errorf("%v: Len %d, want %d", ids, s.Len(), len(want))
		}
		for _, id := range []int64{0, 1, 3, 4, 5, 9, 77, 1000, 1001, 1 << 40, -3} {
			if s.Has(id) != want[id] {
				t.Errorf("%v: Has(%d) = %v", ids, id, s.Has(id))
			}
		}
	}
}

// TestSnapshotRoundTrip: an index restored from a snapshot answers as
// the one it was taken from, and goes on from the snapshot's cursor;
// a damaged snapshot is refused.
func TestSnapshotRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	src := &source{epoch: 1, batch: 500}
	for i := range 2000 {
		src.log = append(src.log, randomPoint(rng, int64(i+1)))
	}
	l := NewLive(src)
	ctx := t.Context()
	if _, err := l.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	for range 300 { // a delta and replaced entries
		src.log = append(src.log, randomPoint(rng, int64(1+rng.IntN(2300))))
	}
	if _, err := l.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	c, data, err := l.Snapshot(ctx)
	if err != nil || data == nil {
		t.Fatalf("snapshot: %v", err)
	}
	restored := NewLive(src)
	if err := restored.Restore(ctx, c, data); err != nil {
		t.Fatal(err)
	}
	check(t, restored.Index(), model(src.log), rng)
	// Changes after the snapshot come from its cursor.
	for range 50 {
		src.log = append(src.log, randomPoint(rng, int64(1+rng.IntN(2400))))
	}
	if changed, err := restored.Refresh(ctx); err != nil || !changed {
		t.Fatalf("refresh after a restore: changed %v, %v", changed, err)
	}
	check(t, restored.Index(), model(src.log), rng)
	for _, bad := range [][]byte{nil, []byte("nope"), data[:len(data)/2]} {
		if err := NewLive(src).Restore(ctx, c, bad); !errors.Is(err, ErrSnapshot) {
			t.Errorf("a damaged snapshot of %d bytes: %v", len(bad), err)
		}
	}
}

// TestPage: pages of the index are the stores' pages: every kept
// incident once, in listing order, whatever the paging.
func TestPage(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	src := &source{epoch: 1}
	for i := range 3000 {
		src.log = append(src.log, randomPoint(rng, int64(i+1)))
	}
	l := NewLive(src)
	if _, err := l.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	ix := l.Index()
	truth := model(src.log)
	for fi, f := range filters(rng, nil) {
		var want []store.Point
		for _, p := range truth {
			if keeps(&f, p) {
				want = append(want, p)
			}
		}
		slices.SortFunc(want, func(a, b store.Point) int {
			da, db := DayOf(a.Date), DayOf(b.Date)
			if da != db {
				return cmp.Compare(db, da)
			}
			return cmp.Compare(a.ID, b.ID)
		})
		for _, pg := range [][2]int{{100, 0}, {7, 13}, {10000, 0}, {50, max(0, len(want)-20)}, {10, len(want) + 5}, {1, 0}} {
			ids, total := ix.Page(&f, pg[0], pg[1])
			if total != len(want) {
				t.Errorf("filter %d: total %d, want %d", fi, total, len(want))
			}
			var wantIDs []int64
			for _, p := range want[min(pg[1], len(want)):min(pg[1]+pg[0], len(want))] {
				wantIDs = append(wantIDs, p.ID)
			}
			if !slices.Equal(ids, wantIDs) && !(len(ids) == 0 && len(wantIDs) == 0) {
				t.Errorf("filter %d page %v: %d ids, want %d (first %v, want %v)", fi, pg, len(ids), len(wantIDs), ids[:min(3, len(ids))], wantIDs[:min(3, len(wantIDs))])
			}
		}
	}
}

// checkExtent: the extent holds every point, within 8e-6° of the
// tightest box (float32 steps and 6 decimals: under a metre), and spans the first to the last dated day.
func checkExtent(t *testing.T, ix *Index, truth map[int64]store.Point) {
	t.Helper()
	ext := ix.Extent()
	if ext.N != len(truth) {
		t.Fatalf("extent of %d incidents, want %d", ext.N, len(truth))
	}
	if len(truth) == 0 {
		return
	}
	tight := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	var first, last time.Time
	for _, p := range truth {
		tight = tight.Extend(orb.Point{p.Lon, p.Lat})
		if p.Date.IsZero() {
			continue
		}
		if first.IsZero() || p.Date.Before(first) {
			first = p.Date
		}
		if p.Date.After(last) {
			last = p.Date
		}
	}
	b := ext.Bound
	for i := range 2 {
		if b.Min[i] > tight.Min[i] || b.Max[i] < tight.Max[i] || tight.Min[i]-b.Min[i] > 8e-6 || b.Max[i]-tight.Max[i] > 8e-6 {
			t.Fatalf("extent %v, the points span %v", b, tight)
		}
	}
	if !ext.First.Equal(first) || !ext.Last.Equal(last) {
		t.Errorf("days %v..%v, want %v..%v", ext.First, ext.Last, first, last)
	}
}

func TestEmptyExtent(t *testing.T) {
	if ext := (&Index{}).Extent(); ext.N != 0 {
		t.Errorf("zero index: %+v", ext)
	}
	l := NewLive(&source{epoch: 1})
	if _, err := l.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	if ext := l.Index().Extent(); ext.N != 0 || !ext.First.IsZero() {
		t.Errorf("empty source: %+v", ext)
	}
}
