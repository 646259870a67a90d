package geonames

import "testing"

func TestBestArabic(t *testing.T) {
	tests := []struct {
		name  string
		cands []candidate
		latin string
		want  string
	}{
		{"none", nil, "X", ""},
		{"arabic letters beat persian ones", []candidate{{name: "کرکوک"}, {name: "كركوك"}}, "Kirkuk", "كركوك"},
		{"kurdish ta marbuta is not arabic", []candidate{{name: "كةربالا"}, {name: "كربلاء"}}, "Karbala", "كربلاء"},
		{"diacritic variants count together", []candidate{{name: "حَمَاة"}, {name: "حماة"}, {name: "حماه"}}, "Hama", "حماة"},
		{"plainest spelling shown", []candidate{{name: "حَمَاة"}, {name: "حَمَاةُ"}}, "Hama", "حَمَاة"},
		{"sounds like the latin name", []candidate{{name: "تل عمار"}, {name: "عريقة"}}, "‘Arīqah", "عريقة"},
		{"article ignored", []candidate{{name: "الشحيل"}, {name: "ذيبان"}}, "Ash Shuḩayl", "الشحيل"},
		{"stray one-letter word", []candidate{{name: "د مشق"}, {name: "دمشق"}}, "Damascus", "دمشق"},
		{"words kept apart", []candidate{{name: "عينالعرب"}, {name: "عين العرب"}}, "Ayn al Arab", "عين العرب"},
		{"preferred arabic tag wins", []candidate{{name: "تدمر", lang: "ar", preferred: true}, {name: "بالميرا"}, {name: "بالميرا", lang: "fa"}}, "Palmyra", "تدمر"},
		{"current beats historic", []candidate{{name: "قديم", lang: "ar", historic: true}, {name: "جديد", lang: "ar"}}, "", "جديد"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bestArabic(tt.cands, tt.latin); got != tt.want {
				t.Errorf("bestArabic = %q, want %q", got, tt.want)
			}
			// The choice must not depend on the order of the input.
			rev := make([]candidate, len(tt.cands))
			for i, c := range tt.cands {
				rev[len(rev)-1-i] = c
			}
			if got := bestArabic(rev, tt.latin); got != tt.want {
				t.Errorf("reversed: bestArabic = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSkeletons(t *testing.T) {
	tests := []struct{ arabic, latin, want string }{
		{"عريقة", "‘Arīqah", "rk"},
		{"دير الزور", "Dayr az Zawr", "drzr"},
		{"الرقة", "Ar Raqqah", "rk"},
		{"حلب", "Ḩalab", "hlb"},
	}
	for _, tt := range tests {
		t.Run(tt.latin, func(t *testing.T) {
			if a := arabicSkeleton(tt.arabic); a != tt.want {
				t.Errorf("arabicSkeleton(%q) = %q, want %q", tt.arabic, a, tt.want)
			}
			if l := latinSkeleton(tt.latin); l != tt.want {
				t.Errorf("latinSkeleton(%q) = %q, want %q", tt.latin, l, tt.want)
			}
		})
	}
}
