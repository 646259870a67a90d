package termline

import (
	"bytes"
	"testing"
	"time"
)

func TestLine(t *testing.T) {
	tests := []struct {
		name string
		tty  bool
		want string
	}{
		// The second line is not final and comes too soon: not printed.
		{"log", false, "a: 1\nlonger: 3\n"},
		{"terminal", true, "\ra: 1\rlonger: 3\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			p := New(&buf, time.Hour, time.Hour)
			p.tty = tt.tty
			p.Line("a: 1", false)
			p.Line("a: 2", false)
			p.Line("longer: 3", true)
			if buf.String() != tt.want {
				t.Errorf("got %q, want %q", buf.String(), tt.want)
			}
		})
	}
	t.Run("a shorter line blanks the longer one", func(t *testing.T) {
		var buf bytes.Buffer
		p := New(&buf, 0, 0)
		p.tty = true
		p.Line("longer line", false)
		p.Line("short", true)
		if want := "\rlonger line\rshort      \n"; buf.String() != want {
			t.Errorf("got %q, want %q", buf.String(), want)
		}
	})
	t.Run("quiet", func(t *testing.T) {
		var p *Printer
		p.Line("x", true) // must not panic
		New(nil, 0, 0).Line("x", true)
	})
}
