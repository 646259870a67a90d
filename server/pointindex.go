package server

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
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

// indexBuilder accumulates incidents, deduplicated by id (a point on the
// edge of two boxes comes back twice).
type indexBuilder struct {
	seen     map[int64]bool
	dicts    [3]map[string]uint16
	lists    [3][]string
	placeIDs map[indexedPlace]uint32
	places   []indexedPlace
	pts      []indexedPoint
	keys     []uint64
}

func newIndexBuilder() *indexBuilder {
	b := &indexBuilder{seen: map[int64]bool{}, placeIDs: map[indexedPlace]uint32{}}
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

func (b *indexBuilder) add(inc *geo.Incident) error {
	id, err := strconv.ParseInt(inc.ID, 10, 64)
	if err != nil {
		return fmt.Errorf("index: incident id %q is not a number", inc.ID)
	}
	if b.seen[id] {
		return nil
	}
	b.seen[id] = true
	pl := indexedPlace{text: inc.PlaceText}
	if inc.Place != nil {
		pl.name, pl.nameAr = inc.Place.Name, inc.Place.NameAr
	}
	place, ok := b.placeIDs[pl]
	if !ok {
		place = uint32(len(b.places))
		b.placeIDs[pl] = place
		b.places = append(b.places, pl)
	}
	count := func(p *int) int32 {
		if p == nil {
			return -1
		}
		return int32(min(*p, math.MaxInt32))
	}
	b.pts = append(b.pts, indexedPoint{
		id: id, lon: float32(inc.Point.Lon()), lat: float32(inc.Point.Lat()), day: dayOf(inc.Date),
		place: place, sub: b.word(0, inc.SubEventType), event: b.word(1, inc.EventType),
		actor1: b.word(2, inc.Actor1), actor2: b.word(2, inc.Actor2),
		killed: count(inc.Killed), injured: count(inc.Injured), confidence: float32(inc.Confidence),
		geoPrecision: uint8(min(max(inc.GeoPrecision, 0), math.MaxUint8)), primary: inc.Primary,
	})
	b.keys = append(b.keys, maptile.At(inc.Point, indexZoom).Quadkey())
	return nil
}

// done sorts the points by quadkey.
func (b *indexBuilder) done(built time.Time) *pointIndex {
	order := make([]int, len(b.pts))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return b.keys[order[i]] < b.keys[order[j]] })
	ix := &pointIndex{keys: make([]uint64, len(order)), pts: make([]indexedPoint, len(order)),
		subs: b.lists[0], events: b.lists[1], actors: b.lists[2], places: b.places, built: built}
	for i, o := range order {
		ix.keys[i], ix.pts[i] = b.keys[o], b.pts[o]
	}
	return ix
}

// buildIndex copies every incident's point from st. The store has no
// scan of all incidents, so it walks boxes: a box holding more than a
// page is split in four, and each small box is read in one page.
func buildIndex(ctx context.Context, st Store, now time.Time) (*pointIndex, error) {
	b := newIndexBuilder()
	world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	if err := b.walk(ctx, st, world, 0); err != nil {
		return nil, err
	}
	return b.done(now), nil
}

// maxSplit bounds the splitting: a box a few centimetres wide with more
// than a page of incidents (all at one point) is paged through instead.
const maxSplit = 28

func (b *indexBuilder) walk(ctx context.Context, st Store, box orb.Bound, depth int) error {
	probe, err := st.Incidents(ctx, store.Query{BBox: &box, Limit: 1})
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	switch {
	case probe.Total == 0:
		return nil
	case probe.Total <= MaxLimit || depth >= maxSplit:
		for off := 0; off < probe.Total; off += MaxLimit {
			page, err := st.Incidents(ctx, store.Query{BBox: &box, Limit: MaxLimit, Offset: off})
			if err != nil {
				return fmt.Errorf("index: %w", err)
			}
			for i := range page.Incidents {
				if err := b.add(&page.Incidents[i]); err != nil {
					return err
				}
			}
			if len(page.Incidents) == 0 {
				break
			}
		}
		return nil
	}
	c := box.Center()
	for _, q := range []orb.Bound{
		{Min: box.Min, Max: c},
		{Min: orb.Point{c.Lon(), box.Min.Lat()}, Max: orb.Point{box.Max.Lon(), c.Lat()}},
		{Min: orb.Point{box.Min.Lon(), c.Lat()}, Max: orb.Point{c.Lon(), box.Max.Lat()}},
		{Min: c, Max: box.Max},
	} {
		if err := b.walk(ctx, st, q, depth+1); err != nil {
			return err
		}
	}
	return nil
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
