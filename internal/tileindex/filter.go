package tileindex

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// Filter selects incidents as store.Query does: zero fields do not
// filter. It is the one implementation of the query semantics in
// memory; the conformance of tiles drawn from it with the store's
// queries is tested on every engine.
type Filter struct {
	// BBox keeps incidents whose point lies in it, edges included.
	BBox *orb.Bound
	// From and To keep incidents dated within [From, To], by UTC day;
	// undated incidents are left out when either is set.
	From, To time.Time
	// Type keeps incidents whose event type or sub-event type is Type,
	// ignoring case.
	Type string
	// Actor keeps incidents whose Actor1 or Actor2 contains Actor,
	// ignoring ASCII case (as the stores' LIKE).
	Actor string
	// IDs, when not nil, keeps only the incidents it holds: the matches
	// of a free-text query, which only the store can answer.
	IDs *IDSet
}

// matcher is a Filter compiled against one snapshot's dictionaries.
type matcher struct {
	from, to     int32
	keepsUndated bool
	kinds        []bool // nil: any
	actors       []bool // nil: any
	ids          *IDSet
	box          bool
	// The box in float32, as points are held.
	minLon, minLat, maxLon, maxLat float32
}

func (ix *Index) compile(f *Filter) *matcher {
	m := &matcher{from: math.MinInt32 + 1, to: math.MaxInt32, keepsUndated: true, ids: f.IDs}
	if !f.From.IsZero() {
		m.from, m.keepsUndated = DayOf(f.From), false
	}
	if !f.To.IsZero() {
		m.to, m.keepsUndated = DayOf(f.To), false
	}
	if f.Type != "" {
		m.kinds = make([]bool, len(ix.d.kinds))
		for i, k := range ix.d.kinds {
			m.kinds[i] = strings.EqualFold(k.sub, f.Type) || strings.EqualFold(k.event, f.Type)
		}
	}
	if f.Actor != "" {
		want := asciiLower(f.Actor)
		m.actors = make([]bool, len(ix.d.actors))
		for i, a := range ix.d.actors {
			m.actors[i] = strings.Contains(asciiLower(a.actor1), want) || strings.Contains(asciiLower(a.actor2), want)
		}
	}
	if b := f.BBox; b != nil {
		// Points are float32: a box edge rounded the same way keeps the
		// points the store keeps on the edge (to the microdegree).
		m.box = true
		m.minLon, m.minLat = down32(b.Min.Lon()), down32(b.Min.Lat())
		m.maxLon, m.maxLat = up32(b.Max.Lon()), up32(b.Max.Lat())
	}
	return m
}

// down32 and up32 round a box edge outwards to float32, with the
// stores' microdegree of slack.
func down32(v float64) float32 {
	f := float32(v - 0.5e-6)
	if float64(f) > v-0.5e-6 {
		f = math.Nextafter32(f, float32(math.Inf(-1)))
	}
	return f
}

func up32(v float64) float32 {
	f := float32(v + 0.5e-6)
	if float64(f) < v+0.5e-6 {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}

func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// keep reports whether m keeps p.
func (m *matcher) keep(p *point) bool {
	if p.day == noDay {
		if !m.keepsUndated {
			return false
		}
	} else if p.day < m.from || p.day > m.to {
		return false
	}
	if m.kinds != nil && !m.kinds[p.kind] {
		return false
	}
	if m.actors != nil && !m.actors[p.actors] {
		return false
	}
	if m.box && (p.lon < m.minLon || p.lon > m.maxLon || p.lat < m.minLat || p.lat > m.maxLat) {
		return false
	}
	if m.ids != nil && !m.ids.Has(p.id) {
		return false
	}
	return true
}

// IDSet is a set of incident ids, for Filter.IDs.
type IDSet struct {
	lo   int64
	bits bitset  // ids from lo, when dense enough
	ids  []int64 // sorted, otherwise
	n    int
}

// NewIDSet holds ids (in any order, repeats allowed).
func NewIDSet(ids []int64) *IDSet {
	s := &IDSet{}
	if len(ids) == 0 {
		return s
	}
	lo, hi := slices.Min(ids), slices.Max(ids)
	// A bitset when it takes at most 64 bits an id, or a megabyte.
	if span := hi - lo + 1; span <= max(int64(len(ids))*64, 8<<20) {
		s.lo, s.bits = lo, make(bitset, (span+63)/64)
		for _, id := range ids {
			if !s.bits.has(int(id - lo)) {
				s.bits.set(int(id - lo))
				s.n++
			}
		}
		return s
	}
	s.ids = slices.Clone(ids)
	slices.Sort(s.ids)
	s.ids = slices.Compact(s.ids)
	s.n = len(s.ids)
	return s
}

// Has reports whether id is in the set.
func (s *IDSet) Has(id int64) bool {
	if s.bits != nil {
		return id >= s.lo && s.bits.has(int(id-s.lo))
	}
	_, ok := slices.BinarySearch(s.ids, id)
	return ok
}

// Len is the number of ids.
func (s *IDSet) Len() int { return s.n }
