package follow

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// TestExtractPageEncodings: pages in the legacy encodings Arabic sites
// still use are decoded, whether the header or only the page names the
// charset; the headline, the page's date and its canonical link are
// read.
func TestExtractPageEncodings(t *testing.T) {
	const title = "اشتباكات على أطراف البلدة"
	const text = "اندلعت اشتباكات عنيفة على أطراف البلدة مساء أمس بين مجموعتين مسلحتين واستمرت ساعات. وقال سكان إن أصوات الرصاص لم تهدأ حتى الفجر وإن عائلات كثيرة لجأت إلى الأقبية."
	u, _ := url.Parse("https://news.example.org/ar/story/9?utm_source=feed")
	for _, tt := range []struct {
		name        string
		enc         *charmap.Charmap
		label       string
		contentType string
	}{
		{"windows-1256 in the header", charmap.Windows1256, "windows-1256", "text/html; charset=windows-1256"},
		{"windows-1256 in the page", charmap.Windows1256, "windows-1256", "text/html"},
		{"ISO-8859-6 in the header", charmap.ISO8859_6, "iso-8859-6", "text/html; charset=ISO-8859-6"},
		{"ISO-8859-6 in the page", charmap.ISO8859_6, "iso-8859-6", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			html := pageHTML(title, text, "2024-06-02T05:30:00+03:00", "/ar/story/9", tt.label)
			body, err := tt.enc.NewEncoder().String(html)
			if err != nil {
				t.Fatal(err)
			}
			pg, err := extractPage([]byte(body), tt.contentType, u)
			if err != nil {
				t.Fatal(err)
			}
			if pg.Title != title || !strings.Contains(pg.Text, "لجأت إلى الأقبية") || !IsArabic(pg.Text) {
				t.Errorf("title %q, text %q", pg.Title, pg.Text)
			}
			if want := time.Date(2024, 6, 2, 2, 30, 0, 0, time.UTC); !pg.Published.Equal(want) {
				t.Errorf("published %v, want %v", pg.Published, want)
			}
			if pg.Canonical != "https://news.example.org/ar/story/9" {
				t.Errorf("canonical %q", pg.Canonical)
			}
		})
	}
}

// TestParseFeedKinds: RSS 2.0, Atom and RDF (RSS 1.0), in UTF-8 and the
// legacy encodings their declaration names; links made absolute, items
// keyed by guid else link, listed once.
func TestParseFeedKinds(t *testing.T) {
	base, _ := url.Parse("https://news.example.org/feeds/main.xml")
	enc := func(cm *charmap.Charmap, s string) string {
		out, err := cm.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	rss := func(decl string) string {
		return `<?xml version="1.0" encoding="` + decl + `"?><rss version="2.0"><channel><title>الأخبار</title>
<item><title>قصف على القرية</title><link>/ar/1</link><guid isPermaLink="false">n-1</guid><pubDate>Sun, 02 Jun 2024 06:00:00 +0300</pubDate></item>
<item><title>قصف على القرية</title><link>/ar/1</link><guid isPermaLink="false">n-1</guid></item>
<item><title>بلا معرف</title><link>https://news.example.org/ar/2</link></item>
<item><title>بلا رابط</title></item>
</channel></rss>`
	}
	for _, tt := range []struct {
		name, body string
	}{
		{"RSS 2.0, UTF-8", rss("UTF-8")},
		{"RSS 2.0, windows-1256", enc(charmap.Windows1256, rss("windows-1256"))},
		{"RSS 2.0, ISO-8859-6", enc(charmap.ISO8859_6, rss("ISO-8859-6"))},
		{"Atom", `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>الأخبار</title>
<entry><id>n-1</id><title>قصف على القرية</title><link rel="alternate" href="/ar/1"/><published>2024-06-02T03:00:00Z</published></entry>
<entry><id>https://news.example.org/ar/2</id><title>بلا معرف</title><link href="https://news.example.org/ar/2"/></entry></feed>`},
		{"RDF", `<?xml version="1.0" encoding="UTF-8"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://news.example.org/"><title>الأخبار</title></channel>
<item rdf:about="n-1"><title>قصف على القرية</title><link>https://news.example.org/ar/1</link><dc:date>2024-06-02T03:00:00Z</dc:date></item>
<item rdf:about="https://news.example.org/ar/2"><title>بلا معرف</title><link>https://news.example.org/ar/2</link></item></rdf:RDF>`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			items, err := parseFeed([]byte(tt.body), base)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 2 {
				t.Fatalf("%d items, want 2: %+v", len(items), items)
			}
			first := items[0]
			if first.URL != "https://news.example.org/ar/1" || first.Title != "قصف على القرية" ||
				!first.Published.Equal(time.Date(2024, 6, 2, 3, 0, 0, 0, time.UTC)) {
				t.Errorf("first item %+v", first)
			}
			if items[1].URL != "https://news.example.org/ar/2" || items[1].Title != "بلا معرف" || items[0].Key == items[1].Key {
				t.Errorf("second item %+v", items[1])
			}
		})
	}
	if _, err := parseFeed([]byte(`<rss version="2.0"><channel><item><title>مبتور`), base); err == nil {
		t.Error("a malformed feed parsed")
	}
}
