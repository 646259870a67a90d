package follow

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// page is what an article page gives: its headline and main text, its
// canonical URL and its date when the page states them.
type page struct {
	Title, Text string
	Canonical   string
	Published   time.Time
	SiteName    string
}

// extractPage decodes an HTML page (the charset its header or meta tag
// names, windows-1256 and ISO-8859-6 included) and extracts the article
// with readability.
func extractPage(body []byte, contentType string, u *url.URL) (page, error) {
	r, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		return page{}, fmt.Errorf("%w: page encoding: %v", ErrPermanent, err)
	}
	doc, err := html.Parse(r)
	if err != nil {
		return page{}, fmt.Errorf("%w: parse page: %v", ErrPermanent, err)
	}
	var p page
	var metaTitle, docTitle string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "link":
				if strings.EqualFold(attr(n, "rel"), "canonical") && p.Canonical == "" {
					p.Canonical = CanonicalURL(attr(n, "href"), u)
				}
			case "meta":
				prop := strings.ToLower(attr(n, "property") + attr(n, "name") + attr(n, "itemprop"))
				content := strings.TrimSpace(attr(n, "content"))
				switch prop {
				case "article:published_time", "datepublished", "pubdate", "publishdate", "date", "dc.date", "dcterms.created":
					if t, ok := parseWhen(content); ok && p.Published.IsZero() {
						p.Published = t
					}
				case "og:title":
					metaTitle = content
				case "og:site_name":
					p.SiteName = content
				}
			case "title":
				if n.FirstChild != nil && docTitle == "" {
					docTitle = strings.TrimSpace(n.FirstChild.Data)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	art, err := readability.FromDocument(doc, u)
	if err != nil {
		return page{}, fmt.Errorf("%w: no article in the page: %v", ErrPermanent, err)
	}
	var text strings.Builder
	if err := art.RenderText(&text); err != nil {
		return page{}, fmt.Errorf("%w: render article: %v", ErrPermanent, err)
	}
	p.Text = tidyText(text.String())
	p.Title = strings.TrimSpace(art.Title())
	if p.Title == "" {
		p.Title = metaTitle
	}
	if p.Title == "" {
		p.Title = docTitle
	}
	// The headline often opens the text too: keep it once, as the title.
	if first, rest, ok := strings.Cut(p.Text, "\n"); ok && p.Title != "" && strings.TrimSpace(first) == p.Title {
		p.Text = strings.TrimSpace(rest)
	}
	if p.Published.IsZero() {
		if t, err := art.PublishedTime(); err == nil && !t.IsZero() {
			p.Published = t.UTC()
		}
	}
	if p.Published.After(time.Now().Add(48 * time.Hour)) {
		p.Published = time.Time{}
	}
	return p, nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// parseWhen reads the dates pages put in their metadata.
func parseWhen(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02 15:04:05", time.DateOnly, time.RFC1123Z, time.RFC1123} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// tidyText trims each line and drops runs of blank lines.
func tidyText(s string) string {
	var b strings.Builder
	blank := true
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			if !blank {
				b.WriteByte('\n')
			}
			blank = true
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
		blank = false
	}
	return strings.TrimSpace(b.String())
}
