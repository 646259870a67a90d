package geonames

import (
	"strconv"
	"strings"
)

// dumpLine builds a 19-column dump line; alternates are comma-joined.
func dumpLine(id int, name, ascii string, alts []string, lat, lon, class, code, cc, pop string) string {
	f := []string{
		strconv.Itoa(id), name, ascii, strings.Join(alts, ","), lat, lon, class, code, cc, "",
		"05", "", "", "", pop, "", "600", "Asia/Damascus", "2024-01-02",
	}
	return strings.Join(f, "\t")
}
