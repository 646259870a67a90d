package store

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
)

// Paging limits.
const (
	// DefaultLimit is the page size when a query gives none.
	DefaultLimit = 100
	// MaxLimit is the largest page served.
	MaxLimit = 10000
	// MaxCount is the most matches a page counts exactly: counting is
	// what costs when a query matches much of the store, and OGC API -
	// Features makes numberMatched optional. Past it, Page.Total is
	// Uncounted.
	MaxCount = 100_000
)

// Uncounted is Page.Total when more than MaxCount incidents match.
const Uncounted = -1

// Query selects incidents (and, for Places, places). Zero fields do not
// filter.
type Query struct {
	// BBox keeps incidents whose point lies in it, edges included, to the
	// microdegree (0.1 m).
	BBox *orb.Bound
	// From and To keep incidents dated within [From, To], by UTC day; an
	// incident with an unknown date is left out when either is set.
	From, To time.Time
	// Type keeps incidents whose event type or sub-event type is Type,
	// ignoring case.
	Type string
	// Actor keeps incidents whose Actor1 or Actor2 contains Actor,
	// ignoring ASCII case.
	Actor string
	// Text keeps incidents whose place names or evidence contain every
	// word of Text (Arabic folded, proclitics ignored, word prefixes
	// match).
	Text string
	// Limit is the page size (DefaultLimit when 0, at most MaxLimit);
	// Offset skips that many matches.
	Limit, Offset int
}

// Page is one page of matching incidents, newest first (unknown dates
// last, then by id), each with its sources. An incident's own Evidence
// is its first source's: offsets mean something only within one article.
type Page struct {
	Incidents []geo.Incident
	// Total is the number of incidents matching, on every page, or
	// Uncounted when more than MaxCount match.
	Total int
	// Limit and Offset are the paging applied.
	Limit, Offset int
}

// Check validates q and applies the default limit.
func (q *Query) Check() error {
	if q.Limit == 0 {
		q.Limit = DefaultLimit
	}
	switch {
	case q.Limit < 0 || q.Limit > MaxLimit:
		return fmt.Errorf("%w: limit %d not in 1..%d", ErrInvalidQuery, q.Limit, MaxLimit)
	case q.Offset < 0:
		return fmt.Errorf("%w: negative offset %d", ErrInvalidQuery, q.Offset)
	case q.BBox != nil && (q.BBox.Min.Lon() > q.BBox.Max.Lon() || q.BBox.Min.Lat() > q.BBox.Max.Lat()):
		return fmt.Errorf("%w: bbox %v has min above max", ErrInvalidQuery, *q.BBox)
	case !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From):
		return fmt.Errorf("%w: interval ends before it starts", ErrInvalidQuery)
	}
	return nil
}

// PlaceCount is a place some article names, with how often.
type PlaceCount struct {
	Place geo.Place
	// Mentions counts its mentions, Articles the articles naming it,
	// Incidents the incidents placed there.
	Mentions, Articles, Incidents int
}

// PlacePage is one page of places, most incidents first, then most
// mentions, then by id.
type PlacePage struct {
	Places []PlaceCount
	// Total is the number of places matching, on every page.
	Total int
	// Limit and Offset are the paging applied.
	Limit, Offset int
}

// UnresolvedName is a name the geoparser recognised as a place but could
// not place, over all articles: what to add to the gazetteer next.
type UnresolvedName struct {
	// Name is the most frequent spelling, Key the folded form that groups
	// the spellings.
	Name, Key string
	// Cue is a cue word seen before it ("بلدة", "حقل"), if any.
	Cue string
	// Mentions counts its mentions, Articles the articles naming it.
	Mentions, Articles int
	// Examples are up to MaxExamples distinct sentences it stands in,
	// from the oldest articles.
	Examples []string
}

// MaxExamples is how many example sentences Unresolved gives per name.
const MaxExamples = 3

// Stats counts the rows of the main tables.
type Stats struct {
	Articles, Places, Mentions, Unresolved, Incidents, Sources int
}

// FirstEvidence is the evidence of the first source: offsets only mean
// something within one article, so a merged incident's own Evidence is
// its first report's, and Sources hold the rest.
func FirstEvidence(srcs []geo.Source) []geo.Evidence {
	if len(srcs) == 0 {
		return nil
	}
	return srcs[0].Evidence
}

// SortSources puts an incident's sources in the order every engine
// lists them: by publication, unknown last, then by article id (ids as
// FormatID writes them).
func SortSources(srcs []geo.Source) {
	slices.SortStableFunc(srcs, func(a, b geo.Source) int {
		switch {
		case a.Published == nil && b.Published != nil:
			return 1
		case a.Published != nil && b.Published == nil:
			return -1
		case a.Published != nil:
			if c := a.Published.Compare(*b.Published); c != 0 {
				return c
			}
		}
		// Decimal ids without leading zeros: the shorter is the smaller.
		if c := cmp.Compare(len(a.ArticleID), len(b.ArticleID)); c != 0 {
			return c
		}
		return strings.Compare(a.ArticleID, b.ArticleID)
	})
}

// DayCount is how many incidents of a query fall on one day; a zero Day
// counts the undated ones.
type DayCount struct {
	Day   time.Time
	Count int
}
