package geonames

import "testing"

func TestScripts(t *testing.T) {
	tests := []struct {
		name                 string
		arabic, latin, plain bool
	}{
		{"دمشق", true, false, true},
		{"دِمَشْق", true, false, true},
		{"کرمانشاه", true, false, false},
		{"Damascus", false, true, false},
		{"Ḩalab", false, true, false},
		{"mwsڵ", false, false, false},
		{"Халеб", false, false, false},
		{"123", false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsArabicScript(tt.name); got != tt.arabic {
				t.Errorf("IsArabicScript = %v", got)
			}
			if got := isArabicScript([]byte(tt.name)); got != tt.arabic {
				t.Errorf("isArabicScript = %v", got)
			}
			if got := IsLatinScript(tt.name); got != tt.latin {
				t.Errorf("IsLatinScript = %v", got)
			}
			if got := onlyArabicLetters(tt.name); got != tt.plain && tt.arabic {
				t.Errorf("onlyArabicLetters = %v", got)
			}
		})
	}
}

func TestStripMarks(t *testing.T) {
	tests := []struct{ in, want string }{
		{"دِمَشْق", "دمشق"},
		{"  دير   الـزور ", "دير الزور"},
		{"حلب", "حلب"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := stripMarks(tt.in); got != tt.want {
				t.Errorf("stripMarks(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
