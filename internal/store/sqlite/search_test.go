package sqlite

import "testing"

func TestMatchExpr(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  ؟!  ", ""},
		{"الرقة", `"الرقه"*`},
		{`قصف "إدلب" OR x`, `"قصف"* AND "ادلب"* AND "or"* AND "x"*`},
		{"NEAR(a b)", `"near"* AND "a"* AND "b"*`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := matchExpr(tt.in); got != tt.want {
				t.Errorf("matchExpr(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
