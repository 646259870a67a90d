package gazfetch

import (
	"fmt"
	"io"
	"time"

	"github.com/incidentmap/incidentmap/internal/termline"
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
type progress struct{ out *termline.Printer }

func newProgress(w io.Writer) *progress {
	return &progress{out: termline.New(w, progressEvery, progressEveryLog)}
}

// bytes reports a download; final lines are always printed.
func (p *progress) bytes(label string, n, total int64, final bool) {
	if p == nil || p.out.Quiet() {
		return
	}
	var line string
	switch {
	case final:
		line = fmt.Sprintf("%s: %s downloaded", label, byteSize(n))
	case total > 0:
		line = fmt.Sprintf("%s: %s of %s", label, byteSize(n), byteSize(total))
	default:
		line = fmt.Sprintf("%s: %s", label, byteSize(n))
	}
	p.out.Line(line, final)
}

// line prints a message line.
func (p *progress) line(format string, args ...any) {
	if p == nil || p.out.Quiet() {
		return
	}
	p.out.Line(fmt.Sprintf(format, args...), true)
}
