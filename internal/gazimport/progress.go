package gazimport

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/internal/termline"
)

// progressEvery is the shortest time between two progress lines.
const progressEvery = 500 * time.Millisecond

// progress prints "SY.txt: 41,230 rows read, 2,113 places kept" lines to
// w, at most twice a second; on a terminal each line overwrites the last.
type progress struct{ out *termline.Printer }

func newProgress(w io.Writer) *progress {
	return &progress{out: termline.New(w, progressEvery, progressEvery)}
}

// update reports the state of one source; final lines are always printed.
func (p *progress) update(name string, rows int64, unit string, kept int, keptUnit string, final bool) {
	if p.out.Quiet() {
		return
	}
	p.out.Line(fmt.Sprintf("%s: %s %s read, %s %s kept", name, thousands(rows), unit, thousands(int64(kept)), keptUnit), final)
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
