package server

import (
	"net/http"
	"strings"
	"unicode"

	"github.com/labstack/echo/v5"
)

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
	limit, err := q.integer(paramLimit)
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
		ex := make([]string, 0, len(n.Examples))
		for _, e := range n.Examples {
			ex = append(ex, wholeWords(e, n.Name))
		}
		out = append(out, name{Name: n.Name, Cue: n.Cue, Mentions: n.Mentions, Articles: n.Articles, Examples: ex})
	}
	return c.JSON(http.StatusOK, map[string]any{
		"numberMatched":  len(names),
		"numberReturned": len(out),
		"names":          out,
	})
}

// exampleContext is how many code points internal/store keeps on each
// side of a name in an example sentence: a side that long was cut there,
// most often inside a word.
const exampleContext = 160

// wholeWords drops the word fragments the store's cut left at either end
// of an example sentence around name, and marks each cut with "…". A
// side is taken as cut when some occurrence of name has exactly
// exampleContext code points on it (one less when the cut fell on a
// space, which the store trims); elsewhere the sentence is whole.
func wholeWords(sentence, name string) string {
	r := []rune(sentence)
	nameLen := len([]rune(name))
	if name == "" || nameLen >= len(r) {
		return sentence
	}
	cutStart, cutEnd := false, false
	firstName, lastNameEnd := -1, -1
	for at, i := 0, strings.Index(sentence, name); i >= 0; i = strings.Index(sentence[at:], name) {
		pos := len([]rune(sentence[:at+i]))
		before, after := pos, len(r)-pos-nameLen
		cutStart = cutStart || before == exampleContext || before == exampleContext-1
		cutEnd = cutEnd || (after == exampleContext || after == exampleContext-1) && !sentenceEnd(r[len(r)-1])
		if firstName < 0 {
			firstName = pos
		}
		lastNameEnd = pos + nameLen
		at += i + len(name)
	}
	if firstName < 0 {
		return sentence
	}
	from, to := 0, len(r)
	if cutStart {
		// Up to the first space, never into the name.
		for i := 0; i < firstName; i++ {
			if unicode.IsSpace(r[i]) {
				from = i + 1
				break
			}
		}
	}
	if cutEnd {
		for i := len(r) - 1; i >= lastNameEnd; i-- {
			if unicode.IsSpace(r[i]) {
				to = i
				break
			}
		}
	}
	out := strings.TrimSpace(string(r[from:to]))
	if cutStart {
		out = "… " + out
	}
	if cutEnd {
		out += " …"
	}
	return out
}

// sentenceEnd reports whether r ends a sentence, as the store's cut
// reads it.
func sentenceEnd(r rune) bool {
	return strings.ContainsRune(".!?؟۔", r)
}
