package geoparse_test

import "testing"

// TestWordsOfEntiretyAfterCue: "بأكملها", "بأسرها", "برمتها" after a
// plural cue say "whole", not a name the gazetteer lacks.
func TestWordsOfEntiretyAfterCue(t *testing.T) {
	wantNoPlace(t,
		"تعرضت أحياء بأكملها لقصف مدفعي عنيف",
		"دمرت الغارات قرى بأسرها خلال أسبوع",
		"هُجرت بلدات برمتها بعد المعارك",
	)
}
