package main

import (
	"fmt"
	"time"
)

func (e environment) reprocess(args []string) error {
	c := e.command("reprocess", "",
		"Rebuild the places and incidents of every stored article with the current geoparser, extractor and\n"+
			"gazetteer (the embedded or --gazetteer one plus the local places).").withDB().withGazetteer()
	if err := c.parse(args); err != nil {
		return err
	}
	if c.fs.NArg() != 0 {
		return c.fail("unexpected argument %q", c.fs.Arg(0))
	}
	st, proc, err := c.openStoreAndLayer(existing)
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
