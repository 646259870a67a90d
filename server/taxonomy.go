package server

import (
	"strings"

	"github.com/incidentmap/incidentmap/geo/extract"
)

// IncidentTypes lists the values the type filter accepts: the ACLED
// event types and the sub-event types the extractor produces. A type
// outside it can match nothing, so it is refused (400) with this list
// rather than answered with an empty page.
func IncidentTypes() []string {
	return []string{
		extract.EventRemote, extract.EventBattles, extract.EventCivilians, extract.EventStrategic,
		extract.SubAirStrike, extract.SubShelling, extract.SubIED, extract.SubArmedClash, extract.SubAttack,
		extract.SubDisrupted, extract.SubBase, extract.SubLooting, extract.SubOtherStrat,
	}
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
