package server

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v5"
)

// gate admits at most a fixed number of expensive requests at once
// (pages of items, uncached tiles, geoparsing, ingestion): each holds
// megabytes and a core while it runs, so without a cap a burst of large
// pages takes the server's memory. A request that finds the gate full
// waits a short while for a slot, then is refused with 503 and
// Retry-After, which costs nothing.
type gate struct {
	slots chan struct{}
	wait  time.Duration
}

func newGate(n int, wait time.Duration) *gate {
	return &gate{slots: make(chan struct{}, n), wait: wait}
}

// enter takes a slot, waiting at most g.wait (and no longer than ctx),
// and returns the function that gives it back. It fails with a 503
// problem when no slot freed up in time.
func (g *gate) enter(ctx context.Context) (func(), error) {
	select {
	case g.slots <- struct{}{}:
		return g.leave, nil
	default:
	}
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return g.leave, nil
	case <-t.C:
		return nil, busy(g.wait)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (g *gate) leave() { <-g.slots }

// busy is the problem of a full gate.
func busy(wait time.Duration) *problemError {
	p := problemf(http.StatusServiceUnavailable,
		"the server is busy with as many expensive requests (item pages, tiles, geoparsing, ingestion) as it serves at once; retry after the Retry-After delay")
	p.retryAfter = max(1, int(wait.Round(time.Second)/time.Second))
	return p
}

// expensive is the middleware of the routes whose every request is
// expensive: it holds a slot of the gate while the handler runs.
func (s *Server) expensive(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		leave, err := s.gate.enter(c.Request().Context())
		if err != nil {
			return err
		}
		defer leave()
		return next(c)
	}
}
