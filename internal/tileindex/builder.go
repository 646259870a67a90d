package tileindex

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/incidentmap/incidentmap/internal/store"
)

// run is points sorted by quadkey (then id), in two parallel arrays so
// that a binary search reads keys only. A published run is never
// changed.
type run struct {
	keys []uint64
	pts  []point
}

func (r *run) len() int { return len(r.keys) }

// entry is a point with its quadkey.
type entry struct {
	key uint64
	pt  point
}

// builder holds the index as the cursor delivers it and publishes
// snapshots. It is not safe for concurrent use (Live serialises).
type builder struct {
	// Dictionaries: the lists are shared with snapshots (append-only),
	// the maps are the builder's.
	d                               dicts
	placeIDs                        map[placeNames]uint32
	kindIDs                         map[kind]uint32
	actorIDs                        map[actorPair]uint32
	subIDs                          map[string]uint16
	base                            run
	byID                            []int32 // positions in base, by id
	dead                            bitset  // base positions the delta replaces
	deadShared                      bool    // dead is a published snapshot's: copy before writing
	delta                           map[int64]entry
	deltaRun                        run         // delta as last published
	baseExtent                      *extentOnce // base's, shared by its snapshots
	loading                         []entry
	isLoading, dirty, everPublished bool
}

func newBuilder() *builder {
	return &builder{
		placeIDs: map[placeNames]uint32{}, kindIDs: map[kind]uint32{},
		actorIDs: map[actorPair]uint32{}, subIDs: map[string]uint16{},
		delta: map[int64]entry{},
	}
}

// apply takes one batch of the cursor and returns how many points it
// changed (at least 1 for a reset): a cursor may hand back rows it gave
// before.
func (b *builder) apply(ch store.Changes) int {
	n := 0
	if ch.Reset {
		*b = *newBuilder()
		// Everything comes now, each incident once: collect, sort once.
		b.isLoading, b.dirty = true, true
		n = 1
	}
	for i := range ch.Points {
		if b.add(&ch.Points[i]) {
			n++
		}
	}
	return n
}

// word returns the position of v in a dictionary, adding it. Stores may
// hand strings that are parts of larger ones (a row's names in one
// column): an entry is cloned, so that a dictionary does not pin rows.
func word[K dictKey[K]](ids map[K]uint32, list *[]K, v K) uint32 {
	if i, ok := ids[v]; ok {
		return i
	}
	v = v.clone()
	i := uint32(len(*list))
	ids[v] = i
	*list = append(*list, v)
	return i
}

// dictKey is a dictionary entry, which clone copies out of the strings
// it was cut from.
type dictKey[K any] interface {
	comparable
	clone() K
}

func (p placeNames) clone() placeNames {
	return placeNames{strings.Clone(p.text), strings.Clone(p.name), strings.Clone(p.nameAr)}
}

func (k kind) clone() kind { return kind{strings.Clone(k.event), strings.Clone(k.sub)} }

func (a actorPair) clone() actorPair {
	return actorPair{strings.Clone(a.actor1), strings.Clone(a.actor2)}
}

// entryOf compiles p against the dictionaries.
func (b *builder) entryOf(p *store.Point) entry {
	count := func(n *int) int32 {
		if n == nil {
			return -1
		}
		return int32(min(max(*n, 0), math.MaxInt32))
	}
	k := kind{event: p.EventType, sub: p.SubEventType}
	kid, known := b.kindIDs[k]
	if !known {
		kid = word(b.kindIDs, &b.d.kinds, k)
		sub, ok := b.subIDs[k.sub]
		if !ok {
			// Sub-event types come from a closed taxonomy; past 65,535
			// distinct ones, clusters count the rest as the last.
			sub = uint16(min(len(b.d.subs), math.MaxUint16))
			if len(b.d.subs) < math.MaxUint16 {
				s := strings.Clone(k.sub)
				b.subIDs[s] = sub
				b.d.subs = append(b.d.subs, s)
			}
		}
		b.d.subOf = append(b.d.subOf, sub)
	}
	return entry{key: keyOf(p.Lon, p.Lat), pt: point{
		id: p.ID, lon: float32(p.Lon), lat: float32(p.Lat), day: DayOf(p.Date),
		place:  word(b.placeIDs, &b.d.places, placeNames{text: p.PlaceText, name: p.PlaceName, nameAr: p.PlaceNameAr}),
		kind:   kid,
		actors: word(b.actorIDs, &b.d.actors, actorPair{actor1: p.Actor1, actor2: p.Actor2}),
		killed: count(p.Killed), injured: count(p.Injured), confidence: float32(p.Confidence),
		geoPrecision: uint8(min(max(p.GeoPrecision, 0), math.MaxUint8)), primary: p.Primary,
	}}
}

// add takes p, in place of the incident's earlier point if any, and
// reports whether that changed anything.
func (b *builder) add(p *store.Point) bool {
	e := b.entryOf(p)
	if b.isLoading {
		b.loading = append(b.loading, e)
		return true
	}
	if old, ok := b.delta[p.ID]; ok {
		if old == e {
			return false
		}
		b.delta[p.ID] = e
		b.dirty = true
		return true
	}
	if i, ok := b.basePos(p.ID); ok {
		if b.base.keys[i] == e.key && b.base.pts[i] == e.pt {
			return false
		}
		if b.deadShared || b.dead == nil {
			b.dead = b.dead.cloneSized(b.base.len())
			b.deadShared = false
		}
		b.dead.set(i)
	}
	b.delta[p.ID] = e
	b.dirty = true
	return true
}

// basePos finds the position of id in the base, if it is there and not
// replaced.
func (b *builder) basePos(id int64) (int, bool) {
	k, ok := slices.BinarySearchFunc(b.byID, id, func(pos int32, id int64) int { return cmp.Compare(b.base.pts[pos].id, id) })
	if !ok {
		return 0, false
	}
	pos := int(b.byID[k])
	return pos, !b.dead.has(pos)
}

// compactAt is how large the delta may grow, relative to the base,
// before it is merged into a new base.
const compactAt = 16

// publish returns a snapshot of everything taken so far, or the last
// one when nothing changed since (nil before anything came).
func (b *builder) publish(last *Index) *Index {
	if !b.dirty && last != nil {
		return last
	}
	switch {
	case b.isLoading:
		b.loadBase()
	case len(b.delta) > max(4096, b.base.len()/compactAt):
		b.compact()
	default:
		b.deltaRun = sortedRun(b.delta)
	}
	b.dirty, b.deadShared = false, true
	ix := &Index{base: b.base, delta: b.deltaRun, dead: b.dead, d: b.d, extent: &extentOnce{}, baseExtent: b.baseExtent}
	ix.n = b.base.len() - b.dead.count() + b.deltaRun.len()
	return ix
}

// sortedRun sorts entries into a run.
func sortedRun(m map[int64]entry) run {
	es := make([]entry, 0, len(m))
	for _, e := range m {
		es = append(es, e)
	}
	return runOf(es)
}

func runOf(es []entry) run {
	slices.SortFunc(es, func(a, b entry) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.pt.id, b.pt.id)
	})
	r := run{keys: make([]uint64, len(es)), pts: make([]point, len(es))}
	for i := range es {
		r.keys[i], r.pts[i] = es[i].key, es[i].pt
	}
	return r
}

// loadBase makes the base of a full read, the last entry of an id
// winning.
func (b *builder) loadBase() {
	es := b.loading
	b.loading, b.isLoading = nil, false
	byID := func(a, b entry) int { return cmp.Compare(a.pt.id, b.pt.id) }
	// Stores hand rows over mostly in id order.
	if !slices.IsSortedFunc(es, byID) {
		slices.SortStableFunc(es, byID)
	}
	out := es[:0]
	for i := range es {
		if i+1 < len(es) && es[i+1].pt.id == es[i].pt.id {
			continue
		}
		out = append(out, es[i])
	}
	es = out
	// Sort positions, not 56-byte entries; a point's position in es is
	// its rank by id, which gives byID on the way.
	perm := make([]int32, len(es))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortFunc(perm, func(x, y int32) int {
		if c := cmp.Compare(es[x].key, es[y].key); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	})
	r := run{keys: make([]uint64, len(es)), pts: make([]point, len(es))}
	byIDPos := make([]int32, len(es))
	for pos, k := range perm {
		r.keys[pos], r.pts[pos] = es[k].key, es[k].pt
		byIDPos[k] = int32(pos)
	}
	b.setBase(r, byIDPos)
}

// compact merges the delta into a new base.
func (b *builder) compact() {
	delta := sortedRun(b.delta)
	n := b.base.len() - b.dead.count() + delta.len()
	r := run{keys: make([]uint64, 0, n), pts: make([]point, 0, n)}
	// Where each live base point and each delta point lands.
	newBase := make([]int32, b.base.len())
	newDelta := make([]int32, delta.len())
	i, j := 0, 0
	for i < b.base.len() || j < delta.len() {
		if i < b.base.len() && b.dead.has(i) {
			i++
			continue
		}
		if j >= delta.len() || i < b.base.len() && (b.base.keys[i] < delta.keys[j] ||
			b.base.keys[i] == delta.keys[j] && b.base.pts[i].id < delta.pts[j].id) {
			newBase[i] = int32(len(r.keys))
			r.keys, r.pts = append(r.keys, b.base.keys[i]), append(r.pts, b.base.pts[i])
			i++
		} else {
			newDelta[j] = int32(len(r.keys))
			r.keys, r.pts = append(r.keys, delta.keys[j]), append(r.pts, delta.pts[j])
			j++
		}
	}
	// byID: the live base in id order merged with the delta in id order.
	deltaByID := make([]int32, delta.len())
	for k := range deltaByID {
		deltaByID[k] = int32(k)
	}
	slices.SortFunc(deltaByID, func(x, y int32) int { return cmp.Compare(delta.pts[x].id, delta.pts[y].id) })
	byID := make([]int32, 0, n)
	i, j = 0, 0
	for i < len(b.byID) || j < len(deltaByID) {
		if i < len(b.byID) && b.dead.has(int(b.byID[i])) {
			i++
			continue
		}
		if j >= len(deltaByID) || i < len(b.byID) && b.base.pts[b.byID[i]].id < delta.pts[deltaByID[j]].id {
			byID = append(byID, newBase[b.byID[i]])
			i++
		} else {
			byID = append(byID, newDelta[deltaByID[j]])
			j++
		}
	}
	b.setBase(r, byID)
}

// setBase makes r the base, with byID its positions in id order, and no
// delta.
func (b *builder) setBase(r run, byID []int32) {
	b.base, b.byID = r, byID
	b.baseExtent = &extentOnce{}
	b.dead, b.deadShared = nil, false
	b.delta = map[int64]entry{}
	b.deltaRun = run{}
}

// bitset is a set of positions; nil is empty.
type bitset []uint64

func (s bitset) has(i int) bool { return i>>6 < len(s) && s[i>>6]&(1<<(uint(i)&63)) != 0 }

func (s bitset) set(i int) { s[i>>6] |= 1 << (uint(i) & 63) }

// cloneSized copies s, sized for n positions.
func (s bitset) cloneSized(n int) bitset {
	c := make(bitset, (n+63)/64)
	copy(c, s)
	return c
}

func (s bitset) count() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}
