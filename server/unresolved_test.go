package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/internal/pipeline"
)

// storeCut cuts text around its first occurrence of name as the store
// does: at most exampleContext code points each side, then trimmed.
func storeCut(text, name string) string {
	r := []rune(text)
	pos := len([]rune(text[:strings.Index(text, name)]))
	end := pos + len([]rune(name))
	from, to := max(0, pos-exampleContext), min(len(r), end+exampleContext)
	return strings.TrimSpace(string(r[from:to]))
}

func TestWholeWords(t *testing.T) {
	words := func(n int, w string) string { return strings.TrimSpace(strings.Repeat(w+" ", n)) }
	long := words(60, "قذيفة")  // 359 code points
	odd := words(60, "صاروخين") // cuts fall inside words
	tests := []struct {
		name, sentence, want string
	}{
		{"short sentence kept", "قصفت القوات بلدة كنصفرة أمس.", "قصفت القوات بلدة كنصفرة أمس."},
		{"name not found kept", "قصفت القوات بلدة أخرى.", "قصفت القوات بلدة أخرى."},
		{"both sides cut mid-word", storeCut(odd+" بلدة كنصفرة "+odd, "كنصفرة"), ""},
		{"start cut mid-word", storeCut(odd+" بلدة كنصفرة أمس.", "كنصفرة"), ""},
		{"end cut mid-word", storeCut("قصف بلدة كنصفرة "+odd, "كنصفرة"), ""},
		{"cut at word boundaries", storeCut(long+" بلدة كنصفرة "+long, "كنصفرة"), ""},
		{"end whole with its full stop", "قصف بلدة كنصفرة " + words(26, "قذيفة") + ".", "قصف بلدة كنصفرة " + words(26, "قذيفة") + "."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wholeWords(tt.sentence, "كنصفرة")
			if tt.want != "" {
				if got != tt.want {
					t.Errorf("got %q, want %q", got, tt.want)
				}
				return
			}
			checkWholeWords(t, got, tt.sentence, "كنصفرة")
		})
	}
}

// checkWholeWords checks that example, an example of name cut from
// sentence, holds the name and starts and ends with whole words of the
// sentence's own text, or "…" where it was cut.
func checkWholeWords(t *testing.T, example, source, name string) {
	t.Helper()
	if !strings.Contains(example, name) {
		t.Fatalf("%q lost the name", example)
	}
	inner := strings.TrimSuffix(strings.TrimPrefix(example, "… "), " …")
	if inner == example {
		t.Errorf("%q: a cut sentence carries no ellipsis", example)
	}
	fields := strings.Fields(inner)
	known := map[string]bool{}
	for _, w := range strings.Fields(source) {
		known[strings.TrimRight(w, ".،")] = true
	}
	for _, w := range []string{fields[0], fields[len(fields)-1]} {
		if !known[strings.TrimRight(w, ".،")] {
			t.Errorf("%q: %q is not a whole word of the text", example, w)
		}
	}
}

// TestUnresolvedExamplesWholeWords: through the real store, an unplaced
// name in a long sentence gets an example that starts and ends with
// whole words.
func TestUnresolvedExamplesWholeWords(t *testing.T) { forEngines(t, testUnresolvedExamplesWholeWords) }

func testUnresolvedExamplesWholeWords(t *testing.T, e testEngine) {
	parser, err := loadParser()
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	st := e.open(t)
	// Our own sentence: long on both sides of an invented village name.
	pad := strings.TrimSpace(strings.Repeat("وأفادت مصادر محلية بأن الأهالي نزحوا نحو المناطق المجاورة ", 5))
	text := "قصف مدفعي على قرية كفرزمردان\n" + pad + " بعد أن سقطت قذائف على قرية كفرزمردان " + pad + "."
	art := geo.Article{Title: "قصف مدفعي", Text: text, Published: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := st.Ingest(ctx, art, pipeline.New(parser, extract.New())); err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Store: st, Unresolved: st})
	if err != nil {
		t.Fatal(err)
	}
	resp := do(t, s, req{target: "/api/unresolved"})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	var got struct {
		Names []struct {
			Name     string   `json:"name"`
			Examples []string `json:"examples"`
		} `json:"names"`
	}
	if err := json.Unmarshal(body(t, resp), &got); err != nil {
		t.Fatal(err)
	}
	cut := 0
	for _, n := range got.Names {
		if !strings.Contains(n.Name, "زمردان") {
			continue
		}
		for _, ex := range n.Examples {
			if strings.Contains(ex, "…") {
				cut++
				checkWholeWords(t, ex, text, n.Name)
			}
		}
	}
	if cut == 0 {
		t.Fatalf("no cut example of the invented name among %+v", got.Names)
	}
}
