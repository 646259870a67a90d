package recognize

import (
	"slices"
	"testing"
)

// TestOutletTold: an outlet named after a town (قناة الميادين), written
// bare with ل right after a word of saying and its subject, is who was
// told; ل of motion still reaches the town.
func TestOutletTold(t *testing.T) {
	r := testRecognizer(t)
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"وقال مسؤول للميادين إن القصف استمر", nil},
		{"وأكدت مصادر مطلعة للميادين أن الهجوم فشل", nil},
		{"وصلت التعزيزات للميادين أمس", []string{"ميادين"}},
		{"أكد وصول التعزيزات للميادين", []string{"ميادين"}},
	} {
		t.Run(tt.text, func(t *testing.T) {
			if got := recognized(r, tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
