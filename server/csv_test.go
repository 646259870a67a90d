package server

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/internal/acled"
)

// csvPage is one decoded CSV answer.
type csvPage struct {
	rows []map[string]string // column → value
	next string              // the next page's path and query, if any
}

var linkNext = regexp.MustCompile(`<([^>]+)>; rel="next"`)

func getCSV(t *testing.T, s http.Handler, target string, header map[string]string) csvPage {
	t.Helper()
	resp := do(t, s, req{target: target, header: header})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", target, resp.StatusCode, body(t, resp))
	}
	if ct := resp.Header.Get("Content-Type"); ct != acled.MIME {
		t.Fatalf("GET %s: Content-Type %q", target, ct)
	}
	data, ok := strings.CutPrefix(string(body(t, resp)), acled.BOM)
	if !ok {
		t.Fatalf("GET %s: no byte order mark", target)
	}
	records, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	if len(records) == 0 || !slices.Equal(records[0], acled.Columns) {
		t.Fatalf("GET %s: header %q", target, records)
	}
	var p csvPage
	for _, rec := range records[1:] {
		row := map[string]string{}
		for i, name := range acled.Columns {
			row[name] = rec[i]
		}
		p.rows = append(p.rows, row)
	}
	for _, l := range resp.Header.Values("Link") {
		if m := linkNext.FindStringSubmatch(l); m != nil {
			u, err := url.Parse(m[1])
			if err != nil {
				t.Fatal(err)
			}
			p.next = u.RequestURI()
		}
	}
	return p
}

// TestItemsCSV: f=csv (or Accept: text/csv) gives the incidents of the
// GeoJSON page as ACLED-style rows, with the same filters and paging;
// following the Link headers walks every match once.
func TestItemsCSV(t *testing.T) { forEngines(t, testItemsCSV) }

func testItemsCSV(t *testing.T, e testEngine) {
	s, _ := sharedServer(t, e, 250, nil)
	for _, tc := range []struct{ name, query string }{
		{"all", ""},
		{"box (tile index)", "bbox=36,32,40,36"},
		{"dated and typed", "datetime=2024-02-01/2024-06-30&type=Armed+clash"},
		{"text", "q=" + url.QueryEscape("رقم 17")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The GeoJSON answer is the truth.
			var want []string
			for target := "/collections/incidents/items?limit=10000&" + tc.query; ; {
				pg := getPage(t, s, target)
				want = append(want, ids(pg.fc)...)
				if pg.links["next"] == "" {
					break
				}
				target = pg.links["next"]
			}
			var got []string
			pages := 0
			for target := "/collections/incidents/items?f=csv&limit=40&" + tc.query; target != ""; pages++ {
				p := getCSV(t, s, target, nil)
				if len(p.rows) > 40 {
					t.Fatalf("%d rows in a page of 40", len(p.rows))
				}
				for _, r := range p.rows {
					got = append(got, r["id"])
					if !strings.HasSuffix(r["event_id_cnty"], r["id"]) || r["event_type"] == "" || r["latitude"] == "" ||
						r["notes"] == "" || r["fatalities"] == "" {
						t.Errorf("row %v", r)
					}
				}
				target = p.next
			}
			if !slices.Equal(got, want) {
				t.Errorf("CSV pages give %d incidents %v, GeoJSON %d %v", len(got), got, len(want), want)
			}
			if wantPages := max(1, (len(want)+39)/40); pages != wantPages {
				t.Errorf("%d pages, want %d", pages, wantPages)
			}
		})
	}
	t.Run("Accept text/csv", func(t *testing.T) {
		p := getCSV(t, s, "/collections/incidents/items?limit=5", map[string]string{"Accept": "text/csv"})
		if len(p.rows) != 5 || p.next == "" || !strings.Contains(p.next, "f=csv") {
			t.Errorf("%d rows, next %q", len(p.rows), p.next)
		}
	})
	t.Run("browsers still get HTML", func(t *testing.T) {
		resp := do(t, s, req{target: "/collections/incidents/items?limit=5", header: map[string]string{"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}})
		if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=UTF-8" {
			t.Errorf("Content-Type %q", ct)
		}
	})
	t.Run("not for places", func(t *testing.T) {
		resp := do(t, s, req{target: "/collections/places/items?f=csv"})
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("status %d", resp.StatusCode)
		}
	})
}
