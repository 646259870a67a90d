package geonames

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestReader(t *testing.T) {
	good := dumpLine(170654, "Damascus", "Damascus", []string{"Dimashq", "دمشق"}, "33.5102", "36.29128", "P", "PPLC", "SY", "2584771")
	tests := []struct {
		name    string
		in      string
		ids     []int64
		errLine string // substring of the error, "" for none
	}{
		{name: "one row", in: good + "\n", ids: []int64{170654}},
		{name: "no final newline", in: good, ids: []int64{170654}},
		{name: "comments and blanks", in: "# GeoNames\n\n" + good + "\r\n\n", ids: []int64{170654}},
		{name: "empty", in: "", ids: nil},
		{name: "short line", in: good + "\n170655\tX\n", ids: []int64{170654}, errLine: "line 2: 2 columns"},
		{name: "bad latitude", in: strings.Replace(good, "33.5102", "north", 1), errLine: "line 1: latitude"},
		{name: "latitude out of range", in: strings.Replace(good, "33.5102", "133.5", 1), errLine: "line 1: latitude"},
		{name: "bad id", in: "x" + good, errLine: "line 1: geonameid"},
		{name: "bad population", in: strings.Replace(good, "2584771", "many", 1), errLine: "line 1: population"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd := NewReader(strings.NewReader(tt.in))
			var ids []int64
			var err error
			for {
				var r Row
				r, err = rd.Read()
				if err != nil {
					break
				}
				ids = append(ids, r.GeonameID)
			}
			if tt.errLine == "" {
				if !errors.Is(err, io.EOF) {
					t.Fatalf("err = %v, want io.EOF", err)
				}
			} else if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tt.errLine) {
				t.Fatalf("err = %v, want ErrFormat with %q", err, tt.errLine)
			}
			if len(ids) != len(tt.ids) {
				t.Fatalf("ids = %v, want %v", ids, tt.ids)
			}
			for i := range ids {
				if ids[i] != tt.ids[i] {
					t.Fatalf("ids = %v, want %v", ids, tt.ids)
				}
			}
		})
	}
}

func TestReaderFields(t *testing.T) {
	line := "170654\tDamascus\tDamascus\tDimashq,دمشق\t33.5102\t36.29128\tP\tPPLC\tSY\tLB,JO\t13\t01\t\t\t2584771\t680\t695\tAsia/Damascus\t2024-01-02"
	r, err := NewReader(strings.NewReader(line)).Read()
	if err != nil {
		t.Fatal(err)
	}
	want := Row{
		GeonameID: 170654, Name: "Damascus", ASCIIName: "Damascus",
		AlternateNames: []string{"Dimashq", "دمشق"}, Lat: 33.5102, Lon: 36.29128,
		Class: "P", Code: "PPLC", CountryCode: "SY", CC2: "LB,JO", Admin1: "13", Admin2: "01",
		Population: 2584771, Elevation: 680, DEM: 695, Timezone: "Asia/Damascus", Modified: "2024-01-02",
	}
	if r.GeonameID != want.GeonameID || r.Name != want.Name || r.Lat != want.Lat || r.Lon != want.Lon ||
		r.Class != want.Class || r.Code != want.Code || r.CountryCode != want.CountryCode || r.CC2 != want.CC2 ||
		r.Admin1 != want.Admin1 || r.Admin2 != want.Admin2 || r.Population != want.Population ||
		r.Elevation != want.Elevation || r.DEM != want.DEM || r.Timezone != want.Timezone ||
		r.Modified != want.Modified || strings.Join(r.AlternateNames, ",") != "Dimashq,دمشق" {
		t.Errorf("row = %+v\nwant  %+v", r, want)
	}
}
