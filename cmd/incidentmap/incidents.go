package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/internal/config"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

func (e environment) incidents(args []string) error {
	fs := flag.NewFlagSet("incidents", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	db := fs.String("db", defaultDB, "database `file`")
	bbox := fs.String("bbox", "", "only incidents inside `minLon,minLat,maxLon,maxLat`")
	from := fs.String("from", "", "only incidents on or after `YYYY-MM-DD`")
	to := fs.String("to", "", "only incidents on or before `YYYY-MM-DD`")
	typ := fs.String("type", "", "only this event or sub-event `type`")
	actor := fs.String("actor", "", "only incidents whose actor1 or actor2 contains `name`")
	text := fs.String("q", "", "only incidents whose places or evidence contain every word of `text`")
	limit := fs.Int("limit", store.DefaultLimit, "at most `n` incidents")
	offset := fs.Int("offset", 0, "skip the first `n` matches")
	if err := config.Parse(fs, args, e.getenv); err != nil {
		return errUsage
	}
	if fs.NArg() != 0 {
		fmt.Fprintln(e.stderr, "usage: incidentmap incidents [--db FILE] [--bbox minLon,minLat,maxLon,maxLat] [--from DATE] [--to DATE] [--type T] [--actor A] [--q TEXT] [--limit N]")
		return errUsage
	}
	q := store.Query{Type: *typ, Actor: *actor, Text: *text, Limit: *limit, Offset: *offset}
	var err error
	if *bbox != "" {
		if q.BBox, err = parseBBox(*bbox); err != nil {
			return fmt.Errorf("--bbox: %w", err)
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
			return fmt.Errorf("%s %q: want YYYY-MM-DD", d.flag, d.in)
		}
	}
	st, err := e.openDB(*db, true)
	if err != nil {
		return err
	}
	defer st.Close()
	page, err := st.Incidents(e.ctx, q)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	return enc.Encode(incidentCollection(page))
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
		if err != nil {
			return nil, fmt.Errorf("%q: %q is not a number", s, p)
		}
		v[i] = f
	}
	if v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90 || v[0] > v[2] || v[1] > v[3] {
		return nil, fmt.Errorf("%q: not a box in longitude and latitude, min before max", s)
	}
	return &orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, nil
}

// incidentCollection renders a page of stored incidents as
// extract.FeatureCollection does, with the paging as OGC API Features
// names it (numberMatched, numberReturned).
func incidentCollection(page store.Page) *geojson.FeatureCollection {
	fc := extract.FeatureCollection(page.Incidents)
	if page.Total != store.Uncounted {
		fc.ExtraMembers["numberMatched"] = page.Total
	}
	fc.ExtraMembers["numberReturned"] = len(page.Incidents)
	return fc
}
