package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/labstack/echo/v5"
)

// MIMEProblem is the media type of RFC 7807 problem documents.
const MIMEProblem = "application/problem+json"

// Problem is an RFC 7807 problem document: every error the API returns is
// one, so clients parse a single shape.
type Problem struct {
	// Type is "about:blank": the status and title say what kind of
	// problem it is, and Detail says what to change.
	Type string `json:"type"`
	// Title is the short, fixed summary of the kind of problem.
	Title string `json:"title"`
	// Status repeats the HTTP status code.
	Status int `json:"status"`
	// Detail says what was wrong with this request, for a person.
	Detail string `json:"detail,omitempty"`
	// Instance is the path of the request that failed.
	Instance string `json:"instance,omitempty"`
	// Allowed lists the accepted values (parameters, methods, media
	// types) when the problem is an unaccepted one.
	Allowed []string `json:"allowed,omitempty"`
}

// problemError is an error that knows the problem document it becomes.
// Handlers return it for every client error; anything else is a 500.
type problemError struct {
	status  int
	detail  string
	allowed []string
	// retryAfter, when positive, is sent as Retry-After (seconds).
	retryAfter int
	cause      error // for the log only, never sent
}

// Error describes the problem and its cause, for the log.
func (e *problemError) Error() string {
	if e.cause != nil {
		return fmt.Sprintf("%d %s: %v", e.status, e.detail, e.cause)
	}
	return fmt.Sprintf("%d %s", e.status, e.detail)
}

// Unwrap gives errors.Is the cause.
func (e *problemError) Unwrap() error { return e.cause }

// StatusCode lets echo's middleware (and our logger) see the status.
func (e *problemError) StatusCode() int { return e.status }

// problemf returns a client error with a formatted detail.
func problemf(status int, format string, args ...any) *problemError {
	return &problemError{status: status, detail: fmt.Sprintf(format, args...)}
}

// badRequest is the commonest problem: a parameter or body is wrong.
func badRequest(format string, args ...any) *problemError {
	return problemf(http.StatusBadRequest, format, args...)
}

// statusClientClosed is nginx's code for a client that went away. It is
// only logged and counted, never sent: the connection is aborted
// instead (see observe), as no standard status says "you left".
const statusClientClosed = 499

// closedKey marks, in the echo context, a request whose client went
// away before the answer was ready.
const closedKey = "incidentmap.closed"

// classify turns any error a handler returned into the problem sent to
// the client. Errors it does not know become a 500 whose detail says
// nothing about the cause.
func classify(err error) *problemError {
	var pe *problemError
	if errors.As(err, &pe) {
		return pe
	}
	switch {
	case errors.Is(err, context.Canceled):
		return &problemError{status: statusClientClosed, detail: "the client closed the connection", cause: err}
	case errors.Is(err, context.DeadlineExceeded):
		return &problemError{status: http.StatusServiceUnavailable, detail: "the request took too long; narrow the query (bbox, datetime, limit) and retry", cause: err}
	case isNotFound(err):
		return &problemError{status: http.StatusNotFound, detail: "no such item", cause: err}
	case errors.Is(err, ErrInvalidPlace):
		return &problemError{status: http.StatusUnprocessableEntity, detail: "the place was refused as invalid", cause: err}
	case errors.Is(err, store.ErrInvalidQuery):
		return &problemError{status: http.StatusBadRequest, detail: "invalid query", cause: err}
	case errors.Is(err, store.ErrInvalidArticle), errors.Is(err, geoparse.ErrEmpty):
		return &problemError{status: http.StatusUnprocessableEntity, detail: "the article has no text", cause: err}
	case errors.Is(err, geoparse.ErrEncoding):
		return &problemError{status: http.StatusBadRequest, detail: "the text is not valid UTF-8", cause: err}
	case errors.Is(err, store.ErrReadOnly):
		return &problemError{status: http.StatusServiceUnavailable, detail: "this server's database is a read-only standby: send writes to a server on the primary", cause: err}
	case errors.Is(err, geoparse.ErrBinary):
		return &problemError{status: http.StatusUnprocessableEntity, detail: "the text looks binary, not an article", cause: err}
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return &problemError{status: he.Code, detail: echoDetail(he.Code), cause: err}
	}
	if code := echo.StatusCode(err); code != 0 {
		return &problemError{status: code, detail: echoDetail(code), cause: err}
	}
	return &problemError{status: http.StatusInternalServerError, detail: "internal error; it has been logged", cause: err}
}

// echoDetail explains the errors echo's router and middleware return.
func echoDetail(code int) string {
	switch code {
	case http.StatusNotFound:
		return "no such resource; the API's landing page is at /?f=json"
	case http.StatusMethodNotAllowed:
		return "this resource does not accept the method; see the Allow header"
	case http.StatusRequestEntityTooLarge:
		return "the request body is too large"
	case http.StatusUnsupportedMediaType:
		return "unsupported media type"
	}
	return http.StatusText(code)
}

// handleError is the server's one error handler: it writes the problem
// document and logs what the client does not see.
func (s *Server) handleError(c *echo.Context, err error) {
	p := classify(err)
	req := c.Request()
	switch {
	case p.status == http.StatusServiceUnavailable:
		// turned away on purpose (busy, still building, a standby):
		// the client is told when to come back; no fault to chase
		s.log.InfoContext(req.Context(), "request turned away", "method", req.Method,
			"route", routeOf(c), "status", p.status, "err", err)
	case p.status >= 500:
		s.log.ErrorContext(req.Context(), "request failed", "method", req.Method,
			"route", routeOf(c), "status", p.status, "err", err)
	case p.cause != nil && p.status != statusClientClosed:
		s.log.DebugContext(req.Context(), "request refused", "method", req.Method,
			"route", routeOf(c), "status", p.status, "err", p.cause)
	}
	if r, uerr := echo.UnwrapResponse(c.Response()); uerr == nil && r.Committed {
		return // the status line is gone; nothing more to say
	}
	if p.status == statusClientClosed {
		// Nobody is listening: observe logs and counts 499, then aborts
		// the connection without a status line.
		c.Set(closedKey, true)
		return
	}
	doc := Problem{
		Type:     "about:blank",
		Title:    http.StatusText(p.status),
		Status:   p.status,
		Detail:   p.detail,
		Instance: req.URL.Path,
		Allowed:  p.allowed,
	}
	body, merr := json.Marshal(doc)
	if merr != nil {
		body = []byte(`{"type":"about:blank","title":"Internal Server Error","status":500}`)
	}
	h := c.Response().Header()
	h.Del("Content-Encoding")
	h.Del("ETag")
	h.Del("Content-Crs")
	h.Set("Cache-Control", "no-store")
	if p.status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer realm="incidentmap"`)
	}
	if p.retryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(p.retryAfter))
	}
	if req.Method == http.MethodHead {
		h.Set(echo.HeaderContentType, MIMEProblem) // as GET's would be
		_ = c.NoContent(p.status)
		return
	}
	_ = c.Blob(p.status, MIMEProblem, body)
}
