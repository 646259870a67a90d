package store

import (
	"fmt"
	"strconv"
)

// Incident and article ids are positive integers written in decimal, on
// every engine; the tile index and cursors rely on that, not on how an
// engine assigns them.

// FormatID writes an id.
func FormatID(id int64) string { return strconv.FormatInt(id, 10) }

// ParseID reads an id a store handed out; anything else is not found.
func ParseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 || FormatID(id) != s {
		return 0, fmt.Errorf("%w: id %q", ErrNotFound, s)
	}
	return id, nil
}
