package lexicon

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

//go:embed data/*.tsv
var data embed.FS

// ErrFormat is wrapped by the errors of malformed data: an unknown column
// or class, a row with no form, an inflection that does not apply.
var ErrFormat = errors.New("lexicon: malformed data")

// Entry is one form of a class: a word or a phrase as written (not
// folded), with the row's value.
type Entry struct {
	Form  string
	Value string
	// Tense is the verb form's tense, NoTense for other words.
	Tense Tense
}

// Lexicon is a parsed set of word classes. It is immutable and safe for
// concurrent use.
type Lexicon struct {
	classes map[string]Class
	entries map[string][]Entry
}

// Class documents one word class.
type Class struct {
	Name string
	// Value says what the value column holds for this class ("" when the
	// class has none).
	Value string
	Doc   string
}

// Default parses the embedded data.
func Default() (*Lexicon, error) {
	sub, err := fs.Sub(data, "data")
	if err != nil {
		return nil, err
	}
	return Parse(sub)
}

// Data returns the embedded data files, at their root.
func Data() fs.FS {
	sub, err := fs.Sub(data, "data")
	if err != nil {
		panic(err) // the embedded tree has a data directory: a broken build
	}
	return sub
}

// MustDefault is Default for callers that cannot fail: the embedded data
// is fixed at build time and checked by this package's tests, so an error
// is a broken build, and it panics.
func MustDefault() *Lexicon {
	l, err := Default()
	if err != nil {
		panic(err)
	}
	return l
}

// Parse reads classes.tsv and every other *.tsv file at the root of fsys.
func Parse(fsys fs.FS) (*Lexicon, error) {
	l := &Lexicon{classes: map[string]Class{}, entries: map[string][]Entry{}}
	if err := l.readClasses(fsys); err != nil {
		return nil, err
	}
	names, err := fs.Glob(fsys, "*.tsv")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var errs []error
	for _, name := range names {
		if name == "classes.tsv" {
			continue
		}
		if err := l.readFile(fsys, name); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *Lexicon) readClasses(fsys fs.FS) error {
	return eachRow(fsys, "classes.tsv", []string{"class", "value", "doc"}, func(line int, f map[string]string) error {
		name := f["class"]
		if name == "" {
			return fmt.Errorf("%w: classes.tsv:%d: no class", ErrFormat, line)
		}
		if _, dup := l.classes[name]; dup {
			return fmt.Errorf("%w: classes.tsv:%d: class %q twice", ErrFormat, line, name)
		}
		l.classes[name] = Class{Name: name, Value: f["value"], Doc: f["doc"]}
		return nil
	})
}

func (l *Lexicon) readFile(fsys fs.FS, name string) error {
	return eachRow(fsys, name, []string{"class", "form", "value", "inflect"}, func(line int, f map[string]string) error {
		class := f["class"]
		c, ok := l.classes[class]
		if !ok {
			return fmt.Errorf("%w: %s:%d: class %q is not in classes.tsv", ErrFormat, name, line, class)
		}
		if c.Value == "" && f["value"] != "" {
			return fmt.Errorf("%w: %s:%d: class %s takes no value (got %q; an inflection goes in the fourth column)", ErrFormat, name, line, class, f["value"])
		}
		if f["form"] == "" {
			return fmt.Errorf("%w: %s:%d: no form", ErrFormat, name, line)
		}
		for _, form := range strings.Split(f["form"], "|") {
			form = strings.TrimSpace(form)
			if form == "" {
				continue
			}
			forms, err := inflectTagged(form, f["inflect"])
			if err != nil {
				return fmt.Errorf("%w: %s:%d: %v", ErrFormat, name, line, err)
			}
			for _, w := range forms {
				l.entries[class] = append(l.entries[class], Entry{Form: w.text, Value: f["value"], Tense: w.tense})
			}
		}
		return nil
	})
}

// eachRow calls fn for every row of a table with the given columns: a
// header line naming them (any order, all required but the last ones may
// be omitted), then tab-separated rows; '#' starts a comment line.
func eachRow(fsys fs.FS, name string, cols []string, fn func(line int, fields map[string]string) error) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("lexicon: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	var header []string
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Split(text, "\t")
		if header == nil {
			for _, h := range fields {
				if !slices.Contains(cols, h) {
					return fmt.Errorf("%w: %s:%d: unknown column %q", ErrFormat, path.Base(name), line, h)
				}
			}
			header = fields
			continue
		}
		if len(fields) > len(header) {
			return fmt.Errorf("%w: %s:%d: %d fields, header has %d", ErrFormat, path.Base(name), line, len(fields), len(header))
		}
		row := make(map[string]string, len(header))
		for i, v := range fields {
			row[header[i]] = strings.TrimSpace(v)
		}
		if err := fn(line, row); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("lexicon: read %s: %w", name, err)
	}
	if header == nil {
		return fmt.Errorf("%w: %s: no header", ErrFormat, name)
	}
	return nil
}

// Entries returns the forms of a class with their values, inflections
// included, in the order of the data. It panics on a class that
// classes.tsv does not document: asking for one is a programming error.
func (l *Lexicon) Entries(class string) []Entry {
	if _, ok := l.classes[class]; !ok {
		panic("lexicon: undocumented class " + class)
	}
	return l.entries[class]
}

// Forms returns the forms of a class, inflections included.
func (l *Lexicon) Forms(class string) []string {
	es := l.Entries(class)
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Form
	}
	return out
}

// Values returns the forms of a class mapped to their values.
func (l *Lexicon) Values(class string) map[string]string {
	es := l.Entries(class)
	out := make(map[string]string, len(es))
	for _, e := range es {
		out[e.Form] = e.Value
	}
	return out
}

// Classes returns the documented classes in name order.
func (l *Lexicon) Classes() []Class {
	out := make([]Class, 0, len(l.classes))
	for _, c := range l.classes {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Class) int { return strings.Compare(a.Name, b.Name) })
	return out
}
