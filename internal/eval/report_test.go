package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenReport scores both fixture articles with a system that makes every
// kind of mistake once.
func goldenReport(t *testing.T) *Report {
	t.Helper()
	set, err := Load(writeSet(t, fixtureArticle(t, "a1"), secondArticle(t)))
	if err != nil {
		t.Fatal(err)
	}
	set.Dir = "testdata/fixture" // the temp dir differs on every run
	m1 := func(sub string, nth int) geo.Mention { return mention(t, fixtureText, sub, nth) }
	m2 := func(sub string, nth int) geo.Mention { return mention(t, secondText, sub, nth) }
	p := &fakeGeoparser{byText: map[string]geo.Geoparse{
		fixtureText: {
			Places: []geo.Toponym{
				top(place("geonames:1", "Deir ez-Zor", ptDeir), m1("بدير الزور", 0), m1("دير الزور", 1)),
				top(place("geonames:9", "Somewhere", offset(ptBukamal, 40)), m1("البوكمال", 0)),
				top(place("geonames:3", "Washington", ptWash), m1("واشنطن", 0)),
				top(place("geonames:7", "Tayarat", ptDeir), m1("طائرات", 0)),
			},
			Unresolved: []geo.Toponym{top(nil, m1("سوريا", 0)), top(nil, m1("قذائف", 0))},
		},
		secondText: {Places: []geo.Toponym{
			top(place("geonames:170063", "Aleppo", ptAleppo), m2("حلب", 0), m2("حلب", 1)),
		}},
	}}
	rep, err := Score(context.Background(), set, p)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestReportOutput(t *testing.T) {
	rep := goldenReport(t)
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"report.txt", func(b *bytes.Buffer) error { return rep.WriteText(b) }},
		{"report.json", func(b *bytes.Buffer) error {
			enc := json.NewEncoder(b)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			return enc.Encode(rep)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("output differs from %s (run with -update to accept):\n%s", path, b.String())
			}
		})
	}
}

// failWriter fails every write, as a closed pipe would.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteTextError(t *testing.T) {
	if err := goldenReport(t).WriteText(failWriter{}); err != os.ErrClosed {
		t.Errorf("WriteText = %v, want %v", err, os.ErrClosed)
	}
}
