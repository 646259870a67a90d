package extract_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/paulmach/orb"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestFeatureCollectionGolden renders the incidents of the sample article
// we wrote and compares them with testdata/sample.geojson.golden.
func TestFeatureCollectionGolden(t *testing.T) {
	text, err := os.ReadFile(filepath.Join("testdata", "sample.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ins := incidents(t, string(text), thursday)
	got, err := json.MarshalIndent(extract.FeatureCollection(ins), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "sample.geojson.golden")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("FeatureCollection differs from %s; run go test -run Golden -update and review the diff", golden)
	}
}

func TestFeatureProperties(t *testing.T) {
	killed := 0
	tests := []struct {
		name string
		in   geo.Incident
		want map[string]any // property → value after a JSON round trip
		// coords are the point's coordinates as written, if checked.
		coords []float64
	}{
		{
			name: "unknowns are null",
			in:   geo.Incident{EventType: extract.EventRemote, SubEventType: extract.SubAirStrike, PlaceText: "البوكمال", GeoPrecision: 1},
			want: map[string]any{"date": nil, "killed": nil, "injured": nil, "actor1": nil, "place_id": nil,
				"place_name": nil, "evidence": []any{}, "primary": false, "geo_precision": 1.0},
		},
		{
			name: "set values",
			in: geo.Incident{
				ID: "inc-1", SubEventType: extract.SubShelling, Killed: &killed,
				Place:    &geo.Place{ID: "geonames:1", Name: "Albu Kamal", NameAr: "البوكمال"},
				Date:     thursday,
				Evidence: []geo.Evidence{{Start: 3, End: 9, Text: "نص"}},
				Sources:  []geo.Source{{ArticleID: "a1"}},
				Primary:  true,
			},
			want: map[string]any{"id": "inc-1", "killed": 0.0, "date": "2023-11-09", "place_id": "geonames:1",
				"place_name": "Albu Kamal", "place_name_ar": "البوكمال", "primary": true,
				"evidence_text": "نص", "source_urls": "", "outlets": "", "n_sources": 1.0},
		},
		{
			name: "flat fields split back into one value per source",
			in: geo.Incident{
				ID: "inc-2", Point: orb.Point{40.123456789012345, 34.98765432109876},
				Evidence: []geo.Evidence{{Text: "جملة أولى"}, {Text: "جملة\nثانية  فيها   فراغ"}},
				Sources: []geo.Source{
					{ArticleID: "a1", URL: "https://a.example/1?x=1|2", Title: "عنوان | مع\nسطر", Outlet: "Outlet A"},
					{ArticleID: "a2", URL: "https://b.example/2", Outlet: "Outlet B"},
				},
			},
			want: map[string]any{"evidence_text": "جملة أولى\nجملة ثانية فيها فراغ",
				"source_urls":   "https://a.example/1?x=1|2\nhttps://b.example/2",
				"source_titles": "عنوان | مع سطر\n", "outlets": "Outlet A\nOutlet B", "n_sources": 2.0},
			coords: []float64{40.123457, 34.987654},
		},
		{
			name: "no sources: flat source fields null",
			in:   geo.Incident{Evidence: []geo.Evidence{{Text: " نص "}}},
			want: map[string]any{"evidence_text": "نص", "source_urls": nil, "source_titles": nil, "outlets": nil, "n_sources": 0.0},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, err := json.Marshal(extract.FeatureCollection([]geo.Incident{tc.in}))
			if err != nil {
				t.Fatal(err)
			}
			var fc struct {
				Type        string `json:"type"`
				Attribution string `json:"attribution"`
				Features    []struct {
					Geometry struct {
						Type        string
						Coordinates []float64
					} `json:"geometry"`
					Properties map[string]any `json:"properties"`
				} `json:"features"`
			}
			if err := json.Unmarshal(data, &fc); err != nil {
				t.Fatal(err)
			}
			if fc.Type != "FeatureCollection" || fc.Attribution != geoparse.Attribution || len(fc.Features) != 1 ||
				fc.Features[0].Geometry.Type != "Point" {
				t.Fatalf("not a collection of one point with the attribution: %s", data)
			}
			props := fc.Features[0].Properties
			for k, v := range tc.want {
				got, ok := props[k]
				if !ok {
					t.Errorf("property %q missing", k)
					continue
				}
				gj, _ := json.Marshal(got)
				wj, _ := json.Marshal(v)
				if !bytes.Equal(gj, wj) {
					t.Errorf("%s = %s, want %s", k, gj, wj)
				}
			}
			if tc.coords != nil && !slices.Equal(fc.Features[0].Geometry.Coordinates, tc.coords) {
				t.Errorf("coordinates %v, want %v", fc.Features[0].Geometry.Coordinates, tc.coords)
			}
			if _, ok := props["sources"]; ok != (len(tc.in.Sources) > 0) {
				t.Errorf("sources present = %v, want %v", ok, len(tc.in.Sources) > 0)
			}
		})
	}
}

// TestMarshalFeatureMatchesFeature: the fast encoder writes what Feature
// marshals to, byte for byte, whatever is set or missing.
func TestMarshalFeatureMatchesFeature(t *testing.T) {
	text, err := os.ReadFile(filepath.Join("testdata", "sample.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ins := incidents(t, string(text), thursday)
	killed, injured := 0, 12
	pub := thursday
	ins = append(ins,
		geo.Incident{},
		geo.Incident{ID: "42", Point: orb.Point{40.123456789, -3.000000049}, Actor1: "US forces", Actor2: "<b>&",
			Killed: &killed, Injured: &injured, Date: thursday, DatePrecision: 3, GeoPrecision: 2, Confidence: 0.123,
			Place:    &geo.Place{ID: "local:1", Name: "", NameAr: "قرية"},
			Evidence: []geo.Evidence{{Start: 1, End: 2, Text: "أ  ب"}, {Text: "ج\nد"}},
			Sources: []geo.Source{{ArticleID: "a", URL: "https://x.example/?a=1&b=<2>", Title: "t\tt", Outlet: "o", Published: &pub,
				Evidence: []geo.Evidence{{Text: "e"}}}, {ArticleID: "b"}}},
		// What encoding/json escapes or writes in its own way: control
		// characters, quotes, U+2028 and U+2029, bytes that are not
		// UTF-8, and floats past its exponent cut-offs.
		geo.Incident{ID: "\"7\"", Point: orb.Point{-0.0000001, 1e22}, Confidence: 1e-7, EventType: "a\x00\x1f\b\f\r\\\x7f",
			PlaceText: "x\u2028y\u2029z", Actor1: "\xff\xfe ok \xe2\x80", SubEventType: "é\U0001F600",
			Evidence: []geo.Evidence{}, Sources: []geo.Source{{ArticleID: "c", Evidence: []geo.Evidence{}}}},
		geo.Incident{Point: orb.Point{1e21 + 1, -1e-300}, Confidence: -1.5e-7},
	)
	for i := range ins {
		want, err := json.Marshal(extract.Feature(&ins[i]))
		if err != nil {
			t.Fatal(err)
		}
		got, err := extract.MarshalFeature(&ins[i])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("incident %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

// FuzzMarshalFeature: whatever the text of an incident, the fast
// encoder writes what Feature marshals to.
func FuzzMarshalFeature(f *testing.F) {
	f.Add("قصف", "<a&b>", "\u2028\x00", 35.5, 0.25)
	f.Add("\xff", "\"", "\\", -1e-7, 1e21)
	f.Fuzz(func(t *testing.T, a, b, c string, x, conf float64) {
		if math.IsNaN(x) || math.IsInf(x, 0) || math.IsNaN(conf) || math.IsInf(conf, 0) {
			return
		}
		in := geo.Incident{ID: a, EventType: b, PlaceText: c, Actor1: c, Point: orb.Point{x, -x}, Confidence: conf,
			Place:    &geo.Place{ID: b, Name: a, NameAr: c},
			Evidence: []geo.Evidence{{Text: a}, {Text: b + "  " + c}},
			Sources:  []geo.Source{{ArticleID: a, URL: b, Title: c, Outlet: a}, {ArticleID: c, Title: "\n" + b}}}
		want, err := json.Marshal(extract.Feature(&in))
		if err != nil {
			t.Fatal(err)
		}
		got, err := extract.MarshalFeature(&in)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("\n got %s\nwant %s", got, want)
		}
	})
}
