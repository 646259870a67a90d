package store

import (
	"slices"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
)

// TestSortSources: by publication, unknown last, then by article id as
// a number.
func TestSortSources(t *testing.T) {
	day := func(d int) *time.Time {
		t := time.Date(2024, 5, d, 0, 0, 0, 0, time.UTC)
		return &t
	}
	tests := []struct {
		name string
		in   []geo.Source
		want []string
	}{
		{"by publication", []geo.Source{{ArticleID: "1", Published: day(3)}, {ArticleID: "2", Published: day(1)}}, []string{"2", "1"}},
		{"unknown last", []geo.Source{{ArticleID: "1"}, {ArticleID: "2", Published: day(9)}}, []string{"2", "1"}},
		{"ties by id as a number", []geo.Source{{ArticleID: "10", Published: day(2)}, {ArticleID: "9", Published: day(2)}, {ArticleID: "11"}, {ArticleID: "100"}, {ArticleID: "2"}},
			[]string{"9", "10", "2", "11", "100"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			SortSources(tt.in)
			var got []string
			for _, s := range tt.in {
				got = append(got, s.ArticleID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
