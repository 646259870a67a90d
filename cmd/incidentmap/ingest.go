package main

import (
	"fmt"

	"github.com/incidentmap/incidentmap/internal/ingest"
)

// defaultDB is the database file when neither --db nor INCIDENTMAP_DB
// names one.
const defaultDB = "incidentmap.db"

func (e environment) ingest(args []string) error {
	c := e.command("ingest", "PATH...",
		"Store articles and their places and incidents. PATH is a .txt file (the headline on the first line,\n"+
			"the body after; its date, URL and outlet from front matter or a NAME.meta.json sidecar), a .json file\n"+
			"(an object or an array), a .jsonl file, a folder of them, or - for standard input (text, JSON or\n"+
			"JSON Lines, by its content). The database is created when missing.").withDB().withGazetteer()
	published := c.fs.String("published", "", "publication `date` (YYYY-MM-DD or RFC 3339) of the articles that give none")
	if err := c.parse(args); err != nil {
		return err
	}
	if c.fs.NArg() == 0 {
		return c.fail("no PATH to read")
	}
	pub, err := ingest.ParseDate(*published)
	if err != nil {
		return c.fail("--published: %v", err)
	}
	st, layer, err := c.openStoreAndLayer(create)
	if err != nil {
		return err
	}
	defer st.Close()
	// Articles a killed ingest saved but did not process are finished
	// first (a running server's workers would do it too).
	if res, err := st.ProcessPending(e.ctx, layer, nil); err != nil {
		return err
	} else if res.Articles > 0 {
		fmt.Fprintf(e.stderr, "ingest: processed %d articles left waiting by an earlier run\n", res.Articles)
	}
	counts, err := ingest.Run(e.ctx, st, layer, c.fs.Args(), ingest.Options{
		Errors: e.stderr, Progress: e.stderr, Stdin: e.stdin, Published: pub,
	})
	fmt.Fprintf(e.stdout, "ingest: %s\n", counts)
	if err != nil {
		return err
	}
	if counts.Failed > 0 {
		return errReported
	}
	return nil
}
