package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
)

// write creates a file under dir with content and returns its path.
func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// result is an Item with its path made relative, for comparing.
type result struct {
	Where string
	Art   geo.Article
	Err   error
}

func readAll(dir, path string) []result {
	var out []result
	for it := range Read(path) {
		rel, _ := filepath.Rel(dir, it.Where)
		if rel == "" || rel[0] == '.' {
			rel = it.Where
		}
		out = append(out, result{Where: rel, Art: it.Article, Err: it.Err})
	}
	return out
}

func TestRead(t *testing.T) {
	const (
		title = "غارة على الرقة"
		body  = "قصفت طائرة مسيرة مبنى في الرقة.\nوأفاد مصدر بمقتل شخصين."
	)
	pub := time.Date(2024, 5, 5, 0, 0, 0, 0, time.UTC)
	pubTime := time.Date(2024, 5, 5, 14, 30, 0, 0, time.FixedZone("", 3*3600))
	tests := []struct {
		name, file, content string
		want                []result // Where relative to the test dir
	}{
		{"txt", "a.txt", title + "\n" + body + "\n", []result{{Where: "a.txt", Art: geo.Article{Title: title, Text: body}}}},
		{"txt with BOM, CRLF and leading blank lines", "a.txt", "\uFEFF\r\n\r\n" + title + "\r\n" + "قصفت طائرة مسيرة مبنى في الرقة." + "\r\n",
			[]result{{Where: "a.txt", Art: geo.Article{Title: title, Text: "قصفت طائرة مسيرة مبنى في الرقة."}}}},
		{"txt headline only", "a.txt", title, []result{{Where: "a.txt", Art: geo.Article{Title: title}}}},
		{"txt empty", "a.txt", " \n\n", []result{{Where: "a.txt", Err: ErrNoText}}},
		{"txt invalid UTF-8", "a.txt", title + "\n\xff\xfe", []result{{Where: "a.txt", Err: ErrEncoding}}},
		{"json object", "a.json", `{"title": "` + title + `", "text": "نص الخبر", "url": "https://example.org/1", "source": "وكالة أ", "published": "2024-05-05"}`,
			[]result{{Where: "a.json", Art: geo.Article{Title: title, Text: "نص الخبر", URL: "https://example.org/1", Outlet: "وكالة أ", Published: pub}}}},
		{"json RFC 3339 date", "a.json", `{"text": "نص الخبر", "published": "2024-05-05T14:30:00+03:00"}`,
			[]result{{Where: "a.json", Art: geo.Article{Text: "نص الخبر", Published: pubTime}}}},
		{"json null and empty date", "a.json", `[{"text": "نص أول", "published": null}, {"text": "نص ثان", "published": ""}]`,
			[]result{{Where: "a.json: item 1", Art: geo.Article{Text: "نص أول"}}, {Where: "a.json: item 2", Art: geo.Article{Text: "نص ثان"}}}},
		{"json array with bad items", "a.json", "[\n" +
			`{"title": "أ", "text": "نص أول"},` + "\n" +
			`{"title": "ب"},` + "\n" +
			`{"text": "نص", "published": "5 May 2024"},` + "\n" +
			`{"text": 42},` + "\n" +
			`"not an object",` + "\n" +
			`{"text": "نص ` + "\xff" + `"},` + "\n" +
			`{"title": "ج", "text": "نص ثالث", "extra": true}` + "\n]",
			[]result{
				{Where: "a.json: item 1", Art: geo.Article{Title: "أ", Text: "نص أول"}},
				{Where: "a.json: item 2", Err: ErrNoText},
				{Where: "a.json: item 3", Err: ErrDate},
				{Where: "a.json: item 4", Err: ErrJSON},
				{Where: "a.json: item 5", Err: ErrJSON},
				{Where: "a.json: item 6", Err: ErrEncoding},
				{Where: "a.json: item 7", Art: geo.Article{Title: "ج", Text: "نص ثالث"}},
			}},
		{"json malformed", "a.json", `{"text": "نص"`, []result{{Where: "a.json", Err: ErrJSON}}},
		{"json malformed array", "a.json", `[{"text": "نص"}`, []result{{Where: "a.json", Err: ErrJSON}}},
		{"json scalar", "a.json", `"نص"`, []result{{Where: "a.json", Err: ErrJSON}}},
		{"jsonl", "a.jsonl", "\uFEFF" + `{"title": "أ", "text": "نص أول", "published": "2024-05-05"}` + "\n\n" +
			`{"title": "ب", "text": ""}` + "\r\n" +
			`{"title": "ج", "text": "نص ثالث"` + "\n" +
			`{"title": "د", "text": "نص رابع ` + "\xff" + `"}` + "\n" +
			`{"title": "هـ", "text": "نص خامس", "published": "yesterday"}` + "\n" +
			`{"title": "و", "text": "نص سادس"}`,
			[]result{
				{Where: "a.jsonl:1", Art: geo.Article{Title: "أ", Text: "نص أول", Published: pub}},
				{Where: "a.jsonl:3", Err: ErrNoText},
				{Where: "a.jsonl:4", Err: ErrJSON},
				{Where: "a.jsonl:5", Err: ErrEncoding},
				{Where: "a.jsonl:6", Err: ErrDate},
				{Where: "a.jsonl:7", Art: geo.Article{Title: "و", Text: "نص سادس"}},
			}},
		{"unsupported extension", "a.md", "# عنوان", []result{{Where: "a.md", Err: ErrFormat}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			got := readAll(dir, write(t, dir, tt.file, tt.content))
			if len(got) != len(tt.want) {
				t.Fatalf("got %d items %+v, want %d", len(got), got, len(tt.want))
			}
			for i := range got {
				g, w := got[i], tt.want[i]
				if g.Where != w.Where || !errors.Is(g.Err, w.Err) || (w.Err == nil) != (g.Err == nil) {
					t.Errorf("item %d: %s, err %v; want %s, err %v", i, g.Where, g.Err, w.Where, w.Err)
				}
				if !g.Art.Published.Equal(w.Art.Published) {
					t.Errorf("item %d: published %v, want %v", i, g.Art.Published, w.Art.Published)
				}
				g.Art.Published, w.Art.Published = time.Time{}, time.Time{}
				if !reflect.DeepEqual(g.Art, w.Art) {
					t.Errorf("item %d: %+v, want %+v", i, g.Art, w.Art)
				}
			}
		})
	}
}

func TestReadMissingFile(t *testing.T) {
	for _, name := range []string{"none.txt", "none.json", "none.jsonl"} {
		t.Run(name, func(t *testing.T) {
			got := readAll("", filepath.Join(t.TempDir(), name))
			if len(got) != 1 || !errors.Is(got[0].Err, os.ErrNotExist) {
				t.Errorf("got %+v, want one not-exist error", got)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		err  error
	}{
		{"", time.Time{}, nil},
		{" 2024-02-29 ", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), nil},
		{"2024-05-05T10:00:00Z", time.Date(2024, 5, 5, 10, 0, 0, 0, time.UTC), nil},
		{"2023-02-29", time.Time{}, ErrDate},
		{"2024-05-05 10:00", time.Time{}, ErrDate},
		{"05/05/2024", time.Time{}, ErrDate},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) || !got.Equal(tt.want) {
				t.Errorf("ParseDate(%q) = %v, %v; want %v, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b/2.json", "b/1.txt", "a.jsonl", "c/d/3.txt", "notes.md", ".hidden/4.txt", "b/.5.txt", "B.TXT"} {
		write(t, dir, name, "x")
	}
	single := write(t, t.TempDir(), "readme.md", "x")
	var failed []string
	got := Files([]string{dir, single, filepath.Join(dir, "missing")}, func(p string, err error) { failed = append(failed, p) })
	var rel []string
	for _, p := range got {
		if r, err := filepath.Rel(dir, p); err == nil && r[0] != '.' {
			p = r
		}
		rel = append(rel, p)
	}
	want := []string{"B.TXT", "a.jsonl", "b/1.txt", "b/2.json", "c/d/3.txt", single}
	if !reflect.DeepEqual(rel, want) {
		t.Errorf("Files = %v, want %v", rel, want)
	}
	if len(failed) != 1 || filepath.Base(failed[0]) != "missing" {
		t.Errorf("failed = %v, want the missing path", failed)
	}
}
