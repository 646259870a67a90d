package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// recorder keeps every value measured, by row and column, in the order
// the rows first came.
type recorder struct {
	rows []string
	vals map[[2]string][]float64
}

func newRecorder() *recorder { return &recorder{vals: map[[2]string][]float64{}} }

func (r *recorder) add(row, col string, v float64) {
	k := [2]string{row, col}
	if _, ok := r.vals[k]; !ok && !slices.Contains(r.rows, row) {
		r.rows = append(r.rows, row)
	}
	r.vals[k] = append(r.vals[k], v)
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

// print writes a Markdown table of the medians.
func (r *recorder) print(w io.Writer, engines []string, n, rounds int) {
	cols := append([]string{}, engines...)
	for k := range r.vals {
		if k[1] == "postgis" && !slices.Contains(cols, "postgis") {
			cols = append(cols, "postgis")
		}
	}
	names := map[string]string{"sqlite": "SQLite", "postgres": "PostgreSQL", "postgis": "PostGIS ST_AsMVT stand-in"}
	fmt.Fprintf(w, "\n%d generated incidents, medians of %d rounds\n\n| measure |", n, rounds)
	for _, c := range cols {
		fmt.Fprintf(w, " %s |", names[c])
	}
	fmt.Fprintf(w, "\n|---|%s\n", strings.Repeat("---|", len(cols)))
	for _, row := range r.rows {
		fmt.Fprintf(w, "| %s |", row)
		for _, c := range cols {
			v, ok := r.vals[[2]string{row, c}]
			if !ok {
				fmt.Fprint(w, " |")
				continue
			}
			m := median(v)
			switch {
			case strings.HasSuffix(row, "share"):
				fmt.Fprintf(w, " %.0f%% |", m*100)
			case m >= 100:
				fmt.Fprintf(w, " %.0f |", m)
			default:
				fmt.Fprintf(w, " %.3g |", m)
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "\nevery round:")
	for _, row := range r.rows {
		for _, c := range cols {
			if v, ok := r.vals[[2]string{row, c}]; ok {
				fmt.Fprintf(w, "  %s / %s: %v\n", row, c, v)
			}
		}
	}
}

func decodeJSON(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }
