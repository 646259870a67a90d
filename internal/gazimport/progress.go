package gazimport

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// progressEvery is the shortest time between two progress lines.
const progressEvery = 500 * time.Millisecond

// progress prints "SY.txt: 41,230 rows read, 2,113 places kept" lines to
// w, at most twice a second; on a terminal each line overwrites the last.
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

// update reports the state of one source; final lines are always printed.
func (p *progress) update(name string, rows int64, unit string, kept int, keptUnit string, final bool) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if !final && now.Sub(p.last) < progressEvery {
		return
	}
	p.last = now
	line := fmt.Sprintf("%s: %s %s read, %s %s kept", name, thousands(rows), unit, thousands(int64(kept)), keptUnit)
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

// thousands formats n with commas: 41230 → "41,230".
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
