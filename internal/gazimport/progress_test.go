package gazimport

import (
	"bytes"
	"testing"
)

func TestThousands(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {41230, "41,230"}, {12345678, "12,345,678"}, {-1234, "-1,234"}}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := thousands(tt.n); got != tt.want {
				t.Errorf("thousands(%d) = %q", tt.n, got)
			}
		})
	}
}

func TestProgress(t *testing.T) {
	// In a log (not a terminal) the second, non-final update comes too
	// soon and is not printed; internal/termline tests the terminal.
	var buf bytes.Buffer
	p := newProgress(&buf)
	p.update("SY.txt", 41230, "rows", 2113, "places", false)
	p.update("SY.txt", 45000, "rows", 2200, "places", false)
	p.update("SY.txt", 50000, "rows", 2500, "places", true)
	if want := "SY.txt: 41,230 rows read, 2,113 places kept\nSY.txt: 50,000 rows read, 2,500 places kept\n"; buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
	t.Run("quiet", func(t *testing.T) {
		newProgress(nil).update("SY.txt", 1, "rows", 1, "places", true) // must not panic
	})
}
