package extract

import (
	"math"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// FeatureCollection renders incidents as an RFC 7946 FeatureCollection:
// one Point feature per incident, with the GeoNames credit in the foreign
// member "attribution" (most places come from GeoNames).
func FeatureCollection(incidents []geo.Incident) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for i := range incidents {
		fc.Append(Feature(&incidents[i]))
	}
	fc.ExtraMembers = geojson.Properties{"attribution": geoparse.Attribution}
	return fc
}

// Feature renders one incident. Unknown values are null rather than
// absent, so that every feature has the same properties; id and sources
// appear once the store has set them.
func Feature(in *geo.Incident) *geojson.Feature {
	f := geojson.NewFeature(RoundPoint(in.Point))
	var placeName, placeNameAr, placeID any
	if p := in.Place; p != nil {
		placeName, placeNameAr, placeID = p.Name, p.NameAr, p.ID
	}
	var date any
	if !in.Date.IsZero() {
		date = in.Date.Format(time.DateOnly)
	}
	evidence := in.Evidence
	if evidence == nil {
		evidence = []geo.Evidence{}
	}
	f.Properties = geojson.Properties{
		"event_type":     in.EventType,
		"sub_event_type": in.SubEventType,
		"place":          in.PlaceText,
		"place_name":     placeName,
		"place_name_ar":  placeNameAr,
		"place_id":       placeID,
		"geo_precision":  in.GeoPrecision,
		"date":           date,
		"date_precision": in.DatePrecision,
		"actor1":         nullable(in.Actor1),
		"actor2":         nullable(in.Actor2),
		"killed":         count(in.Killed),
		"injured":        count(in.Injured),
		"evidence":       evidence,
		"evidence_text":  EvidenceText(in.Evidence),
		"confidence":     in.Confidence,
		"primary":        in.Primary,
	}
	if in.ID != "" {
		f.ID = in.ID
		f.Properties["id"] = in.ID
	}
	if len(in.Sources) > 0 {
		f.Properties["sources"] = in.Sources
	}
	// Flat copies of the sources, for clients that drop nested JSON
	// (QGIS's OGC API provider shows it as NULL, spreadsheets cannot
	// hold it): null before the store has set any.
	var urls, titles, outlets any
	if len(in.Sources) > 0 {
		urls = joinSources(in.Sources, func(s *geo.Source) string { return s.URL })
		titles = joinSources(in.Sources, func(s *geo.Source) string { return s.Title })
		outlets = joinSources(in.Sources, func(s *geo.Source) string { return s.Outlet })
	}
	f.Properties["source_urls"] = urls
	f.Properties["source_titles"] = titles
	f.Properties["outlets"] = outlets
	f.Properties["n_sources"] = len(in.Sources)
	return f
}

// FlatSeparator joins the values of the flat properties evidence_text,
// source_urls, source_titles and outlets: a newline, which a URL cannot
// hold (RFC 3986) and which the values are stripped of (every run of
// white space in them becomes one space), so that splitting on it gives
// the values back, one per source (or passage) in order, empty where a
// source lacks one.
const FlatSeparator = "\n"

// EvidenceText is the evidence passages as one string, joined with
// FlatSeparator; empty when there are none.
func EvidenceText(ev []geo.Evidence) string {
	if len(ev) == 1 && !hasSpaceRun(ev[0].Text) {
		return ev[0].Text // the common case, without a copy
	}
	var b strings.Builder
	n := 0
	for i := range ev {
		n += len(ev[i].Text) + 1
	}
	b.Grow(n)
	for i := range ev {
		if i > 0 {
			b.WriteString(FlatSeparator)
		}
		writeOneLine(&b, ev[i].Text)
	}
	return b.String()
}

// joinSources joins one field of every source with FlatSeparator, in one
// allocation.
func joinSources(src []geo.Source, field func(*geo.Source) string) string {
	if len(src) == 1 && !hasSpaceRun(field(&src[0])) {
		return field(&src[0])
	}
	n := len(src)
	for i := range src {
		n += len(field(&src[i]))
	}
	var b strings.Builder
	b.Grow(n)
	for i := range src {
		if i > 0 {
			b.WriteString(FlatSeparator)
		}
		writeOneLine(&b, field(&src[i]))
	}
	return b.String()
}

// hasSpaceRun reports whether s holds white space other than single
// spaces between words: what writeOneLine would change.
func hasSpaceRun(s string) bool {
	prevSpace := true // a leading space counts as a run
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			if prevSpace {
				return true
			}
			prevSpace = true
		case c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f' || c >= 0x80 && isUnicodeSpace(s[i:]):
			return true
		default:
			prevSpace = false
		}
	}
	return prevSpace && len(s) > 0
}

// isUnicodeSpace reports whether s starts with a non-ASCII space or a
// line or paragraph separator.
func isUnicodeSpace(s string) bool {
	for _, r := range s {
		return r == 0x85 || r == 0xA0 || r == 0x2028 || r == 0x2029 || r >= 0x2000 && r <= 0x200A || r == 0x202F || r == 0x205F || r == 0x3000
	}
	return false
}

// writeOneLine writes s with every run of white space as one space, and
// none at either end.
func writeOneLine(b *strings.Builder, s string) {
	first := true
	for w := range strings.FieldsSeq(s) {
		if !first {
			b.WriteByte(' ')
		}
		first = false
		b.WriteString(w)
	}
}

// CoordDecimals is how many decimals coordinates are written with: a
// tenth of a metre, far below the precision of a place named in a news
// report.
const CoordDecimals = 6

// RoundPoint rounds p to CoordDecimals, so that a point placed near a
// place is not written with 15 decimals of false precision.
func RoundPoint(p orb.Point) orb.Point {
	return orb.Point{RoundCoord(p[0]), RoundCoord(p[1])}
}

// RoundCoord rounds one coordinate to CoordDecimals.
func RoundCoord(v float64) float64 {
	const scale = 1e6
	return math.Round(v*scale) / scale
}

// nullable is s, or null when empty.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// count is *n, or null when the text states no number.
func count(n *int) any {
	if n == nil {
		return nil
	}
	return *n
}
