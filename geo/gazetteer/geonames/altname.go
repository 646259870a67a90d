package geonames

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
)

// AltName is one row of alternateNamesV2.txt.
type AltName struct {
	ID        int64 // alternateNameId
	GeonameID int64
	// Lang is the isolanguage column: an ISO 639 code ("ar", "fa"), empty
	// when unknown, or a pseudo code ("link", "post", "iata"...).
	Lang       string
	Name       string
	Preferred  bool // isPreferredName: the official or most used name in Lang
	Short      bool // isShortName, e.g. "Damascus" for a longer form
	Colloquial bool
	Historic   bool // used in the past, e.g. Ottoman-era names
	From, To   string
}

// pseudoLangs are isolanguage values that tag codes and links rather than
// names of a language; their "names" are never worth matching.
var pseudoLangs = map[string]bool{
	"link": true, "post": true, "iata": true, "icao": true, "faac": true,
	"tcid": true, "abbr": true, "wkdt": true, "unlc": true, "phon": true,
	"piny": true, "fr_1793": true,
}

// AltNamesReader streams alternateNamesV2.txt (10 columns) or the older
// alternateNames.txt (8 columns), keeping only Arabic-script names: that is
// all the gazetteer needs from them, and a small fraction of the file.
type AltNamesReader struct {
	sc   *bufio.Scanner
	line int
}

// NewAltNamesReader returns a reader over an alternate-names file.
func NewAltNamesReader(r io.Reader) *AltNamesReader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	return &AltNamesReader{sc: sc}
}

// Read returns the next Arabic-script name of a real language, or io.EOF
// after the last one. Other rows are skipped without allocating. A
// malformed line stops the reader with an error wrapping ErrFormat.
func (rd *AltNamesReader) Read() (AltName, error) {
	var f [10][]byte
	for rd.sc.Scan() {
		rd.line++
		b := rd.sc.Bytes()
		if len(b) > 0 && b[len(b)-1] == '\r' {
			b = b[:len(b)-1]
		}
		if len(b) == 0 || b[0] == '#' {
			continue
		}
		n := splitTabs(b, f[:])
		if n != 10 && n != 8 {
			return AltName{}, fmt.Errorf("%w: line %d: %d columns, want 10 (or 8)", ErrFormat, rd.line, n)
		}
		if pseudoLangs[string(f[2])] || !isArabicScript(f[3]) {
			continue
		}
		a, err := parseAltName(f[:n])
		if err != nil {
			return AltName{}, fmt.Errorf("%w: line %d: %v", ErrFormat, rd.line, err)
		}
		return a, nil
	}
	if err := rd.sc.Err(); err != nil {
		return AltName{}, fmt.Errorf("geonames: read line %d: %w", rd.line+1, err)
	}
	return AltName{}, io.EOF
}

// Line returns the number of lines read so far, skipped ones included.
func (rd *AltNamesReader) Line() int { return rd.line }

func parseAltName(f [][]byte) (AltName, error) {
	var a AltName
	var err error
	if a.ID, err = strconv.ParseInt(string(f[0]), 10, 64); err != nil {
		return AltName{}, fmt.Errorf("alternateNameId %q: not an integer", f[0])
	}
	if a.GeonameID, err = strconv.ParseInt(string(f[1]), 10, 64); err != nil || a.GeonameID <= 0 {
		return AltName{}, fmt.Errorf("geonameid %q: not a positive integer", f[1])
	}
	a.Lang, a.Name = string(f[2]), string(f[3])
	flags := []*bool{&a.Preferred, &a.Short, &a.Colloquial, &a.Historic}
	for i, p := range flags {
		switch string(f[4+i]) {
		case "1":
			*p = true
		case "", "0":
		default:
			return AltName{}, fmt.Errorf("flag column %d: %q is not 0 or 1", 5+i, f[4+i])
		}
	}
	if len(f) == 10 {
		a.From, a.To = string(f[8]), string(f[9])
	}
	return a, nil
}
