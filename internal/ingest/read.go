package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo"
)

// Item is one article read, or why it could not be.
type Item struct {
	// Where names it in messages: "path", "path:LINE" or "path: item N".
	Where   string
	Article geo.Article
	Err     error
}

// Stdin is the path that names standard input, as for geoparse.
const Stdin = "-"

// Read yields the articles of one file, by its extension; a file that
// cannot be read at all yields one Item with the error.
func Read(path string) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		switch strings.ToLower(filepath.Ext(path)) {
		case ".txt":
			art, err := readText(path)
			yield(Item{Where: path, Article: art, Err: err})
		case ".json":
			if isSidecar(path) {
				yield(Item{Where: path, Err: ErrSidecar})
				return
			}
			b, err := os.ReadFile(path)
			if err != nil {
				yield(Item{Where: path, Err: err})
				return
			}
			readJSON(path, b, yield)
		case ".jsonl":
			f, err := os.Open(path)
			if err != nil {
				yield(Item{Where: path, Err: err})
				return
			}
			defer f.Close()
			readJSONL(path, f, yield)
		default:
			yield(Item{Where: path, Err: ErrFormat})
		}
	}
}

// ReadStdin yields the articles read from r, standard input, in the
// format its content shows: a JSON array ('[' first), JSON Lines or one
// JSON object ('{' first), else one article as text with the headline on
// the first line (front matter allowed, as in a .txt file).
func ReadStdin(r io.Reader) iter.Seq[Item] {
	const where = "stdin"
	return func(yield func(Item) bool) {
		b, err := io.ReadAll(r)
		if err != nil {
			yield(Item{Where: where, Err: err})
			return
		}
		trimmed := bytes.TrimSpace(bytes.TrimPrefix(b, bom))
		switch {
		case len(trimmed) > 0 && trimmed[0] == '[':
			readJSON(where, b, yield)
		case len(trimmed) > 0 && trimmed[0] == '{':
			if json.Valid(trimmed) {
				readJSON(where, b, yield) // one object, perhaps over several lines
				return
			}
			readJSONL(where, bytes.NewReader(b), yield)
		default:
			art, err := parseText(b)
			yield(Item{Where: where, Article: art, Err: err})
		}
	}
}

// supported reports whether Read knows the file's extension.
func supported(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".json", ".jsonl":
		return true
	}
	return false
}

var bom = []byte("\uFEFF")

// checkUTF8 reports where b stops being UTF-8.
func checkUTF8(b []byte) error {
	if utf8.Valid(b) {
		return nil
	}
	at := 0
	for at < len(b) {
		r, size := utf8.DecodeRune(b[at:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		at += size
	}
	return fmt.Errorf("%w (bad byte at offset %d)", ErrEncoding, at)
}

// readText reads a .txt article: the first non-blank line is the
// headline, the rest the body. Its publication date, URL and outlet come
// from front matter at its top or from its sidecar NAME.meta.json.
func readText(path string) (geo.Article, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return geo.Article{}, err
	}
	art, err := parseText(b)
	if err != nil {
		return geo.Article{}, err
	}
	side, err := readSidecar(path)
	if err != nil {
		return geo.Article{}, err
	}
	return side.apply(art)
}

// parseText reads an article as text: optional front matter, then the
// headline on the first non-blank line and the body after.
func parseText(b []byte) (geo.Article, error) {
	if err := checkUTF8(b); err != nil {
		return geo.Article{}, err
	}
	s := strings.ReplaceAll(string(bytes.TrimPrefix(b, bom)), "\r\n", "\n")
	var art geo.Article
	s, fm, err := cutFrontMatter(s)
	if err != nil {
		return geo.Article{}, err
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return geo.Article{}, ErrNoText
	}
	title, body, _ := strings.Cut(s, "\n")
	art.Title, art.Text = strings.TrimSpace(title), strings.TrimSpace(body)
	return fm.apply(art)
}

// meta is what front matter or a sidecar says of a text article.
type meta struct {
	Published string `json:"published"`
	URL       string `json:"url"`
	Source    string `json:"source"`
}

// apply sets the article's fields from m; a date it cannot read is an
// error.
func (m meta) apply(art geo.Article) (geo.Article, error) {
	if m.Published != "" {
		t, err := ParseDate(m.Published)
		if err != nil {
			return geo.Article{}, err
		}
		if !art.Published.IsZero() && !art.Published.Equal(t) {
			return geo.Article{}, fmt.Errorf("%w: published %s in the front matter, %s in the sidecar", ErrMeta, art.Published.Format(time.RFC3339), m.Published)
		}
		art.Published = t
	}
	for _, f := range []struct {
		name string
		to   *string
		from string
	}{{"url", &art.URL, m.URL}, {"source", &art.Outlet, m.Source}} {
		v := strings.TrimSpace(f.from)
		if v == "" {
			continue
		}
		if *f.to != "" && *f.to != v {
			return geo.Article{}, fmt.Errorf("%w: %s %q in the front matter, %q in the sidecar", ErrMeta, f.name, *f.to, v)
		}
		*f.to = v
	}
	return art, nil
}

// cutFrontMatter splits off front matter: a first line "---", lines
// "key: value" (published, url, source), and a closing "---". Text
// without it is returned whole.
func cutFrontMatter(s string) (rest string, m meta, err error) {
	first, after, ok := strings.Cut(s, "\n")
	if !ok || strings.TrimSpace(first) != "---" {
		return s, meta{}, nil
	}
	for n := 2; ; n++ {
		var line string
		line, after, ok = strings.Cut(after, "\n")
		if strings.TrimSpace(line) == "---" {
			return after, m, nil
		}
		if !ok {
			return "", meta{}, fmt.Errorf("%w: no closing --- line", ErrMeta)
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		key, value, found := strings.Cut(line, ":")
		if !found {
			return "", meta{}, fmt.Errorf("%w: front matter line %d is not key: value", ErrMeta, n)
		}
		value = strings.Trim(strings.TrimSpace(value), `"'`)
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "published", "date":
			m.Published = value
		case "url":
			m.URL = value
		case "source", "outlet":
			m.Source = value
		default:
			return "", meta{}, fmt.Errorf("%w: front matter key %q (want published, url or source)", ErrMeta, strings.TrimSpace(key))
		}
	}
}

// sidecarExt ends the name of a text article's sidecar: a.txt has
// a.meta.json.
const sidecarExt = ".meta.json"

// isSidecar reports whether path names a sidecar, not an article.
func isSidecar(path string) bool {
	return strings.HasSuffix(strings.ToLower(path), sidecarExt)
}

// readSidecar reads the sidecar of a .txt file, if there is one.
func readSidecar(txt string) (meta, error) {
	path := strings.TrimSuffix(txt, filepath.Ext(txt)) + sidecarExt
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return meta{}, nil
	}
	if err != nil {
		return meta{}, err
	}
	var m meta
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(b, bom)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return meta{}, fmt.Errorf("%w: %s: %v", ErrMeta, filepath.Base(path), err)
	}
	return m, nil
}

// record is an article as JSON spells it.
type record struct {
	Title     string  `json:"title"`
	Text      string  `json:"text"`
	URL       string  `json:"url"`
	Source    string  `json:"source"`
	Published *string `json:"published"`
}

// parseRecord reads one JSON article object.
func parseRecord(b []byte) (geo.Article, error) {
	if err := checkUTF8(b); err != nil {
		return geo.Article{}, err
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return geo.Article{}, fmt.Errorf("%w: want an object", ErrJSON)
	}
	var r record
	if err := json.Unmarshal(b, &r); err != nil {
		return geo.Article{}, fmt.Errorf("%w: %v", ErrJSON, err)
	}
	art := geo.Article{
		Title:  strings.TrimSpace(r.Title),
		Text:   strings.TrimSpace(r.Text),
		URL:    strings.TrimSpace(r.URL),
		Outlet: strings.TrimSpace(r.Source),
	}
	if art.Text == "" {
		return geo.Article{}, ErrNoText
	}
	if r.Published != nil {
		t, err := ParseDate(*r.Published)
		if err != nil {
			return geo.Article{}, err
		}
		art.Published = t
	}
	return art, nil
}

// ParseDate reads a publication date: YYYY-MM-DD (UTC midnight) or
// RFC 3339; "" is the zero time (unknown).
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%w %q (want YYYY-MM-DD or RFC 3339)", ErrDate, s)
}

// readJSON reads a .json file: one article object or an array of them.
func readJSON(path string, b []byte, yield func(Item) bool) {
	b = bytes.TrimSpace(bytes.TrimPrefix(b, bom))
	if len(b) == 0 || b[0] != '[' {
		art, err := parseRecord(b)
		yield(Item{Where: path, Article: art, Err: err})
		return
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		if e := checkUTF8(b); e != nil {
			err = e
		} else {
			err = fmt.Errorf("%w: %v", ErrJSON, err)
		}
		yield(Item{Where: path, Err: err})
		return
	}
	for i, r := range raw {
		art, err := parseRecord(r)
		if !yield(Item{Where: fmt.Sprintf("%s: item %d", path, i+1), Article: art, Err: err}) {
			return
		}
	}
}

// readJSONL reads a .jsonl file, one article object a line; blank lines
// are skipped.
func readJSONL(path string, r io.Reader, yield func(Item) bool) {
	rd := bufio.NewReaderSize(r, 256*1024)
	for n := 1; ; n++ {
		line, err := rd.ReadBytes('\n')
		if n == 1 {
			line = bytes.TrimPrefix(line, bom)
		}
		if len(bytes.TrimSpace(line)) > 0 {
			art, perr := parseRecord(line)
			if !yield(Item{Where: fmt.Sprintf("%s:%d", path, n), Article: art, Err: perr}) {
				return
			}
		}
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			yield(Item{Where: fmt.Sprintf("%s:%d", path, n), Err: err})
			return
		}
	}
}
