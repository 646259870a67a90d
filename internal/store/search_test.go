package store

import (
	"strings"
	"testing"
)

func TestSearchBody(t *testing.T) {
	tests := []struct {
		name  string
		texts []string
		has   []string // words the body must hold
	}{
		{"proclitics and article", []string{"قصف بالرقة والطبقة"}, []string{"بالرقه", "الرقه", "رقه", "والطبقه", "الطبقه", "طبقه", "قصف"}},
		{"hamza and diacritics folded", []string{"إِدْلِب"}, []string{"ادلب"}},
		{"Latin lowered", []string{"Deir ez-Zor"}, []string{"deir", "ez", "zor"}},
		{"several texts", []string{"الرقة", "Ar Raqqah"}, []string{"رقه", "raqqah"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			words := map[string]int{}
			for _, w := range strings.Fields(SearchBody(tt.texts...)) {
				words[w]++
			}
			for _, w := range tt.has {
				if words[w] != 1 {
					t.Errorf("body %q holds %q %d times, want once", SearchBody(tt.texts...), w, words[w])
				}
			}
		})
	}
}

func TestSentenceAround(t *testing.T) {
	text := []rune("سقطت قذائف على قرية تل عدس. وتل عدس تقع شمال المدينة\nنزح الأهالي؟ " + strings.Repeat("كلمة ", 100))
	at := func(sub string, nth int) (int, int) {
		s := string(text)
		i := -1
		for range nth {
			j := strings.Index(s[i+1:], sub)
			i += 1 + j
		}
		start := len([]rune(s[:i]))
		return start, start + len([]rune(sub))
	}
	tests := []struct {
		name       string
		sub        string
		nth        int
		want       string
		wantPrefix bool
	}{
		{"first sentence, with its full stop", "تل عدس", 1, "سقطت قذائف على قرية تل عدس.", false},
		{"ends at a line break", "تل عدس", 2, "وتل عدس تقع شمال المدينة", false},
		{"Arabic question mark", "الأهالي", 1, "نزح الأهالي؟", false},
		{"long sentence cut", "كلمة", 1, "كلمة كلمة", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, end := at(tt.sub, tt.nth)
			got := SentenceAround(text, start, end)
			if tt.wantPrefix {
				if !strings.HasPrefix(got, tt.want) || len([]rune(got)) > 2*MaxSentence+len([]rune(tt.sub))+1 {
					t.Errorf("got %q (%d runes)", got, len([]rune(got)))
				}
				return
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if got := SentenceAround(text, 5, 2); got != "" {
		t.Errorf("bad span gives %q", got)
	}
}
