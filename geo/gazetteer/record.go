package gazetteer

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
)

// Columns are the columns of a gazetteer table, in the order Write emits
// them. Curated tables and generated indexes share this format: a header
// line naming the columns (any order; unknown columns are an error), then
// one tab-separated row per place. Lines starting with '#' are comments.
// Names are separated by '|'.
var Columns = []string{
	"source_id", "geonameid", "name", "name_ar", "names", "kind",
	"feature_code", "country", "admin1", "admin2", "lat", "lon",
	"population", "source",
}

// ErrFormat is returned (wrapped, with the line number) for malformed tables.
var ErrFormat = errors.New("gazetteer: malformed table")

// Reader reads places from a gazetteer table.
type Reader struct {
	sc   *bufio.Scanner
	cols []int // column index in Columns for each field of a row
	line int
}

// NewReader reads the header of a table and returns a Reader for its rows.
func NewReader(r io.Reader) (*Reader, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	rd := &Reader{sc: sc}
	for sc.Scan() {
		rd.line++
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		for _, h := range strings.Split(text, "\t") {
			i := columnIndex(h)
			if i < 0 {
				return nil, fmt.Errorf("%w: line %d: unknown column %q", ErrFormat, rd.line, h)
			}
			rd.cols = append(rd.cols, i)
		}
		return rd, nil
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("gazetteer: read header: %w", err)
	}
	return nil, fmt.Errorf("%w: no header line", ErrFormat)
}

func columnIndex(name string) int {
	for i, c := range Columns {
		if c == name {
			return i
		}
	}
	return -1
}

// Read returns the next place, or io.EOF after the last one.
func (rd *Reader) Read() (geo.Place, error) {
	for rd.sc.Scan() {
		rd.line++
		text := rd.sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		p, err := rd.parse(text)
		if err != nil {
			return geo.Place{}, fmt.Errorf("%w: line %d: %v", ErrFormat, rd.line, err)
		}
		return p, nil
	}
	if err := rd.sc.Err(); err != nil {
		return geo.Place{}, fmt.Errorf("gazetteer: read line %d: %w", rd.line+1, err)
	}
	return geo.Place{}, io.EOF
}

func (rd *Reader) parse(text string) (geo.Place, error) {
	fields := strings.Split(text, "\t")
	if len(fields) != len(rd.cols) {
		return geo.Place{}, fmt.Errorf("%d fields, header has %d", len(fields), len(rd.cols))
	}
	var p geo.Place
	var lat, lon float64
	var haveLat, haveLon bool
	for i, f := range fields {
		var err error
		switch Columns[rd.cols[i]] {
		case "source_id":
			p.ID = f
		case "geonameid":
			if f != "" {
				p.GeonameID, err = strconv.ParseInt(f, 10, 64)
			}
		case "name":
			p.Name = f
		case "name_ar":
			p.NameAr = f
		case "names":
			if f != "" {
				p.Names = strings.Split(f, "|")
			}
		case "kind":
			p.Kind = geo.Kind(f)
			if !p.Kind.Valid() {
				err = fmt.Errorf("unknown kind %q", f)
			}
		case "feature_code":
			p.FeatureCode = f
		case "country":
			p.CountryCode = f
		case "admin1":
			p.Admin1 = f
		case "admin2":
			p.Admin2 = f
		case "lat":
			lat, err = strconv.ParseFloat(f, 64)
			haveLat = err == nil
		case "lon":
			lon, err = strconv.ParseFloat(f, 64)
			haveLon = err == nil
		case "population":
			if f != "" {
				p.Population, err = strconv.ParseInt(f, 10, 64)
			}
		case "source":
			p.Source = f
		}
		if err != nil {
			return geo.Place{}, fmt.Errorf("column %s: %v", Columns[rd.cols[i]], err)
		}
	}
	switch {
	case p.ID == "":
		return geo.Place{}, errors.New("empty source_id")
	case p.Name == "" && p.NameAr == "":
		return geo.Place{}, errors.New("no name")
	case !haveLat || !haveLon || lat < -90 || lat > 90 || lon < -180 || lon > 180:
		return geo.Place{}, errors.New("missing or out-of-range lat/lon")
	}
	if p.Kind == "" {
		p.Kind = geo.KindOther
	}
	p.Point = orb.Point{lon, lat}
	return p, nil
}

// Writer writes places as a gazetteer table.
type Writer struct {
	w   *bufio.Writer
	err error
}

// NewWriter writes the header and returns a Writer. Call Flush at the end.
func NewWriter(w io.Writer) *Writer {
	wr := &Writer{w: bufio.NewWriterSize(w, 256*1024)}
	_, wr.err = wr.w.WriteString(strings.Join(Columns, "\t") + "\n")
	return wr
}

// Write writes one place. Tabs, newlines and '|' inside names are replaced
// by spaces so that every row stays parseable.
func (wr *Writer) Write(p *geo.Place) error {
	if wr.err != nil {
		return wr.err
	}
	names := make([]string, len(p.Names))
	for i, n := range p.Names {
		names[i] = strings.ReplaceAll(clean(n), "|", " ")
	}
	row := []string{
		clean(p.ID), geonameID(p.GeonameID), clean(p.Name), clean(p.NameAr),
		strings.Join(names, "|"), string(p.Kind), clean(p.FeatureCode),
		clean(p.CountryCode), clean(p.Admin1), clean(p.Admin2),
		strconv.FormatFloat(p.Point.Lat(), 'f', -1, 64),
		strconv.FormatFloat(p.Point.Lon(), 'f', -1, 64),
		strconv.FormatInt(p.Population, 10), clean(p.Source),
	}
	_, wr.err = wr.w.WriteString(strings.Join(row, "\t") + "\n")
	return wr.err
}

// Flush writes any buffered data.
func (wr *Writer) Flush() error {
	if wr.err != nil {
		return wr.err
	}
	return wr.w.Flush()
}

func geonameID(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

var cleaner = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")

func clean(s string) string { return cleaner.Replace(s) }
