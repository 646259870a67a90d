package gazfetch

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseCountries(t *testing.T) {
	tests := []struct {
		args    []string
		want    []string
		wantErr bool
	}{
		{[]string{"SY", "iq"}, []string{"SY", "IQ"}, false},
		{[]string{"SY,LB", "SY"}, []string{"SY", "LB"}, false},
		{[]string{"conflict"}, []string{"SY", "IQ", "LB", "YE", "SD", "PS", "LY", "SO"}, false},
		{[]string{"Syria"}, nil, true},
		{[]string{"S1"}, nil, true},
		{nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got, err := ParseCountries(tt.args)
			if tt.wantErr {
				if !errors.Is(err, ErrUnknownCountry) {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Fatalf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
	region, err := ParseCountries([]string{"region"})
	if err != nil || len(region) < 20 {
		t.Errorf("region preset: %v, %v", region, err)
	}
	// Every country of both presets has an extract, but Western Sahara.
	for _, cc := range region {
		if _, ok := OSMRegion(cc); !ok && cc != "EH" {
			t.Errorf("%s: no OSM region", cc)
		}
	}
}

func TestOSMRegion(t *testing.T) {
	for cc, want := range map[string]string{"SY": "asia/syria", "ps": "asia/israel-and-palestine", "SD": "africa/sudan", "SO": "africa/somalia"} {
		if got, ok := OSMRegion(cc); !ok || got != want {
			t.Errorf("OSMRegion(%s) = %q, %v; want %q", cc, got, ok, want)
		}
	}
}

func TestCachePath(t *testing.T) {
	tests := []struct{ url, want string }{
		{"https://download.geonames.org/export/dump/SY.zip", "download.geonames.org/export/dump/SY.zip"},
		{"http://127.0.0.1:8080/dump/alternatenames/SY.zip", "127.0.0.1_8080/dump/alternatenames/SY.zip"},
		{"http://h/a/../../../etc/passwd", "h/etc/passwd"},
	}
	for _, tt := range tests {
		got, err := cachePath("/c", tt.url)
		if err != nil || got != filepath.Join("/c", filepath.FromSlash(tt.want)) {
			t.Errorf("cachePath(%s) = %q, %v", tt.url, got, err)
		}
	}
	if _, err := cachePath("/c", "http://h/dir/"); err == nil {
		t.Error("a directory URL was accepted")
	}
}

func TestJoin(t *testing.T) {
	for _, base := range []string{"https://m.example/geonames", "https://m.example/geonames/"} {
		if got, _ := join(base, "alternatenames/SY.zip"); got != "https://m.example/geonames/alternatenames/SY.zip" {
			t.Errorf("join(%s) = %s", base, got)
		}
	}
	if _, err := join("ftp://m.example/", "SY.zip"); err == nil {
		t.Error("ftp accepted")
	}
}

func TestParseMD5(t *testing.T) {
	if got, err := parseMD5([]byte("0123456789ABCDEF0123456789abcdef  syria-latest.osm.pbf\n")); err != nil || got != "0123456789abcdef0123456789abcdef" {
		t.Errorf("got %q, %v", got, err)
	}
	for _, bad := range []string{"", "<html>", "0123456789abcdef0123456789abcdeg  x"} {
		if _, err := parseMD5([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
