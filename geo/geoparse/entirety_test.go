package geoparse_test

import "testing"

// TestWordsOfEntiretyAfterCue: "بأكملها", "بأسرها", "برمتها" after a
// plural cue say "whole", not a name the gazetteer lacks.
func TestWordsOfEntiretyAfterCue(t *testing.T) {
	for _, text := range []string{
		"تعرضت أحياء بأكملها لقصف مدفعي عنيف",
		"دمرت الغارات قرى بأسرها خلال أسبوع",
		"هُجرت بلدات برمتها بعد المعارك",
	} {
		t.Run(text, func(t *testing.T) {
			if gp := parse(t, text); len(gp.Places)+len(gp.Unresolved) > 0 {
				t.Errorf("want no place, got %v", names(gp))
			}
		})
	}
}
