package server

import (
	"net/http"

	"github.com/labstack/echo/v5"
)

// paramsUnresolved are the query parameters of GET /api/unresolved.
var paramsUnresolved = []string{"limit"}

// unresolvedNames serves GET /api/unresolved: the names the geoparser
// found but could not place, most frequent first, with example
// sentences.
func (s *Server) unresolvedNames(c *echo.Context) error {
	if s.unresolved == nil {
		return notImplemented("the list of unresolved names")
	}
	q, err := newQuery(c.QueryParams(), paramsUnresolved)
	if err != nil {
		return err
	}
	limit, err := q.integer("limit", DefaultLimit, 1, MaxLimit)
	if err != nil {
		return err
	}
	names, err := s.unresolved.Unresolved(c.Request().Context())
	if err != nil {
		return err
	}
	type name struct {
		Name     string   `json:"name"`
		Cue      string   `json:"cue,omitempty"`
		Mentions int      `json:"mentions"`
		Articles int      `json:"articles"`
		Examples []string `json:"examples"`
	}
	out := make([]name, 0, min(limit, len(names)))
	for _, n := range names[:min(limit, len(names))] {
		ex := n.Examples
		if ex == nil {
			ex = []string{}
		}
		out = append(out, name{Name: n.Name, Cue: n.Cue, Mentions: n.Mentions, Articles: n.Articles, Examples: ex})
	}
	return c.JSON(http.StatusOK, map[string]any{
		"numberMatched":  len(names),
		"numberReturned": len(out),
		"names":          out,
	})
}
