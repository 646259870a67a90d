// Package extract finds the incidents an article reports: what happened
// (ACLED event and sub-event type), where, when, who acted against whom,
// and how many were killed or injured, with the sentences as evidence.
package extract

import (
	"time"

	"github.com/incidentmap/incidentmap/geo"
)

// Extractor extracts incidents. It is safe for concurrent use.
type Extractor struct{}

// New returns an Extractor.
func New() *Extractor { return &Extractor{} }

// Incidents returns the incidents reported in text (headline on the first
// line, then the body; offsets are code points of text), given its
// geoparse and its publication date (zero when unknown).
func (x *Extractor) Incidents(text string, published time.Time, gp geo.Geoparse) []geo.Incident {
	return nil
}
