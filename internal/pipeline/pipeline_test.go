package pipeline

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/paulmach/orb"
)

// Interface check: the store takes a Pipeline as its Processor.
var _ store.Processor = (*Pipeline)(nil)

func testPipeline() *Pipeline {
	g := gazetteer.New([]geo.Place{
		{ID: "test:raqqa", Name: "Ar Raqqah", NameAr: "الرقة", Kind: geo.KindCity, CountryCode: "SY", Point: orb.Point{39.01, 35.95}, Population: 200000},
		{ID: "test:idlib", Name: "Idlib", NameAr: "إدلب", Kind: geo.KindCity, CountryCode: "SY", Point: orb.Point{36.63, 35.93}, Population: 100000},
	})
	return New(geoparse.New(g, geoparse.Options{}), extract.New())
}

func TestProcess(t *testing.T) {
	p := testPipeline()
	tests := []struct {
		name  string
		art   geo.Article
		want  []string // place ids found
		error error
	}{
		{"headline and body", geo.Article{Title: "غارة جوية على مدينة الرقة", Text: "قصفت طائرات حربية أطراف إدلب صباح اليوم.",
			Published: time.Date(2024, 5, 5, 0, 0, 0, 0, time.UTC)}, []string{"test:raqqa", "test:idlib"}, nil},
		{"body only", geo.Article{Text: "اشتباكات في محيط الرقة."}, []string{"test:raqqa"}, nil},
		{"empty", geo.Article{Text: " "}, nil, geoparse.ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gp, _, err := p.Process(context.Background(), tt.art)
			if !errors.Is(err, tt.error) || (tt.error == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.error)
			}
			var got []string
			full := []rune(tt.art.FullText())
			for _, tp := range gp.Places {
				got = append(got, tp.Place.ID)
				for _, m := range tp.Mentions {
					// Offsets count in the full text, headline included.
					if string(full[m.Start:m.End]) != m.Text {
						t.Errorf("mention %+v does not match the text there: %q", m, string(full[m.Start:m.End]))
					}
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("places %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("places %v, want %v", got, tt.want)
				}
			}
		})
	}
}

// panicky panics inside the extractor's place: Process must turn it into
// an error for that article alone.
type panicky struct{}

func (panicky) Geoparse(context.Context, string, time.Time) (geo.Geoparse, error) {
	var s []int
	_ = s[3]
	return geo.Geoparse{}, nil
}

func TestProcessPanic(t *testing.T) {
	p := &Pipeline{parser: panicky{}, x: extract.New()}
	_, _, err := p.Process(context.Background(), geo.Article{Text: "نص"})
	if !errors.Is(err, ErrPanic) || !strings.Contains(err.Error(), "pipeline_test.go") {
		t.Errorf("err = %v, want ErrPanic naming the panicking line", err)
	}
}
