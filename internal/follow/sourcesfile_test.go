package follow

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/encoding/charmap"
)

// TestParseSources: lists of URLs (a name after a space or a tab,
// comments, a byte-order mark) and OPML (nested outlines, title over
// text, any declared encoding); a bad URL is named with its line.
func TestParseSources(t *testing.T) {
	opml1256, err := charmap.Windows1256.NewEncoder().String(`<?xml version="1.0" encoding="windows-1256"?>
<opml version="1.0"><body><outline text="صحف"><outline text="صحيفة المدينة" xmlUrl="https://city.example.org/rss"/></outline></body></opml>`)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, in string
		want     []Entry
		err      string
	}{
		{name: "lines", in: "\ufeff# our outlets\nhttps://a.example.org/rss  وكالة أ\n\nhttps://b.example.org/feed\tصحيفة ب\nhttp://c.example.org/atom.xml#top\n",
			want: []Entry{{"https://a.example.org/rss", "وكالة أ"}, {"https://b.example.org/feed", "صحيفة ب"}, {"http://c.example.org/atom.xml", ""}}},
		{name: "bad line", in: "https://a.example.org/rss\nfeeds.example.org/rss\n", err: "line 2"},
		{name: "not http", in: "mailto:news@example.org\n", err: "line 1"},
		{name: "opml", in: `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
<outline text="أخبار"><outline text="x" title="قناة س" xmlUrl="https://s.example.org/rss"/>
<outline text="أخرى"><outline text="قناة ع" xmlUrl="https://u.example.org/feed"/></outline></outline>
<outline text="بلا رابط" htmlUrl="https://v.example.org/"/></body></opml>`,
			want: []Entry{{"https://s.example.org/rss", "قناة س"}, {"https://u.example.org/feed", "قناة ع"}}},
		{name: "opml windows-1256", in: opml1256, want: []Entry{{"https://city.example.org/rss", "صحيفة المدينة"}}},
		{name: "opml bad URL", in: `<opml><body><outline text="س" xmlUrl="ftp://s.example.org/rss"/></body></opml>`, err: "outline"},
		{name: "broken opml", in: `<opml><body><outline`, err: "OPML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSources([]byte(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("error %v, want one with %q", err, tt.err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// TestExampleSources: the README's file of Arabic outlets imports: each
// line a feed over https with the outlet's Arabic name.
func TestExampleSources(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "sources-ar.txt"))
	if err != nil {
		t.Fatal(err)
	}
	entries, err := ParseSources(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 10 {
		t.Errorf("%d outlets, want a handful at least", len(entries))
	}
	seen := map[string]bool{}
	for _, e := range entries {
		if !strings.HasPrefix(e.URL, "https://") || e.Name == "" || !strings.ContainsFunc(e.Name, func(r rune) bool { return unicode.Is(unicode.Arabic, r) }) {
			t.Errorf("entry %+v: want an https feed and the outlet's Arabic name", e)
		}
		if seen[e.URL] {
			t.Errorf("%s listed twice", e.URL)
		}
		seen[e.URL] = true
	}
}
