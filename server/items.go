package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/labstack/echo/v5"
	"github.com/paulmach/orb/geojson"
)

// items serves /collections/{collectionId}/items.
func (s *Server) items(c *echo.Context) error {
	if loc, ok := s.appendedID(c); ok {
		return c.Redirect(http.StatusPermanentRedirect, loc)
	}
	switch id := c.Param("collectionId"); id {
	case collIncidents:
		return s.incidentItems(c)
	case collPlaces:
		return s.placeItems(c)
	default:
		return noCollection(id)
	}
}

// appendedID recognises what a client that appends "/{featureId}" to an
// items link carrying ?f=json asks for (GDAL's OAPIF driver did, with
// the links this server gave before: items?f=json/98), and returns the
// item's URL, f kept: only f, and a format before the slash.
func (s *Server) appendedID(c *echo.Context) (string, bool) {
	v := c.QueryParams()
	f := v.Get("f")
	fmtName, id, ok := strings.Cut(f, "/")
	if !ok || len(v) != 1 || len(v["f"]) != 1 || id == "" || strings.Contains(id, "/") {
		return "", false
	}
	if _, known := formatValues[strings.ToLower(fmtName)]; !known {
		return "", false
	}
	loc := s.linkBase(c) + "/collections/" + url.PathEscape(c.Param("collectionId")) + "/items/" + url.PathEscape(id)
	if formatValues[strings.ToLower(fmtName)] != formatJSON {
		loc += "?f=" + url.QueryEscape(fmtName)
	}
	return loc, true
}

// item serves /collections/{collectionId}/items/{featureId}.
func (s *Server) item(c *echo.Context) error {
	switch id := c.Param("collectionId"); id {
	case collIncidents:
		return s.incidentItem(c)
	case collPlaces:
		return s.placeItem(c)
	default:
		return noCollection(id)
	}
}

// incidentItems serves a page of incidents. GeoJSON is streamed as the
// store reads the page, a few hundred incidents at a time, so that a
// page of 10,000 costs the server a chunk of memory, not the page; the
// counts and links come after the features (JSON members have no
// order).
func (s *Server) incidentItems(c *echo.Context) error {
	p, err := parseItems(c.QueryParams())
	if err != nil {
		return err
	}
	q := p.Filter.query(p.BBox)
	q.Limit, q.Offset = p.Limit, p.Offset
	if wantsCSV(c, p.Format) {
		return s.incidentCSV(c, p, q)
	}
	html := wantsHTML(c, p.Format)
	if html {
		page, err := s.store.Incidents(c.Request().Context(), q)
		if err != nil {
			return err
		}
		links := pageLinks(s.docBase(c, html)+"/collections/"+collIncidents+"/items", c.QueryParams(), p.Limit, p.Offset, nextTotal(page.Total, len(page.Incidents), p), html)
		return s.featurePage(c, extract.FeatureCollection(page.Incidents), page.Total, links, html, "Incidents")
	}
	// The base before the first feature: Vary goes out with the headers.
	base := s.linkBase(c)
	fw := &featureWriter{c: c, bufs: &s.bufs}
	defer fw.release()
	ctx := c.Request().Context()
	ids, page, err := s.pageIDsFromIndex(ctx, p)
	if errors.Is(err, errNoIndexPage) {
		ids, page, err = s.store.PageIDs(ctx, q)
	}
	if err == nil {
		err = s.store.EachFeature(ctx, ids, fw.writeFeature)
	}
	if err == nil {
		links := pageLinks(base+"/collections/"+collIncidents+"/items", c.QueryParams(), p.Limit, p.Offset, nextTotal(page.Total, fw.n, p), false)
		err = fw.finish(page.Total, s.now(), links)
	}
	if err != nil && fw.started {
		// The status line is out: all that is left is to cut the answer
		// short, so that the client sees a broken response, not a page.
		s.log.ErrorContext(c.Request().Context(), "items page cut short", "err", err)
		panic(http.ErrAbortHandler)
	}
	return err
}

// errNoIndexPage: the tile index does not serve this page.
var errNoIndexPage = errors.New("the tile index does not serve this page")

// pageIDsFromIndex finds a page's ids in the tile index when it is built
// and can apply the filter (no free text), or fails with errNoIndexPage:
// the index finds the page's ids among the points of the tiles covering
// the box, and counts the matches exactly, in a fraction of what the
// store's spatial index costs; the store reads the incidents of the
// page. Writes through this server reach the index before their answer;
// other processes' within the refresh (tens of milliseconds with
// LISTEN/NOTIFY).
func (s *Server) pageIDsFromIndex(ctx context.Context, p itemsParams) ([]int64, store.Page, error) {
	ix := s.index.Index()
	if ix == nil || p.BBox == nil || p.Filter.Text != "" || s.itemsFromStore {
		return nil, store.Page{}, errNoIndexPage
	}
	f, err := s.indexFilter(ctx, ix, p.Filter, p.BBox)
	if err != nil {
		return nil, store.Page{}, err
	}
	ids, total := ix.Page(f, p.Limit, p.Offset)
	return ids, store.Page{Total: total, Limit: p.Limit, Offset: p.Offset}, nil
}

// nextTotal is the total the links are built from: a full page of an
// uncounted query has a next one.
func nextTotal(total, returned int, p itemsParams) int {
	if total == store.Uncounted && returned == p.Limit {
		return p.Offset + p.Limit + 1
	}
	return total
}

// featureWriter streams a FeatureCollection: the status line and the
// opening at the first feature (so that a store error before it is
// still a problem answer), each feature as it comes, the foreign
// members at the end.
type featureWriter struct {
	c       *echo.Context
	bufs    *sync.Pool // of *bufio.Writer, lent from page to page
	w       *bufio.Writer
	started bool
	n       int
}

func (fw *featureWriter) start() {
	h := fw.c.Response().Header()
	h.Set(echo.HeaderContentType, MIMEGeoJSON)
	fw.c.Response().WriteHeader(http.StatusOK)
	fw.w, _ = fw.bufs.Get().(*bufio.Writer)
	if fw.w == nil {
		fw.w = bufio.NewWriterSize(fw.c.Response(), pageBuffer)
	}
	fw.w.Reset(fw.c.Response())
	fw.started = true
	_, _ = fw.w.WriteString(`{"type":"FeatureCollection","features":[`)
}

// pageBuffer is the buffer between an items page and the response: a
// few features a write. Each page allocating its own was a tenth of
// what the items requests allocated.
const pageBuffer = 32 << 10

// release gives the buffer back for the next page; what it still holds
// of a page cut short is dropped.
func (fw *featureWriter) release() {
	if fw.w != nil {
		fw.w.Reset(nil)
		fw.bufs.Put(fw.w)
		fw.w = nil
	}
}

// writeFeature writes one incident's feature, as the store encoded it.
func (fw *featureWriter) writeFeature(feature []byte) error {
	if !fw.started {
		fw.start()
	}
	if fw.n > 0 {
		_ = fw.w.WriteByte(',')
	}
	fw.n++
	_, err := fw.w.Write(feature)
	return err
}

// finish writes the members after the features and flushes.
func (fw *featureWriter) finish(total int, now time.Time, links []Link) error {
	if !fw.started {
		fw.start()
	}
	tail := map[string]any{
		"numberReturned": fw.n,
		"timeStamp":      now.UTC().Format(time.RFC3339),
		"links":          links,
		"attribution":    geoparse.Attribution,
	}
	// numberMatched is optional in OGC API - Features: left out when the
	// store did not count (more than store.MaxCount matches).
	if total != store.Uncounted {
		tail["numberMatched"] = total
	}
	b, err := json.Marshal(tail)
	if err != nil {
		return err
	}
	_, _ = fw.w.WriteString("],")
	_, _ = fw.w.Write(b[1:]) // the members, without the opening brace
	return fw.w.Flush()
}

// incidentItem serves one incident with all its sources.
func (s *Server) incidentItem(c *echo.Context) error {
	f, err := itemFormat(c.QueryParams())
	if err != nil {
		return err
	}
	id := c.Param("featureId")
	inc, err := s.store.Incident(c.Request().Context(), id)
	if err != nil {
		return err
	}
	fc := extract.FeatureCollection([]geo.Incident{inc})
	if len(fc.Features) != 1 {
		return problemf(http.StatusNotFound, "incident %s has no location", id)
	}
	html := wantsHTML(c, f)
	base := s.docBase(c, html) + "/collections/" + collIncidents
	self := base + "/items/" + url.PathEscape(id)
	return s.feature(c, fc.Features[0], []Link{
		{self, "self", MIMEGeoJSON, "This incident"},
		{self + "?f=html", "alternate", echo.MIMETextHTML, "This incident as HTML"},
		{base, "collection", echo.MIMEApplicationJSON, "The incidents collection"},
	}, html)
}

// featurePage writes a page of features with the OGC members.
func (s *Server) featurePage(c *echo.Context, fc *geojson.FeatureCollection, total int, links []Link, html bool, title string) error {
	if fc.ExtraMembers == nil {
		fc.ExtraMembers = geojson.Properties{}
	}
	// numberMatched is optional in OGC API - Features: left out when the
	// store did not count (more than store.MaxCount matches).
	if total != store.Uncounted {
		fc.ExtraMembers["numberMatched"] = total
	}
	fc.ExtraMembers["numberReturned"] = len(fc.Features)
	fc.ExtraMembers["timeStamp"] = s.now().UTC().Format(time.RFC3339)
	fc.ExtraMembers["links"] = links
	if html {
		return s.html(c, "items", map[string]any{"title": title, "fc": fc, "links": links})
	}
	return s.geoJSON(c, http.StatusOK, fc)
}

// feature writes one feature with its links.
func (s *Server) feature(c *echo.Context, f *geojson.Feature, links []Link, html bool) error {
	if html {
		return s.html(c, "item", map[string]any{"feature": f, "links": links})
	}
	// A Feature has no foreign members in orb; links go alongside.
	body, err := json.Marshal(f)
	if err != nil {
		return err
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(body, &doc); err != nil {
		return err
	}
	lb, err := json.Marshal(links)
	if err != nil {
		return err
	}
	doc["links"] = lb
	return s.geoJSON(c, http.StatusOK, doc)
}

// geoJSON writes v as application/geo+json.
func (s *Server) geoJSON(c *echo.Context, status int, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.Blob(status, MIMEGeoJSON, body)
}

// pageHref is the URL of the page at offset off in format f of the
// request's parameters.
func pageHref(base string, params url.Values, off int, f string) string {
	v := url.Values{}
	for k, vals := range params {
		if k != "offset" && k != "f" {
			v[k] = vals
		}
	}
	if off > 0 {
		v.Set("offset", strconv.Itoa(off))
	}
	// JSON is what a request without f and without a browser's Accept
	// gets: its links carry no f, so that clients which append to them
	// (GDAL adds "/{featureId}" to the items link) build working URLs.
	if f != string(formatJSON) {
		v.Set("f", f)
	}
	if len(v) == 0 {
		return base
	}
	return base + "?" + v.Encode()
}

// pageLinks are the self, alternate, next and prev links of a page: the
// request's own parameters with offset moved, so a client that follows
// next from the first page sees every match once.
func pageLinks(base string, params url.Values, limit, offset, total int, html bool) []Link {
	link := func(off int, f string) string { return pageHref(base, params, off, f) }
	selfType, altType, selfF, altF := MIMEGeoJSON, echo.MIMETextHTML, "json", "html"
	if html {
		selfType, altType, selfF, altF = altType, selfType, altF, selfF
	}
	links := []Link{
		{link(offset, selfF), "self", selfType, "This page"},
		{link(offset, altF), "alternate", altType, "This page as " + altF},
	}
	if offset+limit < total {
		links = append(links, Link{link(offset+limit, selfF), "next", selfType, "Next page"})
	}
	if offset > 0 {
		links = append(links, Link{link(max(0, offset-limit), selfF), "prev", selfType, "Previous page"})
	}
	return links
}
