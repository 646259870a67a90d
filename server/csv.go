package server

import (
	"bufio"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/incidentmap/incidentmap/internal/acled"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/labstack/echo/v5"
)

// incidentCSV serves a page of incidents as ACLED-style CSV
// (internal/acled), with the filters and paging of the GeoJSON page:
// the page's ids and count are found first (in the tile index or the
// store), so that the Link header to the next page goes out before the
// rows, which are streamed as the store reads them.
func (s *Server) incidentCSV(c *echo.Context, p itemsParams, q store.Query) error {
	ctx := c.Request().Context()
	ids, page, err := s.pageIDsFromIndex(ctx, p)
	if errors.Is(err, errNoIndexPage) {
		ids, page, err = s.store.PageIDs(ctx, q)
	}
	if err != nil {
		return err
	}
	total := page.Total
	if total == store.Uncounted && len(ids) == p.Limit {
		total = p.Offset + p.Limit + 1 // a full page of an uncounted query has a next one
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, acled.MIME)
	h.Set("Content-Disposition", `attachment; filename="incidents.csv"`)
	for _, l := range csvLinks(s.linkBase(c)+"/collections/"+collIncidents+"/items", c.QueryParams(), p.Limit, p.Offset, total) {
		h.Add("Link", "<"+l.Href+`>; rel="`+l.Rel+`"; type="text/csv"`)
	}
	if page.Total != store.Uncounted {
		// OGC API's numberMatched, for clients that page through CSV.
		h.Set("OGC-NumberMatched", strconv.Itoa(page.Total))
	}
	c.Response().WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(c.Response(), 32<<10)
	var names acled.Names
	if s.geoparser != nil {
		names = s.geoparser.Gazetteer()
	}
	w := acled.NewWriter(bw, names)
	err = w.Header()
	if err == nil {
		err = s.store.EachIncidentByID(ctx, ids, w.Write)
	}
	if err == nil {
		if err = w.Flush(); err == nil {
			err = bw.Flush()
		}
	}
	if err != nil {
		// The status line is out: cut the answer short, so that the
		// client sees a broken response, not a short file.
		s.log.ErrorContext(ctx, "CSV page cut short", "err", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}

// csvLinks are the self, next and prev links of a CSV page, f=csv kept.
func csvLinks(base string, params url.Values, limit, offset, total int) []Link {
	link := func(off int) string { return pageHref(base, params, off, string(formatCSV)) }
	links := []Link{{Href: link(offset), Rel: "self"}}
	if offset+limit < total {
		links = append(links, Link{Href: link(offset + limit), Rel: "next"})
	}
	if offset > 0 {
		links = append(links, Link{Href: link(max(0, offset-limit)), Rel: "prev"})
	}
	return links
}
