package osm

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
	osmapi "github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"
)

// Options tune Read.
type Options struct {
	// KeepLatin says whether places of a country ("" when unknown) are
	// kept without an Arabic-script name, with their Latin names. Nil
	// keeps Arabic-named places only.
	KeepLatin func(country string) bool
	// Progress, if set, is called about twice a second, from another
	// goroutine but never concurrently, with the number of nodes and ways
	// read and of places kept so far, and once more at the end.
	Progress func(elements int64, kept int)
	// Procs is the number of goroutines decoding blocks; 0 means 1.
	Procs int
}

// Stats say what Read went through.
type Stats struct {
	Elements int64 // nodes and ways read
	Places   int   // places returned
}

// pendingWay is a kept way whose point waits for its nodes' coordinates.
type pendingWay struct {
	place int // index in the places being built
	nodes []osmapi.NodeID
}

// river is the longest way seen so far of one named river.
type river struct {
	place geo.Place
	nodes int
	mid   osmapi.WayNode // its middle node
}

// Read returns the places of an .osm.pbf extract. It reads the file
// twice: once for tagged nodes and ways, then, after rewinding src, for
// the coordinates of the nodes of the kept ways (unless the file has
// locations on ways). Memory grows with what is kept, not with the file.
func Read(ctx context.Context, src io.ReadSeeker, opts Options) ([]geo.Place, Stats, error) {
	var elements, kept atomic.Int64
	if opts.Progress != nil {
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			t := time.NewTicker(500 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					opts.Progress(elements.Load(), int(kept.Load()))
				}
			}
		})
		defer func() {
			close(stop)
			wg.Wait()
			opts.Progress(elements.Load(), int(kept.Load()))
		}()
	}
	procs := max(opts.Procs, 1)

	places, pending, err := firstPass(ctx, src, procs, opts.KeepLatin, &elements, &kept)
	if err != nil {
		return nil, Stats{}, err
	}
	if len(pending) > 0 {
		if _, err := src.Seek(0, io.SeekStart); err != nil {
			return nil, Stats{}, fmt.Errorf("osm: rewind for node coordinates: %w", err)
		}
		ids, pts, err := nodeCoordinates(ctx, src, procs, pending)
		if err != nil {
			return nil, Stats{}, err
		}
		for _, w := range pending {
			places[w.place].Point = centroid(w.nodes, ids, pts)
		}
	}
	// Drop the ways none of whose nodes is in the extract.
	out := places[:0]
	for _, p := range places {
		if p.Point != (orb.Point{}) {
			out = append(out, p)
		}
	}
	kept.Store(int64(len(out)))
	return out, Stats{Elements: elements.Load(), Places: len(out)}, nil
}

// firstPass collects the places of tagged nodes and ways. Ways whose nodes
// carry no coordinates are returned as pending, with a zero Point.
func firstPass(ctx context.Context, src io.Reader, procs int, keepLatin func(string) bool, elements, kept *atomic.Int64) ([]geo.Place, []pendingWay, error) {
	sc := osmpbf.New(ctx, src, procs)
	defer sc.Close()
	sc.SkipRelations = true
	sc.FilterNode = func(n *osmapi.Node) bool {
		elements.Add(1)
		return wanted(n.Tags)
	}
	sc.FilterWay = func(w *osmapi.Way) bool {
		elements.Add(1)
		return wanted(w.Tags)
	}
	var places []geo.Place
	var pending []pendingWay
	rivers := map[string]*river{}
	var riverOrder []string
	for sc.Scan() {
		switch e := sc.Object().(type) {
		case *osmapi.Node:
			if p, ok := Place("osm:node/"+strconv.FormatInt(int64(e.ID), 10), e.Tags, orb.Point{e.Lon, e.Lat}, keepLatin); ok {
				places = append(places, p)
				kept.Add(1)
			}
		case *osmapi.Way:
			if len(e.Nodes) == 0 {
				continue
			}
			p, ok := Place("osm:way/"+strconv.FormatInt(int64(e.ID), 10), e.Tags, orb.Point{}, keepLatin)
			if !ok {
				continue
			}
			if p.FeatureCode == "STM" {
				// A river is mapped as many ways: keep one place per name.
				key := p.NameAr + "\x00" + p.Name
				r := rivers[key]
				if r == nil {
					r = &river{}
					rivers[key] = r
					riverOrder = append(riverOrder, key)
					kept.Add(1)
				}
				if len(e.Nodes) > r.nodes {
					*r = river{place: p, nodes: len(e.Nodes), mid: e.Nodes[len(e.Nodes)/2]}
				}
				continue
			}
			if pt, ok := locatedCentroid(e.Nodes); ok {
				p.Point = pt
			} else {
				pending = append(pending, pendingWay{place: len(places), nodes: e.Nodes.NodeIDs()})
			}
			places = append(places, p)
			kept.Add(1)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("osm: read: %w", err)
	}
	for _, key := range riverOrder {
		r := rivers[key]
		if located(r.mid) {
			r.place.Point = orb.Point{r.mid.Lon, r.mid.Lat}
		} else {
			pending = append(pending, pendingWay{place: len(places), nodes: []osmapi.NodeID{r.mid.ID}})
		}
		places = append(places, r.place)
	}
	return places, pending, nil
}

// wanted is the decoder's cheap test: only tagged elements that Classify
// accepts and that have some name are decoded in full.
func wanted(tags osmapi.Tags) bool {
	if len(tags) == 0 {
		return false
	}
	if _, ok := Classify(tags); !ok {
		return false
	}
	for _, t := range tags {
		if strings.Contains(t.Key, "name") {
			return true
		}
	}
	return false
}

// locatedCentroid is the centroid of a way's nodes when the file carries
// their coordinates on the way (osmium add-locations-to-ways). A way with
// a node not located is left to the second pass, which drops it if none
// of its nodes is in the extract.
func locatedCentroid(nodes osmapi.WayNodes) (orb.Point, bool) {
	var pts []orb.Point
	for _, n := range nodes {
		if !located(n) {
			return orb.Point{}, false
		}
		pts = append(pts, orb.Point{n.Lon, n.Lat})
	}
	return mean(pts), true
}

// located reports whether a way node carries a valid location: osmium
// writes none (zero) or, for nodes missing from the extract, an
// out-of-range "undefined" one.
func located(n osmapi.WayNode) bool {
	return (n.Lat != 0 || n.Lon != 0) && n.Lat >= -90 && n.Lat <= 90 && n.Lon >= -180 && n.Lon <= 180
}

// nodeCoordinates reads the coordinates of the nodes the pending ways
// need. The sorted id list is read-only while the decoders filter on it;
// the coordinates are written by this goroutine alone.
func nodeCoordinates(ctx context.Context, src io.Reader, procs int, pending []pendingWay) ([]osmapi.NodeID, []orb.Point, error) {
	var ids []osmapi.NodeID
	for _, w := range pending {
		ids = append(ids, w.nodes...)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	pts := make([]orb.Point, len(ids))

	sc := osmpbf.New(ctx, src, procs)
	defer sc.Close()
	sc.SkipWays, sc.SkipRelations = true, true
	sc.FilterNode = func(n *osmapi.Node) bool {
		_, found := slices.BinarySearch(ids, n.ID)
		return found
	}
	found := 0
	for found < len(ids) && sc.Scan() {
		n, ok := sc.Object().(*osmapi.Node)
		if !ok {
			continue
		}
		if i, ok := slices.BinarySearch(ids, n.ID); ok {
			if pts[i] == (orb.Point{}) {
				found++
			}
			pts[i] = orb.Point{n.Lon, n.Lat}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("osm: read node coordinates: %w", err)
	}
	return ids, pts, nil
}

// centroid is the mean of the coordinates found for a way's nodes, the
// closing node of a closed way counted once; zero when none was found.
func centroid(nodes []osmapi.NodeID, ids []osmapi.NodeID, pts []orb.Point) orb.Point {
	if len(nodes) > 1 && nodes[0] == nodes[len(nodes)-1] {
		nodes = nodes[:len(nodes)-1]
	}
	var found []orb.Point
	for _, id := range nodes {
		if i, ok := slices.BinarySearch(ids, id); ok && pts[i] != (orb.Point{}) {
			found = append(found, pts[i])
		}
	}
	return mean(found)
}

func mean(pts []orb.Point) orb.Point {
	if len(pts) > 1 && pts[0] == pts[len(pts)-1] {
		pts = pts[:len(pts)-1]
	}
	if len(pts) == 0 {
		return orb.Point{}
	}
	var lon, lat float64
	for _, p := range pts {
		lon += p[0]
		lat += p[1]
	}
	n := float64(len(pts))
	return orb.Point{lon / n, lat / n}
}
