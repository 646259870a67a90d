package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v5"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/incidentmap/incidentmap/internal/store"
)

// SourceStore is what /api/sources needs of the store: the feeds
// followed. Every store engine satisfies it.
type SourceStore interface {
	AddSource(ctx context.Context, src store.Source) (store.Source, error)
	Sources(ctx context.Context) ([]store.Source, error)
	RemoveSource(ctx context.Context, id int64) error
}

// sourceJSON is a followed source on the wire, with its state.
type sourceJSON struct {
	ID   int64  `json:"id"`
	URL  string `json:"url"`
	Name string `json:"name"`
	// Every is the source's own interval in seconds, 0 for the default.
	Every int64 `json:"every_seconds"`
	// Status is "new" (never polled), "ok" or "failing".
	Status       string     `json:"status"`
	LastPoll     *time.Time `json:"last_poll"`
	LastSuccess  *time.Time `json:"last_success"`
	LastError    string     `json:"last_error,omitempty"`
	Failures     int        `json:"failures"`
	NextPoll     time.Time  `json:"next_poll"`
	Polls        int        `json:"polls"`
	PollFailures int        `json:"poll_failures"`
	Items        int        `json:"items"`
	Articles     int        `json:"articles"`
	Waiting      int        `json:"waiting"`
	Duplicates   int        `json:"duplicates"`
	Skipped      int        `json:"skipped"`
	Failed       int        `json:"failed"`
	Incidents    int        `json:"incidents"`
}

func toSourceJSON(s store.Source) sourceJSON {
	out := sourceJSON{ID: s.ID, URL: s.URL, Name: s.Name, Every: int64(s.Every / time.Second), LastError: s.LastError,
		Failures: s.Failures, NextPoll: s.NextPoll, Polls: s.Polls, PollFailures: s.PollFailures, Items: s.Items,
		Articles: s.Articles, Waiting: s.Waiting, Duplicates: s.Duplicates, Skipped: s.Skipped, Failed: s.Failed,
		Incidents: s.Incidents}
	switch {
	case s.LastPoll.IsZero():
		out.Status = "new"
	case s.Failures > 0:
		out.Status = "failing"
	default:
		out.Status = "ok"
	}
	if !s.LastPoll.IsZero() {
		t := s.LastPoll
		out.LastPoll = &t
	}
	if !s.LastSuccess.IsZero() {
		t := s.LastSuccess
		out.LastSuccess = &t
	}
	return out
}

// listSources serves GET /api/sources.
func (s *Server) listSources(c *echo.Context) error {
	if err := noParams(c.QueryParams()); err != nil {
		return err
	}
	if s.sources == nil {
		return notImplemented("following sources")
	}
	srcs, err := s.sources.Sources(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]sourceJSON, len(srcs))
	for i, src := range srcs {
		out[i] = toSourceJSON(src)
	}
	return c.JSON(http.StatusOK, map[string]any{"sources": out})
}

// addSourceRequest is the body of POST /api/sources.
type addSourceRequest struct {
	URL  string `json:"url"`
	Name string `json:"name"`
	// Every is a Go duration ("15m"), empty for the default.
	Every string `json:"every"`
}

// addSource serves POST /api/sources.
func (s *Server) addSource(c *echo.Context) error {
	if err := noParams(c.QueryParams()); err != nil {
		return err
	}
	if s.sources == nil {
		return notImplemented("following sources")
	}
	_, body, err := readBody(c, s.limits.MaxBodyBytes, bodyJSON)
	if err != nil {
		return err
	}
	var req addSourceRequest
	if err := decodeJSON(body, &req); err != nil {
		return err
	}
	src := store.Source{Name: strings.TrimSpace(req.Name)}
	u, err := parseFeedURL(req.URL)
	if err != nil {
		return err
	}
	src.URL = u
	if req.Every != "" {
		d, err := time.ParseDuration(req.Every)
		if err != nil || d < time.Minute || d > 7*24*time.Hour {
			return problemf(http.StatusUnprocessableEntity, "every %q: want a duration from 1m to 168h, like \"15m\"", req.Every)
		}
		src.Every = d
	}
	added, err := s.sources.AddSource(c.Request().Context(), src)
	if errors.Is(err, store.ErrExists) {
		return &problemError{status: http.StatusConflict, detail: "that feed is followed already", cause: err}
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("Location", s.linkBase(c)+"/api/sources/"+strconv.FormatInt(added.ID, 10))
	return c.JSON(http.StatusCreated, toSourceJSON(added))
}

// removeSource serves DELETE /api/sources/{id}.
func (s *Server) removeSource(c *echo.Context) error {
	if err := noParams(c.QueryParams()); err != nil {
		return err
	}
	if s.sources == nil {
		return notImplemented("following sources")
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != c.Param("id") {
		return &problemError{status: http.StatusNotFound, detail: "no source " + c.Param("id")}
	}
	if err := s.sources.RemoveSource(c.Request().Context(), id); err != nil {
		if isNotFound(err) {
			return &problemError{status: http.StatusNotFound, detail: "no source " + c.Param("id"), cause: err}
		}
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// parseFeedURL checks a feed URL: absolute http(s), no credentials.
func parseFeedURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", problemf(http.StatusUnprocessableEntity, `a source needs "url", the feed's address`)
	}
	u, err := parseHTTPURL(raw)
	if err != nil {
		return "", problemf(http.StatusUnprocessableEntity, "url %q is not an http(s) URL", raw)
	}
	return u, nil
}

// changes serves GET /api/changes: a number that moves whenever the
// incidents change (through this server, another replica, a follow
// worker or the CLI, as the tile index reads them from the store).
// Open maps poll it, cheaply, and reload their view when it moves.
func (s *Server) changes(c *echo.Context) error {
	if err := noParams(c.QueryParams()); err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"version": strconv.FormatUint(s.index.Version(), 10)})
}

func parseHTTPURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return "", errors.New("not an http(s) URL")
	}
	u.Fragment = ""
	return u.String(), nil
}

// Registerer is the server's metrics registry, for the metrics of work
// done beside it (following outlets), served on /metrics.
func (s *Server) Registerer() prometheus.Registerer { return s.metrics.reg }

// Changed tells the server the incidents changed outside its API (an
// article a follow worker of this process ingested): the tile index
// reads the store's cursor at once rather than within IndexRefresh.
// /api/changes moves when the index has read them.
func (s *Server) Changed() { s.kickIndex() }
