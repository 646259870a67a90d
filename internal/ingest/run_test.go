package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/store/sqlite"
)

// memSink stores articles in memory: existed by title, and fails as told
// by the text.
type memSink struct {
	titles map[string]bool
}

func (m *memSink) Ingest(_ context.Context, art geo.Article, _ store.Processor) (store.Result, error) {
	switch {
	case strings.Contains(art.Text, "يفشل المعالج"):
		return store.Result{}, fmt.Errorf("%w: cannot parse", store.ErrProcess)
	case strings.Contains(art.Text, "القرص ممتلئ"):
		return store.Result{}, errors.New("disk full")
	case m.titles[art.Title]:
		return store.Result{Existed: true}, nil
	}
	m.titles[art.Title] = true
	return store.Result{ArticleID: art.Title}, nil
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "in/1.txt", "خبر أول\nنص الخبر الأول.")
	write(t, dir, "in/2.txt", "خبر أول\nنص الخبر الأول.") // same title: existed
	write(t, dir, "in/3.txt", "")
	write(t, dir, "in/sub/4.jsonl", `{"title": "خبر ثان", "text": "نص"}`+"\n"+`{"title": "خبر ثالث"}`+"\n"+`{"title": "خبر رابع", "text": "يفشل المعالج هنا"}`)
	write(t, dir, "in/5.json", `[{"title": "خبر خامس", "text": "نص", "published": "أمس"}, {"title": "خبر سادس", "text": "نص"}]`)
	write(t, dir, "in/6.md", "ignored in folders")
	var errs bytes.Buffer
	c, err := Run(context.Background(), &memSink{titles: map[string]bool{}}, nil,
		[]string{filepath.Join(dir, "in"), filepath.Join(dir, "nope.txt")}, Options{Errors: &errs, Progress: &bytes.Buffer{}})
	if err != nil {
		t.Fatal(err)
	}
	want := Counts{Files: 5, Read: 5, New: 3, Existed: 1, Failed: 5}
	if c != want {
		t.Errorf("counts %+v, want %+v", c, want)
	}
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(errs.String(), dir+string(filepath.Separator), "")), "\n")
	wantLines := []string{
		"nope.txt: stat ",
		"in/3.txt: missing text",
		"in/5.json: item 1: unparseable date",
		"in/sub/4.jsonl:2: missing text",
		"in/sub/4.jsonl:3: store: processing failed: cannot parse",
	}
	if len(lines) != len(wantLines) {
		t.Fatalf("error lines:\n%s", errs.String())
	}
	for i := range lines {
		if !strings.HasPrefix(lines[i], wantLines[i]) {
			t.Errorf("error line %d = %q, want it to start with %q", i, lines[i], wantLines[i])
		}
	}
}

func TestRunStopsOnStoreError(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "1.jsonl", `{"title": "أ", "text": "نص"}`+"\n"+`{"title": "ب", "text": "القرص ممتلئ"}`+"\n"+`{"title": "ج", "text": "نص"}`)
	c, err := Run(context.Background(), &memSink{titles: map[string]bool{}}, nil, []string{dir}, Options{})
	if err == nil || !strings.Contains(err.Error(), "1.jsonl:2: disk full") {
		t.Errorf("err = %v, want the store's error at 1.jsonl:2", err)
	}
	if c.New != 1 || c.Read != 2 {
		t.Errorf("counts %+v, want 1 new of 2 read", c)
	}
}

func TestRunCancelled(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "1.txt", "أ\nنص")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, &memSink{titles: map[string]bool{}}, nil, []string{dir}, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestRunStore ingests into a real store twice: everything existed the
// second time.
func TestRunStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	write(t, dir, "a.txt", "اشتباكات في ريف حلب\nاندلعت اشتباكات عنيفة صباح اليوم.")
	write(t, dir, "b.jsonl", `{"title": "قصف على إدلب", "text": "قصفت المدفعية أطراف المدينة.", "source": "وكالة أ", "published": "2024-03-01"}`+"\n"+
		`{"title": "انفجار في بغداد", "text": "انفجرت عبوة ناسفة.", "url": "https://example.org/x"}`)
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "im.db"), sqlite.Options{SyncNormal: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var nothing nopProcessor
	for i, want := range []Counts{{Files: 2, Read: 3, New: 3}, {Files: 2, Read: 3, Existed: 3}} {
		c, err := Run(ctx, s, nothing, []string{dir}, Options{})
		if err != nil || c != want {
			t.Errorf("run %d: %+v, %v; want %+v", i+1, c, err, want)
		}
	}
	st, err := s.Stats(ctx)
	if err != nil || st.Articles != 3 {
		t.Errorf("stats %+v, %v; want 3 articles", st, err)
	}
}

type nopProcessor struct{}

func (nopProcessor) Process(context.Context, geo.Article) (geo.Geoparse, []geo.Incident, error) {
	return geo.Geoparse{}, nil, nil
}

func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	p := &progress{w: &buf, now: func() time.Time { return now }}
	steps := []struct {
		advance time.Duration
		c       Counts
		want    string // appended to the output
	}{
		{0, Counts{Files: 1, Read: 1, New: 1}, "\r1 files, 1 articles: 1 new, 0 existed, 0 failed"},
		{100 * time.Millisecond, Counts{Files: 1, Read: 2, New: 2}, ""}, // too soon
		{150 * time.Millisecond, Counts{Files: 1, Read: 3, New: 3}, "\r1 files, 3 articles: 3 new, 0 existed, 0 failed"},
	}
	for i, s := range steps {
		before := buf.Len()
		now = now.Add(s.advance)
		p.update(s.c)
		if got := buf.String()[before:]; got != s.want {
			t.Errorf("step %d wrote %q, want %q", i, got, s.want)
		}
	}
	before := buf.Len()
	p.clear()
	if got := buf.String()[before:]; got != "\r"+strings.Repeat(" ", len("1 files, 3 articles: 3 new, 0 existed, 0 failed"))+"\r" {
		t.Errorf("clear wrote %q", got)
	}
	// Not a terminal: nothing at all.
	var file bytes.Buffer
	q := newProgress(&file, time.Now)
	q.update(Counts{Read: 1})
	q.clear()
	if file.Len() != 0 {
		t.Errorf("progress wrote %q to a non-terminal", file.String())
	}
}
