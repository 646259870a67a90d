package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/labstack/echo/v5"
	"github.com/paulmach/orb/geojson"
)

// articleRequest is the JSON body of POST /api/articles, the shape
// `incidentmap ingest` reads from .json files.
type articleRequest struct {
	Title     string `json:"title"`
	Text      string `json:"text"`
	URL       string `json:"url"`
	Source    string `json:"source"`
	Published string `json:"published"`
}

// articleResponse says what ingesting an article did and found.
type articleResponse struct {
	ArticleID string        `json:"article_id"`
	Existed   bool          `json:"existed"`
	Counts    articleCounts `json:"counts"`
	// Places are the article's places as the geoparse GeoJSON (with the
	// unresolved names), Incidents its incidents as extracted.
	Places    *geojson.FeatureCollection `json:"places"`
	Incidents *geojson.FeatureCollection `json:"incidents"`
}

type articleCounts struct {
	Places     int `json:"places"`
	Unresolved int `json:"unresolved"`
	Incidents  int `json:"incidents"`
	Merged     int `json:"merged"`
	Skipped    int `json:"skipped"`
}

// postArticle serves POST /api/articles: store the article, process it,
// and answer with what was found (201 when new, 200 when it was there).
func (s *Server) postArticle(c *echo.Context) error {
	if s.processor == nil {
		return notImplemented("ingestion")
	}
	q, err := newQuery(c.QueryParams(), paramsArticle)
	if err != nil {
		return err
	}
	kind, body, err := readBody(c, s.limits.MaxBodyBytes, bodyJSON, bodyText)
	if err != nil {
		return err
	}
	var req articleRequest
	if kind == bodyJSON {
		if len(q.v) > 0 {
			return badRequest("give published, url and source in the JSON body, not the query")
		}
		if err := decodeJSON(body, &req); err != nil {
			return err
		}
		if strings.TrimSpace(req.Text) == "" {
			// As `incidentmap ingest` refuses a JSON article without
			// text: the title alone is not the article.
			return badRequest(`the article has no "text"; send {"title": ..., "text": ...}`)
		}
	} else {
		req.Title, req.Text = splitHeadline(string(body))
		req.Published, _ = q.get("published")
		req.URL, _ = q.get("url")
		req.Source, _ = q.get("source")
	}
	art, err := req.article()
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	rec := &recorder{proc: s.processor}
	res, err := s.store.Ingest(ctx, art, rec)
	if err != nil {
		s.metrics.articles.WithLabelValues("failed").Inc()
		return err
	}
	if res.Existed {
		s.metrics.articles.WithLabelValues("existed").Inc()
		// The article was processed when first stored; process it again,
		// without storing, to show what it holds.
		if _, _, err := rec.Process(ctx, art); err != nil {
			return err
		}
	} else {
		s.refreshIndex(ctx)
		s.metrics.articles.WithLabelValues("new").Inc()
		s.metrics.incidents.WithLabelValues("new").Add(float64(res.Incidents))
		s.metrics.incidents.WithLabelValues("merged").Add(float64(res.Merged))
		s.metrics.incidents.WithLabelValues("skipped").Add(float64(res.Skipped))
	}
	resp := articleResponse{
		ArticleID: res.ArticleID,
		Existed:   res.Existed,
		Counts: articleCounts{Places: len(rec.gp.Places), Unresolved: len(rec.gp.Unresolved),
			Incidents: res.Incidents, Merged: res.Merged, Skipped: res.Skipped},
		Places:    s.placesCollection(rec.gp),
		Incidents: extract.FeatureCollection(rec.incs),
	}
	if res.Existed {
		resp.Counts.Incidents = len(rec.incs)
	}
	status := http.StatusCreated
	if res.Existed {
		status = http.StatusOK
	}
	return c.JSON(status, resp)
}

// article checks the request and builds the article.
func (req *articleRequest) article() (geo.Article, error) {
	art := geo.Article{
		Title:  strings.TrimSpace(req.Title),
		Text:   strings.TrimSpace(req.Text),
		URL:    strings.TrimSpace(req.URL),
		Outlet: strings.TrimSpace(req.Source),
	}
	if art.Text == "" && art.Title == "" {
		return geo.Article{}, badRequest(`the article is empty: send {"title": ..., "text": ...} or text/plain with the headline on the first line`)
	}
	if err := geoparse.Check(art.FullText()); err != nil {
		return geo.Article{}, err
	}
	if art.URL != "" {
		u, err := url.Parse(art.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return geo.Article{}, badRequest("url %q is not an http(s) URL", art.URL)
		}
	}
	if req.Published != "" {
		t, err := parseDate(req.Published)
		if err != nil {
			return geo.Article{}, badRequest("published %q: %v; want YYYY-MM-DD or RFC 3339", req.Published, err)
		}
		art.Published = t
	}
	return art, nil
}

// recorder passes an article to the processor and keeps what it
// derived, so that the response can show it.
type recorder struct {
	proc store.Processor
	gp   geo.Geoparse
	incs []geo.Incident
}

// Process implements store.Processor.
func (r *recorder) Process(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
	gp, incs, err := r.proc.Process(ctx, art)
	if err == nil {
		r.gp, r.incs = gp, incs
	}
	return gp, incs, err
}

// placesCollection renders a geoparse as the geoparse command does, with
// the gazetteer's province names when a geoparser is configured.
func (s *Server) placesCollection(gp geo.Geoparse) *geojson.FeatureCollection {
	if s.geoparser != nil {
		return geoparse.FeatureCollection(s.geoparser.Gazetteer(), gp)
	}
	fc := geojson.NewFeatureCollection()
	for _, t := range gp.Places {
		if t.Place == nil {
			continue
		}
		f := geojson.NewFeature(extract.RoundPoint(t.Place.Point))
		f.Properties = geojson.Properties{
			"name": t.Place.Name, "name_ar": t.Place.NameAr, "source_id": t.Place.ID,
			"kind": t.Place.Kind, "confidence": t.Confidence, "mentions": t.Mentions,
		}
		fc.Append(f)
	}
	fc.ExtraMembers = geojson.Properties{"attribution": geoparse.Attribution}
	return fc
}
