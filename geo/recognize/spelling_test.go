package recognize

import (
	"testing"

	"github.com/incidentmap/incidentmap/geo/arabic"
)

// TestHamzaRulesOutCue: a word whose written hamza sits where a word of
// place has another seat is a different word ("إحياء" a commemoration,
// "أحياء" quarters); one written without hamza may be either.
func TestHamzaRulesOutCue(t *testing.T) {
	r := testRecognizer(t)
	for _, tt := range []struct {
		name, text string
		cue        string // the cue of the name after the word, "" for none
	}{
		{"the cue as written", "قصف الطيران أحياء حلب", "أحياء"},
		{"the cue without its hamza", "قصف الطيران احياء حلب", "احياء"},
		{"the cue with its conjunction", "هدأت وأحياء حلب", "وأحياء"},
		{"hamza below: a commemoration", "بعد إحياء حلب ذكرى الحصار", ""},
		{"hamza below after a preposition", "شارك في احتفال بإحياء حلب ذكرى الحصار", ""},
		{"a region cue written with its hamza", "وصل الوفد إلى إقليم الرقة", "إقليم"},
		{"a region cue with the wrong seat", "وصل الوفد إلى أقليم الرقة", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cands := r.Recognize(tt.text, arabic.Tokens(tt.text))
			if len(cands) != 1 {
				t.Fatalf("%q: %d candidates, want 1", tt.text, len(cands))
			}
			c := cands[0]
			cue := ""
			if c.CueEnd > c.CueStart {
				cue = string([]rune(tt.text)[c.CueStart:c.CueEnd])
			}
			if cue != tt.cue {
				t.Errorf("%q: cue %q, want %q", tt.text, cue, tt.cue)
			}
		})
	}
}
