package extract_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo"
)

// TestListedPlaceNamedWithClassWord: a table may name a village with its
// class word ("قرية X"); listed after a plural cue ("قرى Y وX") the
// mention is the bare name with its conjunction, which joins the list:
// each village is a target.
func TestListedPlaceNamedWithClassWord(t *testing.T) {
	text := "قصفت المدفعية صباح اليوم قرى المنارة وبارين في ريف حماة"
	manara := place("manara", "المنارة", geo.KindVillage, "SY", 36.60, 35.20)
	barin := place("barin", "قرية بارين", geo.KindVillage, "SY", 36.62, 35.25)
	mention := func(w string) geo.Mention {
		i := strings.Index(text, w)
		start := utf8.RuneCountInString(text[:i])
		return geo.Mention{Start: start, End: start + utf8.RuneCountInString(w), Text: w}
	}
	gp := built(text, manara, hama)
	gp.Places = append(gp.Places, geo.Toponym{Place: barin, Confidence: 0.9, Cue: "قرى", Mentions: []geo.Mention{mention("وبارين")}})
	got := map[string]bool{}
	for _, in := range extracted(t, text, time.Time{}, gp) {
		got[in.PlaceText] = true
	}
	for _, want := range []string{"المنارة", "بارين"} {
		if !got[want] {
			t.Errorf("no incident at %s; got %v", want, got)
		}
	}
}
