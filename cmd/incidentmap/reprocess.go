package main

import (
	"flag"
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/internal/config"
)

func (e environment) reprocess(args []string) error {
	fs := flag.NewFlagSet("reprocess", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	gaz := addGazetteerFlags(fs)
	db := fs.String("db", defaultDB, "database `file`")
	if err := config.Parse(fs, args, e.getenv); err != nil {
		return errUsage
	}
	if fs.NArg() != 0 {
		fmt.Fprintln(e.stderr, "usage: incidentmap reprocess [--db FILE]")
		return errUsage
	}
	st, proc, err := e.openStore(*db, gaz)
	if err != nil {
		return err
	}
	defer st.Close()
	var last time.Time
	progress := func(done, total int) {
		// A line every few seconds: reprocessing runs for minutes.
		if now := time.Now(); now.Sub(last) >= 5*time.Second || done == total {
			last = now
			fmt.Fprintf(e.stderr, "reprocess: %d of %d articles\n", done, total)
		}
	}
	res, err := st.Reprocess(e.ctx, proc, progress)
	if err != nil {
		return err
	}
	for _, f := range res.Failed {
		fmt.Fprintf(e.stderr, "incidentmap reprocess: %v\n", f)
	}
	fmt.Fprintf(e.stdout, "reprocess: %d articles, %d incidents, %d failed\n", res.Articles, res.Incidents, len(res.Failed))
	if len(res.Failed) > 0 {
		return errReported
	}
	return nil
}
