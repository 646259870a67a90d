package server

import (
	"encoding/json"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

// TestExtents: the collections and the TileJSON publish the incidents'
// box and days, none (or the world for TileJSON) while the store is
// empty, and follow what another process writes once the index has
// read it.
func TestExtents(t *testing.T) { forEngines(t, testExtents) }

func testExtents(t *testing.T, e testEngine) {
	st := e.open(t)
	s, _ := serverOver(t, st, nil)

	type extentJSON struct {
		Spatial struct {
			BBox [][]float64 `json:"bbox"`
		} `json:"spatial"`
		Temporal struct {
			Interval [][]*string `json:"interval"`
		} `json:"temporal"`
	}
	collection := func() *extentJSON {
		t.Helper()
		var doc struct {
			Extent *extentJSON `json:"extent"`
		}
		resp := do(t, s, req{target: "/collections/incidents"})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		if err := json.Unmarshal(body(t, resp), &doc); err != nil {
			t.Fatal(err)
		}
		var all struct {
			Collections []struct {
				ID     string      `json:"id"`
				Extent *extentJSON `json:"extent"`
			} `json:"collections"`
		}
		if err := json.Unmarshal(body(t, do(t, s, req{target: "/collections"})), &all); err != nil {
			t.Fatal(err)
		}
		for _, c := range all.Collections {
			if c.ID == collIncidents {
				a, _ := json.Marshal(c.Extent)
				b, _ := json.Marshal(doc.Extent)
				if string(a) != string(b) {
					t.Errorf("/collections says %s, /collections/incidents %s", a, b)
				}
			}
		}
		return doc.Extent
	}
	tilejson := func() (bounds, center []float64) {
		t.Helper()
		var doc struct {
			Bounds []float64 `json:"bounds"`
			Center []float64 `json:"center"`
		}
		if err := json.Unmarshal(body(t, do(t, s, req{target: "/tiles/incidents.json"})), &doc); err != nil {
			t.Fatal(err)
		}
		return doc.Bounds, doc.Center
	}

	if ext := collection(); ext != nil {
		t.Errorf("an empty store has an extent: %+v", ext)
	}
	if b, c := tilejson(); b[0] != -180 || b[2] != 180 || len(c) != 3 {
		t.Errorf("empty store: bounds %v center %v", b, c)
	}

	// Another process writes; this server's index reads it.
	incs := genIncidents(250)
	load(t, st, incs)
	s.refreshIndex(t.Context())
	tight := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	var first, last time.Time
	for _, inc := range incs {
		tight = tight.Extend(inc.Point)
		if inc.Date.IsZero() {
			continue
		}
		if first.IsZero() || inc.Date.Before(first) {
			first = inc.Date
		}
		if inc.Date.After(last) {
			last = inc.Date
		}
	}
	near := func(got []float64) bool {
		want := []float64{tight.Min[0], tight.Min[1], tight.Max[0], tight.Max[1]}
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-5 || (i < 2) != (got[i] <= want[i]) {
				return false
			}
		}
		return true
	}
	ext := collection()
	if ext == nil || len(ext.Spatial.BBox) != 1 || !near(ext.Spatial.BBox[0]) {
		t.Fatalf("extent %+v, the incidents span %v", ext, tight)
	}
	iv := ext.Temporal.Interval
	if len(iv) != 1 || iv[0][0] == nil || iv[0][1] == nil ||
		*iv[0][0] != first.Format(time.RFC3339) || *iv[0][1] != last.Format(time.DateOnly)+"T23:59:59Z" {
		t.Errorf("interval %v, want %v to the end of %v", iv, first, last)
	}
	b, c := tilejson()
	if !near(b) || len(c) != 3 || c[0] < b[0] || c[0] > b[2] || c[1] < b[1] || c[1] > b[3] || c[2] < 3 || c[2] > 8 {
		t.Errorf("TileJSON bounds %v center %v, the incidents span %v", b, c, tight)
	}
}
