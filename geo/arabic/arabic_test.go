package arabic

import (
	"reflect"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"diacritics and tatweel", "دِمَشْقُ الشـــام", "دمشق الشام"},
		{"alef forms and ya", "أإآٱ مستشفى", "اااا مستشفي"},
		{"digits", "٣ قتلى و۱۲ جريحا", "3 قتلي و12 جريحا"},
		{"quotes", "«قسد» “الميادين”", "\"قسد\" \"الميادين\""},
		{"arabic comma", "حلب، إدلب", "حلب, ادلب"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, offsets := Normalize(tc.in)
			if got != tc.want {
				t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if n := utf8.RuneCountInString(got) + 1; len(offsets) != n {
				t.Fatalf("len(offsets) = %d, want %d", len(offsets), n)
			}
			if offsets[len(offsets)-1] != utf8.RuneCountInString(tc.in) {
				t.Errorf("last offset %d, want input length", offsets[len(offsets)-1])
			}
		})
	}
	t.Run("offsets map back", func(t *testing.T) {
		in := "مَدِينَةُ حلب"
		got, off := Normalize(in)
		runes := []rune(in)
		// "حلب" starts at rune 6 of the normalised text.
		if string([]rune(got)[6:9]) != "حلب" || string(runes[off[6]:off[9]]) != "حلب" {
			t.Errorf("offset map wrong: %v", off)
		}
	})
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"الرقّة", "الرقه"},
		{"سورية", "سوريه"},
		{"مؤتة", "موته"},
		{"  دير   الزور ", "دير الزور"},
		{"Ḩaţlah", "hatlah"},
		{"Ma‘arrat an-Nu‘man", "maarrat an numan"},
		{"کرمانشاه", "كرمانشاه"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := Fold(tc.in); got != tc.want {
				t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	in := "قصفٌ على «بدير الزور»، والبوكمال!"
	got := Tokens(in)
	want := []Token{
		{0, 4, "قصف", false, 0, true}, {5, 8, "علي", true, 0, false}, {10, 14, "بدير", true, 0, false}, {15, 20, "الزور", true, 0, false}, {23, 32, "والبوكمال", false, ',', false},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Tokens = %+v\nwant %+v", got, want)
	}
}

func TestReadings(t *testing.T) {
	tests := []struct {
		word string
		want Base // one reading that must be among the readings
	}{
		{"بدير", Base{"دير", 1, false, 'ب'}},
		{"والبوكمال", Base{"بوكمال", 1, true, 0}},
		{"للميادين", Base{"ميادين", 1, true, 'ل'}},
		{"وبالحسكه", Base{"حسكه", 2, true, 'ب'}},
		{"فلبنان", Base{"لبنان", 1, false, 0}},
		{"للبنان", Base{"لبنان", 1, false, 'ل'}},
		{"كدمشق", Base{"دمشق", 1, false, 'ك'}},
		{"حمص", Base{"حمص", 0, false, 0}},
		{"الرقه", Base{"رقه", 0, true, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.word, func(t *testing.T) {
			bs := Readings(tc.word)
			for i := 0; i < bs.Len(); i++ {
				if bs.At(i) == tc.want {
					return
				}
			}
			var all []Base
			for i := 0; i < bs.Len(); i++ {
				all = append(all, bs.At(i))
			}
			t.Errorf("Readings(%q) = %+v, want one %+v", tc.word, all, tc.want)
		})
	}
	t.Run("fewest clitics first", func(t *testing.T) {
		bs := Readings("بغداد")
		if bs.At(0).Stem != "بغداد" || bs.At(0).Clitics != 0 {
			t.Errorf("first reading %+v", bs.At(0))
		}
	})
}

func TestSkeleton(t *testing.T) {
	tests := []struct{ arabic, latin string }{
		{"حطلة", "Ḩaţlah"},
		{"البو كمال", "Āl Bū Kamāl"},
		{"الشحيل", "Ash Shuḩayl"},
		{"الميادين", "Al Mayādīn"},
		{"خشام", "Khushām"},
		{"دير الزور", "Dayr az Zawr"},
		{"القامشلي", "Al Qāmishlī"},
		{"تل أبيض", "Tall Abyaḑ"},
	}
	for _, tc := range tests {
		t.Run(tc.latin, func(t *testing.T) {
			a, l := Skeleton(Fold(tc.arabic)), Skeleton(Fold(tc.latin))
			if a != l || a == "" {
				t.Errorf("Skeleton(%q) = %q, Skeleton(%q) = %q", tc.arabic, a, tc.latin, l)
			}
		})
	}
}

func FuzzNormalize(f *testing.F) {
	f.Add("دِمَشْقُ «الشام» ١٢")
	f.Add("والبوكمال، للميادين")
	f.Add("\xff\xfe")
	f.Fuzz(func(t *testing.T, s string) {
		norm, off := Normalize(s)
		n := utf8.RuneCountInString(s)
		if len(off) != utf8.RuneCountInString(norm)+1 || off[len(off)-1] != n {
			t.Fatalf("offset map length")
		}
		for i := 1; i < len(off); i++ {
			if off[i] < off[i-1] || off[i] > n {
				t.Fatalf("offsets not monotone inside the input")
			}
		}
		for _, tok := range Tokens(s) {
			if tok.Start < 0 || tok.End > n || tok.Start >= tok.End || tok.Key == "" {
				t.Fatalf("bad token %+v of %q", tok, s)
			}
			bs := Readings(tok.Key)
			for i := 0; i < bs.Len(); i++ {
				if bs.At(i).Stem == "" {
					t.Fatal("empty reading")
				}
			}
		}
		_ = Skeleton(Fold(s))
	})
}
