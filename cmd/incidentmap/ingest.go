package main

import (
	"flag"
	"fmt"

	"github.com/incidentmap/incidentmap/internal/config"
	"github.com/incidentmap/incidentmap/internal/ingest"
)

// defaultDB is the database file when neither --db nor INCIDENTMAP_DB
// names one.
const defaultDB = "incidentmap.db"

func (e environment) ingest(args []string) error {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	gaz := addGazetteerFlags(fs)
	db := fs.String("db", defaultDB, "database `file`")
	if err := config.Parse(fs, args, e.getenv); err != nil {
		return errUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, "usage: incidentmap ingest [--db FILE] PATH... (.txt, .json, .jsonl files or folders of them)")
		return errUsage
	}
	st, proc, err := e.openStore(*db, gaz)
	if err != nil {
		return err
	}
	defer st.Close()
	c, err := ingest.Run(e.ctx, st, proc, fs.Args(), ingest.Options{Errors: e.stderr, Progress: e.stderr})
	fmt.Fprintf(e.stdout, "ingest: %s\n", c)
	if err != nil {
		return err
	}
	if c.Failed > 0 {
		return errReported
	}
	return nil
}
