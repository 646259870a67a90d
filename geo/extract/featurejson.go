package extract

import (
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo"
)

// MarshalFeature encodes one incident as Feature does, to the byte, in
// a fraction of the time and allocations. Pages of thousands of
// incidents are written with it; TestMarshalFeatureMatchesFeature keeps
// the two equal.
func MarshalFeature(in *geo.Incident) ([]byte, error) {
	return AppendFeature(nil, in)
}

// AppendFeature appends MarshalFeature's encoding of in to dst: a page
// writer reuses one buffer for all its features. The JSON is written by
// hand, not by reflection (which was most of the cost of a page): the
// members in the order orb writes a Feature (id, type, geometry,
// properties), the properties in the order of their names, as a map's,
// strings and numbers as encoding/json writes them.
func AppendFeature(dst []byte, in *geo.Incident) ([]byte, error) {
	var err error
	b := dst
	b = append(b, '{')
	if in.ID != "" {
		b = append(b, `"id":`...)
		b = appendJSONString(b, in.ID)
		b = append(b, ',')
	}
	b = append(b, `"type":"Feature","geometry":{"type":"Point","coordinates":[`...)
	pt := RoundPoint(in.Point)
	if b, err = appendJSONFloat(b, pt[0]); err != nil {
		return dst, err
	}
	b = append(b, ',')
	if b, err = appendJSONFloat(b, pt[1]); err != nil {
		return dst, err
	}
	b = append(b, `]},"properties":{"actor1":`...)
	b = appendNullableString(b, in.Actor1)
	b = append(b, `,"actor2":`...)
	b = appendNullableString(b, in.Actor2)
	b = append(b, `,"confidence":`...)
	if b, err = appendJSONFloat(b, in.Confidence); err != nil {
		return dst, err
	}
	b = append(b, `,"date":`...)
	if in.Date.IsZero() {
		b = append(b, "null"...)
	} else {
		b = append(b, '"')
		b = in.Date.AppendFormat(b, time.DateOnly)
		b = append(b, '"')
	}
	b = append(b, `,"date_precision":`...)
	b = strconv.AppendInt(b, int64(in.DatePrecision), 10)
	b = append(b, `,"event_type":`...)
	b = appendJSONString(b, in.EventType)
	b = append(b, `,"evidence":`...)
	if in.Evidence == nil {
		b = append(b, "[]"...)
	} else {
		b = appendEvidence(b, in.Evidence)
	}
	b = append(b, `,"evidence_text":`...)
	b = appendJSONString(b, EvidenceText(in.Evidence))
	b = append(b, `,"geo_precision":`...)
	b = strconv.AppendInt(b, int64(in.GeoPrecision), 10)
	if in.ID != "" {
		b = append(b, `,"id":`...)
		b = appendJSONString(b, in.ID)
	}
	b = append(b, `,"injured":`...)
	b = appendCount(b, in.Injured)
	b = append(b, `,"killed":`...)
	b = appendCount(b, in.Killed)
	b = append(b, `,"n_sources":`...)
	b = strconv.AppendInt(b, int64(len(in.Sources)), 10)
	b = append(b, `,"outlets":`...)
	b = appendSourcesField(b, in.Sources, func(s *geo.Source) string { return s.Outlet })
	b = append(b, `,"place":`...)
	b = appendJSONString(b, in.PlaceText)
	if pl := in.Place; pl != nil {
		b = append(b, `,"place_id":`...)
		b = appendJSONString(b, pl.ID)
		b = append(b, `,"place_name":`...)
		b = appendJSONString(b, pl.Name)
		b = append(b, `,"place_name_ar":`...)
		b = appendJSONString(b, pl.NameAr)
	} else {
		b = append(b, `,"place_id":null,"place_name":null,"place_name_ar":null`...)
	}
	b = append(b, `,"primary":`...)
	b = strconv.AppendBool(b, in.Primary)
	b = append(b, `,"source_titles":`...)
	b = appendSourcesField(b, in.Sources, func(s *geo.Source) string { return s.Title })
	b = append(b, `,"source_urls":`...)
	b = appendSourcesField(b, in.Sources, func(s *geo.Source) string { return s.URL })
	if len(in.Sources) > 0 {
		b = append(b, `,"sources":[`...)
		for i := range in.Sources {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendSource(b, &in.Sources[i]); err != nil {
				return dst, err
			}
		}
		b = append(b, ']')
	}
	b = append(b, `,"sub_event_type":`...)
	b = appendJSONString(b, in.SubEventType)
	b = append(b, "}}"...)
	return b, nil
}

// appendSource appends one source as encoding/json writes geo.Source.
func appendSource(b []byte, s *geo.Source) ([]byte, error) {
	b = append(b, `{"article_id":`...)
	b = appendJSONString(b, s.ArticleID)
	if s.URL != "" {
		b = append(b, `,"url":`...)
		b = appendJSONString(b, s.URL)
	}
	if s.Title != "" {
		b = append(b, `,"title":`...)
		b = appendJSONString(b, s.Title)
	}
	if s.Outlet != "" {
		b = append(b, `,"outlet":`...)
		b = appendJSONString(b, s.Outlet)
	}
	if s.Published != nil {
		// AppendText writes what MarshalJSON quotes, and refuses what it
		// refuses.
		b = append(b, `,"published":"`...)
		var err error
		if b, err = s.Published.AppendText(b); err != nil {
			return b, fmt.Errorf("json: error calling MarshalJSON for type *time.Time: %w", err)
		}
		b = append(b, '"')
	}
	b = append(b, `,"evidence":`...)
	if s.Evidence == nil {
		b = append(b, "null"...)
	} else {
		b = appendEvidence(b, s.Evidence)
	}
	return append(b, '}'), nil
}

// appendEvidence appends a non-nil list of evidence.
func appendEvidence(b []byte, ev []geo.Evidence) []byte {
	b = append(b, '[')
	for i := range ev {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"start":`...)
		b = strconv.AppendInt(b, int64(ev[i].Start), 10)
		b = append(b, `,"end":`...)
		b = strconv.AppendInt(b, int64(ev[i].End), 10)
		b = append(b, `,"text":`...)
		b = appendJSONString(b, ev[i].Text)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendSourcesField appends one field of every source joined as
// joinSources joins them, or null without sources.
func appendSourcesField(b []byte, src []geo.Source, field func(*geo.Source) string) []byte {
	if len(src) == 0 {
		return append(b, "null"...)
	}
	return appendJSONString(b, joinSources(src, field))
}

// appendNullableString appends s, or null when it is empty.
func appendNullableString(b []byte, s string) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return appendJSONString(b, s)
}

// appendCount appends *n, or null.
func appendCount(b []byte, n *int) []byte {
	if n == nil {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, int64(*n), 10)
}

// appendJSONFloat appends f as encoding/json writes a float64 (ES6
// number formatting); like it, it refuses NaN and infinities.
func appendJSONFloat(b []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, fmt.Errorf("json: unsupported value: %s", strconv.FormatFloat(f, 'g', -1, 64))
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 to e-9, as encoding/json writes exponents.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json writes strings:
// HTML's <, > and & escaped, invalid UTF-8 as U+FFFD, U+2028 and U+2029
// escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	// Valid UTF-8 (nearly always) needs no decoding of its runes: only
	// U+2028 and U+2029 (E2 80 A8, E2 80 A9) are escaped among them.
	valid := utf8.ValidString(s)
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf && valid {
			if c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2]&^1 == 0xA8 {
				b = append(b, s[start:i]...)
				b = append(b, '\\', 'u', '2', '0', '2', hexDigits[s[i+2]&^0xA0])
				i += 3
				start = i
				continue
			}
			i++
			continue
		}
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
