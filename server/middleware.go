package server

import (
	"context"
	"crypto/subtle"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/labstack/echo/v5"
)

// observe is the outermost middleware: it turns a handler's error into
// its problem document right away, so that the status it logs and counts
// is the one the client gets, then writes one log line and the metrics.
// The log line has no bodies, query strings or headers, so neither
// article text nor tokens reach the log.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		start := time.Now()
		s.metrics.inFlight.Inc()
		defer s.metrics.inFlight.Dec()
		// No client may read a response as another type than it is
		// sent as (the web map's files set the same).
		c.Response().Header().Set("X-Content-Type-Options", "nosniff")
		err := next(c)
		if err != nil {
			s.handleError(c, err)
		}
		status, size, committed := http.StatusOK, int64(0), false
		if r, uerr := echo.UnwrapResponse(c.Response()); uerr == nil {
			if r.Status != 0 {
				status = r.Status
			}
			size, committed = r.Size, r.Committed
		}
		closed, _ := c.Get(closedKey).(bool)
		if closed {
			status = statusClientClosed
		}
		d := time.Since(start)
		route := routeOf(c)
		req := c.Request()
		s.metrics.observe(req.Method, route, status, d)
		s.log.LogAttrs(req.Context(), levelOf(status), "request",
			slog.String("method", req.Method), slog.String("route", route),
			slog.String("path", req.URL.Path), slog.Int("status", status),
			slog.Duration("duration", d), slog.Int64("bytes", size))
		if closed && !committed {
			// The client went away before the answer was ready. net/http
			// would send an empty 200; 499 is not HTTP. Abort the
			// connection instead: no status line at all.
			panic(http.ErrAbortHandler)
		}
		return nil
	}
}

// checkQuery refuses a query string that does not parse as a whole. The
// lenient parse handlers see (url.Values) drops a malformed pair, and
// with it the filter it held: "bbox=1,2,3,4;x" or "limit=%zz" would
// answer every incident instead of an error.
func (s *Server) checkQuery(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		if _, err := url.ParseQuery(c.Request().URL.RawQuery); err != nil {
			return badRequest("the query string is malformed (%v); separate parameters with & and percent-encode reserved characters", err)
		}
		return next(c)
	}
}

// recoverPanics turns a handler's panic into a 500 with its stack in the
// log, instead of a dropped connection.
func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
			}
		}()
		return next(c)
	}
}

// deadline bounds the work of one request: the context reaches the store
// and the geoparser, which stop when it expires.
func (s *Server) deadline(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), s.limits.RequestTimeout)
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}

// requireWrite guards the routes that change data: they need the bearer
// token, and are refused outright when the server has none.
func (s *Server) requireWrite(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		if s.token == "" {
			return problemf(http.StatusForbidden,
				"writes are disabled: this server has no API token; start it with --api-token TOKEN (or INCIDENTMAP_API_TOKEN=TOKEN) and send Authorization: Bearer TOKEN")
		}
		if err := s.checkToken(c.Request()); err != nil {
			return err
		}
		return next(c)
	}
}

// requireRead guards the routes that read data: open to all unless the
// server runs with private reads.
func (s *Server) requireRead(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		if s.private {
			if err := s.checkToken(c.Request()); err != nil {
				return err
			}
		}
		return next(c)
	}
}

// checkToken compares the bearer token in constant time.
func (s *Server) checkToken(r *http.Request) error {
	h := r.Header.Get("Authorization")
	if h == "" {
		return problemf(http.StatusUnauthorized, "this request needs the header Authorization: Bearer TOKEN")
	}
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return problemf(http.StatusUnauthorized, "the Authorization header must be: Bearer TOKEN")
	}
	if subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(s.token)) != 1 {
		return problemf(http.StatusUnauthorized, "wrong API token")
	}
	return nil
}

// routeOf is the route template of the request, the label of its logs
// and metrics: never the raw path, whose ids would explode the metric.
func routeOf(c *echo.Context) string {
	if web, _ := c.Get(webKey).(bool); web {
		return "(web)"
	}
	ri := c.RouteInfo()
	switch ri.Name {
	case echo.NotFoundRouteName:
		return "(not found)"
	case echo.MethodNotAllowedRouteName:
		return "(method not allowed)"
	}
	if ri.Path == "" {
		return "(none)"
	}
	return ri.Path
}
