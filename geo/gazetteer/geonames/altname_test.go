package geonames

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestAltNamesReader(t *testing.T) {
	in := strings.Join([]string{
		"1\t170654\tar\tدمشق\t1\t\t\t\t\t",
		"2\t170654\ten\tDamascus\t1\t\t\t\t\t",
		"3\t170654\tlink\thttps://ar.wikipedia.org/wiki/دمشق\t\t\t\t\t\t",
		"4\t170654\tfa\tدمشق\t\t\t\t\t\t",
		"5\t170654\t\tالشام\t\t\t1\t1\t\t",
		"6\t170654\tiata\tDAM\t\t\t\t\t\t",
		"# comment",
		"",
		"7\t170654\tckb\tدیمەشق\t\t1\t\t\t1900\t1950\r",
		"8\t170063\tar\tحلب\t1\t0\t0\t0", // the old 8-column format
	}, "\n")
	rd := NewAltNamesReader(strings.NewReader(in))
	var got []AltName
	for {
		a, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, a)
	}
	want := []AltName{
		{ID: 1, GeonameID: 170654, Lang: "ar", Name: "دمشق", Preferred: true},
		{ID: 4, GeonameID: 170654, Lang: "fa", Name: "دمشق"},
		{ID: 5, GeonameID: 170654, Name: "الشام", Colloquial: true, Historic: true},
		{ID: 7, GeonameID: 170654, Lang: "ckb", Name: "دیمەشق", Short: true, From: "1900", To: "1950"},
		{ID: 8, GeonameID: 170063, Lang: "ar", Name: "حلب", Preferred: true},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d names %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("name %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if rd.Line() != 10 {
		t.Errorf("Line() = %d, want 10", rd.Line())
	}
}

func TestAltNamesReaderErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"columns", "1\t2\tar\tحلب\n", "line 1: 4 columns"},
		{"geonameid", "1\t2\tar\tحلب\t\t\t\t\t\t\n9\tx\tar\tحلب\t\t\t\t\t\t\n", "line 2: geonameid"},
		{"flag", "1\t2\tar\tحلب\tyes\t\t\t\t\t\n", "line 1: flag column 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd := NewAltNamesReader(strings.NewReader(tt.in))
			var err error
			for err == nil {
				_, err = rd.Read()
			}
			if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrFormat with %q", err, tt.want)
			}
		})
	}
}
