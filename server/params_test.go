package server

import (
	"errors"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/labstack/echo/v5"
)

func TestDatetime(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	tests := []struct {
		in       string
		from, to time.Time
		bad      bool
	}{
		{"2024-03-01", d("2024-03-01"), d("2024-03-01"), false},
		{"2024-03-01T23:59:59Z", d("2024-03-01"), d("2024-03-01"), false},
		{"2024-03-01T23:30:00-02:00", d("2024-03-02"), d("2024-03-02"), false}, // a UTC day
		{"2024-03-01t10:00:00z", d("2024-03-01"), d("2024-03-01"), false},
		{"2024-03-01/2024-03-31", d("2024-03-01"), d("2024-03-31"), false},
		{"2024-03-01T00:00:00Z/2024-03-31T12:00:00Z", d("2024-03-01"), d("2024-03-31"), false},
		{"../2024-03-31", time.Time{}, d("2024-03-31"), false},
		{"/2024-03-31", time.Time{}, d("2024-03-31"), false},
		{"2024-03-01/..", d("2024-03-01"), time.Time{}, false},
		{"2024-03-01/", d("2024-03-01"), time.Time{}, false},
		{"../..", time.Time{}, time.Time{}, false},
		{"2024-03-31/2024-03-01", time.Time{}, time.Time{}, true},
		{"2024-02-30", time.Time{}, time.Time{}, true},
		{"..", time.Time{}, time.Time{}, true},
		{"2024", time.Time{}, time.Time{}, true},
		{"1899-12-31", time.Time{}, time.Time{}, true},
		{"2024-03-01/2024-03-02/2024-03-03", time.Time{}, time.Time{}, true},
		// What GDAL 3.6 sends for a date field: a date with an empty time.
		{"2024-06-01T/..", d("2024-06-01"), time.Time{}, false},
		{"../2024-06-01T", time.Time{}, d("2024-06-01"), false},
		{"2024-06-01T", d("2024-06-01"), d("2024-06-01"), false},
		{"2024-06-01T/2024-09-01T", d("2024-06-01"), d("2024-09-01"), false},
		// Without an offset: UTC.
		{"2024-03-01T23:30:00", d("2024-03-01"), d("2024-03-01"), false},
		{"2024-03-01T23:30:00.5/..", d("2024-03-01"), time.Time{}, false},
		{"2024-03-01TT", time.Time{}, time.Time{}, true},
		{"2024-03-01T10", time.Time{}, time.Time{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q, err := newQuery(url.Values{"datetime": {tt.in}}, paramsItems)
			if err != nil {
				t.Fatal(err)
			}
			iv, err := q.datetime()
			if tt.bad {
				var pe *problemError
				if !errors.As(err, &pe) || pe.status != 400 {
					t.Fatalf("got %v, want a 400", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !iv.From.Equal(tt.from) || !iv.To.Equal(tt.to) {
				t.Errorf("got %v..%v, want %v..%v", iv.From, iv.To, tt.from, tt.to)
			}
			// It writes back as a parameter that parses to the same.
			if s := iv.String(); s != "" {
				q2, _ := newQuery(url.Values{"datetime": {s}}, paramsItems)
				if iv2, err := q2.datetime(); err != nil || iv2 != iv {
					t.Errorf("round trip %q: %v %v", s, iv2, err)
				}
			}
		})
	}
}

func TestAccept(t *testing.T) {
	tests := []struct {
		accept           string
		f                format
		wantJSON, wantHT bool
	}{
		{"", "", false, false},
		{"*/*", "", true, false},
		{"application/json", "", true, false},
		{"application/geo+json, application/json", "", true, false},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "", false, true},
		{"application/json;q=0.5, text/html", "", false, true},
		{"text/html;q=0.5, application/json", "", true, false},
		{"text/html", formatJSON, true, false},
		{"application/json", formatHTML, false, true},
		{"garbage;;;", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.accept+"|"+string(tt.f), func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.Header.Set("Accept", tt.accept)
			c := echo.NewContext(r, httptest.NewRecorder())
			if got := wantsJSON(c, tt.f); got != tt.wantJSON {
				t.Errorf("wantsJSON %v", got)
			}
			if got := wantsHTML(c, tt.f); got != tt.wantHT {
				t.Errorf("wantsHTML %v", got)
			}
			if tt.f == "" && c.Response().Header().Get("Vary") != "Accept" {
				t.Errorf("Vary %q", c.Response().Header().Values("Vary"))
			}
		})
	}
}

func TestNewRefuses(t *testing.T) {
	ms := &faultStore{}
	tests := []struct {
		name string
		opts Options
	}{
		{"no store", Options{}},
		{"private reads without a token", Options{Store: ms, PrivateReads: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.opts); !errors.Is(err, ErrConfig) {
				t.Errorf("got %v, want ErrConfig", err)
			}
		})
	}
}
