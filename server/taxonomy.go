package server

import (
	"slices"
	"strings"

	"github.com/incidentmap/incidentmap/geo/extract"
)

// IncidentTypes lists the values the type filter accepts: the ACLED
// event types and sub-event types, as the extractor's taxonomy defines
// them. A type outside it can match nothing, so it is refused (400) with
// this list rather than answered with an empty page.
func IncidentTypes() []string {
	subs := extract.SubEventTypes()
	var events []string
	for _, sub := range subs {
		if ev := extract.EventTypeOf(sub); ev != "" && !slices.Contains(events, ev) {
			events = append(events, ev)
		}
	}
	return append(events, subs...)
}

// CanonicalType returns the type as IncidentTypes spells it, matching
// case-insensitively (as the store does), and whether it is one.
func CanonicalType(s string) (string, bool) {
	for _, t := range IncidentTypes() {
		if strings.EqualFold(t, s) {
			return t, true
		}
	}
	return "", false
}
