package geonames

import "testing"

func TestBestArabic(t *testing.T) {
	tests := []struct {
		name      string
		cands     []candidate
		latin     string
		want      string
		romanised bool
	}{
		{"none", nil, "X", "", false},
		{"arabic letters beat persian ones", []candidate{{name: "کرکوک"}, {name: "كركوك"}}, "Kirkuk", "كركوك", false},
		{"kurdish ta marbuta is not arabic", []candidate{{name: "كةربالا"}, {name: "كربلاء"}}, "Karbala", "كربلاء", false},
		{"diacritic variants count together", []candidate{{name: "حَمَاة"}, {name: "حماة"}, {name: "حماه"}}, "Hama", "حماة", false},
		{"plainest spelling shown", []candidate{{name: "حَمَاة"}, {name: "حَمَاةُ"}}, "Hama", "حَمَاة", false},
		{"sounds like the latin name", []candidate{{name: "تل عمار"}, {name: "عريقة"}}, "‘Arīqah", "عريقة", false},
		{"article ignored", []candidate{{name: "الشحيل"}, {name: "ذيبان"}}, "Ash Shuḩayl", "الشحيل", false},
		{"stray one-letter word", []candidate{{name: "د مشق"}, {name: "دمشق"}}, "Damascus", "دمشق", false},
		{"words kept apart", []candidate{{name: "عينالعرب"}, {name: "عين العرب"}}, "Ayn al Arab", "عين العرب", false},
		{"preferred arabic tag wins", []candidate{{name: "تدمر", lang: "ar", preferred: true}, {name: "بالميرا"}, {name: "بالميرا", lang: "fa"}}, "Palmyra", "تدمر", false},
		{"current beats historic", []candidate{{name: "قديم", lang: "ar", historic: true}, {name: "جديد", lang: "ar"}}, "", "جديد", false},
		{"the spelling romanised: long vowel", []candidate{{name: "القامشلو"}, {name: "القامشلي"}, {name: "قامشلو"}}, "Al Qāmishlī", "القامشلي", true},
		{"the spelling romanised: article", []candidate{{name: "أبو كمال"}, {name: "البو كمال"}}, "Ālbū Kamāl", "البو كمال", true},
		{"the spelling romanised: article asked for", []candidate{{name: "اتارب"}, {name: "الأتارب"}}, "Al Atārib", "الأتارب", true},
		{"an article left out by the romanisation", []candidate{{name: "شيخ مسكين"}, {name: "الشيخ مسكين"}, {name: "الشَّيخ مسكين"}}, "Shaykh Miskīn", "الشيخ مسكين", true},
		{"no romanisation: variants count", []candidate{{name: "أبو كمال"}, {name: "البو كمال"}, {name: "أبو كَمال"}}, "Abu Kamal", "أبو كمال", false},
		{"arabic tags first", []candidate{{name: "القامشلو", lang: "ar"}, {name: "القامشلي"}}, "Al Qāmishlī", "القامشلو", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bestArabic(tt.cands, tt.latin, tt.romanised); got != tt.want {
				t.Errorf("bestArabic = %q, want %q", got, tt.want)
			}
			// The choice must not depend on the order of the input.
			rev := make([]candidate, len(tt.cands))
			for i, c := range tt.cands {
				rev[len(rev)-1-i] = c
			}
			if got := bestArabic(rev, tt.latin, tt.romanised); got != tt.want {
				t.Errorf("reversed: bestArabic = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSpellingSkeletons(t *testing.T) {
	tests := []struct{ arabic, latin string }{
		{"القامشلي", "Al Qāmishlī"},
		{"البو كمال", "Ālbū Kamāl"},
		{"الرقة", "Ar Raqqah"},
		{"دير الزور", "Dayr az Zawr"},
		{"عين العرب", "‘Ayn al ‘Arab"},
		{"ذي السفال", "Dhī as Sufāl"},
		{"مسيعيد", "Musay‘īd"},
	}
	for _, tt := range tests {
		t.Run(tt.latin, func(t *testing.T) {
			a, l := arabicSpelling(tt.arabic), romanSpelling(tt.latin)
			if a != l {
				t.Errorf("arabicSpelling(%q) = %q, romanSpelling(%q) = %q", tt.arabic, a, tt.latin, l)
			}
		})
	}
	if s := spellingLike("الشيخ مسكين", romanSpelling("Shaykh Miskīn"), false); s != 1000 {
		t.Errorf("an article the romanisation leaves out counts against the spelling: %d", s)
	}
	if s := spellingLike("الشط", romanSpelling("Ash Shaţţ"), true); s != 1000 {
		t.Errorf("الشط / Ash Shaţţ: %d", s)
	}
	for _, tt := range []struct {
		latin, country string
		want           bool
	}{
		{"Al Qāmishlī", "SY", true},
		{"Al Kasrah", "SY", true},
		{"Riyadh", "SA", false},    // conventional
		{"Timişoara", "RO", false}, // not Arabic
		{"Khondāb", "IR", false},   // Persian
		{"Bourg-en-Bresse", "FR", false},
	} {
		if got := romanisesArabic(tt.latin, tt.country); got != tt.want {
			t.Errorf("romanisesArabic(%q, %s) = %v, want %v", tt.latin, tt.country, got, tt.want)
		}
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
