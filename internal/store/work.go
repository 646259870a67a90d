package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
)

// WorkConfig is the river configuration both engines' Work use: the
// processing queue with processWorkers at once (opts.ProcessWorkers when
// set), opts' queues, workers and periodic jobs, and log for river.
func WorkConfig(opts WorkOptions, workers *river.Workers, processWorkers int, log *slog.Logger) *river.Config {
	if opts.ProcessWorkers > 0 {
		processWorkers = opts.ProcessWorkers
	}
	queues := map[string]river.QueueConfig{QueueProcess: {MaxWorkers: processWorkers}}
	for q, c := range opts.Queues {
		queues[q] = c
	}
	return &river.Config{
		Queues:               queues,
		Workers:              workers,
		PeriodicJobs:         opts.PeriodicJobs,
		Logger:               log,
		JobTimeout:           10 * time.Minute,
		FetchPollInterval:    time.Second,
		RescueStuckJobsAfter: 15 * time.Minute,
	}
}

// RunWorkers makes a river client of driver and config and runs it until
// ctx ends: once it runs, opts.Started is called, then pending finishes
// the articles a killed process left (river would rescue their jobs only
// after the lease), then opts.Loop runs. It stops the client (15 s at
// most for jobs under way) before it returns.
func RunWorkers[TTx any](ctx context.Context, driver riverdriver.Driver[TTx], config *river.Config, opts WorkOptions,
	pending func(context.Context) error) error {
	client, err := river.NewClient(driver, config)
	if err != nil {
		return fmt.Errorf("store: queue: %w", err)
	}
	if err := client.Start(ctx); err != nil {
		if ctx.Err() != nil {
			return nil // stopped before it started
		}
		return fmt.Errorf("store: queue: %w", err)
	}
	if opts.Started != nil {
		opts.Started()
	}
	loopDone := make(chan struct{})
	go func() {
		defer close(loopDone)
		if err := pending(ctx); err != nil && ctx.Err() == nil {
			config.Logger.Warn("process pending articles", "err", err)
		}
		if opts.Loop != nil {
			opts.Loop(ctx)
		}
	}()
	<-ctx.Done()
	<-loopDone
	stop, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	if err := client.Stop(stop); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("store: queue: %w", err)
	}
	return nil
}
