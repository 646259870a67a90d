package recognize

import (
	"testing"

	"github.com/incidentmap/incidentmap/geo/arabic"
)

// TestSides: the sides of its container the text puts a name on, from
// the direction words between them and the adjectives after the
// container; a list shares them.
func TestSides(t *testing.T) {
	r := testRecognizer(t)
	for _, tt := range []struct {
		text string
		want Sides
	}{
		{"قصف على الضيعة شمال شرق الرقة", North | East},
		{"قصف على الضيعة بريف الرقة الجنوبي", South},
		{"قصف على الضيعة والكرمة بريف الرقة الشمالي الغربي", North | West},
		{"قصف على الضيعة في الرقة", 0},
	} {
		t.Run(tt.text, func(t *testing.T) {
			cands := r.Recognize(tt.text, arabic.Tokens(tt.text))
			for _, c := range cands {
				if c.Within > 0 && c.Sides != tt.want {
					t.Errorf("%s: sides %b, want %b", c.Key, c.Sides, tt.want)
				}
			}
		})
	}
}
