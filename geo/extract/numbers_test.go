package extract

import "testing"

func TestNumber(t *testing.T) {
	x := New()
	tests := []struct {
		text string
		want int // 0: no number
		n    int // tokens read
	}{
		{"12 جنديا", 12, 1},
		{"لـ11 قرية", 11, 1},
		{"ثلاثة عناصر", 3, 1},
		{"بثلاث غارات", 3, 1},
		{"تسعة وخمسين أميركيا", 59, 2},
		{"خمسة وخمسين هجوما", 55, 2},
		{"ثلاثة عشر مدنيا", 13, 2},
		{"اثنا عشر جنديا", 12, 2},
		{"مئة وعشرين شخصا", 120, 2},
		{"15 ألف مقاتل", 15000, 2},
		{"عشرات الجنود", 0, 0},
		{"الأحد الماضي", 0, 0},
		{"وخمسين", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			d := newDoc(tc.text, x.ix)
			v, n := x.number(d, 0)
			if v != tc.want || n != tc.n {
				t.Errorf("number(%q) = %d over %d tokens, want %d over %d", tc.text, v, n, tc.want, tc.n)
			}
		})
	}
}

func TestDigits(t *testing.T) {
	tests := []struct {
		key  string
		want int
		ok   bool
	}{
		{"2023", 2023, true}, {"ب9", 9, true}, {"ل11", 11, true}, {"9x", 0, false}, {"قرية", 0, false}, {"", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.key, func(t *testing.T) {
			if v, ok := digits(tc.key); v != tc.want || ok != tc.ok {
				t.Errorf("digits(%q) = %d, %v; want %d, %v", tc.key, v, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestCompatibleDates(t *testing.T) {
	today := dateRef{key: "d:2023-11-09", current: true}
	past := dateRef{key: "x:03-25"}
	none := dateRef{}
	tests := []struct {
		name string
		a, b dateRef
		want bool
	}{
		{"same day", today, today, true},
		{"unknown and today", none, today, true},
		{"unknown and a past date", none, past, false},
		{"two days", today, past, false},
		{"both unknown", none, none, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := compatible(tc.a, tc.b); got != tc.want {
				t.Errorf("compatible = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestPartitiveCount(t *testing.T) {
	x := New()
	tests := []struct {
		text            string
		killed, injured int // -1: none
	}{
		{"قال المسؤول إن أربعة من عناصر الحركة لقوا حتفهم في الغارة", 4, -1},
		{"وأكد أن خمسة من الجنود أصيبوا بجروح", -1, 5},
		{"أسفر الانفجار عن مقتل 5 وإصابة 14 آخرين", 5, 14},
		{"سجلت المستشفيات 23 إصابة بعد القصف", -1, 23},
		{"وأفاد مصدر بأن اثنين من ضباط الجيش قتلوا", 2, -1},
		{"تسعة من مقاتلي قوات الدعم السريع قتلوا أمس", 9, -1},
		{"سقطت ثلاثة من القذائف قرب السوق", -1, -1},
		{"اعتقلت الشرطة ستة من عناصر الخلية", -1, -1},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			d := newDoc(tc.text, x.ix)
			k, i := x.casualties(d, 0, len(d.toks))
			if got := deref(k); got != tc.killed {
				t.Errorf("killed %d, want %d", got, tc.killed)
			}
			if got := deref(i); got != tc.injured {
				t.Errorf("injured %d, want %d", got, tc.injured)
			}
		})
	}
}

func deref(p *int) int {
	if p == nil {
		return -1
	}
	return *p
}
