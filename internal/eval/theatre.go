package eval

import "sort"

// sortedCodes returns the theatre codes of m in order, so that reports
// list theatres stably.
func sortedCodes[V any](m map[string]V) []string {
	codes := make([]string, 0, len(m))
	for c := range m {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return codes
}
