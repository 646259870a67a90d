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

// TestProcliticOnTwoLetterCue: a preposition or و written on a two-letter
// cue or head (بحي، وحي، بسد، بتل) still introduces the name after it.
func TestProcliticOnTwoLetterCue(t *testing.T) {
	for _, tt := range []struct{ text, name string }{
		{"انفجرت عبوة ناسفة بحي الزهور في الموصل", "بحي الزهور"},
		{"تصاعد الدخان فوق منشآت بسد الفرات", "بسد الفرات"},
		{"اندلعت مواجهات بتل أبيض عند الحدود", "بتل أبيض"},
	} {
		t.Run(tt.text, func(t *testing.T) {
			if found(parse(t, tt.text), tt.name) == nil {
				t.Errorf("%q not found: %v", tt.name, names(parse(t, tt.text)))
			}
		})
	}
	gp := parse(t, "قصفت المدفعية ساحة المدينة وحي الرصافة القديم")
	ok := false
	for _, u := range gp.Unresolved {
		ok = ok || u.Cue == "وحي"
	}
	for _, p := range gp.Places {
		ok = ok || p.Cue == "وحي"
	}
	if !ok {
		t.Errorf("the quarter after وحي not found: %v", names(gp))
	}
}
