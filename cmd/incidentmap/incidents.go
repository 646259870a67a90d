package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/incidentmap/incidentmap/internal/acled"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/server"
	"github.com/paulmach/orb"
)

func (e environment) incidents(args []string) error {
	c := e.command("incidents", "",
		"Print the stored incidents that match every filter as one GeoJSON FeatureCollection (or, with --format csv,\n"+
			"as CSV with ACLED's columns, UTF-8 with a byte order mark), newest first: all of them unless --limit caps them.").withDB().withGazetteer()
	format := c.fs.String("format", "geojson", "output `format`: geojson or csv (ACLED's columns; country and admin1 names from the gazetteer)")
	bbox := c.fs.String("bbox", "", "only incidents inside `minLon,minLat,maxLon,maxLat`")
	from := c.fs.String("from", "", "only incidents on or after `YYYY-MM-DD`")
	to := c.fs.String("to", "", "only incidents on or before `YYYY-MM-DD`")
	typ := c.fs.String("type", "", "only this event or sub-event `type`: "+strings.Join(server.IncidentTypes(), ", "))
	actor := c.fs.String("actor", "", "only incidents whose actor1 or actor2 contains `name`")
	text := c.fs.String("q", "", "only incidents whose places or evidence contain every word of `text`")
	limit := c.fs.Int("limit", 0, "at most `n` incidents (0: all)")
	offset := c.fs.Int("offset", 0, "skip the first `n` matches")
	if err := c.parse(args); err != nil {
		return err
	}
	if c.fs.NArg() != 0 {
		return c.fail("unexpected argument %q", c.fs.Arg(0))
	}
	if *format != "geojson" && *format != "csv" {
		return c.fail("--format %q: want geojson or csv", *format)
	}
	q := store.Query{Actor: *actor, Text: *text, Offset: *offset}
	var err error
	if *typ != "" {
		t, ok := server.CanonicalType(*typ)
		if !ok {
			return c.fail("--type %q is not an event or sub-event type; the types are: %s", *typ, strings.Join(server.IncidentTypes(), ", "))
		}
		q.Type = t
	}
	if *limit < 0 || *offset < 0 {
		return c.fail("--limit and --offset cannot be negative")
	}
	if *bbox != "" {
		if q.BBox, err = parseBBox(*bbox); err != nil {
			return c.fail("--bbox %v", err)
		}
	}
	for _, d := range []struct {
		flag string
		in   string
		out  *time.Time
	}{{"--from", *from, &q.From}, {"--to", *to, &q.To}} {
		if d.in == "" {
			continue
		}
		if *d.out, err = time.Parse(time.DateOnly, d.in); err != nil {
			return c.fail("%s %q: want YYYY-MM-DD", d.flag, d.in)
		}
	}
	st, err := c.openStore(existing)
	if err != nil {
		return err
	}
	defer st.Close()
	if *format == "csv" {
		places, err := loadPlaces(*c.gaz.path)
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(e.stdout, 64<<10)
		cw := acled.NewWriter(w, gazetteer.New(places))
		// The header even when nothing matches: a file that opens.
		if err := cw.Header(); err != nil {
			return err
		}
		if err := eachIncident(e, st, q, *limit, cw.Write); err != nil {
			return err
		}
		if err := cw.Flush(); err != nil {
			return err
		}
		return w.Flush()
	}
	return writeIncidents(e, st, q, *limit)
}

// writeIncidents streams every match of q (at most limit, 0 for all) as
// one FeatureCollection, a page of store.MaxLimit at a time, so that
// memory does not grow with the matches.
func writeIncidents(e environment, st store.Store, q store.Query, limit int) error {
	w := bufio.NewWriterSize(e.stdout, 64<<10)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if _, err := w.WriteString(`{"type":"FeatureCollection","features":[`); err != nil {
		return err
	}
	returned := 0
	total, err := pageThrough(e, st, q, limit, func(inc *geo.Incident) error {
		if returned > 0 {
			if err := w.WriteByte(','); err != nil {
				return err
			}
		}
		returned++
		return enc.Encode(extract.Feature(inc))
	})
	if err != nil {
		return err
	}
	attribution, _ := json.Marshal(geoparse.Attribution)
	fmt.Fprintf(w, `],"numberMatched":%d,"numberReturned":%d,"attribution":%s}`+"\n", total, returned, attribution)
	return w.Flush()
}

// eachIncident calls fn with every match of q (at most limit, 0 for
// all), as pageThrough.
func eachIncident(e environment, st store.Store, q store.Query, limit int, fn func(*geo.Incident) error) error {
	_, err := pageThrough(e, st, q, limit, fn)
	return err
}

// pageThrough calls fn with every match of q (at most limit, 0 for
// all), a page of store.MaxLimit at a time, so that memory does not
// grow with the matches, and returns how many match in all. It says on
// stderr what --limit left out: never stop silently.
func pageThrough(e environment, st store.Store, q store.Query, limit int, fn func(*geo.Incident) error) (int, error) {
	returned, total, start := 0, 0, q.Offset
	for {
		q.Limit = store.MaxLimit
		if limit > 0 {
			q.Limit = min(q.Limit, limit-returned)
		}
		page, err := st.Incidents(e.ctx, q)
		if err != nil {
			return 0, err
		}
		total = page.Total
		for i := range page.Incidents {
			if err := fn(&page.Incidents[i]); err != nil {
				return 0, err
			}
			returned++
		}
		q.Offset += len(page.Incidents)
		if len(page.Incidents) == 0 || q.Offset >= page.Total || limit > 0 && returned >= limit {
			break
		}
	}
	if after := max(0, total-start); returned < after {
		fmt.Fprintf(e.stderr, "incidentmap incidents: printed %d of the %d matches after --offset %d (--limit %d)\n", returned, after, start, limit)
	}
	return total, nil
}

// parseBBox reads "minLon,minLat,maxLon,maxLat".
func parseBBox(s string) (*orb.Bound, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return nil, fmt.Errorf("%q: want minLon,minLat,maxLon,maxLat", s)
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%q: %q is not a number", s, p)
		}
		v[i] = f
	}
	if v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90 || v[0] > v[2] || v[1] > v[3] {
		return nil, fmt.Errorf("%q: not a box in longitude and latitude, min before max", s)
	}
	return &orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, nil
}
