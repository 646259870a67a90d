package recognize

import (
	"testing"

	"github.com/incidentmap/incidentmap/geo/arabic"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
)

// TestFoldedKey: foldedKey of a folded name is gazetteer.Key of it.
func TestFoldedKey(t *testing.T) {
	for _, name := range []string{"الضفة الغربية", "حلب", "ال", "البو كمال", "دير الزور", "الرقة", "ألف"} {
		f := arabic.Fold(name)
		if want, _ := gazetteer.Key(f); foldedKey(f) != want {
			t.Errorf("foldedKey(%q) = %q, want %q", f, foldedKey(f), want)
		}
	}
}
