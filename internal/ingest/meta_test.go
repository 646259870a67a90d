package ingest

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// TestTextMeta: a .txt article takes its date, URL and outlet from front
// matter or from its sidecar NAME.meta.json.
func TestTextMeta(t *testing.T) {
	day := time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)
	const body = "غارة على الرقة\nقصفت طائرة مسيرة مبنى في الرقة."
	want := geo.Article{Title: "غارة على الرقة", Text: "قصفت طائرة مسيرة مبنى في الرقة."}
	tests := []struct {
		name    string
		files   map[string]string
		want    geo.Article
		wantErr error
	}{
		{"front matter", map[string]string{"a.txt": "---\npublished: 2024-05-06\nurl: https://example.org/a\nsource: \"وكالة أ\"\n---\n" + body},
			geo.Article{Title: want.Title, Text: want.Text, Published: day, URL: "https://example.org/a", Outlet: "وكالة أ"}, nil},
		{"front matter with a BOM and CRLF", map[string]string{"a.txt": "\uFEFF---\r\ndate: 2024-05-06\r\n---\r\n" + body},
			geo.Article{Title: want.Title, Text: want.Text, Published: day}, nil},
		{"sidecar", map[string]string{"a.txt": body, "a.meta.json": `{"published": "2024-05-06", "source": "وكالة أ"}`},
			geo.Article{Title: want.Title, Text: want.Text, Published: day, Outlet: "وكالة أ"}, nil},
		{"both agreeing", map[string]string{"a.txt": "---\npublished: 2024-05-06\n---\n" + body, "a.meta.json": `{"published": "2024-05-06"}`},
			geo.Article{Title: want.Title, Text: want.Text, Published: day}, nil},
		{"both disagreeing", map[string]string{"a.txt": "---\npublished: 2024-05-06\n---\n" + body, "a.meta.json": `{"published": "2024-05-07"}`}, geo.Article{}, ErrMeta},
		{"unknown front matter key", map[string]string{"a.txt": "---\nauthor: x\n---\n" + body}, geo.Article{}, ErrMeta},
		{"unclosed front matter", map[string]string{"a.txt": "---\npublished: 2024-05-06\n" + body}, geo.Article{}, ErrMeta},
		{"bad date in front matter", map[string]string{"a.txt": "---\npublished: yesterday\n---\n" + body}, geo.Article{}, ErrDate},
		{"unknown sidecar field", map[string]string{"a.txt": body, "a.meta.json": `{"date": "2024-05-06"}`}, geo.Article{}, ErrMeta},
		{"no meta", map[string]string{"a.txt": body}, want, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tt.files {
				write(t, dir, name, content)
			}
			got := readAll(dir, filepath.Join(dir, "a.txt"))
			if len(got) != 1 {
				t.Fatalf("%d items", len(got))
			}
			if !errors.Is(got[0].Err, tt.wantErr) || (tt.wantErr == nil) != (got[0].Err == nil) {
				t.Fatalf("err %v, want %v", got[0].Err, tt.wantErr)
			}
			if tt.wantErr == nil && (got[0].Art.Title != tt.want.Title || got[0].Art.Text != tt.want.Text || !got[0].Art.Published.Equal(tt.want.Published) ||
				got[0].Art.URL != tt.want.URL || got[0].Art.Outlet != tt.want.Outlet) {
				t.Errorf("%+v, want %+v", got[0].Art, tt.want)
			}
		})
	}
	// A folder's sidecars are not articles; one given by name is refused.
	dir := t.TempDir()
	write(t, dir, "in/a.txt", body)
	side := write(t, dir, "in/a.meta.json", `{"published": "2024-05-06"}`)
	if files := Files([]string{filepath.Join(dir, "in")}, func(string, error) {}); len(files) != 1 || !strings.HasSuffix(files[0], "a.txt") {
		t.Errorf("files %v, want only a.txt", files)
	}
	if got := readAll(dir, side); len(got) != 1 || !errors.Is(got[0].Err, ErrSidecar) {
		t.Errorf("a sidecar given by name: %+v", got)
	}
}

// recSink records what it is given.
type recSink struct{ arts []geo.Article }

func (r *recSink) Ingest(_ context.Context, art geo.Article, _ store.Processor) (store.Result, error) {
	r.arts = append(r.arts, art)
	return store.Result{ArticleID: art.Title}, nil
}

// TestRunStdinAndPublished: "-" reads standard input in the format its
// content shows, and Options.Published dates the articles that give no
// date of their own.
func TestRunStdinAndPublished(t *testing.T) {
	day := time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)
	own := time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, stdin string
		titles      []string
		dates       []time.Time
	}{
		{"text", "خبر\nنص الخبر.", []string{"خبر"}, []time.Time{day}},
		{"text with front matter", "---\npublished: 2023-01-02\n---\nخبر\nنص الخبر.", []string{"خبر"}, []time.Time{own}},
		{"JSON Lines", `{"title":"أ","text":"نص"}` + "\n" + `{"title":"ب","text":"نص","published":"2023-01-02"}` + "\n", []string{"أ", "ب"}, []time.Time{day, own}},
		{"one JSON object over lines", "{\n  \"title\": \"أ\",\n  \"text\": \"نص\"\n}\n", []string{"أ"}, []time.Time{day}},
		{"JSON array", `[{"title":"أ","text":"نص"},{"title":"ب","text":"نص"}]`, []string{"أ", "ب"}, []time.Time{day, day}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sink recSink
			var errs bytes.Buffer
			c, err := Run(context.Background(), &sink, nil, []string{Stdin}, Options{Stdin: strings.NewReader(tt.stdin), Published: day, Errors: &errs})
			if err != nil || c.Failed != 0 {
				t.Fatalf("%v %+v: %s", err, c, errs.String())
			}
			if len(sink.arts) != len(tt.titles) {
				t.Fatalf("%d articles, want %d", len(sink.arts), len(tt.titles))
			}
			for i, a := range sink.arts {
				if a.Title != tt.titles[i] || !a.Published.Equal(tt.dates[i]) {
					t.Errorf("article %d: %q %v, want %q %v", i, a.Title, a.Published, tt.titles[i], tt.dates[i])
				}
			}
		})
	}
	var errs bytes.Buffer
	if c, _ := Run(context.Background(), &recSink{}, nil, []string{Stdin}, Options{Errors: &errs}); c.Failed != 1 {
		t.Errorf("no stdin: %+v", c)
	}
}
