package geonames

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrFormat is returned, wrapped with the line number, for malformed lines.
var ErrFormat = errors.New("geonames: malformed line")

// dumpColumns is the number of tab-separated columns of a GeoNames dump.
const dumpColumns = 19

// Row is one line of a GeoNames dump (allCountries.txt, SY.txt,
// cities500.txt...). Strings share the memory of the line they come from;
// Place copies what it keeps so that a kept place does not pin the line.
type Row struct {
	GeonameID int64
	Name      string // UTF-8 name, usually in the local Latin transcription
	ASCIIName string
	// AlternateNames are the dump's comma-separated alternates, of every
	// language and script, without language tags.
	AlternateNames []string
	Lat, Lon       float64
	Class          string // feature class, e.g. "P"
	Code           string // feature code, e.g. "PPLA2"
	CountryCode    string // ISO 3166-1 alpha-2
	CC2            string // alternate country codes, comma-separated
	Admin1         string
	Admin2         string
	Admin3         string
	Admin4         string
	Population     int64
	Elevation      int // metres; 0 when unknown
	DEM            int // digital elevation model, metres
	Timezone       string
	Modified       string // yyyy-MM-dd
	// AltNames are names from alternateNamesV2.txt that the caller attached
	// to this row: unlike AlternateNames they carry a language and flags,
	// which Place uses to choose the Arabic name.
	AltNames []AltName
}

// parseRow parses one dump line (without its newline).
func parseRow(line string) (Row, error) {
	var f [dumpColumns]string
	if n := splitTabs(line, f[:]); n != dumpColumns {
		return Row{}, fmt.Errorf("%d columns, want %d", n, dumpColumns)
	}
	var r Row
	var err error
	if r.GeonameID, err = strconv.ParseInt(f[0], 10, 64); err != nil || r.GeonameID <= 0 {
		return Row{}, fmt.Errorf("geonameid %q: not a positive integer", f[0])
	}
	r.Name, r.ASCIIName = f[1], f[2]
	if f[3] != "" {
		r.AlternateNames = strings.Split(f[3], ",")
	}
	if r.Lat, err = strconv.ParseFloat(f[4], 64); err != nil || r.Lat < -90 || r.Lat > 90 {
		return Row{}, fmt.Errorf("latitude %q: not in [-90, 90]", f[4])
	}
	if r.Lon, err = strconv.ParseFloat(f[5], 64); err != nil || r.Lon < -180 || r.Lon > 180 {
		return Row{}, fmt.Errorf("longitude %q: not in [-180, 180]", f[5])
	}
	r.Class, r.Code, r.CountryCode, r.CC2 = f[6], f[7], f[8], f[9]
	r.Admin1, r.Admin2, r.Admin3, r.Admin4 = f[10], f[11], f[12], f[13]
	if f[14] != "" {
		if r.Population, err = strconv.ParseInt(f[14], 10, 64); err != nil {
			return Row{}, fmt.Errorf("population %q: not an integer", f[14])
		}
	}
	if r.Elevation, err = optionalInt(f[15]); err != nil {
		return Row{}, fmt.Errorf("elevation %q: not an integer", f[15])
	}
	if r.DEM, err = optionalInt(f[16]); err != nil {
		return Row{}, fmt.Errorf("dem %q: not an integer", f[16])
	}
	r.Timezone, r.Modified = f[17], f[18]
	return r, nil
}

func optionalInt(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	return strconv.Atoi(s)
}

// splitTabs cuts line at tabs into dst without allocating and returns the
// number of fields the line has (which may exceed len(dst)). It serves the
// dump rows (strings) and the alternate names (bytes) alike.
func splitTabs[S ~string | ~[]byte](line S, dst []S) int {
	n := 0
	for {
		i := indexTab(line)
		if n < len(dst) {
			if i < 0 {
				dst[n] = line
			} else {
				dst[n] = line[:i]
			}
		}
		n++
		if i < 0 {
			return n
		}
		line = line[i+1:]
	}
}

func indexTab[S ~string | ~[]byte](s S) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '\t' {
			return i
		}
	}
	return -1
}
