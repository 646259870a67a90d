package geonames

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// maxLine bounds one line: the longest alternate-name lists of the dumps
// run to tens of kilobytes.
const maxLine = 16 << 20

// Reader streams the rows of a GeoNames dump. Blank lines and lines
// starting with '#' are skipped.
type Reader struct {
	sc   *bufio.Scanner
	line int
}

// NewReader returns a Reader over a dump in the 19-column GeoNames format.
func NewReader(r io.Reader) *Reader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	return &Reader{sc: sc}
}

// Read returns the next row, or io.EOF after the last one. A malformed
// line stops the reader with an error wrapping ErrFormat.
func (rd *Reader) Read() (Row, error) {
	for rd.sc.Scan() {
		rd.line++
		b := rd.sc.Bytes()
		if len(b) == 0 || b[0] == '#' {
			continue
		}
		text := strings.TrimSuffix(string(b), "\r")
		if text == "" {
			continue
		}
		r, err := parseRow(text)
		if err != nil {
			return Row{}, fmt.Errorf("%w: line %d: %v", ErrFormat, rd.line, err)
		}
		return r, nil
	}
	if err := rd.sc.Err(); err != nil {
		return Row{}, fmt.Errorf("geonames: read line %d: %w", rd.line+1, err)
	}
	return Row{}, io.EOF
}

// Line returns the number of lines read so far, comments included.
func (rd *Reader) Line() int { return rd.line }
