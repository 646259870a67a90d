package geonames

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// benchDump is a dump of n rows shaped like cities500: a few alternates,
// one in three with Arabic names.
func benchDump(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		alts := []string{fmt.Sprintf("Qaryat %d", i), fmt.Sprintf("Karyat %d", i), "Dorf"}
		if i%3 == 0 {
			alts = append(alts, "قرية", "قَرْيَة", "روستا")
		}
		b.WriteString(dumpLine(i, fmt.Sprintf("Qaryah %d", i), fmt.Sprintf("Qaryah %d", i), alts, "35.1", "38.2", "P", "PPL", "SY", "1200"))
		b.WriteByte('\n')
	}
	return b.String()
}

func BenchmarkReadPlace(b *testing.B) {
	dump := benchDump(10000)
	b.ReportAllocs()
	b.SetBytes(int64(len(dump)))
	for b.Loop() {
		rd := NewReader(strings.NewReader(dump))
		for {
			row, err := rd.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			Place(row, false)
		}
	}
}

func BenchmarkAltNamesReader(b *testing.B) {
	var sb strings.Builder
	for i := 1; i <= 10000; i++ {
		if i%10 == 0 {
			fmt.Fprintf(&sb, "%d\t%d\tar\tقرية\t\t\t\t\t\t\n", i, i)
		} else {
			fmt.Fprintf(&sb, "%d\t%d\ten\tVillage %d\t\t\t\t\t\t\n", i, i, i)
		}
	}
	in := sb.String()
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		rd := NewAltNamesReader(strings.NewReader(in))
		for {
			if _, err := rd.Read(); err != nil {
				if !errors.Is(err, io.EOF) {
					b.Fatal(err)
				}
				break
			}
		}
	}
}
