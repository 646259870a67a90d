package recognize

import (
	"slices"
	"testing"
)

// TestCommaEndsList: a name that is also a common word is a place when
// listed with places, but a comma alone lists it only inside a list: after
// the list's last place it starts a clause ("الرقة، تدمر المنازل").
func TestCommaEndsList(t *testing.T) {
	r := testRecognizer(t)
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"سقطت القذائف على الرقة، تدمر المنازل وتحرق الحقول", []string{"رقه"}},
		{"سقطت القذائف على الرقة، تدمر، وصور", []string{"رقه", "تدمر", "صور"}},
		{"سقطت القذائف على الرقة وتدمر", []string{"رقه", "تدمر"}},
	} {
		t.Run(tt.text, func(t *testing.T) {
			if got := recognized(r, tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
