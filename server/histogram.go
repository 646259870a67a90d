package server

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"time"

	"github.com/incidentmap/incidentmap/internal/tileindex"
	"github.com/labstack/echo/v5"
	"github.com/paulmach/orb"
)

// The histogram of incidents over time: how many incidents matching the
// filters and the box fall in each day, week or month, for the time
// brush under the web map and for anyone charting the data.

// paramsHistogram are the query parameters of
// /collections/incidents/histogram.
var paramsHistogram = []queryParam{paramBBox, paramBBoxCRS, paramDatetime, paramType, paramActor, paramQ, paramBin}

// paramBin is the bin width of the histogram.
var paramBin = queryParam{Name: "bin", Doc: "Bin width; by default day up to 400 days, week up to 5 years, month beyond",
	Enum: binWidths, Example: binWeek}

// Bin widths of the histogram.
const (
	binDay   = "day"
	binWeek  = "week"
	binMonth = "month"
)

// binWidths are the accepted values of bin, narrowest first.
var binWidths = []string{binDay, binWeek, binMonth}

// maxBins bounds the bins of one answer (month bins over the 300 years
// a datetime may span fit); a narrower bin over a longer span is a 400.
const maxBins = 4000

// Spans up to which the automatic bin is a day and a week: about 400
// and 280 bars, what a chart a screen wide can show.
const (
	autoDayMaxDays  = 400
	autoWeekMaxDays = 5 * 366
)

// histogramParams are the parsed parameters of the histogram.
type histogramParams struct {
	BBox   *orb.Bound
	Filter filter
	// Bin is the bin width; "" chooses one by the span.
	Bin string
}

// parseHistogram parses and bounds-checks the histogram query.
func parseHistogram(v url.Values) (histogramParams, error) {
	q, err := newQuery(v, paramsHistogram)
	if err != nil {
		return histogramParams{}, err
	}
	var p histogramParams
	if p.BBox, err = q.bbox(); err != nil {
		return histogramParams{}, err
	}
	if p.Filter, err = q.filter(); err != nil {
		return histogramParams{}, err
	}
	if p.Bin, err = q.oneOf(paramBin); err != nil {
		return histogramParams{}, err
	}
	return p, nil
}

// histogramDoc is the answer of the histogram.
type histogramDoc struct {
	// Bin is the bin width: day, week (ISO, from Monday) or month.
	Bin string `json:"bin"`
	// Start is the first day of the first bin, End the last day of the
	// last; both absent when no dated incident matches.
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
	// Bins are every bin from Start to End, empty ones included.
	Bins []histogramBin `json:"bins"`
	// NumberMatched counts the matching incidents, Undated those among
	// them without a date (in no bin; none when datetime is given).
	NumberMatched int    `json:"numberMatched"`
	Undated       int    `json:"undated"`
	TimeStamp     string `json:"timeStamp"`
}

// histogramBin is one bar: its first and last day and its count.
type histogramBin struct {
	Start string `json:"start"`
	End   string `json:"end"`
	Count int    `json:"count"`
}

// histogram serves GET /collections/incidents/histogram.
func (s *Server) histogram(c *echo.Context) error {
	p, err := parseHistogram(c.QueryParams())
	if err != nil {
		return err
	}
	days, undated, err := s.incidentDays(c.Request().Context(), p)
	if err != nil {
		return err
	}
	doc, err := binDays(days, undated, p.Filter.When, p.Bin)
	if err != nil {
		return err
	}
	doc.TimeStamp = s.now().UTC().Format(time.RFC3339)
	return c.JSON(http.StatusOK, doc)
}

// incidentDays counts the matching incidents by day, oldest first, and
// the undated ones, from the tile index.
func (s *Server) incidentDays(ctx context.Context, p histogramParams) ([]tileindex.DayCount, int, error) {
	ix, err := s.tileIndex(ctx)
	if err != nil {
		return nil, 0, err
	}
	f, err := s.indexFilter(ctx, ix, p.Filter, p.BBox)
	if err != nil {
		return nil, 0, err
	}
	days, undated := ix.Days(f)
	return days, undated, nil
}

// binDays groups day counts into bins of width bin ("" chooses by the
// span) from the start of the interval (or the first day counted) to
// its end (or the last).
func binDays(days []tileindex.DayCount, undated int, when interval, bin string) (histogramDoc, error) {
	doc := histogramDoc{Bins: []histogramBin{}, Undated: undated, NumberMatched: undated}
	for _, d := range days {
		doc.NumberMatched += d.Count
	}
	first, last := int32(math.MaxInt32), int32(math.MinInt32)
	if len(days) > 0 {
		first, last = days[0].Day, days[len(days)-1].Day
	}
	if !when.From.IsZero() {
		first = tileindex.DayOf(when.From)
	}
	if !when.To.IsZero() {
		last = tileindex.DayOf(when.To)
	}
	if first > last {
		doc.Bin = bin
		if bin == "" {
			doc.Bin = binDay
		}
		return doc, nil
	}
	if bin == "" {
		switch span := int(last - first + 1); {
		case span <= autoDayMaxDays:
			bin = binDay
		case span <= autoWeekMaxDays:
			bin = binWeek
		default:
			bin = binMonth
		}
	}
	doc.Bin = bin
	bounds := binBounds(first, last, bin)
	n := len(bounds) - 1
	if n > maxBins {
		return histogramDoc{}, badRequest("bin=%s from %s to %s makes more than %d bins: use a wider bin or a shorter datetime",
			bin, dayString(first), dayString(last), maxBins)
	}
	doc.Bins = make([]histogramBin, n)
	at := 0
	for i := range n {
		start, end := bounds[i], bounds[i+1]-1
		count := 0
		for at < len(days) && days[at].Day <= end {
			if days[at].Day >= start {
				count += days[at].Count
			}
			at++
		}
		doc.Bins[i] = histogramBin{Start: dayString(start), End: dayString(end), Count: count}
	}
	doc.Start, doc.End = doc.Bins[0].Start, doc.Bins[n-1].End
	return doc, nil
}

// binBounds returns the first day of every bin from the one holding
// first to the one holding last, then the first day after the last bin.
// It stops past maxBins bins, so that a refused request costs nothing.
func binBounds(first, last int32, bin string) []int32 {
	var out []int32
	switch bin {
	case binDay:
		for d := first; len(out) <= maxBins+1; d++ {
			out = append(out, d)
			if d > last {
				break
			}
		}
	case binWeek:
		// Day 0 (1970-01-01) was a Thursday: its Monday is 3 days before.
		for d := first - (first%7+7+3)%7; len(out) <= maxBins+1; d += 7 {
			out = append(out, d)
			if d > last {
				break
			}
		}
	case binMonth:
		t := dayTime(first)
		for m := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC); len(out) <= maxBins+1; m = m.AddDate(0, 1, 0) {
			d := tileindex.DayOf(m)
			out = append(out, d)
			if d > last {
				break
			}
		}
	}
	return out
}

// dayTime is the UTC midnight of a day number.
func dayTime(d int32) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

func dayString(d int32) string { return dayTime(d).Format(time.DateOnly) }
