package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v5"
)

// bodyKind is the media type family of a request body.
type bodyKind int

const (
	bodyJSON bodyKind = iota
	bodyText
)

// readBody reads a request body of at most limit bytes whose
// Content-Type is one of accepted, and checks that it is UTF-8: the
// checks every POST shares, each with its own 4xx.
func readBody(c *echo.Context, limit int64, accepted ...bodyKind) (bodyKind, []byte, error) {
	r := c.Request()
	kind, err := contentKind(r.Header.Get("Content-Type"), accepted)
	if err != nil {
		return 0, nil, err
	}
	if r.ContentLength > limit {
		return 0, nil, tooLarge(limit)
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), r.Body, limit))
	if err != nil {
		return 0, nil, bodyError(err, limit)
	}
	if !utf8.Valid(body) {
		return 0, nil, badRequest("the body is not valid UTF-8")
	}
	return kind, body, nil
}

// bodyError says what went wrong while reading a body. Every failure
// there is the client's or its network's, never the server's: a body
// over the limit (413), one that did not arrive within the read timeout
// (408), or one cut short or malformed, such as a bad chunk size (400).
func bodyError(err error, limit int64) *problemError {
	var mbe *http.MaxBytesError
	var ne net.Error
	switch {
	case errors.As(err, &mbe):
		return tooLarge(limit)
	case errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		return &problemError{status: http.StatusRequestTimeout, detail: "the request body did not arrive within the read timeout", cause: err}
	}
	return &problemError{status: http.StatusBadRequest, detail: "the request body could not be read: it was cut short or its chunked encoding is malformed", cause: err}
}

func tooLarge(limit int64) *problemError {
	return problemf(http.StatusRequestEntityTooLarge, "the body is larger than %d bytes", limit)
}

// contentKind maps a Content-Type header to a body kind: JSON or plain
// text in UTF-8 (no charset means UTF-8).
func contentKind(header string, accepted []bodyKind) (bodyKind, error) {
	names := map[bodyKind]string{bodyJSON: echo.MIMEApplicationJSON, bodyText: echo.MIMETextPlain}
	var allowed []string
	for _, k := range accepted {
		allowed = append(allowed, names[k])
	}
	unsupported := func(detail string) error {
		p := problemf(http.StatusUnsupportedMediaType, "%s; send %s in UTF-8", detail, strings.Join(allowed, " or "))
		p.allowed = allowed
		return p
	}
	if strings.TrimSpace(header) == "" {
		return 0, unsupported("no Content-Type")
	}
	mt, params, err := mime.ParseMediaType(header)
	if err != nil {
		return 0, unsupported(fmt.Sprintf("Content-Type %q is malformed", header))
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return 0, unsupported(fmt.Sprintf("charset %q is not supported", cs))
	}
	for _, k := range accepted {
		if mt == names[k] {
			return k, nil
		}
	}
	return 0, unsupported(fmt.Sprintf("Content-Type %q is not accepted", mt))
}

// decodeJSON decodes one JSON object into v, refusing unknown fields and
// trailing data, and explains what was wrong.
func decodeJSON(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			return badRequest("the body is empty; send a JSON object")
		case errors.As(err, &se):
			return badRequest("the body is not valid JSON: %v (at byte %d)", se, se.Offset)
		case errors.As(err, &te):
			return badRequest("field %q must be a %s, not a JSON %s", te.Field, te.Type, te.Value)
		case strings.HasPrefix(err.Error(), "json: unknown field"):
			return badRequest("%s", strings.TrimPrefix(err.Error(), "json: "))
		}
		return badRequest("the body is not valid JSON: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badRequest("the body holds more than one JSON value")
	}
	return nil
}

// splitHeadline reads a text/plain article: the headline on the first
// line, the body after.
func splitHeadline(text string) (title, body string) {
	text = strings.TrimPrefix(text, "\ufeff")
	title, body, _ = strings.Cut(text, "\n")
	return strings.TrimSpace(title), strings.TrimSpace(body)
}
