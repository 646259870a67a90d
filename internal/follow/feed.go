package follow

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/incidentmap/incidentmap/internal/store"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// parseFeed reads an RSS 2.0, Atom or RDF feed (any encoding its XML
// declaration names, windows-1256 and ISO-8859-6 included) into items,
// links made absolute against the feed's URL.
func parseFeed(body []byte, base *url.URL) ([]store.FeedItem, error) {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("parse feed: %w", err)
	}
	var out []store.FeedItem
	seen := map[string]bool{}
	// An empty link would resolve to the feed itself.
	resolve := func(l string) string {
		if strings.TrimSpace(l) == "" {
			return ""
		}
		return CanonicalURL(l, base)
	}
	self := ""
	if base != nil {
		self = CanonicalURL(base.String(), nil)
	}
	for _, it := range feed.Items {
		link := resolve(it.Link)
		if link == "" {
			for _, l := range it.Links {
				if link = resolve(l); link != "" {
					break
				}
			}
		}
		if link == "" || link == self {
			continue // nothing to fetch
		}
		key := strings.TrimSpace(it.GUID)
		if key == "" {
			key = link
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		fi := store.FeedItem{Key: key, URL: link, Title: strings.TrimSpace(it.Title)}
		switch {
		case it.PublishedParsed != nil:
			fi.Published = it.PublishedParsed.UTC()
		case it.UpdatedParsed != nil:
			fi.Published = it.UpdatedParsed.UTC()
		}
		if fi.Published.After(time.Now().Add(48 * time.Hour)) {
			fi.Published = time.Time{} // a date in the future is a feed's mistake
		}
		out = append(out, fi)
	}
	return out, nil
}
