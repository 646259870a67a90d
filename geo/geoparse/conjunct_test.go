package geoparse_test

import "testing"

// TestConjunctionOnTwoLetterHead: و or ف written on a two-letter head
// (تل، أم) makes a word of three letters that word readings leave whole;
// the name it starts is still found.
func TestConjunctionOnTwoLetterHead(t *testing.T) {
	for _, tt := range []struct{ text, name string }{
		{"تبادلت الفصائل القصف مع مواقع في منبج وتل رفعت طوال اليوم", "وتل رفعت"},
		{"أغلقت السلطات موانئ البصرة وأم قصر بسبب العاصفة", "وأم قصر"},
	} {
		t.Run(tt.text, func(t *testing.T) {
			if found(parse(t, tt.text), tt.name) == nil {
				t.Errorf("%q not found: %v", tt.name, names(parse(t, tt.text)))
			}
		})
	}
}
