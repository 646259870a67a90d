package tileindex

import (
	"bytes"
	"cmp"
	"compress/flate"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/incidentmap/incidentmap/internal/store"
)

// A snapshot is the index in bytes, for a store to keep, so that a
// server starting over a large store loads it and reads only the changes
// since, instead of every incident: what a million costs a driver to
// read (seconds) is what decides how soon a new replica serves tiles.
//
// Format (then deflated): "IMTI", a version, the dictionaries (strings
// as lengths and bytes), then the points of one sorted run column by
// column (quadkeys as deltas, ids as zig-zag deltas, coordinates and
// confidence as float32 bits, the rest as varints), which compresses
// well and reads fast.

const (
	snapshotMagic   = "IMTI"
	snapshotVersion = 1
)

// ErrSnapshot: a snapshot that cannot be read (another version, or
// damaged); the index is then read from the store.
var ErrSnapshot = errors.New("tileindex: unusable snapshot")

// Snapshot returns the index as it stands, encoded, with the cursor it
// was read up to. It waits for a refresh in progress; nil data means
// there is nothing to save yet.
func (l *Live) Snapshot(ctx context.Context) (store.Cursor, []byte, error) {
	select {
	case l.lock <- struct{}{}:
	case <-ctx.Done():
		return store.Cursor{}, nil, ctx.Err()
	}
	defer func() { <-l.lock }()
	ix := l.cur.Load()
	if ix == nil {
		return store.Cursor{}, nil, nil
	}
	data, err := encodeSnapshot(ix)
	return l.cursor, data, err
}

// Restore replaces the index with a snapshot taken at cursor c; the next
// Refresh reads what changed since c (everything, if the store's epoch
// moved on or c is ahead of it).
func (l *Live) Restore(ctx context.Context, c store.Cursor, data []byte) error {
	b, err := decodeSnapshot(data)
	if err != nil {
		return err
	}
	select {
	case l.lock <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-l.lock }()
	l.b, l.cursor = b, c
	b.dirty = true
	ix := b.publish(nil)
	ix.version = l.version.Add(1)
	l.cur.Store(ix)
	return nil
}

func encodeSnapshot(ix *Index) ([]byte, error) {
	var raw []byte
	raw = append(raw, snapshotMagic...)
	raw = binary.AppendUvarint(raw, snapshotVersion)
	str := func(s string) {
		raw = binary.AppendUvarint(raw, uint64(len(s)))
		raw = append(raw, s...)
	}
	raw = binary.AppendUvarint(raw, uint64(len(ix.d.places)))
	for _, p := range ix.d.places {
		str(p.text)
		str(p.name)
		str(p.nameAr)
	}
	raw = binary.AppendUvarint(raw, uint64(len(ix.d.kinds)))
	for _, k := range ix.d.kinds {
		str(k.event)
		str(k.sub)
	}
	raw = binary.AppendUvarint(raw, uint64(len(ix.d.actors)))
	for _, a := range ix.d.actors {
		str(a.actor1)
		str(a.actor2)
	}
	// One run: the live base and the delta, merged.
	var keys []uint64
	var pts []point
	ix.each(0, 1<<(2*KeyZoom), nil, func(key uint64, p *point) {
		keys = append(keys, key)
		pts = append(pts, *p)
	})
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	// each gives the base, then the delta: sort them together.
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(keys[a], keys[b]); c != 0 {
			return c
		}
		return cmp.Compare(pts[a].id, pts[b].id)
	})
	raw = binary.AppendUvarint(raw, uint64(len(order)))
	var prevKey uint64
	var prevID int64
	for _, i := range order {
		raw = binary.AppendUvarint(raw, keys[i]-prevKey)
		prevKey = keys[i]
	}
	for _, i := range order {
		raw = binary.AppendVarint(raw, pts[i].id-prevID)
		prevID = pts[i].id
	}
	for _, i := range order {
		p := &pts[i]
		raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(p.lon))
		raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(p.lat))
		raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(p.confidence))
		raw = binary.AppendVarint(raw, int64(p.day))
		raw = binary.AppendUvarint(raw, uint64(p.place))
		raw = binary.AppendUvarint(raw, uint64(p.kind))
		raw = binary.AppendUvarint(raw, uint64(p.actors))
		raw = binary.AppendVarint(raw, int64(p.killed))
		raw = binary.AppendVarint(raw, int64(p.injured))
		flags := p.geoPrecision << 1
		if p.primary {
			flags |= 1
		}
		raw = binary.AppendUvarint(raw, uint64(flags))
	}
	var out bytes.Buffer
	zw, err := flate.NewWriter(&out, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// reader reads a snapshot's fields, keeping the first error.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = fmt.Errorf("%w: cut short or damaged", ErrSnapshot)
	}
	r.b = nil
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) u32() uint32 {
	if len(r.b) < 4 {
		r.fail()
		return 0
	}
	v := binary.LittleEndian.Uint32(r.b)
	r.b = r.b[4:]
	return v
}

func (r *reader) str() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail()
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// count reads a count of items of at least min bytes each, checked
// against what is left, so that damage cannot ask for huge allocations.
func (r *reader) count(min int) int {
	n := r.uvarint()
	if n > uint64(len(r.b)/min+1) {
		r.fail()
		return 0
	}
	return int(n)
}

func decodeSnapshot(data []byte) (*builder, error) {
	raw, err := io.ReadAll(flate.NewReader(bytes.NewReader(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSnapshot, err)
	}
	if !bytes.HasPrefix(raw, []byte(snapshotMagic)) {
		return nil, fmt.Errorf("%w: not a tile index snapshot", ErrSnapshot)
	}
	r := &reader{b: raw[len(snapshotMagic):]}
	if v := r.uvarint(); v != snapshotVersion {
		return nil, fmt.Errorf("%w: version %d, this binary reads %d", ErrSnapshot, v, snapshotVersion)
	}
	b := newBuilder()
	for range r.count(3) {
		word(b.placeIDs, &b.d.places, placeNames{text: r.str(), name: r.str(), nameAr: r.str()})
	}
	for range r.count(2) {
		k := kind{event: r.str(), sub: r.str()}
		word(b.kindIDs, &b.d.kinds, k)
		sub, ok := b.subIDs[k.sub]
		if !ok {
			sub = uint16(min(len(b.d.subs), math.MaxUint16))
			if len(b.d.subs) < math.MaxUint16 {
				b.subIDs[k.sub] = sub
				b.d.subs = append(b.d.subs, k.sub)
			}
		}
		b.d.subOf = append(b.d.subOf, sub)
	}
	for range r.count(2) {
		word(b.actorIDs, &b.d.actors, actorPair{actor1: r.str(), actor2: r.str()})
	}
	n := r.count(21)
	run := run{keys: make([]uint64, n), pts: make([]point, n)}
	var key uint64
	for i := range n {
		key += r.uvarint()
		run.keys[i] = key
	}
	var id int64
	for i := range n {
		id += r.varint()
		run.pts[i].id = id
	}
	for i := range n {
		p := &run.pts[i]
		p.lon = math.Float32frombits(r.u32())
		p.lat = math.Float32frombits(r.u32())
		p.confidence = math.Float32frombits(r.u32())
		p.day = int32(r.varint())
		p.place, p.kind, p.actors = uint32(r.uvarint()), uint32(r.uvarint()), uint32(r.uvarint())
		p.killed, p.injured = int32(r.varint()), int32(r.varint())
		flags := r.uvarint()
		p.geoPrecision, p.primary = uint8(flags>>1), flags&1 == 1
		if int(p.place) >= len(b.d.places) || int(p.kind) >= len(b.d.kinds) || int(p.actors) >= len(b.d.actors) {
			r.fail()
			break
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the points", ErrSnapshot, len(r.b))
	}
	byID := make([]int32, n)
	for i := range byID {
		byID[i] = int32(i)
	}
	slices.SortFunc(byID, func(x, y int32) int { return cmp.Compare(run.pts[x].id, run.pts[y].id) })
	for i := 1; i < n; i++ {
		if run.pts[byID[i]].id == run.pts[byID[i-1]].id || run.keys[i] < run.keys[i-1] {
			return nil, fmt.Errorf("%w: points out of order or repeated", ErrSnapshot)
		}
	}
	b.setBase(run, byID)
	return b, nil
}
