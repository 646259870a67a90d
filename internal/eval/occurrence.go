package eval

import (
	"encoding/json"
	"fmt"
)

// Occurrence is a half-open span [Start, End) of code points in an article
// file. gold.jsonl writes it as a two-element array.
type Occurrence struct {
	Start int
	End   int
}

// MarshalJSON writes [start, end] as gold.jsonl does.
func (o Occurrence) MarshalJSON() ([]byte, error) {
	return json.Marshal([2]int{o.Start, o.End})
}

// UnmarshalJSON reads [start, end].
func (o *Occurrence) UnmarshalJSON(b []byte) error {
	var a []int
	if err := json.Unmarshal(b, &a); err != nil {
		return fmt.Errorf("occurrence: %w", err)
	}
	if len(a) != 2 {
		return fmt.Errorf("occurrence: want [start, end], got %d numbers", len(a))
	}
	o.Start, o.End = a[0], a[1]
	return nil
}

// overlaps reports whether half-open spans [s1, e1) and [s2, e2) share a
// code point; an empty span overlaps nothing.
func overlaps(s1, e1, s2, e2 int) bool {
	return max(s1, s2) < min(e1, e2)
}
