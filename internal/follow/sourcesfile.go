package follow

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/net/html/charset"
)

// Entry is one source of a sources file.
type Entry struct {
	URL, Name string
}

// ParseSources reads a file of sources: OPML (what feed readers export:
// every outline with an xmlUrl, in any encoding its declaration names),
// or one URL a line, optionally followed by a name after a space or a
// tab, with blank lines and # comments ignored.
func ParseSources(data []byte) ([]Entry, error) {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if bytes.HasPrefix(trimmed, []byte("<")) {
		return parseOPML(trimmed)
	}
	var out []Entry
	sc := bufio.NewScanner(bytes.NewReader(trimmed))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		// The URL ends at the first space or tab (lists exported from
		// spreadsheets separate with tabs).
		link, name := line, ""
		if i := strings.IndexAny(line, " \t"); i >= 0 {
			link, name = line[:i], line[i+1:]
		}
		u, err := CheckURL(link)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		out = append(out, Entry{URL: u, Name: strings.TrimSpace(name)})
	}
	return out, sc.Err()
}

func parseOPML(data []byte) ([]Entry, error) {
	var doc struct {
		Body struct {
			Outlines []outline `xml:"outline"`
		} `xml:"body"`
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charset.NewReaderLabel // an older reader's windows-1256
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("OPML: %w", err)
	}
	var out []Entry
	var walk func([]outline) error
	walk = func(os []outline) error {
		for _, o := range os {
			if o.XMLURL != "" {
				u, err := CheckURL(o.XMLURL)
				if err != nil {
					return fmt.Errorf("OPML outline %q: %w", o.Text, err)
				}
				name := o.Title
				if name == "" {
					name = o.Text
				}
				out = append(out, Entry{URL: u, Name: strings.TrimSpace(name)})
			}
			if err := walk(o.Outlines); err != nil {
				return err
			}
		}
		return nil
	}
	return out, walk(doc.Body.Outlines)
}

type outline struct {
	Text     string    `xml:"text,attr"`
	Title    string    `xml:"title,attr"`
	XMLURL   string    `xml:"xmlUrl,attr"`
	Outlines []outline `xml:"outline"`
}

// CheckURL checks a feed URL (absolute http or https) and returns it
// as it is kept.
func CheckURL(s string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%q is not an http(s) URL", s)
	}
	u.Fragment = ""
	return u.String(), nil
}
