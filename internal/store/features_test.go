package store

import (
	"fmt"
	"slices"
	"testing"
)

// TestFeatureChunksReuse: a chunk lent again holds nothing of the page
// before it, so that a feature the store no longer has is left out and
// not served from the last page's buffer.
func TestFeatureChunksReuse(t *testing.T) {
	var cs FeatureChunks
	stored := map[int64]bool{1: true, 2: true, 3: true, 4: true}
	load := func(ids []int64, c *FeatureChunk) error {
		for _, id := range ids {
			if stored[id] {
				c.Add(id, fmt.Appendf(nil, `{"id":"%d"}`, id))
			}
		}
		return nil
	}
	page := func(ids ...int64) []string {
		var got []string
		if err := cs.EachFeature(ids, 2, load, func(b []byte) error {
			got = append(got, string(b))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	for _, tc := range []struct {
		name string
		ids  []int64
		want []string
	}{
		{"in the page's order, over chunks", []int64{3, 1, 4}, []string{`{"id":"3"}`, `{"id":"1"}`, `{"id":"4"}`}},
		{"the next page", []int64{2, 1}, []string{`{"id":"2"}`, `{"id":"1"}`}},
		{"a feature gone since", []int64{4, 3}, []string{`{"id":"3"}`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "a feature gone since" {
				delete(stored, 4)
			}
			if got := page(tc.ids...); !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
