package ingest

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progressEvery is the shortest time between two redraws: at most five
// a second.
const progressEvery = 200 * time.Millisecond

// progress redraws one status line on a terminal with \r. On anything
// else it prints nothing: logs should not fill with status lines.
type progress struct {
	w     io.Writer // nil: quiet
	now   func() time.Time
	last  time.Time
	width int // of the line on screen, 0 when none
}

func newProgress(w io.Writer, now func() time.Time) *progress {
	if !isTerminal(w) {
		w = nil
	}
	return &progress{w: w, now: now}
}

// isTerminal reports whether w is a character device.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// update redraws the line if the last redraw is old enough.
func (p *progress) update(c Counts) {
	if p.w == nil {
		return
	}
	now := p.now()
	if now.Sub(p.last) < progressEvery {
		return
	}
	p.last = now
	line := c.String()
	pad := max(p.width-len(line), 0)
	p.width = len(line)
	fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", pad))
}

// clear blanks the line, before an error line or the end.
func (p *progress) clear() {
	if p.w == nil || p.width == 0 {
		return
	}
	fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.width))
	p.width = 0
	p.last = time.Time{}
}
