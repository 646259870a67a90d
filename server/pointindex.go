package server

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// indexZoom is the zoom of the quadkeys points are sorted by: deep
// enough that a 16×16 grid over a tile of MaxZoom is still whole cells.
const indexZoom = 24

// noDay is the day of an undated incident: outside every interval.
const noDay = math.MinInt32

// pointIndex is an in-memory copy of every incident's point, day, types
// and actors, sorted by quadkey, so that the incidents of a tile are one
// contiguous range. A low-zoom tile over a million incidents is then
// counted in milliseconds, where the store needs seconds to count them
// row by row. It is built from the store in the background and rebuilt
// when the data changes; it is immutable once built.
type pointIndex struct {
	keys []uint64
	pts  []indexedPoint
	// Dictionaries: indexedPoint holds positions in them.
	subs, events, actors []string
	places               []indexedPlace
	// Built is when the copy was taken: ingests after it are not in it.
	built time.Time
}

// indexedPoint is what a tile shows of an incident: about 48 bytes.
type indexedPoint struct {
	id              int64
	lon, lat        float32
	day             int32
	place           uint32
	sub, event      uint16
	actor1, actor2  uint16
	killed, injured int32 // -1: not stated
	confidence      float32
	geoPrecision    uint8
	primary         bool
}

// indexedPlace is the place an incident names, shared by its incidents.
type indexedPlace struct {
	text, name, nameAr string
}

// indexFilter is a filter compiled against an index's dictionaries.
type indexFilter struct {
	from, to     int32
	subs, events []bool // nil: any
	actor        []bool // nil: any
	keepsUndated bool
}

// dayOf counts days from 1970-01-01 (UTC).
func dayOf(t time.Time) int32 {
	if t.IsZero() {
		return noDay
	}
	y, m, d := t.Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// indexBuilder holds every incident's point as read from the store's
// Points cursor, in arrival order, and applies changes in place; done
// sorts a copy into an immutable pointIndex.
type indexBuilder struct {
	slot     map[int64]int // incident id → position in pts
	dicts    [3]map[string]uint16
	lists    [3][]string
	placeIDs map[indexedPlace]uint32
	places   []indexedPlace
	pts      []indexedPoint
	keys     []uint64
}

func newIndexBuilder() *indexBuilder {
	b := &indexBuilder{slot: map[int64]int{}, placeIDs: map[indexedPlace]uint32{}}
	for i := range b.dicts {
		b.dicts[i] = map[string]uint16{}
	}
	return b
}

// word returns the position of s in dictionary d, adding it.
func (b *indexBuilder) word(d int, s string) uint16 {
	if i, ok := b.dicts[d][s]; ok {
		return i
	}
	i := uint16(min(len(b.lists[d]), math.MaxUint16))
	if len(b.lists[d]) < math.MaxUint16 {
		b.dicts[d][s] = i
		b.lists[d] = append(b.lists[d], s)
	}
	return i
}

// apply takes one read of the cursor: everything anew after a reset,
// else new and changed incidents. It reports whether anything changed:
// a cursor may hand back rows it gave before.
func (b *indexBuilder) apply(ch store.Changes) bool {
	changed := ch.Reset
	if ch.Reset {
		*b = *newIndexBuilder()
	}
	for i := range ch.Points {
		if b.add(&ch.Points[i]) {
			changed = true
		}
	}
	return changed
}

// add stores p, in place of the incident's previous point if any, and
// reports whether that changed anything.
func (b *indexBuilder) add(p *store.Point) bool {
	pl := indexedPlace{text: p.PlaceText, name: p.PlaceName, nameAr: p.PlaceNameAr}
	place, ok := b.placeIDs[pl]
	if !ok {
		place = uint32(len(b.places))
		b.placeIDs[pl] = place
		b.places = append(b.places, pl)
	}
	count := func(n *int) int32 {
		if n == nil {
			return -1
		}
		return int32(min(*n, math.MaxInt32))
	}
	ip := indexedPoint{
		id: p.ID, lon: float32(p.Lon), lat: float32(p.Lat), day: dayOf(p.Date),
		place: place, sub: b.word(0, p.SubEventType), event: b.word(1, p.EventType),
		actor1: b.word(2, p.Actor1), actor2: b.word(2, p.Actor2),
		killed: count(p.Killed), injured: count(p.Injured), confidence: float32(p.Confidence),
		geoPrecision: uint8(min(max(p.GeoPrecision, 0), math.MaxUint8)), primary: p.Primary,
	}
	key := maptile.At(orb.Point{p.Lon, p.Lat}, indexZoom).Quadkey()
	if i, ok := b.slot[p.ID]; ok {
		if b.pts[i] == ip && b.keys[i] == key {
			return false
		}
		b.pts[i], b.keys[i] = ip, key
		return true
	}
	b.slot[p.ID] = len(b.pts)
	b.pts = append(b.pts, ip)
	b.keys = append(b.keys, key)
	return true
}

// done sorts a copy of the points by quadkey; the builder goes on
// taking changes.
func (b *indexBuilder) done(built time.Time) *pointIndex {
	order := make([]int32, len(b.pts))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int { return cmp.Compare(b.keys[x], b.keys[y]) })
	ix := &pointIndex{keys: make([]uint64, len(order)), pts: make([]indexedPoint, len(order)),
		subs: slices.Clone(b.lists[0]), events: slices.Clone(b.lists[1]), actors: slices.Clone(b.lists[2]),
		places: slices.Clone(b.places), built: built}
	for i, o := range order {
		ix.keys[i], ix.pts[i] = b.keys[o], b.pts[o]
	}
	return ix
}

// readPoints brings b up to date from the store's cursor at c and
// returns the next cursor and whether anything changed.
func (b *indexBuilder) readPoints(ctx context.Context, st PointsReader, c store.Cursor) (store.Cursor, bool, error) {
	changed := false
	next, err := st.Points(ctx, c, func(ch store.Changes) error {
		if b.apply(ch) {
			changed = true
		}
		return nil
	})
	if err != nil {
		return c, false, fmt.Errorf("index: %w", err)
	}
	return next, changed, nil
}

// buildIndex reads every incident's point from st.
func buildIndex(ctx context.Context, st PointsReader, now time.Time) (*pointIndex, error) {
	b := newIndexBuilder()
	if _, _, err := b.readPoints(ctx, st, store.Cursor{}); err != nil {
		return nil, err
	}
	return b.done(now), nil
}

// compile turns f into an index filter; false when the index cannot
// apply it (free text needs the store's full-text index).
func (ix *pointIndex) compile(f filter) (indexFilter, bool) {
	if f.Text != "" {
		return indexFilter{}, false
	}
	xf := indexFilter{from: math.MinInt32 + 1, to: math.MaxInt32, keepsUndated: true}
	if !f.When.From.IsZero() {
		xf.from, xf.keepsUndated = dayOf(f.When.From), false
	}
	if !f.When.To.IsZero() {
		xf.to, xf.keepsUndated = dayOf(f.When.To), false
	}
	if f.Type != "" {
		xf.subs = make([]bool, len(ix.subs))
		for i, s := range ix.subs {
			xf.subs[i] = strings.EqualFold(s, f.Type)
		}
		xf.events = make([]bool, len(ix.events))
		for i, s := range ix.events {
			xf.events[i] = strings.EqualFold(s, f.Type)
		}
	}
	if f.Actor != "" {
		// As the store's LIKE: a substring, ASCII case ignored.
		want := asciiLower(f.Actor)
		xf.actor = make([]bool, len(ix.actors))
		for i, a := range ix.actors {
			xf.actor[i] = strings.Contains(asciiLower(a), want)
		}
	}
	return xf, true
}

func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

func (xf *indexFilter) keep(p *indexedPoint) bool {
	if p.day == noDay {
		if !xf.keepsUndated {
			return false
		}
	} else if p.day < xf.from || p.day > xf.to {
		return false
	}
	if xf.subs != nil && !xf.subs[p.sub] && !xf.events[p.event] {
		return false
	}
	if xf.actor != nil && !xf.actor[p.actor1] && !xf.actor[p.actor2] {
		return false
	}
	return true
}

// tileRange returns the positions [lo, hi) of the points in tile t.
func (ix *pointIndex) tileRange(t maptile.Tile) (int, int) {
	shift := 2 * uint(indexZoom-t.Z)
	lo := t.Quadkey() << shift
	hi := (t.Quadkey() + 1) << shift
	i, _ := slices.BinarySearch(ix.keys, lo)
	j, _ := slices.BinarySearch(ix.keys, hi)
	return i, j
}

// count returns how many points of tile t the filter keeps.
func (ix *pointIndex) count(t maptile.Tile, xf *indexFilter) int {
	lo, hi := ix.tileRange(t)
	n := 0
	for i := lo; i < hi; i++ {
		if xf.keep(&ix.pts[i]) {
			n++
		}
	}
	return n
}

// clusters groups the kept points of tile t by the cell of a
// gridCells×gridCells grid they fall in, read from their quadkeys.
func (ix *pointIndex) clusters(t maptile.Tile, xf *indexFilter) []cluster {
	type acc struct {
		sumLon, sumLat float64
		n              int
		first          int
		types          []int32 // by sub-event type
	}
	var cells [gridCells * gridCells]*acc
	lo, hi := ix.tileRange(t)
	// gridCells = 2^4: the cell is the 8 quadkey bits below the tile's.
	shift := 2 * uint(indexZoom-t.Z-4)
	for i := lo; i < hi; i++ {
		p := &ix.pts[i]
		if !xf.keep(p) {
			continue
		}
		bits := (ix.keys[i] >> shift) & 0xff
		var cx, cy int
		for b := range 4 {
			cx |= int(bits>>(2*b)&1) << b
			cy |= int(bits>>(2*b+1)&1) << b
		}
		a := cells[cy*gridCells+cx]
		if a == nil {
			a = &acc{first: i, types: make([]int32, len(ix.subs))}
			cells[cy*gridCells+cx] = a
		}
		a.sumLon += float64(p.lon)
		a.sumLat += float64(p.lat)
		a.n++
		a.types[p.sub]++
	}
	var out []cluster
	for _, a := range cells {
		if a == nil {
			continue
		}
		types := map[string]int{}
		for k, n := range a.types {
			if n > 0 {
				types[ix.subs[k]] += int(n)
			}
		}
		cl := cluster{Point: orb.Point{a.sumLon / float64(a.n), a.sumLat / float64(a.n)}, Count: a.n, Top: topType(types)}
		if a.n == 1 {
			inc := ix.incident(&ix.pts[a.first])
			cl.One, cl.Point = &inc, inc.Point
		}
		out = append(out, cl)
	}
	return out
}

// incident is what the index knows of one incident, enough to draw it.
func (ix *pointIndex) incident(p *indexedPoint) geo.Incident {
	pl := ix.places[p.place]
	inc := geo.Incident{
		ID: strconv.FormatInt(p.id, 10), SubEventType: ix.subs[p.sub], EventType: ix.events[p.event],
		Actor1: ix.actors[p.actor1], Actor2: ix.actors[p.actor2], PlaceText: pl.text,
		Point:        orb.Point{float64(p.lon), float64(p.lat)},
		GeoPrecision: int(p.geoPrecision), Confidence: float64(p.confidence), Primary: p.primary,
	}
	if pl.name != "" || pl.nameAr != "" {
		inc.Place = &geo.Place{Name: pl.name, NameAr: pl.nameAr}
	}
	if p.day != noDay {
		inc.Date = time.Unix(int64(p.day)*86400, 0).UTC()
	}
	if p.killed >= 0 {
		k := int(p.killed)
		inc.Killed = &k
	}
	if p.injured >= 0 {
		n := int(p.injured)
		inc.Injured = &n
	}
	// Confidence went through float32: round it back to what was stored.
	inc.Confidence = math.Round(inc.Confidence*1000) / 1000
	return inc
}

// points returns the kept incidents whose point lies in b, looking in
// tile t and its eight neighbours (b is t's bound with a small buffer).
func (ix *pointIndex) points(t maptile.Tile, b orb.Bound, xf *indexFilter) []geo.Incident {
	var out []geo.Incident
	n := int64(1) << t.Z
	for dy := int64(-1); dy <= 1; dy++ {
		for dx := int64(-1); dx <= 1; dx++ {
			x, y := int64(t.X)+dx, int64(t.Y)+dy
			if x < 0 || y < 0 || x >= n || y >= n {
				continue // b is clamped to the world: nothing across its edges
			}
			lo, hi := ix.tileRange(maptile.New(uint32(x), uint32(y), t.Z))
			for i := lo; i < hi; i++ {
				p := &ix.pts[i]
				if !xf.keep(p) || !b.Contains(orb.Point{float64(p.lon), float64(p.lat)}) {
					continue
				}
				out = append(out, ix.incident(p))
			}
		}
	}
	// The store's order: newest first, undated last, then by id.
	slices.SortFunc(out, func(a, b geo.Incident) int {
		if c := b.Date.Compare(a.Date); c != 0 && !a.Date.IsZero() && !b.Date.IsZero() {
			return c
		}
		if a.Date.IsZero() != b.Date.IsZero() {
			if a.Date.IsZero() {
				return 1
			}
			return -1
		}
		ai, _ := strconv.ParseInt(a.ID, 10, 64)
		bi, _ := strconv.ParseInt(b.ID, 10, 64)
		return cmp.Compare(ai, bi)
	})
	return out
}
