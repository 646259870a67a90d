// Package termline prints progress lines for long commands (an import, a
// download): on a terminal each line overwrites the last, elsewhere
// (a log, a pipe) each stays; lines that are not final are throttled.
package termline

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// Printer writes progress lines to one writer. It is safe for concurrent
// use; a nil Printer, or one over a nil writer, prints nothing.
type Printer struct {
	mu       sync.Mutex
	w        io.Writer
	tty      bool
	throttle time.Duration // between two lines that are not final
	last     time.Time
	width    int // of the last line written with \r, to blank it out
}

// New returns a Printer to w (nil: quiet) that prints at most one line
// that is not final per every on a terminal and per logEvery elsewhere.
func New(w io.Writer, every, logEvery time.Duration) *Printer {
	p := &Printer{w: w, throttle: logEvery}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty, p.throttle = true, every
		}
	}
	return p
}

// Quiet reports whether p prints nothing.
func (p *Printer) Quiet() bool { return p == nil || p.w == nil }

// Line prints line; a final one always, ending it on a terminal, one
// that is not final only when the last was long enough ago.
func (p *Printer) Line(line string, final bool) {
	if p.Quiet() {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if !final && now.Sub(p.last) < p.throttle {
		return
	}
	p.last = now
	if !p.tty {
		fmt.Fprintln(p.w, line)
		return
	}
	pad := max(p.width-len(line), 0)
	p.width = len(line)
	end := ""
	if final {
		end, p.width = "\n", 0
	}
	fmt.Fprintf(p.w, "\r%s%s%s", line, strings.Repeat(" ", pad), end)
}
