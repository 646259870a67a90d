package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/internal/store"
)

func testIncidentDays(t *testing.T, e Engine) {
	ctx := context.Background()
	s := e.open(t)
	fixture(t, s, queryFixture())
	syria := &orb.Bound{Min: orb.Point{35.5, 32}, Max: orb.Point{42.5, 37.5}}
	type dc = map[string]int // day (or "undated") → count
	tests := []struct {
		name string
		q    store.Query
		want dc
	}{
		{"everything", store.Query{}, dc{"undated": 1, "2024-04-01": 1, "2024-05-05": 1, "2024-05-06": 1, "2024-05-10": 1, "2024-05-20": 1, "2024-06-01": 1}},
		{"bbox, from the R*Tree", store.Query{BBox: syria}, dc{"2024-05-05": 1, "2024-05-06": 1, "2024-05-10": 1, "2024-06-01": 1}},
		{"bbox and type", store.Query{BBox: syria, Type: "Air/drone strike"}, dc{"2024-05-05": 1, "2024-05-06": 1}},
		{"interval leaves undated out", store.Query{From: day("2024-05-01"), To: day("2024-05-31")}, dc{"2024-05-05": 1, "2024-05-06": 1, "2024-05-10": 1, "2024-05-20": 1}},
		{"text", store.Query{Text: "الرقة"}, dc{"2024-05-05": 1}},
		{"actor, undated kept", store.Query{Actor: "US forces"}, dc{"undated": 1, "2024-05-05": 1}},
		{"nothing", store.Query{Text: "حلب"}, dc{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			days, err := s.IncidentDays(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			got := dc{}
			var prev time.Time
			for i, d := range days {
				k := "undated"
				if !d.Day.IsZero() {
					k = d.Day.Format(time.DateOnly)
					if i > 0 && !d.Day.After(prev) {
						t.Errorf("days out of order at %s", k)
					}
					prev = d.Day
				} else if i != 0 {
					t.Errorf("undated count at position %d, want first", i)
				}
				got[k] += d.Count
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			// The same total as Incidents counts.
			page, err := s.Incidents(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			total := 0
			for _, d := range days {
				total += d.Count
			}
			if total != page.Total {
				t.Errorf("days add up to %d, Incidents counts %d", total, page.Total)
			}
		})
	}
}
