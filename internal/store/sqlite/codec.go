package sqlite

import (
	"database/sql"
	"fmt"
	"math"
	"time"
)

// timeLayout is how instants are stored: RFC 3339 in UTC, which sorts as
// text.
const timeLayout = time.RFC3339

// dayLayout is how incident dates are stored.
const dayLayout = time.DateOnly

// noDay is the R*Tree day of an incident with an unknown date: far below
// every real day.
const noDay = -10_000_000

// microdegrees is the R*Tree's unit of longitude and latitude.
const microdegrees = 1e6

// micro converts degrees to the R*Tree's integer microdegrees, to the
// nearest.
func micro(deg float64) int64 { return int64(math.Round(deg * microdegrees)) }

// dayNumber counts days from 1970-01-01 (UTC) to t.
func dayNumber(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// nullTime stores a zero time as NULL.
func nullTime(t time.Time) sql.NullString {
	if t.IsZero() {
		return sql.NullString{}
	}
	return sql.NullString{String: t.UTC().Format(timeLayout), Valid: true}
}

// nullDay stores a zero date as NULL, any other as its UTC day.
func nullDay(t time.Time) sql.NullString {
	if t.IsZero() {
		return sql.NullString{}
	}
	return sql.NullString{String: t.UTC().Format(dayLayout), Valid: true}
}

func parseTime(s sql.NullString) (time.Time, error) {
	if !s.Valid || s.String == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(timeLayout, s.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s.String, err)
	}
	return t, nil
}

func parseDay(s sql.NullString) (time.Time, error) {
	if !s.Valid || s.String == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(dayLayout, s.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored date %q: %w", s.String, err)
	}
	return t, nil
}

func nullInt(p *int) sql.NullInt64 {
	if p == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: int64(*p), Valid: true}
}

func intPtr(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}
