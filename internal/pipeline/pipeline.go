// Package pipeline turns an article into what the store keeps: the
// geoparser finds its places, the extractor its incidents.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/geo/geoparse"
)

// ErrPanic: the geoparser or the extractor panicked on the article. The
// article fails alone instead of taking a whole ingest down with it.
var ErrPanic = errors.New("pipeline: panic")

// geoparser is what Pipeline needs of *geoparse.Parser.
type geoparser interface {
	Geoparse(ctx context.Context, text string, published time.Time) (geo.Geoparse, error)
}

// extractor is what Pipeline needs of *extract.Extractor.
type extractor interface {
	Incidents(ctx context.Context, text string, published time.Time, gp geo.Geoparse) ([]geo.Incident, error)
}

// Pipeline is the store's Processor over one geoparser and one
// extractor. It is safe for concurrent use, as they are.
type Pipeline struct {
	parser geoparser
	x      extractor
}

// New returns a Pipeline.
func New(parser *geoparse.Parser, x *extract.Extractor) *Pipeline {
	return &Pipeline{parser: parser, x: x}
}

// Process geoparses the article's full text (headline on the first line)
// and extracts its incidents, dated relative to its publication. A panic
// in either comes back as an error wrapping ErrPanic.
func (p *Pipeline) Process(ctx context.Context, art geo.Article) (gp geo.Geoparse, incs []geo.Incident, err error) {
	defer func() {
		if r := recover(); r != nil {
			gp, incs, err = geo.Geoparse{}, nil, fmt.Errorf("%w: %v (at %s)", ErrPanic, r, panicSite())
		}
	}()
	text := art.FullText()
	gp, err = p.parser.Geoparse(ctx, text, art.Published)
	if err != nil {
		return geo.Geoparse{}, nil, fmt.Errorf("pipeline: %w", err)
	}
	incs, err = p.x.Incidents(ctx, text, art.Published, gp)
	if err != nil {
		return geo.Geoparse{}, nil, fmt.Errorf("pipeline: %w", err)
	}
	return gp, incs, nil
}

// panicSite names the function and line that panicked: the first frame
// below the runtime's panic machinery, called from a deferred recover.
func panicSite() string {
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") {
			return fmt.Sprintf("%s %s:%d", f.Function, f.File, f.Line)
		}
		if !more {
			return "unknown"
		}
	}
}
