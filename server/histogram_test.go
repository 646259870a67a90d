package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// histogramAnswer is the histogram as a client decodes it.
type histogramAnswer struct {
	Bin           string `json:"bin"`
	Start         string `json:"start"`
	End           string `json:"end"`
	NumberMatched int    `json:"numberMatched"`
	Undated       int    `json:"undated"`
	TimeStamp     string `json:"timeStamp"`
	Bins          []struct {
		Start string `json:"start"`
		End   string `json:"end"`
		Count int    `json:"count"`
	} `json:"bins"`
}

func getHistogram(t *testing.T, s http.Handler, query string) histogramAnswer {
	t.Helper()
	target := "/collections/incidents/histogram?" + query
	resp := do(t, s, req{target: target})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", target, resp.StatusCode, body(t, resp))
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("GET %s: Content-Type %q", target, ct)
	}
	var h histogramAnswer
	if err := json.Unmarshal(body(t, resp), &h); err != nil {
		t.Fatal(err)
	}
	return h
}

// checkBins checks that the bins tile [Start, End] in order, each of the
// width its bin says, and add up with Undated to NumberMatched.
func checkBins(t *testing.T, h histogramAnswer) {
	t.Helper()
	total := h.Undated
	prevEnd := ""
	for i, b := range h.Bins {
		start, err1 := time.Parse(time.DateOnly, b.Start)
		end, err2 := time.Parse(time.DateOnly, b.End)
		if err1 != nil || err2 != nil || end.Before(start) {
			t.Fatalf("bin %d: %+v", i, b)
		}
		switch h.Bin {
		case "day":
			if !end.Equal(start) {
				t.Errorf("day bin %+v", b)
			}
		case "week":
			if start.Weekday() != time.Monday || end.Sub(start) != 6*24*time.Hour {
				t.Errorf("week bin %+v", b)
			}
		case "month":
			if start.Day() != 1 || !end.AddDate(0, 0, 1).Equal(start.AddDate(0, 1, 0)) {
				t.Errorf("month bin %+v", b)
			}
		default:
			t.Fatalf("bin %q", h.Bin)
		}
		if prevEnd != "" {
			if p, _ := time.Parse(time.DateOnly, prevEnd); !p.AddDate(0, 0, 1).Equal(start) {
				t.Errorf("bin %d starts %s after a bin ending %s", i, b.Start, prevEnd)
			}
		}
		prevEnd = b.End
		total += b.Count
	}
	if len(h.Bins) > 0 && (h.Start != h.Bins[0].Start || h.End != h.Bins[len(h.Bins)-1].End) {
		t.Errorf("start %s end %s, bins from %s to %s", h.Start, h.End, h.Bins[0].Start, h.Bins[len(h.Bins)-1].End)
	}
	if total != h.NumberMatched {
		t.Errorf("bins and undated add up to %d, numberMatched %d", total, h.NumberMatched)
	}
}

// TestHistogram: the counts per bin, drawn from the tile index, are
// those of the items, counted by the store.
func TestHistogram(t *testing.T) { forEngines(t, testHistogram) }

func testHistogram(t *testing.T, e testEngine) {
	// genIncidents: 2024-01-01 on, a day apart, every tenth undated.
	s, _ := sharedServer(t, e, 3000, nil)
	tests := []struct {
		query   string
		bin     string
		bins    int
		undated bool
	}{
		{"", "month", 99, true},                  // 2024-01 to 2032-03
		{"bbox=36,32,37,33", "month", 86, false}, // 2024-01 to 2031-02
		{"type=Armed+clash&bbox=36,32,40,34", "month", -1, true},
		{"actor=sdf", "month", -1, true},
		{"datetime=2024-03-01/2024-09-30", "day", 214, false},
		{"datetime=2024-03-01/2024-09-30&bin=week", "week", 32, false},
		{"datetime=2024-03-01/2024-09-30&bin=month", "month", 7, false},
		{"datetime=2024-01-01/2025-12-31", "week", 105, false},
		{"datetime=../2024-01-10", "day", 10, false},
		{"datetime=2031-06-01/..&bbox=36,32,44,38", "day", 291, false}, // up to the last incident, 2032-03-17
		{"datetime=2040-01-01/..", "day", 0, false},
		{"datetime=2040-01-01/2040-01-31", "day", 31, false},
		{"bbox=0,0,1,1", "day", 0, false},
		{"bin=week&type=Attack", "week", 0, false},
		{"q=" + url.QueryEscape("رقم 17"), "week", -1, true}, // 17, 170-179, 1700-1799
		{"q=" + url.QueryEscape("رقم 17") + "&datetime=2024-01-01/2026-12-31", "week", -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			a := getHistogram(t, s, tt.query)
			checkBins(t, a)
			wantBin := tt.bin
			if a.Bin != wantBin || tt.bins >= 0 && len(a.Bins) != tt.bins {
				t.Errorf("%d %s bins, want %d %s", len(a.Bins), a.Bin, tt.bins, wantBin)
			}
			if a.TimeStamp != "2025-01-02T03:04:05Z" {
				t.Errorf("timeStamp %q", a.TimeStamp)
			}
			// The counts are the items': in all and per bin.
			v, _ := url.ParseQuery(tt.query)
			v.Del("bin")
			v.Set("limit", "1")
			items := getPage(t, s, "/collections/incidents/items?"+v.Encode())
			if a.NumberMatched != items.numberMatched {
				t.Errorf("numberMatched %d, items %d", a.NumberMatched, items.numberMatched)
			}
			if (a.Undated > 0) != tt.undated {
				t.Errorf("undated %d", a.Undated)
			}
			dt := v.Get("datetime")
			for _, bin := range []int{0, len(a.Bins) / 2, len(a.Bins) - 1} {
				if bin < 0 || bin >= len(a.Bins) {
					continue
				}
				// The first and last bins are whole, but count only what
				// the datetime keeps.
				from, to := a.Bins[bin].Start, a.Bins[bin].End
				if lo, hi, ok := strings.Cut(dt, "/"); ok {
					if lo != ".." && lo > from {
						from = lo
					}
					if hi != ".." && hi < to {
						to = hi
					}
				}
				v.Set("datetime", from+"/"+to)
				if n := getPage(t, s, "/collections/incidents/items?"+v.Encode()).numberMatched; n != a.Bins[bin].Count {
					t.Errorf("bin %+v counts %d, items %d", a.Bins[bin], a.Bins[bin].Count, n)
				}
			}
		})
	}
}

// TestHistogramBadRequests: every mistake is a 400 problem saying what
// is wrong.
func TestHistogramBadRequests(t *testing.T) { forEngines(t, testHistogramBadRequests) }

func testHistogramBadRequests(t *testing.T, e testEngine) {
	s, _ := sharedServer(t, e, 250, nil)
	for _, q := range []string{
		"bin=year", "bin=", "bin=Day", "bin=day&bin=week", "limit=10", "f=html", "bbox=1,2,3", "bbox=10,0,0,10",
		"datetime=2024-13-01", "datetime=2024-05-01/2024-04-01", "type=" + strings.Repeat("x", 201),
		"bin=day&datetime=2000-01-01/2024-12-31", "bin=week&datetime=1900-01-01/2200-12-31",
	} {
		t.Run(q, func(t *testing.T) {
			resp := do(t, s, req{target: "/collections/incidents/histogram?" + q})
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", resp.StatusCode, body(t, resp))
			}
			decodeProblem(t, resp)
		})
	}
	// The widest span a datetime takes, by month, is served.
	h := getHistogram(t, s, "bin=month&datetime=1900-01-01/2200-12-31")
	if len(h.Bins) != 301*12 {
		t.Errorf("%d month bins over 301 years", len(h.Bins))
	}
	// The route is the incidents collection's only.
	if resp := do(t, s, req{target: "/collections/places/histogram"}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("places histogram: status %d, want 404", resp.StatusCode)
	}
}

// TestHistogramSamples: over a real store with the sample articles, the
// histogram counts what the items count, with and without q.
func TestHistogramSamples(t *testing.T) { forEngines(t, histogramSamples) }

func histogramSamples(t *testing.T, e testEngine) {
	base, _ := sampleServer(t, e)
	get := func(path string, into any) {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
		}
		if err := json.Unmarshal(b, into); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{"", "bbox=35,32,43,38", "q=" + url.QueryEscape("غارة"), "type=Air/drone+strike", "datetime=2024-06-01/.."} {
		t.Run(q, func(t *testing.T) {
			var h histogramAnswer
			get("/collections/incidents/histogram?"+q, &h)
			checkBins(t, h)
			var items struct {
				NumberMatched int `json:"numberMatched"`
			}
			get("/collections/incidents/items?limit=1&"+q, &items)
			if h.NumberMatched != items.NumberMatched || (q == "" && h.NumberMatched == 0) {
				t.Errorf("histogram counts %d, items %d", h.NumberMatched, items.NumberMatched)
			}
		})
	}
}

// TestHistogramDocumented: the OpenAPI document lists the route with
// exactly the parameters it accepts.
func TestHistogramDocumented(t *testing.T) {
	s, _ := sharedServer(t, engines[0], 250, nil)
	var doc struct {
		Paths map[string]struct {
			Get struct {
				Parameters []struct {
					Name string `json:"name"`
				} `json:"parameters"`
			} `json:"get"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(body(t, do(t, s, req{target: "/api"})), &doc); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range doc.Paths["/collections/incidents/histogram"].Get.Parameters {
		names = append(names, p.Name)
	}
	slices.Sort(names)
	want := slices.Sorted(slices.Values(paramNames(paramsHistogram)))
	if !slices.Equal(names, want) {
		t.Errorf("documented %v, accepted %v", names, want)
	}
}
