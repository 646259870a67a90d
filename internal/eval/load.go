package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"unicode/utf8"
)

// GoldFile is the name of the annotation file inside a gold set folder.
const GoldFile = "gold.jsonl"

// ErrInvalid is wrapped by every error that reports a malformed gold set:
// bad JSON, a missing field, an occurrence outside its text or one whose
// text does not hold the toponym.
var ErrInvalid = errors.New("invalid gold set")

// Load reads the gold set in dir: gold.jsonl and the article file each line
// names (articles/ID.txt when it names none). Every problem found is
// reported, each naming its file and line, joined into one error.
func Load(dir string) (*Set, error) {
	set, err := LoadFS(os.DirFS(dir))
	if err != nil {
		return nil, fmt.Errorf("eval: load %s: %w", dir, err)
	}
	set.Dir = dir
	return set, nil
}

// LoadFS reads a gold set from the root of fsys, as Load does.
func LoadFS(fsys fs.FS) (*Set, error) {
	data, err := fs.ReadFile(fsys, GoldFile)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", GoldFile, err)
	}
	set := &Set{}
	var errs []error
	seen := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 64*1024*1024)
	for line := 1; sc.Scan(); line++ {
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		where := fmt.Sprintf("%s:%d", GoldFile, line)
		var a Article
		if err := json.Unmarshal(raw, &a); err != nil {
			errs = append(errs, fmt.Errorf("%w: %s: %v", ErrInvalid, where, err))
			continue
		}
		if a.ID == "" {
			errs = append(errs, fmt.Errorf("%w: %s: no id", ErrInvalid, where))
			continue
		}
		where += " (" + a.ID + ")"
		if prev, dup := seen[a.ID]; dup {
			errs = append(errs, fmt.Errorf("%w: %s: id also on line %d", ErrInvalid, where, prev))
			continue
		}
		seen[a.ID] = line
		if a.File == "" {
			a.File = path.Join("articles", a.ID+".txt")
		}
		text, err := fs.ReadFile(fsys, path.Clean(a.File))
		if err != nil {
			errs = append(errs, fmt.Errorf("%w: %s: %v", ErrInvalid, where, err))
			continue
		}
		if !utf8.Valid(text) {
			errs = append(errs, fmt.Errorf("%w: %s: %s is not valid UTF-8", ErrInvalid, where, a.File))
			continue
		}
		a.Text = string(text)
		errs = append(errs, validate(&a, where)...)
		set.Articles = append(set.Articles, a)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", GoldFile, err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(set.Articles) == 0 {
		return nil, fmt.Errorf("%w: %s holds no articles", ErrInvalid, GoldFile)
	}
	return set, nil
}

// validate checks what Score relies on: toponyms with a kind, a role, a
// point and occurrences that lie inside the text and hold the name.
func validate(a *Article, where string) []error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: %s: "+format, append([]any{ErrInvalid, where}, args...)...))
	}
	text := []rune(a.Text)
	for i := range a.Toponyms {
		t := &a.Toponyms[i]
		name := fmt.Sprintf("toponym %d %q", i+1, t.Text)
		if t.Text == "" {
			bad("%s: empty text", name)
		}
		if !t.Kind.Valid() {
			bad("%s: unknown kind %q", name, t.Kind)
		}
		if t.Role != RoleLiteral && t.Role != RoleMetonymic {
			bad("%s: unknown role %q", name, t.Role)
		}
		if !validPoint(t.Lat, t.Lon) {
			bad("%s: lat/lon %v,%v out of range", name, t.Lat, t.Lon)
		}
		if len(t.Occurrences) == 0 {
			bad("%s: no occurrences", name)
		}
		for _, o := range t.Occurrences {
			if o.Start < 0 || o.End <= o.Start || o.End > len(text) {
				bad("%s: occurrence [%d,%d) outside the text (%d code points) of %s",
					name, o.Start, o.End, len(text), a.File)
				continue
			}
			if at := string(text[o.Start:o.End]); !spanHasName(at, append([]string{t.Text}, t.Variants...)...) {
				bad("%s: occurrence [%d,%d) of %s reads %q", name, o.Start, o.End, a.File, at)
			}
		}
	}
	for i := range a.Incidents {
		in := &a.Incidents[i]
		if !validPoint(in.Lat, in.Lon) {
			bad("incident %d: lat/lon %v,%v out of range", i+1, in.Lat, in.Lon)
		}
		if in.GeoPrecision < 1 || in.GeoPrecision > 3 {
			bad("incident %d: geo_precision %d not 1, 2 or 3", i+1, in.GeoPrecision)
		}
	}
	return errs
}

func validPoint(lat, lon float64) bool {
	return !math.IsNaN(lat) && !math.IsNaN(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180
}
