package gazfetch

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// The shortest time between two progress lines of a download: on a
// terminal, where each overwrites the last, and in a log, where each
// stays.
const (
	progressEvery    = 500 * time.Millisecond
	progressEveryLog = 10 * time.Second
)

// progress prints download lines ("SY.zip: 1.2 MB of 3.4 MB") to w, at
// most twice a second, each overwriting the last on a terminal, as
// internal/gazimport prints its import lines.
type progress struct {
	mu    sync.Mutex
	w     io.Writer // nil: quiet
	tty   bool
	last  time.Time
	width int // of the last line written with \r, to blank it out
}

func newProgress(w io.Writer) *progress {
	p := &progress{w: w}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

// bytes reports a download; final lines are always printed.
func (p *progress) bytes(label string, n, total int64, final bool) {
	if p == nil || p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	every := progressEvery
	if !p.tty {
		every = progressEveryLog
	}
	if !final && now.Sub(p.last) < every {
		return
	}
	p.last = now
	var line string
	switch {
	case final:
		line = fmt.Sprintf("%s: %s downloaded", label, byteSize(n))
	case total > 0:
		line = fmt.Sprintf("%s: %s of %s", label, byteSize(n), byteSize(total))
	default:
		line = fmt.Sprintf("%s: %s", label, byteSize(n))
	}
	p.write(line, final)
}

// line prints a message line.
func (p *progress) line(format string, args ...any) {
	if p == nil || p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.write(fmt.Sprintf(format, args...), true)
}

func (p *progress) write(line string, final bool) {
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
