package acled_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/acled"
)

// names is a two-country gazetteer.
type names struct{}

var errNotFound = errors.New("not found")

func (names) Country(code string) (*geo.Place, error) {
	switch code {
	case "SY":
		return &geo.Place{Name: "Syria"}, nil
	case "LB":
		return &geo.Place{Name: "Lebanon"}, nil
	}
	return nil, errNotFound
}

func (names) Admin1(country, code string) (*geo.Place, error) {
	if country == "SY" && code == "07" {
		return &geo.Place{Name: "Deir ez-Zor"}, nil
	}
	return nil, errNotFound
}

func TestWriter(t *testing.T) {
	killed, injured := 3, 0
	incs := []geo.Incident{
		{
			ID: "13", EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike",
			Place:     &geo.Place{ID: "geonames:1", Name: "Abu Kamal", CountryCode: "SY", Admin1: "07"},
			PlaceText: "البوكمال", Point: orb.Point{40.918601234567, 34.4533},
			GeoPrecision: 2, Date: time.Date(2024, 8, 14, 0, 0, 0, 0, time.UTC), DatePrecision: 2,
			Actor1: "US forces", Actor2: "Iran-backed militias, \"IRGC\"", Killed: &killed, Injured: &injured,
			Evidence:   []geo.Evidence{{Text: "قصفت طائرات، مقرات"}, {Text: "سطر\nثان"}},
			Confidence: 0.9,
			Sources: []geo.Source{
				{URL: "https://a.example/1?a=1,2", Outlet: "Outlet A"},
				{URL: "https://b.example/2", Outlet: "Outlet B"},
				{URL: "https://a.example/3", Outlet: "Outlet A"},
			},
		},
		{ID: "7", SubEventType: "Armed clash", PlaceText: "مكان", Point: orb.Point{1, 2}},
		{ID: "8", Place: &geo.Place{Name: "Tyre", CountryCode: "LB"}, Point: orb.Point{35.2, 33.27}},
	}
	var buf bytes.Buffer
	w := acled.NewWriter(&buf, names{})
	for i := range incs {
		if err := w.Write(&incs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	data, ok := strings.CutPrefix(buf.String(), acled.BOM)
	if !ok {
		t.Fatal("no byte order mark")
	}
	rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || !slices.Equal(rows[0], acled.Columns) {
		t.Fatalf("rows %q", rows)
	}
	col := func(row int, name string) string {
		return rows[row][slices.Index(acled.Columns, name)]
	}
	want := map[string]string{
		"event_id_cnty": "SYR13", "event_date": "2024-08-14", "year": "2024", "time_precision": "2",
		"sub_event_type": "Air/drone strike", "actor2": "Iran-backed militias, \"IRGC\"",
		"iso": "760", "country": "Syria", "admin1": "Deir ez-Zor", "admin2": "", "location": "Abu Kamal",
		"latitude": "34.4533", "longitude": "40.918601", "geo_precision": "2",
		"source": "Outlet A; Outlet B", "notes": "قصفت طائرات، مقرات سطر ثان", "fatalities": "3",
		"id": "13", "killed": "3", "injured": "0",
		"source_urls": "https://a.example/1?a=1,2\nhttps://b.example/2\nhttps://a.example/3", "place_id": "geonames:1",
	}
	for name, v := range want {
		if got := col(1, name); got != v {
			t.Errorf("%s = %q, want %q", name, got, v)
		}
	}
	// Unknowns: no country, no date, no number of dead (ACLED's 0).
	for name, v := range map[string]string{"event_id_cnty": "XXX7", "event_date": "", "time_precision": "", "country": "",
		"location": "مكان", "fatalities": "0", "killed": "", "injured": "", "source": ""} {
		if got := col(2, name); got != v {
			t.Errorf("undated incident: %s = %q, want %q", name, got, v)
		}
	}
	if col(3, "event_id_cnty") != "LBN8" || col(3, "country") != "Lebanon" || col(3, "admin1") != "" {
		t.Errorf("row %q", rows[3])
	}
}

// TestHeaderOnly: no incidents still make a file with its header.
func TestHeaderOnly(t *testing.T) {
	var buf bytes.Buffer
	w := acled.NewWriter(&buf, nil)
	if err := w.Header(); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if want := acled.BOM + strings.Join(acled.Columns, ",") + "\n"; buf.String() != want {
		t.Errorf("got %q", buf.String())
	}
}
