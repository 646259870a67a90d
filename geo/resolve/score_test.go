package resolve

import (
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
)

// TestStrippedScore: a place found by its name without its class word
// loses its main-name bonus and a little more unless the cue is that
// class word (or its plural or dual).
func TestStrippedScore(t *testing.T) {
	crossing := &geo.Place{NameAr: "معبر الوادي", Names: []string{"Wadi crossing"}}
	stripped := gazetteer.Entry{Flags: gazetteer.ClassStripped | gazetteer.Primary}
	whole := gazetteer.Entry{Flags: gazetteer.Primary}
	for _, tt := range []struct {
		name string
		e    gazetteer.Entry
		cue  string
		want float64
	}{
		{"after its own class word", stripped, "معبر", 0},
		{"after the dual of its class word", stripped, "معبري", 0},
		{"after another class word", stripped, "منطقه", wOtherClass - wPrimaryName},
		{"named whole", whole, "منطقه", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := strippedScore(crossing, tt.e, "وادي", tt.cue); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
