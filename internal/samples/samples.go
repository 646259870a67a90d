// Package samples holds a few short articles in Arabic that WE wrote for
// the demo: `incidentmap serve` loads them into an empty database so that
// the map shows incidents at once. They are invented: realistic in form,
// at real places in Syria, Iraq, Lebanon and Yemen, but they report
// nothing that happened. Their outlet is Outlet and their URLs are under
// example.org, so they are never mistaken for news.
package samples

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/geo"
)

// Outlet is the outlet of every sample article.
const Outlet = "incidentmap sample"

//go:embed articles.jsonl
var articlesJSONL []byte

// ErrFormat is returned (wrapped, with the line) if the embedded file is
// malformed, which a test prevents.
var ErrFormat = errors.New("samples: malformed article")

// record is one line of articles.jsonl, in the shape `incidentmap ingest`
// and POST /api/articles read.
type record struct {
	Title     string `json:"title"`
	Text      string `json:"text"`
	URL       string `json:"url"`
	Source    string `json:"source"`
	Published string `json:"published"`
}

// Articles returns the sample articles, in file order.
func Articles() ([]geo.Article, error) {
	var out []geo.Article
	sc := bufio.NewScanner(bytes.NewReader(articlesJSONL))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%w: line %d: %v", ErrFormat, line, err)
		}
		pub, err := time.Parse(time.DateOnly, r.Published)
		if err != nil {
			return nil, fmt.Errorf("%w: line %d: published: %v", ErrFormat, line, err)
		}
		if r.Source != Outlet || r.Title == "" || r.Text == "" {
			return nil, fmt.Errorf("%w: line %d: every sample needs a title, a text and the outlet %q", ErrFormat, line, Outlet)
		}
		out = append(out, geo.Article{Title: r.Title, Text: r.Text, URL: r.URL, Outlet: r.Source, Published: pub})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("samples: %w", err)
	}
	return out, nil
}
