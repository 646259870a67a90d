package server

import (
	"context"
	"net/http"
	"time"

	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/labstack/echo/v5"
	"github.com/paulmach/orb"
)

// readyTimeout bounds the store check of /readyz: a probe must answer
// quickly even when the store does not.
const readyTimeout = 2 * time.Second

// healthz serves /healthz: the process is up and serving.
func (s *Server) healthz(c *echo.Context) error {
	if err := noParams(c.QueryParams()); err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz serves /readyz: the store answers, so requests can be served.
func (s *Server) readyz(c *echo.Context) error {
	if err := noParams(c.QueryParams()); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Request().Context(), readyTimeout)
	defer cancel()
	if err := s.ping(ctx); err != nil {
		s.log.WarnContext(ctx, "not ready", "err", err)
		return problemf(http.StatusServiceUnavailable, "the store does not answer")
	}
	// A replica just started serves tiles once its index is built: a
	// load balancer keeps traffic away until then (the first probe
	// starts the build if nothing else has).
	if _, err := s.index.Wait(ctx, readyTimeout); err != nil {
		s.log.InfoContext(ctx, "not ready", "err", err)
		return problemf(http.StatusServiceUnavailable, "the tile index is still being built from the database")
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}

// ping asks the store a real question: its own Check (a query through
// the indexes reads use, so that a damaged index fails readiness), else
// its Ping, else a query of a tiny box in the ocean.
func (s *Server) ping(ctx context.Context) error {
	if c, ok := s.store.(Checker); ok {
		return c.Check(ctx)
	}
	if p, ok := s.store.(Pinger); ok {
		return p.Ping(ctx)
	}
	b := orb.Bound{Min: orb.Point{-30, 0}, Max: orb.Point{-29.999, 0.001}}
	_, err := s.store.Incidents(ctx, store.Query{BBox: &b, Limit: 1})
	return err
}
