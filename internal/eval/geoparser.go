package eval

import (
	"context"
	"time"

	"github.com/incidentmap/incidentmap/geo"
)

// Geoparser is what Score measures: it finds the places named in a text.
// Mentions carry code-point offsets into the whole text, headline
// included; published is zero when the date is unknown.
type Geoparser interface {
	Geoparse(ctx context.Context, text string, published time.Time) (geo.Geoparse, error)
}
