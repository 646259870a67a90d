package server

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// Bounds of the query parameters. Out-of-range values are refused with a
// 400 rather than clamped, so a client never silently gets something else
// than it asked for; the one exception is a limit above MaxLimit, which
// OGC API - Features requires to be capped (/req/core/fc-limit-response-1):
// the page then says how many it returned and links to the next.
const (
	// DefaultLimit is the page size of items when the client gives none.
	DefaultLimit = 100
	// MaxLimit is the largest page of items served.
	MaxLimit = 10000
	// MaxOffset bounds offset paging; deeper pages cost the store a scan.
	MaxOffset = 10_000_000
	// MaxZoom is the deepest vector-tile zoom served: incidents are
	// placed to a few hundred metres at best.
	MaxZoom = 16
	// maxTextParam bounds free-text parameters (type, actor, q).
	maxTextParam = 200
)

// format is the representation a client asked for.
type format string

const (
	formatJSON format = "json"
	formatHTML format = "html"
	// formatCSV is the ACLED-style CSV of incidents (internal/acled):
	// items of the incidents collection only.
	formatCSV format = "csv"
)

// queryParam is one query parameter as a handler accepts it and as the
// OpenAPI document describes it: the parsers below read its bounds,
// default and accepted values from it, and the document's schema is made
// from the same fields (schema), so the two cannot drift apart (as
// pg_featureserv shares its parameter definitions between its parser and
// its OpenAPI document).
type queryParam struct {
	// Name is the parameter's name in the query string.
	Name string
	// Doc describes it for the OpenAPI document.
	Doc string
	// Kind is its type.
	Kind paramKind
	// Min and Max bound an integer (and Default is its value when
	// absent). Above Max it is refused, unless Capped: then it is served
	// as Max.
	Min, Max, Default int
	Capped            bool
	// Enum lists the accepted values of a string; the parser compares
	// them as it says (f and type ignore case).
	Enum []string
	// MaxLength bounds a free text, in characters.
	MaxLength int
	// Format is the OpenAPI format of a string (uri, date-time).
	Format string
	// MinItems and MaxItems bound a list; ItemMin and ItemMax each of
	// its numbers.
	MinItems, MaxItems int
	ItemMin, ItemMax   float64
	// Example is a valid value, for the document and the tests that
	// check every documented parameter is accepted.
	Example string
}

// paramKind is the type of a query parameter.
type paramKind int

const (
	kindString paramKind = iota
	kindInteger
	// kindNumbers is a comma-separated list of numbers (bbox): style
	// form, explode false.
	kindNumbers
)

// schema is the parameter's OpenAPI 3.0 schema.
func (p queryParam) schema() map[string]any {
	switch p.Kind {
	case kindInteger:
		m := map[string]any{"type": "integer", "minimum": p.Min, "default": p.Default}
		if p.Max > 0 {
			m["maximum"] = p.Max
		}
		return m
	case kindNumbers:
		return map[string]any{"type": "array", "minItems": p.MinItems, "maxItems": p.MaxItems,
			"items": map[string]any{"type": "number", "minimum": p.ItemMin, "maximum": p.ItemMax}}
	}
	m := map[string]any{"type": "string"}
	if len(p.Enum) > 0 {
		m["enum"] = p.Enum
	}
	if p.MaxLength > 0 {
		m["maxLength"] = p.MaxLength
	}
	if p.Format != "" {
		m["format"] = p.Format
	}
	return m
}

// formatValues are the accepted values of f, by the format they ask.
var formatValues = map[string]format{
	"json": formatJSON, "geojson": formatJSON, "application/json": formatJSON, "application/geo+json": formatJSON,
	"html": formatHTML, "text/html": formatHTML,
}

// itemsFormatValues are the accepted values of f on the incidents' items:
// formatValues and CSV.
var itemsFormatValues = func() map[string]format {
	m := map[string]format{"csv": formatCSV, "text/csv": formatCSV}
	for k, v := range formatValues {
		m[k] = v
	}
	return m
}()

// The query parameters, each once.
var (
	paramF = queryParam{Name: "f", Doc: "Representation: json or html (else the Accept header decides)",
		Enum: sortedKeys(formatValues), Example: "json"}
	paramFItems = queryParam{Name: "f", Doc: "Representation: json, html or csv (ACLED's columns, UTF-8 with a BOM; text/csv in Accept asks for it too); else the Accept header decides",
		Enum: sortedKeys(itemsFormatValues), Example: "csv"}
	paramBBox = queryParam{Name: "bbox", Doc: "minLon,minLat,maxLon,maxLat in CRS84 (six numbers with heights are accepted, heights ignored)",
		Kind: kindNumbers, MinItems: 4, MaxItems: 6, ItemMin: -180, ItemMax: 180, Example: "35.5,32.3,42.4,37.3"}
	paramBBoxCRS = queryParam{Name: "bbox-crs", Doc: "The CRS of bbox: only CRS84 (longitude, latitude)",
		Enum: supportedCRS, Format: "uri", Example: crs84}
	paramCRS = queryParam{Name: "crs", Doc: "The CRS of the coordinates in the answer: only CRS84 (longitude, latitude), as each collection's crs lists",
		Enum: supportedCRS, Format: "uri", Example: crs84}
	paramDatetime = queryParam{Name: "datetime", Doc: "An RFC 3339 date or date-time (without an offset: UTC; a date with an empty time, 2024-06-01T, as GDAL sends: the date), or an interval start/end with .. (or nothing) for an open end; incidents are dated by UTC day, years 1900 to 2200",
		MaxLength: 2*len(time.RFC3339Nano) + 1, Example: "2024-03-01/2024-03-31"}
	paramType = queryParam{Name: "type", Doc: "An ACLED event type or sub-event type (case ignored)",
		Enum: IncidentTypes(), MaxLength: maxTextParam, Example: "Air/drone strike"}
	paramActor = queryParam{Name: "actor", Doc: "Part of Actor1 or Actor2, e.g. US forces",
		MaxLength: maxTextParam, Example: "US forces"}
	paramQ = queryParam{Name: "q", Doc: "Words that must all occur in the place names or the evidence (Arabic; proclitics ignored)",
		MaxLength: maxTextParam, Example: "دير الزور"}
	paramLimit = queryParam{Name: "limit", Doc: fmt.Sprintf("Page size: from 1; a larger value than %d is served as %d (numberReturned and the next link tell)", MaxLimit, MaxLimit),
		Kind: kindInteger, Min: 1, Max: MaxLimit, Capped: true, Default: DefaultLimit, Example: "10"}
	paramOffset = queryParam{Name: "offset", Doc: "Matches to skip",
		Kind: kindInteger, Min: 0, Max: MaxOffset, Default: 0, Example: "0"}
	paramPublished = queryParam{Name: "published", Doc: "Publication date of a text/plain body: YYYY-MM-DD or RFC 3339",
		Example: "2024-03-01"}
	paramURL = queryParam{Name: "url", Doc: "The article's http(s) URL, for a text/plain body",
		Format: "uri", Example: "https://example.org/a"}
	paramSource = queryParam{Name: "source", Doc: "The outlet, for a text/plain body",
		Example: "example outlet"}
)

// The query parameters each kind of resource accepts. Anything else is a
// 400, so that a typo (bbx=) is not silently ignored.
var (
	paramsFormat     = []queryParam{paramF}
	paramsItems      = []queryParam{paramFItems, paramBBox, paramBBoxCRS, paramCRS, paramDatetime, paramLimit, paramOffset, paramType, paramActor, paramQ}
	paramsPlaces     = []queryParam{paramF, paramBBox, paramBBoxCRS, paramCRS, paramLimit, paramOffset, paramQ}
	paramsItem       = []queryParam{paramF, paramCRS}
	paramsTiles      = []queryParam{paramDatetime, paramType, paramActor, paramQ}
	paramsGeoparse   = []queryParam{paramPublished}
	paramsArticle    = []queryParam{paramPublished, paramURL, paramSource}
	paramsUnresolved = []queryParam{paramLimit}
	paramsNone       = []queryParam{}
)

// paramNames lists the parameters' names.
func paramNames(params []queryParam) []string {
	out := make([]string, len(params))
	for i, p := range params {
		out[i] = p.Name
	}
	return out
}

// sortedKeys lists a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// crs84 is the only CRS served: WGS 84 longitude, latitude.
const crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"

// supportedCRS are the values crs and bbox-crs accept, and what each
// collection's crs member lists: CRS84 alone. EPSG:4326 is not offered,
// as OGC API - Features Part 2 would then have the coordinates in
// latitude, longitude order, and one CRS said right beats two said
// loosely.
var supportedCRS = []string{crs84}

// crsParam checks a crs or bbox-crs parameter (p.Enum: supportedCRS).
func (q query) crsParam(p queryParam) error {
	v, ok := q.get(p.Name)
	if !ok || slices.Contains(p.Enum, strings.TrimSpace(v)) {
		return nil
	}
	pe := badRequest("%s=%q: this server serves CRS84 (longitude, latitude) only; give %s=%s or leave the parameter out", p.Name, v, p.Name, crs84)
	pe.allowed = p.Enum
	return pe
}

// query wraps a request's query string while it is parsed: it refuses
// unknown and repeated parameters up front.
type query struct {
	v url.Values
}

// newQuery checks every parameter of v against allowed.
func newQuery(v url.Values, allowed []queryParam) (query, error) {
	for name, vals := range v {
		if !slices.ContainsFunc(allowed, func(p queryParam) bool { return p.Name == name }) {
			p := badRequest("unknown query parameter %q", name)
			p.allowed = paramNames(allowed)
			return query{}, p
		}
		if len(vals) > 1 {
			return query{}, badRequest("query parameter %q is given %d times; give it once", name, len(vals))
		}
		if !utf8.ValidString(vals[0]) {
			return query{}, badRequest("query parameter %q is not valid UTF-8", name)
		}
	}
	return query{v: v}, nil
}

// get returns a parameter's value and whether it was given.
func (q query) get(name string) (string, bool) {
	vals, ok := q.v[name]
	if !ok {
		return "", false
	}
	return vals[0], true
}

// text returns a bounded free-text parameter, trimmed. Given empty, it
// is refused like every other parameter: a filter is either stated or
// left out, never silently dropped.
func (q query) text(p queryParam) (string, error) {
	s, given := q.get(p.Name)
	s = strings.TrimSpace(s)
	if given && s == "" {
		return "", badRequest("%s is empty: give a value or leave the parameter out", p.Name)
	}
	if p.MaxLength > 0 && utf8.RuneCountInString(s) > p.MaxLength {
		return "", badRequest("%s is longer than %d characters", p.Name, p.MaxLength)
	}
	return s, nil
}

// integer returns an integer parameter in [p.Min, p.Max], p.Default when
// absent; above p.Max it is refused, or served as p.Max when p.Capped.
func (q query) integer(p queryParam) (int, error) {
	s, ok := q.get(p.Name)
	if !ok {
		return p.Default, nil
	}
	s = strings.TrimSpace(s)
	n, err := strconv.Atoi(s)
	if p.Capped && (err == nil && n > p.Max || errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(s, "-")) {
		return p.Max, nil // a number too large for int is above the cap too
	}
	if err != nil || n < p.Min || n > p.Max {
		if p.Capped {
			return 0, badRequest("%s=%q: want an integer from %d (values above %d are served as %d)", p.Name, s, p.Min, p.Max, p.Max)
		}
		return 0, badRequest("%s=%q: want an integer from %d to %d", p.Name, s, p.Min, p.Max)
	}
	return n, nil
}

// oneOf returns a parameter that must be one of p.Enum exactly, or ""
// when absent.
func (q query) oneOf(p queryParam) (string, error) {
	s, ok := q.get(p.Name)
	if !ok || slices.Contains(p.Enum, s) {
		return s, nil
	}
	pe := badRequest("%s=%q: want one of %s", p.Name, s, strings.Join(p.Enum, ", "))
	pe.allowed = p.Enum
	return "", pe
}

// format returns the f parameter: "json", "html" or absent ("").
func (q query) format() (format, error) {
	return q.formatOf(formatValues)
}

// formatOf returns the f parameter, one of values, or absent ("").
func (q query) formatOf(values map[string]format) (format, error) {
	s, ok := q.get("f")
	if !ok {
		return "", nil
	}
	if f, ok := values[strings.ToLower(s)]; ok {
		return f, nil
	}
	want := "json or html"
	if _, csv := values["csv"]; csv {
		want = "json, html or csv"
	}
	p := badRequest("f=%q: want %s", s, want)
	p.allowed = sortedKeys(values)
	return "", p
}

// bbox parses bbox (and checks bbox-crs): minLon,minLat,maxLon,maxLat in
// CRS84, or six numbers with heights, which are ignored.
func (q query) bbox() (*orb.Bound, error) {
	if err := q.crsParam(paramBBoxCRS); err != nil {
		return nil, err
	}
	s, ok := q.get("bbox")
	if !ok {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	if len(parts) != 4 && len(parts) != 6 {
		return nil, badRequest("bbox=%q: want minLon,minLat,maxLon,maxLat", s)
	}
	n := make([]float64, len(parts))
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, badRequest("bbox=%q: %q is not a number", s, p)
		}
		n[i] = f
	}
	if len(n) == 6 { // minLon,minLat,minH,maxLon,maxLat,maxH
		n = []float64{n[0], n[1], n[3], n[4]}
	}
	minLon, minLat, maxLon, maxLat := n[0], n[1], n[2], n[3]
	switch {
	case minLon < -180 || maxLon > 180 || minLon > 180 || maxLon < -180:
		return nil, badRequest("bbox=%q: longitudes must lie in [-180, 180]", s)
	case minLat < -90 || maxLat > 90 || minLat > 90 || maxLat < -90:
		return nil, badRequest("bbox=%q: latitudes must lie in [-90, 90]", s)
	case minLat > maxLat:
		return nil, badRequest("bbox=%q: the minimum latitude is above the maximum", s)
	case minLon > maxLon:
		return nil, badRequest("bbox=%q: boxes crossing the antimeridian are not supported; send two requests", s)
	}
	return &orb.Bound{Min: orb.Point{minLon, minLat}, Max: orb.Point{maxLon, maxLat}}, nil
}

// interval is a closed range of days; a zero end is open.
type interval struct {
	From, To time.Time
}

// datetime parses the datetime parameter: an instant or an interval
// start/end whose ends are RFC 3339 dates or date-times, ".." or empty
// when open. Incidents are dated by day, so instants count as their UTC
// day.
func (q query) datetime() (interval, error) {
	s, ok := q.get("datetime")
	if !ok {
		return interval{}, nil
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return interval{}, badRequest("datetime is empty: want an instant like 2024-03-01 or an interval like 2024-03-01/2024-03-31")
	}
	start, end, isInterval := strings.Cut(s, "/")
	from, err := parseInstant(start, isInterval)
	if err != nil {
		return interval{}, badRequest("datetime=%q: %v", s, err)
	}
	if !isInterval {
		if from.IsZero() {
			return interval{}, badRequest("datetime=%q: an instant cannot be open", s)
		}
		return interval{From: from, To: from}, nil
	}
	to, err := parseInstant(end, true)
	if err != nil {
		return interval{}, badRequest("datetime=%q: %v", s, err)
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return interval{}, badRequest("datetime=%q: the interval ends before it starts", s)
	}
	return interval{From: from, To: to}, nil
}

// parseInstant reads one end of a datetime; zero means open.
func parseInstant(s string, openOK bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == ".." || s == "" {
		if !openOK {
			return time.Time{}, fmt.Errorf("%q is not a date", s)
		}
		return time.Time{}, nil
	}
	var t time.Time
	var err error
	s = strings.ToUpper(s)
	// GDAL (3.6) turns a comparison with a date field into a date with
	// an empty time, "2024-06-01T": it is the date.
	s = strings.TrimSuffix(s, "T")
	switch {
	case len(s) == len(time.DateOnly):
		t, err = time.Parse(time.DateOnly, s)
	case !hasZone(s):
		// A date-time without an offset (what some clients send) is
		// read as UTC, the clock incidents are dated by.
		t, err = time.Parse("2006-01-02T15:04:05.999999999", s)
	default:
		t, err = time.Parse(time.RFC3339Nano, s)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 date or date-time", s)
	}
	t = t.UTC()
	if t.Year() < 1900 || t.Year() > 2200 {
		return time.Time{}, fmt.Errorf("%q is out of range (years 1900 to 2200)", s)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
}

// hasZone reports whether a date-time (upper-cased) ends with Z or a
// ±hh:mm offset.
func hasZone(s string) bool {
	if strings.HasSuffix(s, "Z") {
		return true
	}
	return len(s) > 6 && (s[len(s)-6] == '+' || s[len(s)-6] == '-') && s[len(s)-3] == ':'
}

// filter is the incident selection items and tiles share.
type filter struct {
	When  interval
	Type  string
	Actor string
	Text  string
}

// filter parses datetime, type, actor and q.
func (q query) filter() (filter, error) {
	var f filter
	var err error
	if f.When, err = q.datetime(); err != nil {
		return filter{}, err
	}
	if f.Type, err = q.text(paramType); err != nil {
		return filter{}, err
	}
	if f.Type != "" {
		t, ok := CanonicalType(f.Type)
		if !ok {
			p := badRequest("type=%q is not an event or sub-event type", f.Type)
			p.allowed = IncidentTypes()
			return filter{}, p
		}
		f.Type = t
	}
	if f.Actor, err = q.text(paramActor); err != nil {
		return filter{}, err
	}
	if f.Text, err = q.text(paramQ); err != nil {
		return filter{}, err
	}
	return f, nil
}

// itemsParams are the parameters of /collections/incidents/items.
type itemsParams struct {
	Format format
	BBox   *orb.Bound
	Filter filter
	Limit  int
	Offset int
}

// parseItems parses and bounds-checks the items query.
func parseItems(v url.Values) (itemsParams, error) {
	q, err := newQuery(v, paramsItems)
	if err != nil {
		return itemsParams{}, err
	}
	var p itemsParams
	if p.Format, err = q.formatOf(itemsFormatValues); err != nil {
		return itemsParams{}, err
	}
	if p.BBox, err = q.bbox(); err != nil {
		return itemsParams{}, err
	}
	if err = q.crsParam(paramCRS); err != nil {
		return itemsParams{}, err
	}
	if p.Filter, err = q.filter(); err != nil {
		return itemsParams{}, err
	}
	if p.Limit, err = q.integer(paramLimit); err != nil {
		return itemsParams{}, err
	}
	if p.Offset, err = q.integer(paramOffset); err != nil {
		return itemsParams{}, err
	}
	return p, nil
}

// placesParams are the parameters of /collections/places/items.
type placesParams struct {
	Format format
	BBox   *orb.Bound
	Text   string
	Limit  int
	Offset int
}

// parsePlaces parses and bounds-checks the places query.
func parsePlaces(v url.Values) (placesParams, error) {
	q, err := newQuery(v, paramsPlaces)
	if err != nil {
		return placesParams{}, err
	}
	var p placesParams
	if p.Format, err = q.format(); err != nil {
		return placesParams{}, err
	}
	if p.BBox, err = q.bbox(); err != nil {
		return placesParams{}, err
	}
	if err = q.crsParam(paramCRS); err != nil {
		return placesParams{}, err
	}
	if p.Text, err = q.text(paramQ); err != nil {
		return placesParams{}, err
	}
	if p.Limit, err = q.integer(paramLimit); err != nil {
		return placesParams{}, err
	}
	if p.Offset, err = q.integer(paramOffset); err != nil {
		return placesParams{}, err
	}
	return p, nil
}

// formatOnly parses a query that may hold only f.
func formatOnly(v url.Values) (format, error) {
	q, err := newQuery(v, paramsFormat)
	if err != nil {
		return "", err
	}
	return q.format()
}

// itemFormat parses the query of one feature: f, and crs (CRS84 only).
func itemFormat(v url.Values) (format, error) {
	q, err := newQuery(v, paramsItem)
	if err != nil {
		return "", err
	}
	if err := q.crsParam(paramCRS); err != nil {
		return "", err
	}
	return q.format()
}

// noParams refuses any query parameter.
func noParams(v url.Values) error {
	_, err := newQuery(v, paramsNone)
	return err
}

// tileParams are the path and query parameters of a vector tile.
type tileParams struct {
	Z, X, Y int
	Filter  filter
}

// parseTile parses z, x, and y (with its ".mvt" suffix) and the filter.
func parseTile(z, x, yExt string, v url.Values) (tileParams, error) {
	q, err := newQuery(v, paramsTiles)
	if err != nil {
		return tileParams{}, err
	}
	var p tileParams
	y, ok := strings.CutSuffix(yExt, ".mvt")
	if !ok {
		return tileParams{}, problemf(404, "tiles are served as {z}/{x}/{y}.mvt")
	}
	if p.Z, err = pathInt(pathZ.Name, z, pathZ.Min, pathZ.Max); err != nil {
		return tileParams{}, err
	}
	n := 1<<p.Z - 1
	if p.X, err = pathInt(pathX.Name, x, pathX.Min, n); err != nil {
		return tileParams{}, err
	}
	if p.Y, err = pathInt(pathY.Name, y, pathY.Min, n); err != nil {
		return tileParams{}, err
	}
	if p.Filter, err = q.filter(); err != nil {
		return tileParams{}, err
	}
	return p, nil
}

// pathInt parses an integer path segment in [lo, hi].
func pathInt(name, s string, lo, hi int) (int, error) {
	// Digits only: Atoi alone takes a sign ("+1", "-0"), and a tile has
	// one name.
	digits := s != "" && len(s) <= 10 && strings.Trim(s, "0123456789") == ""
	n, err := strconv.Atoi(s)
	if !digits || err != nil || n < lo || n > hi || (len(s) > 1 && s[0] == '0') {
		return 0, badRequest("%s=%q: want an integer from %d to %d", name, s, lo, hi)
	}
	return n, nil
}

// geoparseParams are the query parameters of POST /api/geoparse.
type geoparseParams struct {
	Published time.Time
}

// parseGeoparse parses the optional published date of a text/plain body.
func parseGeoparse(v url.Values) (geoparseParams, error) {
	q, err := newQuery(v, paramsGeoparse)
	if err != nil {
		return geoparseParams{}, err
	}
	var p geoparseParams
	if s, ok := q.get("published"); ok {
		if p.Published, err = parseDate(s); err != nil {
			return geoparseParams{}, badRequest("published=%q: %v", s, err)
		}
	}
	return p, nil
}

// parseDate reads a publication date: YYYY-MM-DD or RFC 3339.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := parseInstant(s, false)
	if err != nil {
		return time.Time{}, err
	}
	if len(s) > len(time.DateOnly) {
		// Keep the instant: the extractor resolves "yesterday" from it.
		full, _ := time.Parse(time.RFC3339Nano, strings.ToUpper(s))
		return full.UTC(), nil
	}
	return t, nil
}
