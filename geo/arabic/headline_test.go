package arabic

import "testing"

func TestHeadline(t *testing.T) {
	for _, tc := range []struct {
		name, text, want string // want "" for no headline
	}{
		{"the first line", "قصف مدفعي على أطراف بلدة في الريف الغربي\nسقطت قذائف على البلدة صباح اليوم.", "قصف مدفعي على أطراف بلدة في الريف الغربي"},
		{"leading blank lines", "\n\n  غارة جوية على مستودع للذخيرة\nوقالت مصادر إن الغارة دمرت المستودع.", "غارة جوية على مستودع للذخيرة"},
		{"another script", "[untitled]\nغارة جوية على مستودع للذخيرة شمال المدينة", ""},
		{"empty", "  \n ", ""},
		{"a kicker of two words", "أخبار محلية\n\nانفجار عبوة ناسفة بدورية للشرطة على طريق المطار\nوقع الانفجار ظهر اليوم.", "انفجار عبوة ناسفة بدورية للشرطة على طريق المطار"},
		{"a kicker of one word and a colon", "عاجل:\nمسيرة تستهدف سيارة على الطريق الساحلي", "مسيرة تستهدف سيارة على الطريق الساحلي"},
		{"a short headline over a paragraph", "حريق المصفاة\nاندلع حريق كبير في المصفاة بعد سقوط قذيفة على أحد خزاناتها صباح اليوم.", "حريق المصفاة"},
		{"a short line over a short line", "حريق المصفاة\nالدفاع المدني", "حريق المصفاة"},
		{"a three-word headline is no kicker", "الجيش يقصف القرية\nغارات متواصلة على القرية منذ الفجر", "الجيش يقصف القرية"},
		{"a kicker over a line of another script", "أخبار محلية\n[untitled]", "أخبار محلية"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, e, ok := Headline(tc.text)
			got := ""
			if ok {
				got = string([]rune(tc.text)[s:e])
			}
			if got != tc.want {
				t.Errorf("headline %q, want %q", got, tc.want)
			}
		})
	}
}

// FuzzHeadline: any text gives a span inside it, on one line.
func FuzzHeadline(f *testing.F) {
	for _, s := range []string{"", "\n", "عاجل\nقصف على حلب", "[untitled]\nنص", "أ\n\n\nب ج د"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start, end, ok := Headline(s)
		n := len([]rune(s))
		if !ok {
			return
		}
		if start < 0 || end > n || start >= end {
			t.Fatalf("span [%d, %d) of %d runes", start, end, n)
		}
		for _, r := range []rune(s)[start:end] {
			if r == '\n' {
				t.Fatalf("span [%d, %d) crosses a line", start, end)
			}
		}
	})
}
