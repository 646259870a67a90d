// Package acled writes incidents as CSV with the columns and conventions
// of ACLED's exports (https://acleddata.com), so that analysts can put
// our incidents next to ACLED's in a spreadsheet, R or pandas: the same
// column names where ACLED has the field, its codes for time and
// geographic precision, and a few columns of our own after them.
package acled

import (
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
)

// BOM starts the file: without it Excel reads UTF-8 as a legacy code
// page and shows Arabic as mojibake.
const BOM = "\uFEFF"

// MIME is the media type of the CSV, with its parameters.
const MIME = "text/csv; charset=utf-8; header=present"

// Columns are the header row: ACLED's names, in ACLED's order, then ours
// (id, killed, injured, source_urls, place_id, confidence).
var Columns = []string{
	"event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
	"actor1", "actor2", "iso", "country", "admin1", "admin2", "location",
	"latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
	"id", "killed", "injured", "source_urls", "place_id", "confidence",
}

// Names gives the names of countries and provinces (a
// *gazetteer.Gazetteer does): the store keeps their codes.
type Names interface {
	Country(code string) (*geo.Place, error)
	Admin1(country, code string) (*geo.Place, error)
}

// Writer writes incidents as rows, after the BOM and the header.
type Writer struct {
	out     io.Writer
	w       *csv.Writer
	names   Names
	row     []string
	started bool
}

// NewWriter writes to w; names may be nil, and then country is the
// ISO code and admin1 is empty.
func NewWriter(w io.Writer, names Names) *Writer {
	return &Writer{out: w, w: csv.NewWriter(w), names: names, row: make([]string, len(Columns))}
}

// Header writes the BOM and the header row, once; Write does it before
// the first row if it was not done.
func (w *Writer) Header() error {
	if w.started {
		return nil
	}
	w.started = true
	// Before anything else: the CSV writer's buffer is empty.
	if _, err := io.WriteString(w.out, BOM); err != nil {
		return err
	}
	return w.w.Write(Columns)
}

// unknownISO3 prefixes the event id of an incident without a country:
// ISO 3166's code for an unknown state.
const unknownISO3 = "XXX"

// Write writes one incident.
func (w *Writer) Write(inc *geo.Incident) error {
	if err := w.Header(); err != nil {
		return err
	}
	r := w.row
	clear(r)
	var cc, admin1Code string
	location := inc.PlaceText
	if p := inc.Place; p != nil {
		cc, admin1Code = p.CountryCode, p.Admin1
		if p.Name != "" {
			location = p.Name
		}
	}
	iso3, m49 := unknownISO3, ""
	if reg, err := language.ParseRegion(cc); cc != "" && err == nil {
		if s := reg.ISO3(); s != "" && s != "ZZZ" {
			iso3 = s
		}
		if n := reg.M49(); n > 0 {
			m49 = strconv.Itoa(n)
		}
	}
	r[0] = iso3 + inc.ID
	if !inc.Date.IsZero() {
		r[1] = inc.Date.Format(time.DateOnly)
		r[2] = strconv.Itoa(inc.Date.Year())
		r[3] = strconv.Itoa(inc.DatePrecision)
	}
	r[4], r[5] = inc.EventType, inc.SubEventType
	r[6], r[7] = inc.Actor1, inc.Actor2
	r[8] = m49
	r[9] = cc
	if w.names != nil && cc != "" {
		if c, err := w.names.Country(cc); err == nil && c.Name != "" {
			r[9] = c.Name
		}
		if admin1Code != "" {
			if a, err := w.names.Admin1(cc, admin1Code); err == nil {
				r[10] = a.Name
			}
		}
	}
	// admin2 (r[11]) stays empty: the gazetteer keeps no names of
	// second-level divisions.
	r[12] = location
	pt := extract.RoundPoint(inc.Point)
	r[13] = strconv.FormatFloat(pt[1], 'f', -1, 64)
	r[14] = strconv.FormatFloat(pt[0], 'f', -1, 64)
	r[15] = strconv.Itoa(inc.GeoPrecision)
	r[16] = outlets(inc.Sources)
	r[17] = notes(inc.Evidence)
	// ACLED codes a report without a number of dead as 0; killed keeps
	// the difference (empty: the text gives no number).
	r[18] = "0"
	if inc.Killed != nil {
		r[18] = strconv.Itoa(*inc.Killed)
		r[20] = r[18]
	}
	r[19] = inc.ID
	if inc.Injured != nil {
		r[21] = strconv.Itoa(*inc.Injured)
	}
	if len(inc.Sources) > 0 {
		urls := make([]string, 0, len(inc.Sources))
		for i := range inc.Sources {
			urls = append(urls, inc.Sources[i].URL)
		}
		r[22] = strings.Join(urls, extract.FlatSeparator)
	}
	if inc.Place != nil {
		r[23] = inc.Place.ID
	}
	r[24] = strconv.FormatFloat(inc.Confidence, 'f', -1, 64)
	return w.w.Write(r)
}

// Flush writes what is buffered and reports any error.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

// outlets is ACLED's source column: the outlets, each once, separated
// by "; ".
func outlets(src []geo.Source) string {
	var seen []string
	for i := range src {
		o := strings.Join(strings.Fields(src[i].Outlet), " ")
		if o != "" && !slices.Contains(seen, o) {
			seen = append(seen, o)
		}
	}
	return strings.Join(seen, "; ")
}

// notes is ACLED's notes column: the evidence, its passages as one
// paragraph.
func notes(ev []geo.Evidence) string {
	parts := make([]string, 0, len(ev))
	for i := range ev {
		if t := strings.Join(strings.Fields(ev[i].Text), " "); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, " ")
}
