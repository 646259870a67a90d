package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// Read yields the articles of one file, by its extension; a file that
// cannot be read at all yields one Item with the error.
func Read(path string) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		switch strings.ToLower(filepath.Ext(path)) {
		case ".txt":
			art, err := readText(path)
			yield(Item{Where: path, Article: art, Err: err})
		case ".json":
			readJSON(path, yield)
		case ".jsonl":
			readJSONL(path, yield)
		default:
			yield(Item{Where: path, Err: ErrFormat})
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
// headline, the rest the body.
func readText(path string) (geo.Article, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return geo.Article{}, err
	}
	if err := checkUTF8(b); err != nil {
		return geo.Article{}, err
	}
	s := strings.ReplaceAll(string(bytes.TrimPrefix(b, bom)), "\r\n", "\n")
	s = strings.TrimSpace(s)
	if s == "" {
		return geo.Article{}, ErrNoText
	}
	title, body, _ := strings.Cut(s, "\n")
	return geo.Article{Title: strings.TrimSpace(title), Text: strings.TrimSpace(body)}, nil
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
func readJSON(path string, yield func(Item) bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		yield(Item{Where: path, Err: err})
		return
	}
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
func readJSONL(path string, yield func(Item) bool) {
	f, err := os.Open(path)
	if err != nil {
		yield(Item{Where: path, Err: err})
		return
	}
	defer f.Close()
	rd := bufio.NewReaderSize(f, 256*1024)
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
